// One serial port through the `serialport` package, as the serial drivers (RS-232 projectors,
// resident ID card readers) use it: open with a clear DeviceError when the port is missing
// or busy, bytes in as `data`, and `closed` when the cable or USB adapter goes away, so the
// driver can reopen the same path when it comes back.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { DeviceError, fromSystemError } from '../device-error.ts';

export type SerialSettings = {
  path: string;
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
};

export class SerialLink extends EventEmitter<{ data: [Buffer]; closed: [DeviceError | null] }> {
  readonly settings: SerialSettings;
  #port: SerialPort | null = null;

  constructor(settings: SerialSettings) {
    super();
    this.settings = settings;
  }

  get open(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async connect(): Promise<void> {
    if (this.open) return;
    const { path, baudRate, dataBits = 8, parity = 'none', stopBits = 1 } = this.settings;
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(fromSystemError(error, `Serial port ${path}`)) : resolve())),
    );
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    // Unplugging a USB adapter (or the far end of a pty going away) ends the port.
    port.on('error', () => undefined);
    port.on('close', (error: Error | null) => {
      if (this.#port !== port) return;
      this.#port = null;
      this.emit('closed', error ? fromSystemError(error, `Serial port ${path}`) : null);
    });
    this.#port = port;
  }

  async write(bytes: Buffer): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new DeviceError('unreachable', `Serial port ${this.settings.path} is not open`);
    await new Promise<void>((resolve, reject) =>
      port.write(bytes, (error) =>
        error ? reject(fromSystemError(error, `Serial port ${this.settings.path}`)) : resolve(),
      ),
    );
    await new Promise<void>((resolve) => port.drain(() => resolve()));
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
