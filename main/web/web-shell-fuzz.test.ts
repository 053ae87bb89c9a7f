// Malformed WebSocket frames from a page that holds the token: each one may close its own
// socket, never the station. Every case opens a real authenticated upgrade on a raw TCP
// socket, sends crafted or random frames, and waits for the station to close that socket;
// meanwhile /api/invoke must keep answering and a well-behaved socket must keep receiving
// events. Random cases come from a seeded generator: the seed is printed, and
// LECTERN_FUZZ_SEED=<seed> replays a run.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { tempDir } from '../../test/support/temp-dir.ts';
import { startStationCore } from '../app/start-station.ts';
import { silentLogger, type Logger } from '../runtime/logger.ts';
import { startWebShell } from './web-shell-server.ts';

const RANDOM_CASES = 150;
const MAX_PAYLOAD = 64 * 1024;
/** How long the station may take to close a socket it was sent garbage on. */
const CLOSE_WITHIN_MS = 5_000;

/** mulberry32: small, fast and the same everywhere. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FrameOptions = {
  fin?: boolean;
  rsv?: number; // 0–7: RSV1 = 4, RSV2 = 2, RSV3 = 1
  opcode: number;
  payload: Buffer;
  masked?: boolean;
  /** Announce this length instead of the payload's (for lengths over maxPayload). */
  announcedLength?: number;
};

/** One frame as a client writes it (RFC 6455 §5.2), masked unless told otherwise. */
function frame(options: FrameOptions): Buffer {
  const { payload, masked = true } = options;
  const length = options.announcedLength ?? payload.length;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (options.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(maskBit | 127, ...big);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

const text = (value: string) => Buffer.from(value, 'utf8');

/** Frames the station must refuse, each named for the report of a failure. */
const CRAFTED: [string, Buffer][] = [
  ['unmasked client frame', frame({ opcode: 0x1, payload: text('hello'), masked: false })],
  ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode): [string, Buffer] => [
    `reserved opcode 0x${opcode.toString(16)}`,
    frame({ opcode, payload: text('x') }),
  ]),
  ['RSV1 without an extension', frame({ rsv: 4, opcode: 0x1, payload: text('compressed?') })],
  ['RSV2 set', frame({ rsv: 2, opcode: 0x2, payload: Buffer.from([1, 2, 3]) })],
  ['RSV3 set', frame({ rsv: 1, opcode: 0x1, payload: text('x') })],
  ['invalid UTF-8 in a text frame', frame({ opcode: 0x1, payload: Buffer.from([0xe0, 0xa4, 0x41, 0xff, 0xfe]) })],
  [
    'invalid UTF-8 across fragments',
    Buffer.concat([
      frame({ fin: false, opcode: 0x1, payload: Buffer.from([0x61, 0xe0]) }),
      frame({ opcode: 0x0, payload: Buffer.from([0x41]) }),
    ]),
  ],
  ['oversized ping (126 bytes)', frame({ opcode: 0x9, payload: Buffer.alloc(126, 0x70) })],
  ['fragmented ping', frame({ fin: false, opcode: 0x9, payload: text('p') })],
  ['frame over maxPayload', frame({ opcode: 0x2, payload: Buffer.alloc(0), announcedLength: MAX_PAYLOAD + 1 })],
  ['frame over maxPayload, 64-bit length', frame({ opcode: 0x2, payload: Buffer.alloc(0), announcedLength: 2 ** 40 })],
  ['continuation with nothing to continue', frame({ opcode: 0x0, payload: text('tail') })],
  [
    'new message inside a fragmented one',
    Buffer.concat([frame({ fin: false, opcode: 0x1, payload: text('a') }), frame({ opcode: 0x1, payload: text('b') })]),
  ],
  ['close with a one-byte body', frame({ opcode: 0x8, payload: Buffer.from([0x03]) })],
  ['close with a reserved code', frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xec]) })],
  ['close with invalid UTF-8 reason', frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8, 0xff]) })],
  [
    'message over maxPayload in fragments',
    Buffer.concat(
      Array.from({ length: 3 }, (_, i) =>
        frame({ fin: i === 2, opcode: i === 0 ? 0x2 : 0x0, payload: Buffer.alloc(MAX_PAYLOAD / 2, i) }),
      ),
    ),
  ],
];

/** A frame with random header bits, length and masking, or plain random bytes. */
function randomCase(random: () => number): Buffer {
  const int = (below: number) => Math.floor(random() * below);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  switch (int(4)) {
    case 0:
      return bytes(1 + int(200));
    case 1: {
      // A frame whose header is random but whose masking and length are honest.
      const payload = bytes(int(300));
      return frame({ fin: random() < 0.7, rsv: int(8), opcode: int(16), payload, masked: random() < 0.8 });
    }
    case 2: {
      // Always refused: a reserved bit or a reserved opcode, then random data after it.
      const opcode = [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf][int(10)]!;
      return Buffer.concat([frame({ rsv: 1 + int(7), opcode, payload: bytes(int(50)) }), bytes(int(50))]);
    }
    default: {
      // A text frame of random bytes (rarely valid UTF-8), then a frame over maxPayload.
      return Buffer.concat([
        frame({ opcode: 0x1, payload: bytes(1 + int(100)) }),
        frame({ opcode: 0x2, payload: Buffer.alloc(0), announcedLength: MAX_PAYLOAD + 1 + int(1_000_000) }),
      ]);
    }
  }
}

async function startShell(t: TestContext, log: Logger = silentLogger) {
  const dataDir = tempDir(t);
  const rendererDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test renderer</title>');
  const core = startStationCore({ dataDir, version: '9.9.9', runtime: 'web', log: silentLogger });
  const shell = await startWebShell({ core, rendererDir, log });
  t.after(async () => {
    await shell.close();
    await core.close();
  });
  return { core, shell };
}

/**
 * A raw TCP socket that completed an authenticated upgrade. `closed` settles when the
 * station ends the connection; the socket's own errors (a reset) count as closed.
 */
function rawUpgrade(port: number, token: string): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!status.startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${status}`));
      resolve({ socket, closed });
    };
    socket.on('data', onData);
    socket.once('connect', () =>
      socket.write(
        [
          'GET /api/events HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Protocol: lectern.v1, lectern.token.${token}`,
          '',
          '',
        ].join('\r\n'),
      ),
    );
    socket.once('close', () => reject(new Error('closed before the upgrade')));
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

test('malformed frames close their own socket only: the station keeps serving and other sockets keep receiving', async (t) => {
  const seed = Number(process.env.LECTERN_FUZZ_SEED ?? crypto.randomInt(2 ** 31));
  // Printed so a failing run can be replayed with LECTERN_FUZZ_SEED.
  console.log(`web-shell fuzz seed: ${seed}`);
  t.diagnostic(`seed ${seed}`);
  const random = seeded(seed);
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger, warn: (event) => warnings.push(event) };
  const { core, shell } = await startShell(t, log);

  // A well-behaved page's socket, open through the whole run.
  const witness = new WebSocket(`ws://127.0.0.1:${shell.port}/api/events`, [
    'lectern.v1',
    `lectern.token.${shell.token}`,
  ]);
  t.after(() => witness.terminate());
  await new Promise<void>((resolve, reject) => {
    witness.once('open', () => resolve());
    witness.once('error', reject);
  });
  const received: string[] = [];
  witness.on('message', (data) =>
    received.push((JSON.parse(String(data)) as { payload: { checkedAt: string } }).payload.checkedAt),
  );

  let published = 0;
  const stillServing = async (name: string) => {
    const response = await fetch(`${shell.origin}/api/invoke/station.health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shell.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 200, `${name}: /api/invoke still answers`);
    const marker = `event-${(published += 1)}`;
    core.bus.publish('station.healthChanged', { status: 'ok', ledgerWritable: true, checks: [], checkedAt: marker });
    await within(
      new Promise<void>((resolve) => {
        const check = () => (received.includes(marker) ? resolve() : setTimeout(check, 2));
        check();
      }),
      CLOSE_WITHIN_MS,
      `${name}: the witness socket receives events`,
    );
  };

  const cases: [string, Buffer][] = [
    ...CRAFTED,
    ...Array.from({ length: RANDOM_CASES }, (_, i): [string, Buffer] => [
      `random case ${i} (seed ${seed})`,
      randomCase(random),
    ]),
  ];
  for (const [index, [name, bytes]] of cases.entries()) {
    const { socket, closed } = await rawUpgrade(shell.port, shell.token);
    // Half the cases arrive in two writes, split at a random byte: a frame across TCP reads.
    const cut = random() < 0.5 ? 1 + Math.floor(random() * (bytes.length - 1)) : bytes.length;
    socket.write(bytes.subarray(0, cut));
    if (cut < bytes.length) setTimeout(() => socket.writable && socket.write(bytes.subarray(cut)), 1);
    // A random frame may by chance be acceptable (a valid ping, a binary message): then
    // the station rightly keeps the socket, and the test closes it after a moment.
    await within(Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200))]), CLOSE_WITHIN_MS, name);
    if (name.startsWith('random')) socket.destroy();
    else await within(closed, CLOSE_WITHIN_MS, `${name}: the station closes the socket`);
    if (index % 10 === 0) await stillServing(name);
  }
  await stillServing('after every case');
  assert.equal(witness.readyState, WebSocket.OPEN, 'the witness socket was never closed');
  assert.ok(warnings.includes('web.socket_error'), 'socket errors are logged');
});

test('a client that resets its connection during or right after the upgrade does not stop the station', async (t) => {
  const { shell } = await startShell(t);
  const request = (protocols: string) =>
    [
      'GET /api/events HTTP/1.1',
      `Host: 127.0.0.1:${shell.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${protocols}`,
      '',
      '',
    ].join('\r\n');
  for (let i = 0; i < 40; i += 1) {
    const protocols = i % 2 === 0 ? `lectern.v1, lectern.token.${shell.token}` : 'lectern.v1, lectern.token.wrong';
    await new Promise<void>((resolve) => {
      const socket = net.connect(shell.port, '127.0.0.1', () => {
        socket.write(request(protocols));
        // A reset instead of a close: the station's answer meets ECONNRESET or EPIPE.
        setTimeout(() => socket.resetAndDestroy(), i % 4);
      });
      socket.on('error', () => undefined);
      socket.once('close', () => resolve());
    });
  }
  const response = await fetch(`${shell.origin}/api/invoke/station.health`, {
    method: 'POST',
    headers: { authorization: `Bearer ${shell.token}` },
    body: '{}',
  });
  assert.equal(response.status, 200);
});
