// A card reader seen as a raw HID device (node-hid's asynchronous API), found by vendor and
// product id, its reports decoded by the configured format (hid-report.ts). Hot-plug: while
// the device is missing the reader looks for it every `rescanMs`; a device that errors (it
// was unplugged) is closed and looked for again. The HID backend is injected: tests and
// machines without HID hardware (no /dev/uhid to fake one) give their own devices.
import type { EventEmitter } from 'node:events';
import { DeviceError, fromSystemError } from '../device-error.ts';
import { createHidDecoder, type HidReportFormat } from './hid-report.ts';
import { ReaderBase, sleep } from './reader-base.ts';

export type HidDeviceInfo = { vendorId: number; productId: number; path?: string; product?: string };

/** An open HID device: input reports as `data`, `error` when it goes away. */
export interface HidDevice extends EventEmitter {
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}

/** node-hid, loaded when the first HID reader starts (a station without one never loads it). */
export const nodeHidBackend: HidBackend = {
  async devices() {
    const hid = await import('node-hid');
    return hid.devicesAsync();
  },
  async open(path) {
    const hid = await import('node-hid');
    return hid.HIDAsync.open(path, { nonExclusive: true });
  },
};

export type HidReaderOptions = {
  name: string;
  vendorId: number;
  productId: number;
  format: HidReportFormat;
  backend?: HidBackend;
  rescanMs?: number;
};

const hex4 = (value: number) => value.toString(16).padStart(4, '0');

export class HidReader extends ReaderBase {
  readonly #options: HidReaderOptions;
  readonly #backend: HidBackend;
  #running: Promise<void> | null = null;
  #stopping = false;
  #gone: (() => void) | null = null;

  constructor(options: HidReaderOptions) {
    super(options.name);
    this.#options = options;
    this.#backend = options.backend ?? nodeHidBackend;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#gone?.();
    await this.#running;
    this.#running = null;
  }

  async #loop(): Promise<void> {
    const { vendorId, productId, rescanMs = 2000 } = this.#options;
    while (!this.#stopping) {
      try {
        const found = (await this.#backend.devices()).find(
          (device) => device.vendorId === vendorId && device.productId === productId && device.path,
        );
        if (!found)
          throw new DeviceError('not_found', `No HID reader ${hex4(vendorId)}:${hex4(productId)} is plugged in`);
        const device = await this.#backend.open(found.path!).catch((error: unknown) => {
          throw fromSystemError(error, `HID reader ${hex4(vendorId)}:${hex4(productId)}`);
        });
        await this.#run(device);
      } catch (error) {
        this.report(error instanceof DeviceError ? error : fromSystemError(error, 'HID reader'));
      }
      if (!this.#stopping) await sleep(rescanMs);
    }
  }

  /** Reads from an open device until it fails or the reader stops. */
  async #run(device: HidDevice): Promise<void> {
    const decoder = createHidDecoder(this.#options.format);
    const ended = new Promise<DeviceError | null>((resolve) => {
      this.#gone = () => resolve(null);
      device.on('error', (error: unknown) => resolve(fromSystemError(error, 'HID reader')));
    });
    device.on('data', (data: Buffer) => {
      const decoded = decoder.report(data);
      if (decoded && 'card' in decoded) this.read('card', decoded.card);
      else if (decoded) this.report(decoded.error);
    });
    this.setConnected(true);
    const failure = await ended;
    this.#gone = null;
    device.removeAllListeners('data');
    await device.close().catch(() => undefined);
    this.setConnected(false);
    if (failure) this.report(failure);
  }
}
