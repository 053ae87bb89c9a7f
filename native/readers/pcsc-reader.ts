// IC cards over PC/SC through nfc-pcsc (pcscd on Linux, the Smart Card service on Windows):
// when a card is put on a reader whose name contains `readerName` (any reader when empty),
// its UID is asked with GET DATA (FF CA 00 00 00, PC/SC part 3), which every contactless
// reader answers for every card type, so no card's application needs to be known. Readers
// plugged in later are taken as pcscd reports them; when pcscd itself is missing or goes
// away, the reader says so and starts over every `restartMs`.
//
// @pokusew/pcsclite (under nfc-pcsc) retries SCardEstablishContext in a loop on the main
// thread while the service is down, which would freeze the station; so the service is
// checked first (its socket on Linux, the SCardSvr service on Windows) and the context is
// made only once it answers.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import type { EventEmitter } from 'node:events';
import { DeviceError, showBytes } from '../device-error.ts';
import { ReaderBase } from './reader-base.ts';
import type { UidFormat } from '../../common/devices.ts';
import { formatUid } from './uid.ts';

const GET_UID = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);

/** The part of nfc-pcsc (which ships no types) this reader uses. */
export interface NfcReader extends EventEmitter {
  readonly reader: { name: string };
  autoProcessing: boolean;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  close(): void;
}
export interface NFC extends EventEmitter {
  close(): void;
}

/** The PC/SC service and context; injectable for tests of the station without pcscd. */
export type PcscBackend = { available(): Promise<boolean>; create(): NFC };

/** Whether pcscd (Linux: its socket answers) or the Smart Card service (Windows) runs. */
function serviceRunning(): Promise<boolean> {
  if (process.platform === 'win32')
    return new Promise((resolve) =>
      execFile('sc', ['query', 'SCardSvr'], (error, stdout) => resolve(!error && /RUNNING/.test(stdout))),
    );
  if (process.platform !== 'linux') return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = net.connect(process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** nfc-pcsc, loaded when the first PC/SC reader starts: its native part needs libpcsclite. */
export const nfcPcscBackend: PcscBackend = {
  available: serviceRunning,
  create() {
    const { NFC: Nfc } = createRequire(import.meta.url)('nfc-pcsc') as { NFC: new () => NFC };
    return new Nfc();
  },
};

export type PcscReaderOptions = {
  name: string;
  /** Part of the PC/SC reader's name to use (e.g. "ACR122"); empty takes any reader. */
  readerName?: string;
  uidFormat?: UidFormat;
  backend?: PcscBackend;
  restartMs?: number;
};

/** What pcsclite's errors mean: its messages end with the PC/SC code, e.g. (0x8010001d). */
function pcscError(error: Error): DeviceError {
  const code = /\(0x([0-9a-f]{8})\)/i.exec(error.message)?.[1]?.toLowerCase();
  // No service, service stopped, or the connection to it broke (pcscd went away).
  if (code === '8010001d' || code === '8010001e' || code === '80100013' || /service not available/i.test(error.message))
    return new DeviceError('service_unavailable', `The PC/SC service (pcscd) is not running: ${error.message}`);
  if (code === '8010002e') return new DeviceError('not_found', 'No PC/SC reader is plugged in');
  return new DeviceError('device_failure', `PC/SC: ${error.message}`);
}

export class PcscReader extends ReaderBase {
  readonly #options: PcscReaderOptions;
  readonly #backend: PcscBackend;
  #nfc: NFC | null = null;
  readonly #readers = new Set<NfcReader>();
  #restart: NodeJS.Timeout | null = null;
  #started = false;

  constructor(options: PcscReaderOptions) {
    super(options.name);
    this.#options = options;
    this.#backend = options.backend ?? nfcPcscBackend;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    void this.#open();
  }

  async stop(): Promise<void> {
    this.#started = false;
    if (this.#restart) clearTimeout(this.#restart);
    this.#restart = null;
    this.#close();
  }

  async #open(): Promise<void> {
    let nfc: NFC;
    try {
      if (!(await this.#backend.available())) {
        this.report(new DeviceError('service_unavailable', 'The PC/SC service (pcscd) is not running'));
        return this.#later();
      }
      if (!this.#started) return;
      nfc = this.#backend.create();
    } catch (error) {
      this.report(new DeviceError('service_unavailable', `PC/SC could not be loaded: ${String(error)}`));
      return this.#later();
    }
    this.#nfc = nfc;
    nfc.on('reader', (reader: NfcReader) => this.#take(reader));
    const wanted = this.#options.readerName ? ` named like "${this.#options.readerName}"` : '';
    setTimeout(() => {
      if (this.#nfc === nfc && this.#readers.size === 0)
        this.report(new DeviceError('not_found', `No PC/SC reader${wanted} is plugged in`));
    }, this.#options.restartMs ?? 3000).unref();
    nfc.on('error', (error: Error) => {
      const failure = pcscError(error);
      this.report(failure);
      if (failure.code === 'service_unavailable') {
        this.#close();
        this.#later();
      }
    });
  }

  #later(): void {
    if (!this.#started) return;
    this.#restart = setTimeout(() => {
      this.#restart = null;
      if (this.#started) void this.#open();
    }, this.#options.restartMs ?? 3000);
    this.#restart.unref();
  }

  #close(): void {
    for (const reader of this.#readers) reader.close();
    this.#readers.clear();
    const nfc = this.#nfc;
    this.#nfc = null;
    nfc?.removeAllListeners();
    nfc?.on('error', () => undefined);
    nfc?.close();
    this.setConnected(false);
  }

  #take(reader: NfcReader): void {
    const wanted = this.#options.readerName ?? '';
    if (wanted && !reader.reader.name.toLowerCase().includes(wanted.toLowerCase())) {
      // Another reader's troubles are not this one's, but an unheard 'error' event would throw.
      reader.on('error', () => undefined);
      return;
    }
    reader.autoProcessing = false;
    this.#readers.add(reader);
    this.setConnected(true);
    reader.on('card', () => void this.#readUid(reader));
    reader.on('error', (error: Error) => this.report(pcscError(error)));
    reader.on('end', () => {
      this.#readers.delete(reader);
      if (this.#readers.size === 0) this.setConnected(false);
    });
  }

  async #readUid(reader: NfcReader): Promise<void> {
    try {
      const response = await reader.transmit(GET_UID, 12);
      const status = response.subarray(-2);
      const uid = response.subarray(0, -2);
      if (response.length < 2 || status[0] !== 0x90 || status[1] !== 0x00 || uid.length < 4 || uid.length > 10)
        throw new DeviceError('card_error', `The card did not give its UID: ${showBytes(response)}`);
      this.read('card', formatUid(uid, this.#options.uidFormat ?? 'hex'));
    } catch (error) {
      this.report(
        error instanceof DeviceError ? error : new DeviceError('card_error', `Card read failed: ${String(error)}`),
      );
    }
  }
}
