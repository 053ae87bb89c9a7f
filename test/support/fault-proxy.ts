// A TCP proxy on 127.0.0.1 that does to a station's link what a county line does: it counts
// the bytes both ways, can hold them to a line rate (256 kbit/s, say), and — decided per
// connection by a seeded random, so any failure replays from its seed — drops the connection
// after some bytes, stalls it for a while, or resets it (RST) in the middle of the answer.
// Faults of the hub itself (a 5xx burst with Retry-After, a restart mid-batch) are the hub's
// to make: a proxy cannot sign answers, and a station rightly refuses unsigned ones.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRandom } from '../../hub/demo/random.ts';

/** The same sequence for the same seed everywhere (mulberry32): a failing run replays from its seed. */
export const seededRandom = createRandom;

export type FaultPlan = {
  /** Chance that a connection is cut (both sides closed) after a random number of bytes. */
  drop?: number;
  /** Chance that a connection stops passing bytes for `stallMs`, then goes on. */
  stall?: number;
  stallMs?: number;
  /** Chance that a connection is reset (RST) after a random number of the answer's bytes. */
  reset?: number;
  /** Where in the stream a fault strikes: a byte offset drawn from [0, faultWithinBytes). */
  faultWithinBytes?: number;
  /** Line rate both ways, bytes per second; null or absent: as fast as loopback. */
  bytesPerSecond?: number | null;
};

export type ProxyStats = {
  connections: number;
  bytesUp: number;
  bytesDown: number;
  faults: { drop: number; stall: number; reset: number };
};

export interface FaultProxy {
  url: string;
  readonly stats: ProxyStats;
  /** The plan from now on, for open connections too (each draws its fault again). */
  setPlan(plan: FaultPlan): void;
  /** Cuts every open connection now (the network went away). */
  cutAll(): void;
  close(): Promise<void>;
}

type Fault = { kind: 'drop' | 'stall' | 'reset'; direction: 'up' | 'down'; atByte: number; stallMs: number } | null;

// Bytes go out in pieces this big, each when the line would have finished the one before.
const PIECE_BYTES = 1024;
// A line idle this long is not credited with the time it had nothing to send.
const SLACK_MS = 20;

/**
 * What one connection is due to suffer: a fault drawn for the plan in force, at a byte
 * counted from when it was drawn. A new plan, or a stall that passed, draws again — so a
 * kept-alive connection that carries many requests meets faults all along.
 */
type Connection = { fault: Fault; planVersion: number; passed: { up: number; down: number } };

/** One direction of one connection: counts, paces to the line rate, and strikes its fault. */
function direction(
  name: 'up' | 'down',
  connection: Connection,
  current: () => { plan: FaultPlan; version: number },
  draw: (passed: Connection['passed']) => Fault,
  count: (bytes: number) => void,
  strike: (kind: 'drop' | 'reset') => void,
  stalled: () => void,
): Transform {
  let linkFree = performance.now();
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      void (async () => {
        for (let at = 0; at < chunk.length;) {
          const { plan, version } = current();
          if (connection.planVersion !== version) {
            connection.planVersion = version;
            connection.fault = draw(connection.passed);
          }
          let piece = chunk.subarray(at, at + PIECE_BYTES);
          const fault = connection.fault;
          const passed = connection.passed[name];
          if (fault && fault.direction === name && passed + piece.length > fault.atByte) {
            // Pass what comes before the fault's byte, then strike.
            piece = piece.subarray(0, Math.max(0, fault.atByte - passed));
            if (piece.length > 0) {
              this.push(piece);
              connection.passed[name] += piece.length;
              count(piece.length);
              at += piece.length;
            }
            if (fault.kind === 'stall') {
              stalled();
              connection.fault = draw(connection.passed);
              await sleep(fault.stallMs);
              continue;
            }
            strike(fault.kind);
            return;
          }
          const rate = plan.bytesPerSecond ?? null;
          if (rate) {
            const start = Math.max(linkFree, performance.now() - SLACK_MS);
            linkFree = start + (piece.length / rate) * 1000;
            const wait = linkFree - performance.now();
            if (wait > 0) await sleep(wait);
          }
          this.push(piece);
          connection.passed[name] += piece.length;
          count(piece.length);
          at += piece.length;
        }
      })().then(() => done(), done);
    },
  });
}

export async function startFaultProxy(
  target: URL,
  options: { seed: number; plan?: FaultPlan; port?: number },
): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  let plan: FaultPlan = options.plan ?? {};
  let planVersion = 0;
  const stats: ProxyStats = { connections: 0, bytesUp: 0, bytesDown: 0, faults: { drop: 0, stall: 0, reset: 0 } };
  const sockets = new Set<net.Socket>();

  /** A fault for the plan in force, somewhere after the bytes already `passed`; null for none. */
  function draw(passed: Connection['passed']): Fault {
    const roll = random();
    const within = Math.floor(random() * (plan.faultWithinBytes ?? 64 * 1024));
    const either = random() < 0.5 ? 'up' : 'down';
    const stallMs = plan.stallMs ?? 2_000;
    const drop = plan.drop ?? 0;
    const stall = plan.stall ?? 0;
    const reset = plan.reset ?? 0;
    const at = (direction: 'up' | 'down') => ({ direction, atByte: passed[direction] + within, stallMs });
    if (roll < drop) return { kind: 'drop', ...at(either) };
    if (roll < drop + stall) return { kind: 'stall', ...at(either) };
    // A reset mid-response: the answer is what it cuts.
    if (roll < drop + stall + reset) return { kind: 'reset', ...at('down') };
    return null;
  }

  const server = net.createServer((client) => {
    stats.connections += 1;
    const passed = { up: 0, down: 0 };
    const connection: Connection = { fault: draw(passed), planVersion, passed };
    const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const strike = (kind: 'drop' | 'reset') => {
      stats.faults[kind] += 1;
      if (kind === 'reset') client.resetAndDestroy();
      else client.destroy();
      upstream.destroy();
    };
    const stalled = () => (stats.faults.stall += 1);
    const current = () => ({ plan, version: planVersion });
    const up = direction('up', connection, current, draw, (n) => (stats.bytesUp += n), strike, stalled);
    const down = direction('down', connection, current, draw, (n) => (stats.bytesDown += n), strike, stalled);
    client.pipe(up).pipe(upstream);
    upstream.pipe(down).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const stream of [client, upstream, up, down]) stream.on('error', end);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = new URL(target);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    stats,
    setPlan(next) {
      plan = next;
      planVersion += 1;
    },
    cutAll() {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
