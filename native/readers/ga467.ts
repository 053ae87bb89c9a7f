// The resident ID card reader's serial protocol (GA 467, the Ministry of Public Security's
// standard for second-generation ID card readers) as pure functions. A frame is the preamble
// AA AA AA 96 69, a two-byte length (big-endian) of what follows, then — from the station —
// command, parameter and data, or — from the reader — three status bytes SW1 SW2 SW3 and
// data, and last an XOR of the length bytes and everything after them. A card is read in
// three steps: find (20 01), select (20 02), read the base information (30 01), whose data is
// the 256-byte text (UCS-2, little-endian, fixed fields) and the 1024-byte photo, ignored.
// Hand-written: no maintained library speaks GA 467, and the framing is a few lines.
import { DeviceError, showBytes } from '../device-error.ts';

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** The longest answer is the base information with a fingerprint: about 2.3 KiB. */
const MAX_LENGTH = 0x1000;

export const COMMANDS = {
  find: [0x20, 0x01],
  select: [0x20, 0x02],
  readBase: [0x30, 0x01],
} as const;

/** SW3 status bytes: what the reader says happened. */
export const STATUS = {
  ok: 0x90,
  found: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

const STATUS_ERRORS: Record<number, [DeviceError['code'], string]> = {
  0x10: ['bad_checksum', 'the reader received a frame with a bad checksum'],
  0x11: ['bad_reply', 'the reader received a frame of the wrong length'],
  0x21: ['unsupported', 'the reader does not accept this command'],
  0x23: ['unsupported', 'the reader refused the command (unauthorised)'],
  0x24: ['unsupported', 'the reader does not know this command'],
  0x31: ['card_error', 'the card failed its authentication'],
  0x32: ['card_error', 'the card failed the random-number check'],
  0x33: ['card_error', 'the card failed the second authentication'],
  0x40: ['card_error', 'the card holds no such content'],
  0x41: ['card_error', 'the card could not be read'],
  0x47: ['card_error', 'the card refused the operation'],
  0x60: ['device_failure', 'the reader failed its self-check'],
  0x66: ['device_failure', 'the reader\u2019s security module is not authorised'],
};

export function xor(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value ^= byte;
  return value;
}

export function encodeRequest(command: readonly [number, number], data: Uint8Array = new Uint8Array()): Buffer {
  const length = data.length + 3;
  const body = Buffer.from([length >> 8, length & 0xff, command[0], command[1], ...data]);
  return Buffer.concat([PREAMBLE, body, Buffer.from([xor(body)])]);
}

export type Ga467Response = { status: number; data: Buffer };

/** The DeviceError a status byte stands for, or null for success, a found card or no card. */
export function statusError(status: number): DeviceError | null {
  if (status === STATUS.ok || status === STATUS.found || status === STATUS.noCard || status === STATUS.selectFailed)
    return null;
  const [code, text] = STATUS_ERRORS[status] ?? ['device_failure', 'the reader reports an unknown status'];
  return new DeviceError(code, `ID card reader: ${text} (SW3 ${status.toString(16).padStart(2, '0')})`);
}

/**
 * Cuts the reader's bytes into responses, whatever pieces they arrive in. Bytes before a
 * preamble are skipped; a frame whose checksum fails or whose length is impossible is
 * reported and the search for the next preamble goes on from the byte after it.
 */
export class Ga467Decoder {
  readonly #onFrame: (response: Ga467Response) => void;
  readonly #onGarbage: (error: DeviceError) => void;
  #pending: Buffer = Buffer.alloc(0);

  constructor(onFrame: (response: Ga467Response) => void, onGarbage: (error: DeviceError) => void) {
    this.#onFrame = onFrame;
    this.#onGarbage = onGarbage;
  }

  reset(): void {
    this.#pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const start = this.#pending.indexOf(PREAMBLE);
      if (start < 0) {
        // Keep what could be the beginning of a preamble split across reads.
        this.#pending = this.#pending.subarray(Math.max(0, this.#pending.length - (PREAMBLE.length - 1)));
        return;
      }
      this.#pending = this.#pending.subarray(start);
      if (this.#pending.length < PREAMBLE.length + 2) return;
      const length = this.#pending.readUInt16BE(PREAMBLE.length);
      if (length < 4 || length > MAX_LENGTH) {
        this.#onGarbage(new DeviceError('bad_reply', `An ID card reader frame of impossible length ${length}`));
        this.#pending = this.#pending.subarray(1);
        continue;
      }
      const total = PREAMBLE.length + 2 + length;
      if (this.#pending.length < total) return;
      const frame = this.#pending.subarray(0, total);
      const body = frame.subarray(PREAMBLE.length, total - 1);
      if (xor(body) !== frame[total - 1]) {
        this.#onGarbage(
          new DeviceError('bad_checksum', `An ID card reader frame whose checksum does not match: ${showBytes(frame)}`),
        );
        this.#pending = this.#pending.subarray(1);
        continue;
      }
      this.#pending = this.#pending.subarray(total);
      this.#onFrame({ status: body[4]!, data: Buffer.from(body.subarray(5)) });
    }
  }
}

export type IdCardText = { name: string; idNumber: string };

const NAME = [0, 30] as const;
const ID_NUMBER = [122, 36] as const;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Whether an 18-character resident ID number's last character is its ISO 7064 MOD 11-2 check. */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return CHECK[sum % 11] === value[17];
}

/** The name and ID number from the base information's data; the photo after the text is ignored. */
export function parseBaseInformation(data: Buffer): IdCardText {
  if (data.length < 4) throw new DeviceError('bad_reply', 'The ID card reader sent base information without lengths');
  const textLength = data.readUInt16BE(0);
  if (textLength < ID_NUMBER[0] + ID_NUMBER[1] || data.length < 4 + textLength)
    throw new DeviceError('bad_reply', `The ID card's text is cut short (${data.length - 4} of ${textLength} bytes)`);
  const text = data.subarray(4, 4 + textLength);
  const field = ([offset, size]: readonly [number, number]) =>
    text
      .subarray(offset, offset + size)
      .toString('utf16le')
      .replaceAll('\0', '')
      .replace(/\s+$/u, '');
  const idNumber = field(ID_NUMBER).toUpperCase();
  if (!isResidentIdNumber(idNumber))
    throw new DeviceError('card_error', 'The ID card\u2019s number is unreadable or fails its check digit');
  return { name: field(NAME), idNumber };
}
