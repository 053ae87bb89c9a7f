// A PJLink projector over TCP (port 4352), class 1 and class 2. One command at a time: the
// client connects when it needs to, reads the greeting, authenticates with the MD5 digest
// before the first command of a connection when the projector asks for it, and waits at
// most `replyTimeoutMs` (2 s, as the specification allows) for each line. Projectors differ
// in how long they keep a connection: some close after every command, some after 30 s idle;
// the client closes its own side after `idleMs` (less than 30 s) and, when the projector
// hangs up before a command got any answer, connects again once — every PJLink command is
// safe to repeat. Lines that are no answer to the command asked (a `%2LKUP` the projector
// volunteers) are skipped; anything else unexpected is `bad_reply`.
import net from 'node:net';
import { DeviceError, fromSystemError, showBytes } from '../device-error.ts';
import { Inbox } from '../inbox.ts';
import {
  PJLINK_MAX_LINE,
  PJLINK_PORT,
  commandLine,
  inputCode,
  inputName,
  parseGreeting,
  parseHealth,
  parseHours,
  parseInputList,
  parseLamps,
  parseMute,
  parsePower,
  parseReplyLine,
  pjlinkDigest,
  replyValue,
} from './pjlink-protocol.ts';
import {
  NO_DETAILS,
  UNKNOWN_HEALTH,
  type Projector,
  type ProjectorIdentity,
  type ProjectorStatus,
} from './projector.ts';

export type PjlinkOptions = {
  /** How the technician named it. */
  name: string;
  host: string;
  port?: number;
  /** The PJLink password set on the projector, or null when it has none. */
  password?: string | null;
  replyTimeoutMs?: number;
  /** The client closes an unused connection after this long (projectors close theirs at 30 s). */
  idleMs?: number;
};

/** Unprompted lines a projector may send on the command connection (status notifications). */
const NOTIFICATIONS = new Set(['LKUP', 'ERST', 'POWR', 'INPT']);
const MAX_SKIPPED_LINES = 16;
/** Errors the projector answered with (ERR1–ERR4): the connection stays usable. */
const ANSWERED_ERRORS = new Set(['unsupported', 'bad_parameter', 'busy', 'device_failure']);

/** One TCP connection: lines in, one command at a time. */
class Connection {
  readonly socket: net.Socket;
  readonly lines = new Inbox<string>();
  #buffer = '';
  /** Whether any byte arrived since the last command was sent. */
  answered = false;
  authenticated = false;
  /** The digest to send before the first command, for a projector that asked for a password. */
  digest: string | null = null;

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.#take(chunk));
    socket.on('error', (error) => this.lines.fail(fromSystemError(error, 'PJLink connection')));
    socket.on('close', () => this.lines.fail(new DeviceError('closed', 'The projector closed the connection')));
  }

  get closed(): boolean {
    return this.lines.failed !== null;
  }

  #take(chunk: string): void {
    this.answered = true;
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\r')) >= 0) {
      // Some projectors end lines with CR LF; the LF then starts the next line.
      this.lines.push(this.#buffer.slice(0, end).replace(/^\n/, ''));
      this.#buffer = this.#buffer.slice(end + 1);
    }
    if (this.#buffer.replace(/^\n/, '').length > PJLINK_MAX_LINE) {
      this.lines.fail(new DeviceError('bad_reply', `A line of garbage from the projector: ${showBytes(this.#buffer)}`));
      this.socket.destroy();
    }
  }

  nextLine(ms: number): Promise<string> {
    return this.lines.next(ms, 'The projector did not answer');
  }

  send(line: string): void {
    this.answered = false;
    this.socket.write(line, 'latin1');
  }

  close(): void {
    this.lines.fail(new DeviceError('closed', 'Connection closed by the station'));
    this.socket.destroy();
  }
}

export class PjlinkProjector implements Projector {
  readonly name: string;
  readonly #host: string;
  readonly #port: number;
  readonly #password: string | null;
  readonly #replyTimeoutMs: number;
  readonly #idleMs: number;
  #connection: Connection | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #class: 1 | 2 | null = null;

  constructor(options: PjlinkOptions) {
    this.name = options.name;
    this.#host = options.host;
    this.#port = options.port ?? PJLINK_PORT;
    this.#password = options.password ?? null;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? 2000;
    this.#idleMs = options.idleMs ?? 20_000;
  }

  /** One command's reply value (ERRn thrown as its DeviceError). */
  command(pjlinkClass: 1 | 2, command: string, parameter: string): Promise<string> {
    const run = () => this.#exchange(pjlinkClass, command, parameter);
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #exchange(pjlinkClass: 1 | 2, command: string, parameter: string): Promise<string> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    try {
      return await this.#attempt(pjlinkClass, command, parameter, true);
    } finally {
      this.#idleTimer = setTimeout(() => this.#drop(), this.#idleMs);
      this.#idleTimer.unref();
    }
  }

  async #attempt(pjlinkClass: 1 | 2, command: string, parameter: string, mayRetry: boolean): Promise<string> {
    const reused = this.#connection !== null && !this.#connection.closed;
    const connection = reused ? this.#connection! : await this.#connect();
    const prefix = connection.authenticated ? '' : (connection.digest ?? '');
    connection.send(prefix + commandLine(pjlinkClass, command, parameter));
    try {
      const value = await this.#reply(connection, command);
      connection.authenticated = true;
      return value;
    } catch (error) {
      const hungUpUnanswered =
        error instanceof DeviceError && error.code === 'closed' && !connection.answered && reused && mayRetry;
      // An ERRn answer leaves the connection sound; anything else leaves it in doubt.
      if (!(error instanceof DeviceError) || !ANSWERED_ERRORS.has(error.code)) this.#drop();
      // A projector that closes its idle connection may do so just as the command left.
      if (hungUpUnanswered) return this.#attempt(pjlinkClass, command, parameter, false);
      throw error;
    }
  }

  async #reply(connection: Connection, command: string): Promise<string> {
    for (let skipped = 0; skipped <= MAX_SKIPPED_LINES; skipped++) {
      const line = await connection.nextLine(this.#replyTimeoutMs);
      if (line === 'PJLINK ERRA')
        throw new DeviceError('auth_failed', 'The projector refused the password (PJLINK ERRA)');
      const reply = parseReplyLine(line);
      if (reply?.command === command) return replyValue(reply);
      if (reply && NOTIFICATIONS.has(reply.command)) continue;
      if (line === '') continue;
      throw new DeviceError('bad_reply', `The projector answered ${command} with ${showBytes(line)}`);
    }
    throw new DeviceError('bad_reply', `The projector sent only notifications in answer to ${command}`);
  }

  async #connect(): Promise<Connection> {
    this.#drop();
    const socket = net.connect({ host: this.#host, port: this.#port });
    const connection = new Connection(socket);
    this.#connection = connection;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new DeviceError(
              'timeout',
              `No connection to ${this.#host}:${this.#port} within ${this.#replyTimeoutMs} ms`,
            ),
          );
        }, this.#replyTimeoutMs);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (error) => {
          clearTimeout(timer);
          reject(fromSystemError(error, `PJLink ${this.#host}:${this.#port}`));
        });
      });
      const greeting = parseGreeting(await connection.nextLine(this.#replyTimeoutMs));
      if (greeting.auth) {
        if (this.#password === null)
          throw new DeviceError('auth_required', 'The projector asks for a PJLink password and none is configured');
        connection.digest = pjlinkDigest(greeting.random, this.#password);
      } else connection.authenticated = true;
      return connection;
    } catch (error) {
      this.#drop();
      throw error;
    }
  }

  #drop(): void {
    this.#connection?.close();
    this.#connection = null;
  }

  /** 1 or 2, asked once (CLSS). */
  async pjlinkClass(): Promise<1 | 2> {
    if (this.#class === null) {
      const value = await this.command(1, 'CLSS', '?');
      this.#class = value === '2' ? 2 : 1;
      if (value !== '1' && value !== '2') throw new DeviceError('bad_reply', `Not a PJLink class: ${showBytes(value)}`);
    }
    return this.#class;
  }

  async identify(): Promise<ProjectorIdentity> {
    const pjlinkClass = await this.pjlinkClass();
    const optional = (command: string, parameter = '?', commandClass: 1 | 2 = 1) =>
      this.#optional(this.command(commandClass, command, parameter));
    const inputs = parseInputList((await optional('INST', '?', pjlinkClass)) ?? '');
    const identity: ProjectorIdentity = {
      ...NO_DETAILS,
      inputNames: {},
      name: await optional('NAME'),
      manufacturer: await optional('INF1'),
      model: await optional('INF2'),
      pjlinkClass,
      inputs,
    };
    if (pjlinkClass === 1) return identity;
    for (const input of inputs) {
      const name = await optional('INNM', `?${inputCode(input)}`, 2);
      if (name) identity.inputNames[input] = name;
    }
    return {
      ...identity,
      serialNumber: await optional('SNUM', '?', 2),
      softwareVersion: await optional('SVER', '?', 2),
      lampModel: await optional('RLMP', '?', 2),
      filterModel: await optional('RFIL', '?', 2),
    };
  }

  async status(): Promise<ProjectorStatus> {
    const power = parsePower(await this.command(1, 'POWR', '?'));
    const pjlinkClass = await this.pjlinkClass();
    const input = await this.#optional(this.command(pjlinkClass, 'INPT', '?'));
    const mute = await this.#optional(this.command(1, 'AVMT', '?'));
    const health = await this.#optional(this.command(1, 'ERST', '?'));
    const lamps = await this.#optional(this.command(1, 'LAMP', '?'));
    const filter = pjlinkClass === 2 ? await this.#optional(this.command(2, 'FILT', '?')) : null;
    return {
      power,
      input: input === null ? null : inputName(input),
      muted: mute === null ? null : parseMute(mute),
      lampHours: lamps === null ? [] : parseLamps(lamps),
      filterHours: filter === null ? null : parseHours(filter),
      health: health === null ? UNKNOWN_HEALTH : parseHealth(health),
    };
  }

  /** A query a projector may refuse in standby or not support at all: null then. */
  async #optional(reply: Promise<string>): Promise<string | null> {
    try {
      return await reply;
    } catch (error) {
      if (error instanceof DeviceError && (error.code === 'busy' || error.code === 'unsupported')) return null;
      throw error;
    }
  }

  async setPower(on: boolean): Promise<void> {
    await this.command(1, 'POWR', on ? '1' : '0');
  }

  async selectInput(input: string): Promise<void> {
    const code = inputCode(input);
    // Class 1 knows inputs 11–59 only; a class 2 input needs a class 2 command.
    const pjlinkClass = /^[1-5][1-9]$/.test(code) ? 1 : 2;
    await this.command(pjlinkClass, 'INPT', code);
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.command(1, 'AVMT', muted ? '31' : '30');
  }

  async close(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    await this.#queue;
    this.#drop();
  }
}
