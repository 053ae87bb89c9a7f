// A PJLink projector written from the specification (class 1 and 2), for tests and the
// bench: TCP commands on 127.0.0.1 with or without the MD5 password, warm-up and cool-down
// (ERR3 while changing state), and the ways real projectors misbehave — slow replies, a
// close after every command or after an idle time, stray `%2LKUP` lines, garbage. Its UDP
// side answers `%2SRCH` with `%2ACKN=<mac>` and sends status notifications, on loopback only.
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { pjlinkDigest } from '../pjlink-protocol.ts';

export type EmulatorOptions = {
  pjlinkClass?: 1 | 2;
  password?: string | null;
  /** Every reply waits this long. */
  replyDelayMs?: number;
  /** Hang up after each reply, as some projectors do. */
  closeAfterCommand?: boolean;
  /** Hang up a connection idle for this long (many projectors: 30 s). */
  idleCloseMs?: number | null;
  warmupMs?: number;
  cooldownMs?: number;
  /** Send `%2LKUP=<mac>` before each reply. */
  strayLkup?: boolean;
  /** Bytes to send instead of the real reply line (garbage, a truncated line); null: the real one. */
  override?: ((command: string) => string | null) | null;
  inputs?: string[];
  lampHours?: number[];
  filterHours?: number;
  errorStatus?: string;
  name?: string;
  mac?: string;
};

export type PjlinkEmulator = {
  readonly port: number;
  /** The UDP port it hears `%2SRCH` on. */
  readonly udpPort: number;
  readonly state: { power: '0' | '1' | '2' | '3'; input: string; mute: string };
  /** Every command line received (digest stripped), in order. */
  readonly received: string[];
  /** How many TCP connections were accepted. */
  connections(): number;
  set(options: Partial<EmulatorOptions>): void;
  /** Sends a status notification (`%2POWR=1`) to a controller's UDP port on loopback. */
  notify(line: string, port: number): Promise<void>;
  close(): Promise<void>;
};

export async function startPjlinkEmulator(initial: EmulatorOptions = {}): Promise<PjlinkEmulator> {
  const options: Required<EmulatorOptions> = {
    pjlinkClass: 1,
    password: null,
    replyDelayMs: 0,
    closeAfterCommand: false,
    idleCloseMs: null,
    warmupMs: 0,
    cooldownMs: 0,
    strayLkup: false,
    override: null,
    inputs: ['11', '12', '31', '32', '51'],
    lampHours: [1234],
    filterHours: 567,
    errorStatus: '000000',
    name: 'EMULATOR',
    mac: '00:11:22:aa:bb:cc',
    ...initial,
  };
  const state: PjlinkEmulator['state'] = { power: '0', input: '31', mute: '30' };
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;

  const later = (ms: number, run: () => void) => {
    // No delay asked: answer at once, as a projector's firmware does (a 0 ms timer waits ~1 ms).
    if (ms === 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const answer = (pjlinkClass: string, command: string, parameter: string): string => {
    const ok = (value: string) => `%${pjlinkClass}${command}=${value}`;
    const on = state.power === '1';
    if (pjlinkClass === '2' && options.pjlinkClass === 1) return ok('ERR1');
    switch (command) {
      case 'POWR':
        if (parameter === '?') return ok(state.power);
        if (parameter !== '0' && parameter !== '1') return ok('ERR2');
        if (state.power === '2' || state.power === '3') return ok('ERR3');
        if (parameter === '1' && state.power === '0') {
          state.power = '3';
          later(options.warmupMs, () => (state.power = '1'));
        } else if (parameter === '0' && state.power === '1') {
          state.power = '2';
          later(options.cooldownMs, () => (state.power = '0'));
        }
        return ok('OK');
      case 'INPT':
        if (!on) return ok('ERR3');
        if (parameter === '?') return ok(state.input);
        if (!options.inputs.includes(parameter)) return ok('ERR2');
        state.input = parameter;
        return ok('OK');
      case 'AVMT':
        if (!on) return ok('ERR3');
        if (parameter === '?') return ok(state.mute);
        if (!/^[123][01]$/.test(parameter)) return ok('ERR2');
        state.mute = parameter;
        return ok('OK');
      case 'ERST':
        return ok(options.errorStatus);
      case 'LAMP':
        return options.lampHours.length === 0
          ? ok('ERR1')
          : ok(options.lampHours.map((hours) => `${hours} ${on ? 1 : 0}`).join(' '));
      case 'INST':
        return ok(options.inputs.join(' '));
      case 'NAME':
        return ok(options.name);
      case 'INF1':
        return ok('LECTERN');
      case 'INF2':
        return ok('EMU-4352');
      case 'INFO':
        return ok('');
      case 'CLSS':
        return ok(String(options.pjlinkClass));
      case 'FILT':
        return ok(String(options.filterHours));
      case 'SNUM':
        return ok('SN4352-0001');
      case 'SVER':
        return ok('1.02');
      case 'RLMP':
        return ok('ELPLP96');
      case 'RFIL':
        return ok('ELPAF60');
      case 'INNM':
        return options.inputs.includes(parameter.slice(1)) ? ok(`INPUT ${parameter.slice(1)}`) : ok('ERR2');
      default:
        return ok('ERR1');
    }
  };

  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('latin1');
    let random: string | null = null;
    let authenticated = options.password === null;
    if (!authenticated) random = crypto.randomBytes(4).toString('hex');
    socket.write(random ? `PJLINK 1 ${random}\r` : 'PJLINK 0\r');
    let idle: NodeJS.Timeout | null = null;
    const restartIdle = () => {
      if (idle) clearTimeout(idle);
      if (options.idleCloseMs !== null) idle = setTimeout(() => socket.destroy(), options.idleCloseMs);
    };
    restartIdle();
    socket.on('close', () => idle && clearTimeout(idle));
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r')) >= 0) {
        let line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        restartIdle();
        if (!authenticated) {
          const digest = line.slice(0, 32);
          if (digest !== pjlinkDigest(random!, options.password ?? '')) {
            socket.end('PJLINK ERRA\r');
            return;
          }
          authenticated = true;
          line = line.slice(32);
        }
        received.push(line);
        const match = /^%([12])([A-Z0-9]{4}) (.*)$/.exec(line);
        const reply =
          options.override?.(line) ??
          `${match ? answer(match[1]!, match[2]!, match[3]!) : `%1${line.slice(2, 6)}=ERR1`}\r`;
        later(options.replyDelayMs, () => {
          if (socket.destroyed) return;
          if (options.strayLkup) socket.write(`%2LKUP=${options.mac}\r`);
          socket.write(reply, 'latin1');
          if (options.closeAfterCommand) socket.end();
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const udp = dgram.createSocket('udp4');
  udp.on('message', (message, from) => {
    if (message.toString('latin1') !== '%2SRCH\r' || options.pjlinkClass !== 2) return;
    // The answer goes to UDP 4352 of the controller: here the port it searched from.
    udp.send(`%2ACKN=${options.mac}\r`, from.port, from.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    udpPort: udp.address().port,
    state,
    received,
    connections: () => accepted,
    set(next) {
      Object.assign(options, next);
    },
    notify(line, port) {
      return new Promise((resolve, reject) =>
        udp.send(`${line}\r`, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      );
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      udp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
