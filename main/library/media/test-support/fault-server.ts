// Test support: a media server on 127.0.0.1 port 0 that misbehaves on request. It answers
// GET /media/<sha256> like the hub (strong ETag, single ranges, If-Range), except that each
// queued fault spoils one answer: a connection cut after n body bytes, a forced status, or a
// flipped byte. serve() can swap a file's bytes and ETag, as when the hub's file changes.
// fetchMedia asks it the way the station asks the hub (media-http.ts); webFetchMedia through
// fetch(), for a FetchMedia that answers with a web Response.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchMedia } from '../download.ts';
import { decideRange } from '../../../../common/byte-range.ts';
import { mediaGet } from '../media-http.ts';

export type Fault = { cutAfter: number } | { status: number } | { flipByteAt: number };

export interface SeenRequest {
  sha256: string;
  range: string | null;
  ifRange: string | null;
  status: number;
}

export interface FaultServer {
  url: string;
  fetchMedia: FetchMedia;
  webFetchMedia: FetchMedia;
  serve(sha256: string, body: Buffer, etag?: string): void;
  /** Faults for the next answers about this file, one per answer, in order. */
  spoil(sha256: string, ...faults: Fault[]): void;
  requests: SeenRequest[];
  close(): Promise<void>;
}

function rangeHeaders(options: { range?: string; ifRange?: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.range) headers.range = options.range;
  if (options.ifRange) headers['if-range'] = options.ifRange;
  return headers;
}

export function sha256Of(body: Buffer): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

/** Bytes that do not compress and do not repeat, the same for the same seed. */
export function randomBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let block = crypto.createHash('sha256').update(String(seed)).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = crypto.createHash('sha256').update(block).digest();
  }
  return out;
}

export async function startFaultServer(): Promise<FaultServer> {
  const files = new Map<string, { body: Buffer; etag: string }>();
  const faults = new Map<string, Fault[]>();
  const requests: SeenRequest[] = [];

  const server = http.createServer((req, res) => {
    const sha256 = /^\/media\/([0-9a-f]{64})$/.exec(req.url ?? '')?.[1] ?? '';
    const file = files.get(sha256);
    const seen: SeenRequest = {
      sha256,
      range: req.headers.range ?? null,
      ifRange: (req.headers['if-range'] as string | undefined) ?? null,
      status: 0,
    };
    requests.push(seen);
    const answer = (status: number, headers: Record<string, string | number> = {}, body?: Buffer) => {
      seen.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!file) return answer(404, {}, Buffer.from('no such media'));
    const fault = faults.get(sha256)?.shift();
    if (fault && 'status' in fault)
      return answer(fault.status, fault.status === 416 ? { 'content-range': `bytes */${file.body.length}` } : {});

    const decision = decideRange(file.body.length, file.etag, seen.range, seen.ifRange);
    const range = decision.kind === 'partial' ? decision : null;
    if (decision.kind === 'unsatisfiable') return answer(416, { 'content-range': `bytes */${file.body.length}` });
    const start = range?.start ?? 0;
    const end = range?.end ?? file.body.length - 1;
    let body = file.body.subarray(start, end + 1);
    if (fault && 'flipByteAt' in fault) {
      body = Buffer.from(body);
      body[fault.flipByteAt - start] = body[fault.flipByteAt - start]! ^ 0xff;
    }
    const headers: Record<string, string | number> = {
      etag: file.etag,
      'accept-ranges': 'bytes',
      'content-type': 'video/mp4',
      'content-length': body.length,
    };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${file.body.length}`;
    if (fault && 'cutAfter' in fault) {
      seen.status = range ? 206 : 200;
      res.writeHead(seen.status, headers);
      // Send part of the body, then drop the connection as a failing link would. The pause
      // lets the bytes reach the client first: fetch discards what it still buffers when
      // the connection errors (media-http.ts hands them over before the error).
      res.write(body.subarray(0, fault.cutAfter), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    answer(range ? 206 : 200, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    fetchMedia: (sha256, options) =>
      mediaGet(new URL(`${url}/media/${sha256}`), { headers: rangeHeaders(options), signal: options.signal }),
    webFetchMedia: (sha256, options) =>
      fetch(`${url}/media/${sha256}`, { headers: rangeHeaders(options), signal: options.signal }),
    serve(sha256, body, etag = `"${sha256}"`) {
      files.set(sha256, { body, etag });
    },
    spoil(sha256, ...more) {
      faults.set(sha256, [...(faults.get(sha256) ?? []), ...more]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
