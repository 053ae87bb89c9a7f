// Request authentication (protocol.md §4). Every station request after enrollment carries
// five headers; the signature is Ed25519 with the station key over the string
//
//   LECTERN-REQUEST-V1 \n METHOD \n PATH?QUERY \n SHA256(body) hex \n timestamp \n nonce \n stationId
//
// The timestamp is Unix milliseconds in the station's estimate of *hub* time (its clock plus
// the offset it measured with GET /v1/time), so a station whose clock is wrong still signs
// fresh requests. The hub refuses a timestamp outside ±maxSkewMs and a nonce it has already
// seen from that station within the window; remembering nonces is the hub's job, so
// verifyRequest stays pure and returns the nonce for the caller to record.
//
// Responses to signed requests are signed by the hub key over
//   LECTERN-RESPONSE-V1 \n status \n request nonce \n SHA256(body) hex
// so a station can tell that an answer came from its hub and belongs to its request. A media
// answer (200, 206 or 304 to GET|HEAD /v1/media/…) cannot be hashed before it is sent — it
// streams, and a station verifies its bytes by their sha256 anyway — so it is signed over
//   LECTERN-MEDIA-RESPONSE-V1 \n status \n request nonce \n ETag \n Content-Range \n Content-Length
// (each header exactly as sent, empty when absent): the station then knows that the hub
// itself sent this file's validator, range and length in answer to this request.
import crypto from 'node:crypto';
import { sha256Hex, sign, verify } from './crypto.ts';
import type { ErrorCode } from './errors.ts';

export const AUTH_HEADERS = {
  station: 'x-lectern-station',
  timestamp: 'x-lectern-timestamp',
  nonce: 'x-lectern-nonce',
  contentSha256: 'x-lectern-content-sha256',
  signature: 'x-lectern-signature',
} as const;
export const HUB_SIGNATURE_HEADER = 'x-lectern-hub-signature';

/** How far a request timestamp may be from hub time, either way. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const EMPTY_BODY_SHA256 = sha256Hex('');

export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function requestSigningString(parts: {
  method: string;
  path: string;
  bodySha256: string;
  timestamp: string;
  nonce: string;
  stationId: string;
}): string {
  return [
    'LECTERN-REQUEST-V1',
    parts.method.toUpperCase(),
    parts.path,
    parts.bodySha256,
    parts.timestamp,
    parts.nonce,
    parts.stationId,
  ].join('\n');
}

function bodyHash(body: string | Uint8Array | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

export type SignRequestInput = {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/streams/courses?cursor=12&limit=500`. */
  path: string;
  /** The exact body bytes sent (a string is taken as UTF-8); omit for GET. */
  body?: string | Uint8Array;
  privateKey: string;
  stationId: string;
  /** Hub time estimate in Unix ms (station clock + measured offset). */
  now: number;
  nonce?: string;
};

/** The headers (lower-case names) to add to a station request. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const nonce = input.nonce ?? newNonce();
  const timestamp = String(Math.floor(input.now));
  const bodySha256 = bodyHash(input.body);
  const signature = sign(
    requestSigningString({
      method: input.method,
      path: input.path,
      bodySha256,
      timestamp,
      nonce,
      stationId: input.stationId,
    }),
    input.privateKey,
  );
  return {
    [AUTH_HEADERS.station]: input.stationId,
    [AUTH_HEADERS.timestamp]: timestamp,
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.contentSha256]: bodySha256,
    [AUTH_HEADERS.signature]: signature,
  };
}

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The station id a request claims, before anything is verified (to look up its key). */
export function claimedStation(headers: HeaderBag): string | undefined {
  return header(headers, AUTH_HEADERS.station);
}

export type VerifyRequestResult =
  { ok: true; stationId: string; nonce: string; timestamp: number } | { ok: false; code: ErrorCode; message: string };

export type VerifyRequestInput = {
  method: string;
  path: string;
  body?: string | Uint8Array;
  headers: HeaderBag;
  publicKey: string;
  /** Hub time, Unix ms. */
  now: number;
  maxSkewMs?: number;
};

/** Checks headers, body hash, timestamp window and signature. Nonce replay is the caller's. */
export function verifyRequest(input: VerifyRequestInput): VerifyRequestResult {
  const stationId = header(input.headers, AUTH_HEADERS.station);
  const timestamp = header(input.headers, AUTH_HEADERS.timestamp);
  const nonce = header(input.headers, AUTH_HEADERS.nonce);
  const contentSha256 = header(input.headers, AUTH_HEADERS.contentSha256);
  const signature = header(input.headers, AUTH_HEADERS.signature);
  if (!stationId || !timestamp || !nonce || !contentSha256 || !signature) {
    return {
      ok: false,
      code: 'auth_missing',
      message: `Signed endpoint: send ${Object.values(AUTH_HEADERS).join(', ')}`,
    };
  }
  if (!/^\d{1,15}$/.test(timestamp) || !NONCE_PATTERN.test(nonce)) {
    return {
      ok: false,
      code: 'auth_bad_signature',
      message: 'The timestamp must be Unix milliseconds and the nonce 16–64 base64url characters',
    };
  }
  const bodySha256 = bodyHash(input.body);
  if (contentSha256 !== bodySha256)
    return { ok: false, code: 'auth_bad_signature', message: 'The body does not match x-lectern-content-sha256' };
  const signed = requestSigningString({
    method: input.method,
    path: input.path,
    bodySha256,
    timestamp,
    nonce,
    stationId,
  });
  if (!verify(signed, signature, input.publicKey))
    return { ok: false, code: 'auth_bad_signature', message: 'The request signature does not verify' };
  const at = Number(timestamp);
  const maxSkewMs = input.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(at - input.now) > maxSkewMs) {
    return {
      ok: false,
      code: 'auth_stale_timestamp',
      message: `The request timestamp is ${Math.round((at - input.now) / 1000)} s from hub time (allowed ±${maxSkewMs / 1000} s)`,
    };
  }
  return { ok: true, stationId, nonce, timestamp: at };
}

export function responseSigningString(status: number, requestNonce: string, body: string | Uint8Array): string {
  return ['LECTERN-RESPONSE-V1', String(status), requestNonce, bodyHash(body)].join('\n');
}

export function signResponse(
  status: number,
  requestNonce: string,
  body: string | Uint8Array,
  hubPrivateKey: string,
): string {
  return sign(responseSigningString(status, requestNonce, body), hubPrivateKey);
}

export function verifyResponse(input: {
  status: number;
  requestNonce: string;
  body: string | Uint8Array;
  signature: string | null | undefined;
  hubPublicKey: string;
}): boolean {
  if (!input.signature) return false;
  return verify(
    responseSigningString(input.status, input.requestNonce, input.body),
    input.signature,
    input.hubPublicKey,
  );
}

/** The answer headers a media answer's signature covers, in signing order (protocol.md §5). */
export const MEDIA_SIGNED_HEADERS = ['etag', 'content-range', 'content-length'] as const;

export type MediaAnswerHeaders = Partial<Record<(typeof MEDIA_SIGNED_HEADERS)[number], string | null>>;

/** Whether an answer to GET|HEAD /v1/media/… is signed as media (headers) rather than over its body. */
export function isMediaAnswerStatus(status: number): boolean {
  return status === 200 || status === 206 || status === 304;
}

export function mediaResponseSigningString(status: number, requestNonce: string, headers: MediaAnswerHeaders): string {
  return [
    'LECTERN-MEDIA-RESPONSE-V1',
    String(status),
    requestNonce,
    ...MEDIA_SIGNED_HEADERS.map((name) => headers[name] ?? ''),
  ].join('\n');
}

export function signMediaResponse(
  status: number,
  requestNonce: string,
  headers: MediaAnswerHeaders,
  hubPrivateKey: string,
): string {
  return sign(mediaResponseSigningString(status, requestNonce, headers), hubPrivateKey);
}

export function verifyMediaResponse(input: {
  status: number;
  requestNonce: string;
  headers: MediaAnswerHeaders;
  signature: string | null | undefined;
  hubPublicKey: string;
}): boolean {
  if (!input.signature) return false;
  return verify(
    mediaResponseSigningString(input.status, input.requestNonce, input.headers),
    input.signature,
    input.hubPublicKey,
  );
}
