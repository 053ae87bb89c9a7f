// A TCP proxy on 127.0.0.1 that passes the server's bytes to the client at a fixed line
// rate, as a link of that speed would: the bench's stand-in for a county school's 100 Mbit/s
// line. Requests go up unthrottled (they are a few hundred bytes). The rate is kept on a
// virtual clock — each piece leaves when the link would have finished the one before — so
// timer jitter does not add up; a link that had nothing to send (the server or the client
// too slow) is not credited afterwards beyond SLACK_MS, so such stalls show in the figure.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const PIECE_BYTES = 16 * 1024;
const SLACK_MS = 20;

export interface ThrottleProxy {
  url: string;
  close(): Promise<void>;
}

function lineRate(bytesPerSecond: number): Transform {
  let linkFree = performance.now();
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      void (async () => {
        for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
          const piece = chunk.subarray(at, at + PIECE_BYTES);
          const start = Math.max(linkFree, performance.now() - SLACK_MS);
          linkFree = start + (piece.length / bytesPerSecond) * 1000;
          const wait = linkFree - performance.now();
          if (wait > 0) await sleep(wait);
          this.push(piece);
        }
      })().then(() => done(), done);
    },
  });
}

export async function startThrottleProxy(target: URL, bytesPerSecond: number): Promise<ThrottleProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    void pipeline(client, upstream).catch(() => upstream.destroy());
    void pipeline(upstream, lineRate(bytesPerSecond), client).catch(() => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
