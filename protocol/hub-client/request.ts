// One HTTP exchange with the hub, checked in the order that gives a technician the most
// useful message: did anything answer (unreachable)? Is the answer JSON at all (bad_answer —
// typically a proxy's or captive portal's HTML page)? Is it signed by our hub (untrusted)?
// Is it a refusal with a protocol code (refused / hub_error)? Does it match the protocol's
// schema (bad_answer)? Nothing the hub sends is used before every check has passed.
import type { z } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.ts';
import { AUTH_HEADERS, HUB_SIGNATURE_HEADER, signRequest, verifyResponse } from '../request-auth.ts';
import { ErrorBodySchema } from '../wire.ts';
import { HubClientError, retryAfterMs, unreachable } from './errors.ts';

/** The subset of fetch the client uses; tests and the station may pass their own. */
export type HubFetch = (input: string, init: RequestInit) => Promise<Response>;

export type Signer = {
  stationId: string;
  privateKey: string;
  hubPublicKey: string;
  /** The station's estimate of hub time, Unix ms (clock + measured offset). */
  hubNow: () => number;
};

export type HubRequest = {
  baseUrl: string;
  method: 'GET' | 'POST';
  /** Relative to the base URL, e.g. `v1/streams/courses?cursor=12`. */
  path: string;
  body?: string;
  fetch: HubFetch;
  timeoutMs: number;
  signer?: Signer;
};

const SNIPPET_CHARS = 120;

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

export async function requestJson<S extends z.ZodType>(request: HubRequest, schema: S): Promise<z.infer<S>> {
  // Resolved against the base, so a hub published under a path prefix works; the signature
  // covers the path and query exactly as they go on the wire.
  const target = new URL(request.path, request.baseUrl);
  const url = target.toString();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let nonce: string | undefined;
  if (request.signer) {
    const { stationId, privateKey, hubNow } = request.signer;
    Object.assign(
      headers,
      signRequest({
        method: request.method,
        path: `${target.pathname}${target.search}`,
        body: request.body,
        privateKey,
        stationId,
        now: hubNow(),
      }),
    );
    nonce = headers[AUTH_HEADERS.nonce];
  }

  let status: number;
  let contentType: string;
  let signature: string | null;
  let retryAfter: string | null;
  let bytes: Buffer;
  try {
    // The timeout covers the body too: a hub that stalls mid-answer is as unreachable as one
    // that never answers.
    const response = await request.fetch(url, {
      method: request.method,
      headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    status = response.status;
    contentType = response.headers.get('content-type') ?? 'no content type';
    signature = response.headers.get(HUB_SIGNATURE_HEADER);
    retryAfter = response.headers.get('retry-after');
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw unreachable(url, error, request.timeoutMs);
  }
  const text = bytes.toString('utf8');
  // A hub under load after an outage may ask stations to come back later (protocol §1).
  const wait = status >= 500 || status === 429 ? (retryAfterMs(retryAfter, Date.now()) ?? undefined) : undefined;

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

  if (request.signer && nonce !== undefined) {
    // Verified over the bytes received, not the decoded text, which could differ.
    if (
      !verifyResponse({
        status,
        requestNonce: nonce,
        body: bytes,
        signature,
        hubPublicKey: request.signer.hubPublicKey,
      })
    ) {
      throw new HubClientError({
        kind: 'untrusted',
        url,
        status,
        message: `The answer from ${url} is not signed by the hub this station enrolled with (${signature ? 'bad signature' : 'no signature'}). The address may point at another hub, or something between altered the answer.`,
      });
    }
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
    if (!code)
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
