// Test support: a media hub on 127.0.0.1 port 0 that misbehaves on request. It answers
// GET /v1/media/<sha256> like the hub (strong ETag, single ranges, If-Range, answers signed
// with its own hub key as protocol §4/§5 say, refusals as signed protocol errors), except
// that each queued fault spoils one answer: a connection cut after n body bytes, a body that
// stalls after n bytes, a forced status, a flipped byte, an unsigned page where the hub
// should answer (a proxy), or n bytes more than the file, sent chunked without a length. It does not check the station's signature: the reference hub's
// tests do that. serve() can swap a file's bytes and ETag, as when the hub's file changes.
// fetchMedia asks it through the station's hub client, the way the station asks its hub.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decideRange } from '../../../../common/byte-range.ts';
import { generateStationKeys } from '../../../../protocol/crypto.ts';
import { ERRORS, type ErrorCode } from '../../../../protocol/errors.ts';
import { createHubClient } from '../../../../protocol/hub-client/hub-client.ts';
import {
  AUTH_HEADERS,
  HUB_SIGNATURE_HEADER,
  signMediaResponse,
  signResponse,
} from '../../../../protocol/request-auth.ts';
import type { FetchMedia } from '../download.ts';

export type Fault =
  | { cutAfter: number }
  | { stallAfter: number }
  | { status: number }
  | { flipByteAt: number }
  | { unsignedPage: number }
  | { extraBytes: number };

export interface SeenRequest {
  sha256: string;
  range: string | null;
  ifRange: string | null;
  status: number;
}

export interface FaultServer {
  url: string;
  /** The fault hub's public key, which its answers verify against. */
  hubPublicKey: string;
  fetchMedia: FetchMedia;
  serve(sha256: string, body: Buffer, etag?: string): void;
  /** Faults for the next answers about this file, one per answer, in order. */
  spoil(sha256: string, ...faults: Fault[]): void;
  requests: SeenRequest[];
  close(): Promise<void>;
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

function codeFor(status: number): ErrorCode {
  if (status === 416) return 'range_not_satisfiable';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'internal';
  return (Object.keys(ERRORS) as ErrorCode[]).find((code) => ERRORS[code].status === status) ?? 'invalid_request';
}

export async function startFaultServer(): Promise<FaultServer> {
  const hubKeys = generateStationKeys();
  const files = new Map<string, { body: Buffer; etag: string }>();
  const faults = new Map<string, Fault[]>();
  const requests: SeenRequest[] = [];

  const server = http.createServer((req, res) => {
    const sha256 = /^\/v1\/media\/([0-9a-f]{64})$/.exec(req.url ?? '')?.[1] ?? '';
    const nonce = String(req.headers[AUTH_HEADERS.nonce] ?? '');
    const file = files.get(sha256);
    const seen: SeenRequest = {
      sha256,
      range: req.headers.range ?? null,
      ifRange: (req.headers['if-range'] as string | undefined) ?? null,
      status: 0,
    };
    requests.push(seen);
    /** A signed protocol error, as the hub refuses. */
    const refuse = (status: number, headers: Record<string, string> = {}) => {
      seen.status = status;
      const code = codeFor(status);
      const body = JSON.stringify({ code, message: `fault server: ${code}` });
      res.writeHead(status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        [HUB_SIGNATURE_HEADER]: signResponse(status, nonce, body, hubKeys.privateKey),
      });
      res.end(body);
    };
    /** The head of a media answer, signed over its status and headers (protocol §5). */
    const head = (status: number, headers: Record<string, string>) => {
      seen.status = status;
      const signature = signMediaResponse(status, nonce, headers, hubKeys.privateKey);
      res.writeHead(status, { ...headers, [HUB_SIGNATURE_HEADER]: signature });
    };
    if (!file) return refuse(404);
    const fault = faults.get(sha256)?.shift();
    if (fault && 'status' in fault)
      return refuse(fault.status, fault.status === 416 ? { 'content-range': `bytes */${file.body.length}` } : {});
    if (fault && 'unsignedPage' in fault) {
      seen.status = fault.unsignedPage;
      res.writeHead(fault.unsignedPage, { 'content-type': 'text/html' });
      res.end('<html><body>Please log in to the network</body></html>');
      return;
    }

    const decision = decideRange(file.body.length, file.etag, seen.range, seen.ifRange);
    if (decision.kind === 'unsatisfiable') return refuse(416, { 'content-range': `bytes */${file.body.length}` });
    const range = decision.kind === 'partial' ? decision : null;
    const start = range?.start ?? 0;
    const end = range?.end ?? file.body.length - 1;
    let body = file.body.subarray(start, end + 1);
    if (fault && 'flipByteAt' in fault) {
      body = Buffer.from(body);
      body[fault.flipByteAt - start] = body[fault.flipByteAt - start]! ^ 0xff;
    }
    const headers: Record<string, string> = {
      etag: file.etag,
      'accept-ranges': 'bytes',
      'content-type': 'video/mp4',
      'content-length': String(body.length),
    };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${file.body.length}`;
    if (fault && 'extraBytes' in fault) {
      delete headers['content-length'];
      body = Buffer.concat([body, randomBytes(fault.extraBytes, 0)]);
    }
    head(range ? 206 : 200, headers);
    if (fault && 'cutAfter' in fault) {
      // Send part of the body, then drop the connection as a failing link would. The pause
      // lets the bytes reach the client before the connection breaks.
      res.write(body.subarray(0, fault.cutAfter), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    if (fault && 'stallAfter' in fault) {
      res.write(body.subarray(0, fault.stallAfter)); // and then nothing, until close()
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const client = createHubClient({
    baseUrl: url,
    stationId: 'fault-test-station',
    privateKey: generateStationKeys().privateKey,
    hubPublicKey: hubKeys.publicKey,
  });

  return {
    url,
    hubPublicKey: hubKeys.publicKey,
    requests,
    fetchMedia: (sha256, options) => client.media(sha256, options),
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
