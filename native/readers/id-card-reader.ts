// A resident ID card reader on a serial port (GA 467, ga467.ts). While started it asks the
// reader every `pollMs` whether a card is there; a found card is selected and its base
// information read, and the ID number (with the holder's name) becomes a read of kind
// 'id_card' — the classroom hashes the number at once, like any card. The same card lying on
// the reader is read once; it counts again after it was lifted off for `repeatMs`. An
// unplugged reader is retried every `reconnectMs` on the same path.
import { DeviceError } from '../device-error.ts';
import { Inbox } from '../inbox.ts';
import { SerialLink } from '../serial/serial-link.ts';
import {
  COMMANDS,
  Ga467Decoder,
  STATUS,
  encodeRequest,
  parseBaseInformation,
  statusError,
  type Ga467Response,
} from './ga467.ts';
import { ReaderBase, sleep } from './reader-base.ts';

const SILENT_LIMIT = 3;

export type IdCardReaderOptions = {
  name: string;
  path: string;
  baudRate?: number;
  pollMs?: number;
  /** A read answer (about 1.3 KiB) takes ~115 ms at 115,200 baud and ~1.4 s at 9,600. */
  replyTimeoutMs?: number;
  reconnectMs?: number;
  repeatMs?: number;
};

export class IdCardReader extends ReaderBase {
  readonly #link: SerialLink;
  readonly #pollMs: number;
  readonly #replyTimeoutMs: number;
  readonly #reconnectMs: number;
  readonly #repeatMs: number;
  #responses = new Inbox<Ga467Response | DeviceError>();
  readonly #decoder = new Ga467Decoder(
    (response) => this.#responses.push(response),
    (error) => this.#responses.push(error),
  );
  #running: Promise<void> | null = null;
  /** Unanswered requests in a row: a port that stays open but silent has lost its reader. */
  #silent = 0;
  #stopping = false;
  /** The card last read, while it stays on the reader. */
  #present: { idNumber: string; goneAt: number | null } | null = null;

  constructor(options: IdCardReaderOptions) {
    super(options.name);
    const baudRate = options.baudRate ?? 115200;
    this.#link = new SerialLink({ path: options.path, baudRate });
    this.#pollMs = options.pollMs ?? 300;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? (baudRate >= 57600 ? 1000 : 3000);
    this.#reconnectMs = options.reconnectMs ?? 2000;
    this.#repeatMs = options.repeatMs ?? 3000;
    this.#link.on('data', (chunk) => this.#decoder.push(chunk));
    this.#link.on('closed', () => {
      this.#responses.fail(new DeviceError('closed', 'The ID card reader went away'));
      this.setConnected(false);
    });
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#running;
    this.#running = null;
    await this.#link.close();
    this.setConnected(false);
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      try {
        if (!this.#link.open) await this.#connect();
        await this.#cycle();
        // An answer means the reader is there, also when the port opened before it could
        // answer the first find (a reader plugged back in while still starting up).
        this.setConnected(true);
        this.#silent = 0;
        await sleep(this.#pollMs);
      } catch (error) {
        this.report(error instanceof DeviceError ? error : new DeviceError('device_failure', String(error)));
        if (error instanceof DeviceError && error.code === 'timeout' && ++this.#silent >= SILENT_LIMIT) {
          // A USB adapter pulled out (or a pty whose far end died) may leave the port open but mute.
          this.#silent = 0;
          await this.#link.close();
          this.setConnected(false);
        }
        await sleep(this.#link.open ? this.#pollMs : this.#reconnectMs);
      }
    }
  }

  async #connect(): Promise<void> {
    await this.#link.connect();
    this.#responses = new Inbox();
    this.#decoder.reset();
    // The reader is there when it answers a find, card or no card.
    await this.#request(COMMANDS.find);
    this.setConnected(true);
  }

  async #request(command: readonly [number, number]): Promise<Ga467Response> {
    this.#responses.clear();
    this.#decoder.reset();
    await this.#link.write(encodeRequest(command));
    const response = await this.#responses.next(this.#replyTimeoutMs, 'The ID card reader did not answer');
    if (response instanceof DeviceError) throw response;
    const error = statusError(response.status);
    if (error) throw error;
    return response;
  }

  /** One find; on a new card, select and read. */
  async #cycle(): Promise<void> {
    const found = await this.#request(COMMANDS.find);
    if (found.status !== STATUS.found) {
      if (this.#present) this.#present.goneAt ??= performance.now();
      return;
    }
    const selected = await this.#request(COMMANDS.select);
    if (selected.status !== STATUS.ok) return;
    const base = await this.#request(COMMANDS.readBase);
    const { idNumber, name } = parseBaseInformation(base.data);
    const present = this.#present;
    const sameCard =
      present?.idNumber === idNumber &&
      (present.goneAt === null || performance.now() - present.goneAt < this.#repeatMs);
    this.#present = { idNumber, goneAt: null };
    if (!sameCard) this.read('id_card', idNumber, name);
  }
}
