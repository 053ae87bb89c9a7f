// An RS-232 projector run by a command set (serial-command-sets.ts): the one interpreter for
// every maker's data. Commands go one at a time with the set's quiet gap between them; each
// answer is cut into frames by the set's framing (text up to a terminator, or binary frames
// checked by their sum), and a frame that is garbage, too long or fails its checksum is a
// DeviceError, never a crash. The port is opened when a command needs it and reopened after
// the adapter was unplugged.
import { DeviceError, showBytes } from '../device-error.ts';
import { Inbox } from '../inbox.ts';
import { SerialLink } from '../serial/serial-link.ts';
import type { CommandSet, Exchange, Framing, HealthExchange } from './serial-command-sets.ts';
import {
  NO_DETAILS,
  UNKNOWN_HEALTH,
  type Projector,
  type ProjectorHealth,
  type ProjectorIdentity,
  type ProjectorStatus,
} from './projector.ts';

/** Text frames longer than this without their terminator are garbage. */
const MAX_TEXT_FRAME = 256;
/** A binary frame announcing more data than this is garbage. */
const MAX_BINARY_DATA = 64;

/** NEC's error answers carry the reason in their first data byte. */
const BINARY_ERRORS: Record<number, DeviceError['code']> = {
  0x00: 'unsupported',
  0x01: 'unsupported',
  0x02: 'busy',
  0x03: 'bad_parameter',
};

type Frame = { text: string; bytes: Buffer };

/** Cuts a byte stream into frames; reports garbage and bad checksums as it finds them. */
export class FrameReader {
  readonly #framing: Framing;
  readonly #onFrame: (frame: Frame) => void;
  readonly #onGarbage: (error: DeviceError) => void;
  #pending = Buffer.alloc(0);

  constructor(framing: Framing, onFrame: (frame: Frame) => void, onGarbage: (error: DeviceError) => void) {
    this.#framing = framing;
    this.#onFrame = onFrame;
    this.#onGarbage = onGarbage;
  }

  /** Drops a partial frame: what arrives after a new command is its answer, not the rest of an old one. */
  reset(): void {
    this.#pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    if (this.#framing.kind === 'text') this.#text(this.#framing.terminator);
    else this.#binary(this.#framing.headerLength, this.#framing.lengthIndex);
  }

  #text(terminator: string): void {
    let end: number;
    while ((end = this.#pending.indexOf(terminator, 0, 'latin1')) >= 0) {
      const raw = this.#pending.subarray(0, end);
      this.#pending = this.#pending.subarray(end + terminator.length);
      const text = raw.toString('latin1').replace(/^[\r\n>\s]+|[\r\n\s]+$/g, '');
      this.#onFrame({ text, bytes: raw });
    }
    if (this.#pending.length > MAX_TEXT_FRAME) {
      this.#onGarbage(new DeviceError('bad_reply', `No ${JSON.stringify(terminator)} in ${showBytes(this.#pending)}`));
      this.#pending = Buffer.alloc(0);
    }
  }

  #binary(headerLength: number, lengthIndex: number): void {
    while (this.#pending.length >= headerLength) {
      const dataLength = this.#pending[lengthIndex]!;
      if (dataLength > MAX_BINARY_DATA) {
        this.#onGarbage(new DeviceError('bad_reply', `A frame header of garbage: ${showBytes(this.#pending)}`));
        this.#pending = this.#pending.subarray(1);
        continue;
      }
      const total = headerLength + dataLength + 1;
      if (this.#pending.length < total) return;
      const frame = this.#pending.subarray(0, total);
      if (sum8(frame.subarray(0, total - 1)) !== frame[total - 1]) {
        this.#onGarbage(new DeviceError('bad_checksum', `A frame whose checksum does not match: ${showBytes(frame)}`));
        // Resynchronise: the frame may have started later.
        this.#pending = this.#pending.subarray(1);
        continue;
      }
      this.#pending = this.#pending.subarray(total);
      this.#onFrame({ text: frame.toString('hex'), bytes: frame });
    }
  }
}

export function sum8(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return sum;
}

/** The bytes of a command: text as is, binary from hex with its checksum appended. */
export function encodeCommand(framing: Framing, send: string, code = ''): Buffer {
  const filled = send.replaceAll('{code}', code);
  if (framing.kind === 'text') return Buffer.from(filled, 'latin1');
  const bytes = Buffer.from(filled.replace(/\s+/g, ''), 'hex');
  return Buffer.concat([bytes, Buffer.from([sum8(bytes)])]);
}

export type SerialProjectorOptions = {
  name: string;
  path: string;
  commandSet: CommandSet;
  /** Overrides the set's speed where the projector's menu was changed. */
  baudRate?: number;
};

export class SerialProjector implements Projector {
  readonly name: string;
  readonly #set: CommandSet;
  readonly #link: SerialLink;
  #frames = new Inbox<Frame | DeviceError>();
  readonly #reader: FrameReader;
  #queue: Promise<unknown> = Promise.resolve();
  #lastAt = 0;

  constructor(options: SerialProjectorOptions) {
    this.name = options.name;
    this.#set = options.commandSet;
    this.#link = new SerialLink({
      path: options.path,
      ...options.commandSet.serial,
      baudRate: options.baudRate ?? options.commandSet.serial.baudRate,
    });
    this.#reader = new FrameReader(
      this.#set.framing,
      (frame) => this.#frames.push(frame),
      (error) => this.#frames.push(error),
    );
    this.#link.on('data', (chunk) => this.#reader.push(chunk));
    this.#link.on('closed', () => this.#frames.fail(new DeviceError('closed', 'The serial adapter went away')));
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Sends one command and answers the value its reply carries ('' for a plain acknowledgement). */
  async #exchange(exchange: Exchange, code?: string): Promise<string | number> {
    if (!this.#link.open) {
      await this.#link.connect();
      this.#frames = new Inbox();
    }
    const wait = this.#lastAt + this.#set.timing.gapMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.#frames.clear();
    this.#reader.reset();
    const bytes = encodeCommand(this.#set.framing, exchange.send, code);
    try {
      await this.#link.write(bytes);
      return await this.#answer(exchange, bytes);
    } finally {
      this.#lastAt = performance.now();
    }
  }

  async #answer(exchange: Exchange, sent: Buffer): Promise<string | number> {
    const { framing, refusals } = this.#set;
    // An echo is the command verbatim (BenQ echoes `*pow=on`, then answers `*POW=ON`).
    const echo = sent.toString('latin1').trim();
    const echoed = framing.kind === 'text' ? echo.replace(framing.terminator, '') : echo;
    for (;;) {
      const frame = await this.#frames.next(this.#set.timing.replyTimeoutMs, 'The projector did not answer');
      if (frame instanceof DeviceError) throw frame;
      if (framing.kind === 'text') {
        if (framing.echo && frame.text === echoed) continue;
        if (refusals && new RegExp(refusals.busy).test(frame.text))
          throw new DeviceError('busy', `The projector refused ${JSON.stringify(echo)} for now: ${frame.text}`);
        if (refusals?.unsupported && new RegExp(refusals.unsupported).test(frame.text))
          throw new DeviceError('unsupported', `The projector does not know ${JSON.stringify(echo)}`);
        const match = new RegExp(exchange.expect).exec(frame.text);
        if (!match) throw new DeviceError('bad_reply', `Unexpected answer ${showBytes(frame.text)}`);
        return match[1] ?? '';
      }
      if (frame.bytes[0]! & framing.errorBit) {
        const reason = frame.bytes[framing.headerLength] ?? 0xff;
        throw new DeviceError(
          BINARY_ERRORS[reason] ?? 'device_failure',
          `The projector refused: ${showBytes(frame.bytes)}`,
        );
      }
      if (!frame.text.startsWith(exchange.expect))
        throw new DeviceError('bad_reply', `Unexpected answer ${frame.text}`);
      if (exchange.at === undefined) return '';
      const data = frame.bytes.subarray(framing.headerLength, frame.bytes.length - 1);
      const size = exchange.bytes ?? 1;
      if (data.length < exchange.at + size) throw new DeviceError('bad_reply', `An answer too short: ${frame.text}`);
      return size === 1
        ? data.subarray(exchange.at, exchange.at + 1).toString('hex')
        : data.readUIntLE(exchange.at, size);
    }
  }

  #run(exchanges: Exchange[], code?: string): Promise<void> {
    return this.#serial(async () => {
      for (const exchange of exchanges) await this.#exchange(exchange, code);
    });
  }

  #query(exchange: Exchange): Promise<string | number> {
    return this.#serial(() => this.#exchange(exchange));
  }

  /** A value the projector may not give in standby: null then. */
  async #optional<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof DeviceError && (error.code === 'busy' || error.code === 'unsupported')) return null;
      throw error;
    }
  }

  async identify(): Promise<ProjectorIdentity> {
    return {
      ...NO_DETAILS,
      inputNames: {},
      name: null,
      manufacturer: null,
      model: this.#set.label,
      pjlinkClass: null,
      inputs: Object.keys(this.#set.input.codes),
    };
  }

  async status(): Promise<ProjectorStatus> {
    const { power, input, mute, lampHours, health } = this.#set;
    const powerValue = String(await this.#query(power.query));
    const state = power.query.values[powerValue];
    if (!state) throw new DeviceError('bad_reply', `Not a power state: ${showBytes(powerValue)}`);
    const inputValue = input.query ? await this.#optional(() => this.#query(input.query!)) : null;
    const muteValue = mute.query ? await this.#optional(() => this.#query(mute.query!)) : null;
    const lamp = lampHours ? await this.#optional(() => this.#query(lampHours)) : null;
    const healthValue = health ? await this.#optional(() => this.#query(health)) : null;
    return {
      power: state,
      input: inputValue === null ? null : (input.query!.values[String(inputValue)] ?? null),
      muted: muteValue === null ? null : (mute.query!.values[String(muteValue)] ?? null),
      lampHours: lamp === null ? [] : [Math.floor(Number(lamp) / lampHours!.divide)],
      filterHours: null,
      health: health && healthValue !== null ? decodeHealth(health, healthValue) : UNKNOWN_HEALTH,
    };
  }

  async setPower(on: boolean): Promise<void> {
    await this.#run(on ? this.#set.power.on : this.#set.power.off);
  }

  async selectInput(input: string): Promise<void> {
    const code = this.#set.input.codes[input];
    if (code === undefined)
      throw new DeviceError('bad_parameter', `${this.#set.label} has no input ${showBytes(input)}`);
    await this.#run([this.#set.input.set], code);
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.#run(muted ? this.#set.mute.on : this.#set.mute.off);
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#link.close();
  }
}

function decodeHealth(exchange: HealthExchange, value: string | number): ProjectorHealth {
  const health: ProjectorHealth = { fan: 'ok', lamp: 'ok', temperature: 'ok', cover: 'ok', filter: 'ok', other: 'ok' };
  if ('codes' in exchange) {
    const faults = exchange.codes[String(value).toUpperCase()];
    return faults ? { ...health, ...faults } : { ...health, other: 'error' };
  }
  const bits = typeof value === 'number' ? value : parseInt(value, 16);
  for (const [bit, part] of Object.entries(exchange.bits)) if (bits & (1 << Number(bit))) health[part] = 'error';
  return health;
}
