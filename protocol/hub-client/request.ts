// One HTTP exchange with the hub, on undici's request API (a maintained client: HTTPS,
// redirects, keep-alive, framing). Every answer is checked in the order that gives a
// technician the most useful message, and nothing the hub sends is used before every check
// has passed:
//   1. did anything answer (unreachable)?
//   2. to a signed request: is the answer signed by our hub for this request (untrusted)? —
//      JSON, media and error pages alike (protocol §4, §5), so a proxy's 502 page or a
//      captive portal's login form is never taken for the hub's word;
//   3. to an unsigned request (time, enroll): is it JSON at all (bad_answer — typically a
//      proxy's or captive portal's HTML page), or a failure page (hub_error)?
//   4. is it a refusal with a protocol code (refused / hub_error)?
//   5. does it match the protocol's schema (bad_answer)?
// A media answer (200/206/304) stops after 2: its body streams to the caller, who verifies
// the bytes by their sha256.
import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { getGlobalDispatcher, interceptors, request as undiciRequest, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.ts';
import {
  AUTH_HEADERS,
  HUB_SIGNATURE_HEADER,
  isMediaAnswerStatus,
  MEDIA_SIGNED_HEADERS,
  signRequest,
  verifyMediaResponse,
  verifyResponse,
} from '../request-auth.ts';
import { ErrorBodySchema } from '../wire.ts';
import { errorCode, HubClientError, retryAfterMs, unreachable } from './errors.ts';

export type Signer = {
  stationId: string;
  privateKey: string;
  hubPublicKey: string;
  /** The station's estimate of hub time, Unix ms (clock + measured offset). */
  hubNow: () => number;
};

export type Transport = {
  /** Ends with a slash, so relative paths resolve under it. */
  baseUrl: string;
  dispatcher: Dispatcher;
  /** Until the whole answer of a JSON exchange is in; until the head of a media answer. */
  timeoutMs: number;
  /**
   * Compress request bodies (gzip, from COMPRESS_MIN_BYTES) and accept compressed JSON
   * answers (protocol §0). On by default; off only to measure what compression saves.
   */
  compress?: boolean;
};

export type HubRequest = {
  method: 'GET' | 'HEAD' | 'POST';
  /** Relative to the base URL, e.g. `v1/streams/courses?cursor=12`. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  signer?: Signer;
  /** The caller's stop; what it aborts with is thrown as it is, never as a hub failure. */
  signal?: AbortSignal;
  /** A streamed body that sends nothing for this long fails as `unreachable` (timeout). */
  idleTimeoutMs?: number;
};

/** A media answer whose signature verified: the head, and the body still to be read. */
export type StreamedAnswer = {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** Maps what reading the body threw: the caller's stop as it is, else a HubClientError. */
  failure(error: unknown): unknown;
};

const MAX_REDIRECTIONS = 5;
/** Bodies smaller than this go as they are: gzip would save a few bytes and cost a header. */
export const COMPRESS_MIN_BYTES = 1024;
// A compressed answer may not grow beyond this when inflated (a pull page is well under it).
const INFLATED_MAX_BYTES = 64 * 1024 * 1024;
const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
// Protocol errors are a few hundred bytes; an error page bigger than this is cut for the message.
const ERROR_BODY_MAX_BYTES = 64 * 1024;
const SNIPPET_CHARS = 120;

/**
 * The dispatcher every request of a client goes through: the given one (a station with its
 * province's own certificate authority, a test trusting its own) or undici's global agent,
 * following redirects — a hub that moved to HTTPS, or behind a front that redirects. The
 * signature covers the path as sent, so a redirect must keep it; the answer at the end must
 * be signed by the hub all the same.
 */
export function hubDispatcher(dispatcher: Dispatcher | undefined): Dispatcher {
  return (dispatcher ?? getGlobalDispatcher()).compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

/** The first few schema problems as `path: message`, for the log. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Drops a body that will not be read to its end, closing its connection. undici reports the
 * abort as an 'error' on the body, which is expected here and not a failure of anything.
 */
export function dropBody(body: Dispatcher.ResponseData['body']): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

/** One header as a string (repeated headers joined), or null. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

type Sent = {
  url: string;
  target: URL;
  nonce: string | undefined;
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** Ends the time limit (once the answer, or its head for media, is in). */
  settle(): void;
  /** Maps what reading the body threw: the caller's stop as it is, else unreachable. */
  failure(error: unknown): unknown;
};

/**
 * The body as it goes on the wire: gzip from COMPRESS_MIN_BYTES (protocol §0). The request
 * signature covers these bytes, as the answer's covers the bytes the hub sent.
 */
async function wireBody(
  transport: Transport,
  request: HubRequest,
  headers: Record<string, string>,
): Promise<string | Buffer | undefined> {
  if (request.body === undefined) return undefined;
  headers['content-type'] = 'application/json';
  if (transport.compress === false || Buffer.byteLength(request.body) < COMPRESS_MIN_BYTES) return request.body;
  headers['content-encoding'] = 'gzip';
  return gzip(request.body);
}

async function send(transport: Transport, request: HubRequest): Promise<Sent> {
  // Resolved against the base, so a hub published under a path prefix works; the signature
  // covers the path and query exactly as they go on the wire.
  const target = new URL(request.path, transport.baseUrl);
  const url = target.toString();
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  const body = await wireBody(transport, request, headers);
  let nonce: string | undefined;
  if (request.signer) {
    const { stationId, privateKey, hubNow } = request.signer;
    Object.assign(
      headers,
      signRequest({
        method: request.method,
        path: `${target.pathname}${target.search}`,
        body,
        privateKey,
        stationId,
        now: hubNow(),
      }),
    );
    nonce = headers[AUTH_HEADERS.nonce];
  }

  // One time limit, ended by settle(): a hub that accepts the connection and then says
  // nothing is as unreachable as one that refuses it.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException(`No answer within ${transport.timeoutMs} ms`, 'TimeoutError')),
    transport.timeoutMs,
  );
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
  const failure = (error: unknown): unknown => {
    if (request.signal?.aborted) return request.signal.reason;
    if (deadline.signal.aborted) return unreachable(url, deadline.signal.reason, transport.timeoutMs);
    if (error instanceof HubClientError) return error;
    // An answer that is not HTTP at all (undici's parser errors): something else listens there.
    if ((error instanceof Error && error.name === 'HTTPParserError') || errorCode(error)?.startsWith('HPE_'))
      return new HubClientError({
        kind: 'bad_answer',
        url,
        cause: error,
        message: `The server at ${url} did not answer in HTTP (${(error as Error).message}). Is this the address of a Lectern hub?`,
      });
    return unreachable(url, error, transport.timeoutMs);
  };
  try {
    const answer = await undiciRequest(url, {
      method: request.method,
      headers,
      body,
      signal,
      dispatcher: transport.dispatcher,
      ...(request.idleTimeoutMs !== undefined ? { bodyTimeout: request.idleTimeoutMs } : {}),
    });
    return {
      url,
      target,
      nonce,
      status: answer.statusCode,
      headers: answer.headers,
      body: answer.body,
      settle: () => clearTimeout(timer),
      failure,
    };
  } catch (error) {
    clearTimeout(timer);
    throw failure(error);
  }
}

/** The whole body, at most `limit` bytes (the rest is dropped and the connection closed). */
async function readBody(sent: Sent, limit = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of sent.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= limit) {
        dropBody(sent.body);
        break;
      }
    }
  } catch (error) {
    throw sent.failure(error);
  } finally {
    sent.settle();
  }
  return Buffer.concat(chunks);
}

/** Step 2: an answer to a signed request that our hub did not sign for it is refused whole. */
function untrusted(sent: Sent, signature: string | null, bytes?: Buffer): HubClientError {
  const type = headerValue(sent.headers, 'content-type') ?? 'no content type';
  const text = bytes && !isMediaAnswerStatus(sent.status) ? `: "${snippet(bytes.toString('utf8'))}"` : '';
  return new HubClientError({
    kind: 'untrusted',
    url: sent.url,
    status: sent.status,
    message: `The answer from ${sent.url} (HTTP ${sent.status}, ${type}) is not signed by the hub this station enrolled with (${signature ? 'bad signature' : 'no signature'})${text}. The address may point at another server, or a proxy or login page is in the way.`,
  });
}

/** Steps 3–5 for an answer whose body is in (and, to a signed request, verified). */
function judge<S extends z.ZodType>(sent: Sent, request: HubRequest, bytes: Buffer, schema: S): z.infer<S> {
  const { url, status, target } = sent;
  const text = bytes.toString('utf8');
  const contentType = headerValue(sent.headers, 'content-type') ?? 'no content type';
  // A hub under load after an outage may ask stations to come back later (protocol §1).
  const wait =
    status >= 500 || status === 429
      ? (retryAfterMs(headerValue(sent.headers, 'retry-after'), Date.now()) ?? undefined)
      : undefined;

  if (request.method === 'HEAD' && status >= 400)
    // No body to carry the protocol's code: the (verified) status is all there is.
    throw new HubClientError({
      kind: status >= 500 ? 'hub_error' : 'refused',
      url,
      status,
      retryAfterMs: wait,
      message: `The hub answered HTTP ${status} to HEAD ${target.pathname}`,
    });

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (status >= 500)
      throw new HubClientError({
        kind: 'hub_error',
        url,
        status,
        retryAfterMs: wait,
        message: `The hub at ${url} failed (HTTP ${status}): "${snippet(text)}"`,
      });
    throw new HubClientError({
      kind: 'bad_answer',
      url,
      status,
      message: `The server at ${url} answered HTTP ${status} (${contentType}) with something that is not JSON: "${snippet(text)}". Is this the address of a Lectern hub, or is a proxy or login page in the way?`,
    });
  }

  if (status >= 400) {
    const refusal = ErrorBodySchema.safeParse(json);
    const code = refusal.success ? (refusal.data.code as ErrorCode) : undefined;
    const said = refusal.success ? `${refusal.data.code}: ${refusal.data.message}` : snippet(text);
    if (status >= 500)
      throw new HubClientError({
        kind: 'hub_error',
        url,
        status,
        code,
        retryAfterMs: wait,
        message: `The hub at ${url} failed (HTTP ${status}, ${said})`,
      });
    if (!code || !(code in ERRORS))
      throw new HubClientError({
        kind: 'bad_answer',
        url,
        status,
        message: `The hub at ${url} answered HTTP ${status} without a protocol error body: "${said}"`,
      });
    throw new HubClientError({
      kind: 'refused',
      url,
      status,
      code,
      retryAfterMs: wait,
      details: refusal.success ? refusal.data.details : undefined,
      message: `The hub refused ${request.method} ${target.pathname} (HTTP ${status} ${said}). ${ERRORS[code].what}`,
    });
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new HubClientError({
      kind: 'bad_answer',
      url,
      status,
      message: `The hub's answer to ${request.method} ${target.pathname} does not match protocol v1: ${describeIssues(parsed.error)}`,
    });
  }
  return parsed.data;
}

/**
 * The body of a compressed answer inflated — after its signature was checked over the bytes
 * as sent, so nothing a stranger sent is ever inflated.
 */
async function decoded(sent: Sent, bytes: Buffer): Promise<Buffer> {
  const encoding = headerValue(sent.headers, 'content-encoding');
  if (encoding === null || encoding === 'identity' || bytes.length === 0) return bytes;
  if (encoding !== 'gzip')
    throw new HubClientError({
      kind: 'bad_answer',
      url: sent.url,
      status: sent.status,
      message: `The hub answered with content encoding "${encoding}", which protocol v1 does not use (gzip only)`,
    });
  try {
    return await gunzip(bytes, { maxOutputLength: INFLATED_MAX_BYTES });
  } catch (error) {
    throw new HubClientError({
      kind: 'bad_answer',
      url: sent.url,
      status: sent.status,
      cause: error,
      message: `The hub's gzip answer from ${sent.url} does not inflate: ${(error as Error).message}`,
    });
  }
}

/** A JSON exchange: the answer, checked, parsed and validated against `schema`. */
export async function requestJson<S extends z.ZodType>(
  transport: Transport,
  request: HubRequest,
  schema: S,
): Promise<z.infer<S>> {
  const sent = await send(transport, {
    ...request,
    headers: transport.compress === false ? request.headers : { 'accept-encoding': 'gzip', ...request.headers },
  });
  const bytes = await readBody(sent);
  if (request.signer && sent.nonce !== undefined) {
    const signature = headerValue(sent.headers, HUB_SIGNATURE_HEADER);
    // Verified over the bytes received, not the decoded text, which could differ.
    const trusted = verifyResponse({
      status: sent.status,
      requestNonce: sent.nonce,
      body: request.method === 'HEAD' ? '' : bytes,
      signature,
      hubPublicKey: request.signer.hubPublicKey,
    });
    if (!trusted) throw untrusted(sent, signature, bytes);
  }
  return judge(sent, request, await decoded(sent, bytes), schema);
}

/**
 * A signed media exchange (GET|HEAD /v1/media/…): a 200, 206 or 304 whose head the hub signed
 * is handed back with its body unread; every other answer is read and thrown as the
 * HubClientError it amounts to (a 416 is `refused` with `range_not_satisfiable`).
 */
export async function requestMedia(
  transport: Transport,
  request: HubRequest & { signer: Signer },
): Promise<StreamedAnswer> {
  const sent = await send(transport, request);
  const signature = headerValue(sent.headers, HUB_SIGNATURE_HEADER);
  if (isMediaAnswerStatus(sent.status)) {
    sent.settle();
    const trusted = verifyMediaResponse({
      status: sent.status,
      requestNonce: sent.nonce!,
      headers: Object.fromEntries(MEDIA_SIGNED_HEADERS.map((name) => [name, headerValue(sent.headers, name)])),
      signature,
      hubPublicKey: request.signer.hubPublicKey,
    });
    if (!trusted) {
      dropBody(sent.body);
      throw untrusted(sent, signature);
    }
    return { url: sent.url, status: sent.status, headers: sent.headers, body: sent.body, failure: sent.failure };
  }
  const bytes = await readBody(sent, ERROR_BODY_MAX_BYTES);
  const trusted = verifyResponse({
    status: sent.status,
    requestNonce: sent.nonce!,
    body: request.method === 'HEAD' ? '' : bytes,
    signature,
    hubPublicKey: request.signer.hubPublicKey,
  });
  if (!trusted) throw untrusted(sent, signature, bytes);
  judge(sent, request, await decoded(sent, bytes), ErrorBodySchema);
  // A signed 2xx other than 200/206/304, or a 3xx the redirect handler did not follow.
  throw new HubClientError({
    kind: 'bad_answer',
    url: sent.url,
    status: sent.status,
    message: `The hub answered HTTP ${sent.status} to ${request.method} ${sent.target.pathname}, which protocol v1 does not allow for media`,
  });
}
