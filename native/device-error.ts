// A device's failure as drivers raise it: a stable code from common/devices.ts (which
// the screens word) and a detail for the technician and the log (the status byte, the reply
// that could not be parsed, the errno).
import type { DeviceErrorCode } from '../common/devices.ts';

export class DeviceError extends Error {
  readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeviceError';
    this.code = code;
  }
}

/** What a socket or serial port error means for the technician. */
export function fromSystemError(error: unknown, what: string): DeviceError {
  if (error instanceof DeviceError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ETIMEDOUT') return new DeviceError('timeout', `${what}: ${message}`, { cause: error });
  if (code === 'ENOENT') return new DeviceError('not_found', `${what}: ${message}`, { cause: error });
  return new DeviceError('unreachable', `${what}: ${message}`, { cause: error });
}

/** Shows a byte sequence in an error message, cut short: a garbage frame can be long. */
export function showBytes(bytes: Uint8Array | string, max = 48): string {
  const text =
    typeof bytes === 'string'
      ? JSON.stringify(bytes.length > max ? `${bytes.slice(0, max)}…` : bytes)
      : Buffer.from(bytes.subarray(0, max)).toString('hex') + (bytes.length > max ? '…' : '');
  return text;
}
