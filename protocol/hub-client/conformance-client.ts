// A small protocol v1 client over fetch: enrollment, signed requests, response-signature
// checks. Used by the conformance suite and the bench, and meant for the station's sync
// service to build on (it adds the outbox, backoff and persistence).
import {
  ErrorBodySchema,
  EnrollResponseSchema,
  HeartbeatResponseSchema,
  PushResponseSchema,
  StreamPageSchema,
  TimeResponseSchema,
} from '../wire.ts';
import type {
  EnrollRequest,
  EnrollResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  PushResponse,
  StreamName,
  StreamPage,
} from '../wire.ts';
import { AUTH_HEADERS, HUB_SIGNATURE_HEADER, signRequest, verifyResponse } from '../request-auth.ts';
import type { SignedEvent } from '../events.ts';
import type { z } from 'zod';

/** A non-2xx answer: `code` is the protocol's stable error code (errors.ts). */
export class HubError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(`${status} ${code}: ${message}`);
    this.name = 'HubError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type StationCredentials = { stationId: string; privateKey: string; hubPublicKey: string };

export type RawResponse = { status: number; headers: Headers; body: Buffer };

export type HubClientOptions = {
  /** The hub's base URL, e.g. http://127.0.0.1:8640/ (endpoints are under /v1/). */
  baseUrl: string;
  credentials?: StationCredentials;
  /** hub time − station clock, from GET /v1/time; added to the clock when signing. */
  clockOffsetMs?: number;
  now?: () => number;
};

export function createHubClient(options: HubClientOptions) {
  const base = new URL(options.baseUrl);
  const clock = options.now ?? Date.now;
  let credentials = options.credentials;
  let clockOffsetMs = options.clockOffsetMs ?? 0;

  /** `/v1/…` under the base URL's path; the signature covers the full path as sent. */
  async function raw(
    method: string,
    pathAndQuery: string,
    init: { body?: string; headers?: Record<string, string>; signed?: boolean } = {},
  ): Promise<RawResponse> {
    const url = new URL(base.pathname.replace(/\/$/, '') + pathAndQuery, base);
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let nonce: string | undefined;
    if (init.signed !== false && credentials) {
      Object.assign(
        headers,
        signRequest({
          method,
          path: url.pathname + url.search,
          body: init.body,
          privateKey: credentials.privateKey,
          stationId: credentials.stationId,
          now: clock() + clockOffsetMs,
        }),
      );
      nonce = headers[AUTH_HEADERS.nonce];
    }
    const response = await fetch(url, { method, headers, body: init.body });
    const body = Buffer.from(await response.arrayBuffer());
    if (nonce && credentials && response.headers.get('content-type')?.startsWith('application/json')) {
      const ok = verifyResponse({
        status: response.status,
        requestNonce: nonce,
        body,
        signature: response.headers.get(HUB_SIGNATURE_HEADER),
        hubPublicKey: credentials.hubPublicKey,
      });
      if (!ok)
        throw new HubError(response.status, 'hub_signature_invalid', 'The answer is not signed by the enrolled hub');
    }
    return { status: response.status, headers: response.headers, body };
  }

  async function json<S extends z.ZodType>(
    schema: S,
    method: string,
    pathAndQuery: string,
    init: { body?: string; signed?: boolean } = {},
  ): Promise<z.infer<S>> {
    const response = await raw(method, pathAndQuery, init);
    const text = response.body.toString('utf8');
    if (response.status >= 400) {
      const error = ErrorBodySchema.safeParse(JSON.parse(text || '{}'));
      throw error.success
        ? new HubError(response.status, error.data.code, error.data.message, error.data.details)
        : new HubError(response.status, 'unexpected', text.slice(0, 200));
    }
    return schema.parse(JSON.parse(text));
  }

  return {
    raw,
    get credentials() {
      return credentials;
    },
    /** Measures hub time − local clock (half the round trip assumed each way) and uses it for signing. */
    async syncClock(): Promise<number> {
      const sent = clock();
      const { hubTime } = await json(TimeResponseSchema, 'GET', '/v1/time', { signed: false });
      clockOffsetMs = Math.round(hubTime - (sent + clock()) / 2);
      return clockOffsetMs;
    },
    /** Enrolls and keeps the credentials for the following requests. */
    async enroll(request: EnrollRequest, privateKey: string): Promise<EnrollResponse> {
      const answer = await json(EnrollResponseSchema, 'POST', '/v1/enroll', {
        body: JSON.stringify(request),
        signed: false,
      });
      credentials = { stationId: answer.stationId, privateKey, hubPublicKey: answer.hubPublicKey };
      clockOffsetMs = answer.hubTime - clock();
      return answer;
    },
    pull(stream: StreamName, cursor?: string, limit?: number): Promise<StreamPage> {
      const query = new URLSearchParams();
      if (cursor !== undefined) query.set('cursor', cursor);
      if (limit !== undefined) query.set('limit', String(limit));
      const qs = query.toString();
      return json(StreamPageSchema, 'GET', `/v1/streams/${stream}${qs ? `?${qs}` : ''}`);
    },
    push(events: readonly SignedEvent[]): Promise<PushResponse> {
      return json(PushResponseSchema, 'POST', '/v1/events', { body: JSON.stringify({ events }) });
    },
    heartbeat(body: HeartbeatRequest): Promise<HeartbeatResponse> {
      return json(HeartbeatResponseSchema, 'POST', '/v1/heartbeat', { body: JSON.stringify(body) });
    },
    media(sha256: string, headers: Record<string, string> = {}): Promise<RawResponse> {
      return raw('GET', `/v1/media/${sha256}`, { headers });
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
