// The one hub client (docs/protocol.md) — of the station, the conformance suite and the
// benchmarks alike: enrollment and hub time (public), and the signed pull, push, heartbeat
// and media. Signing, the check of the hub's signature on every answer to a signed request,
// time limits, error mapping and the clock-offset measurement are written once, here and in
// request.ts. Every JSON answer is validated against protocol/wire.ts before it is returned;
// every failure is a HubClientError (errors.ts). Persistence and backoff belong to the callers
// (main/hub-link), which is why this module holds no state beyond the measured clock offset.
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { sign } from '../crypto.ts';
import type { SignedEvent } from '../events.ts';
import {
  EnrollCheckRequestSchema,
  EnrollCheckResponseSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ReenrollRequestSchema,
  reenrollProofString,
  HeartbeatResponseSchema,
  PushResponseSchema,
  STREAM_SCHEMAS,
  StreamPageSchema,
  TimeResponseSchema,
} from '../wire.ts';
import type {
  EnrollCheckResponse,
  EnrollResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  PushResponse,
  StreamName,
  StreamRecord,
} from '../wire.ts';
import { HubClientError } from './errors.ts';
import {
  describeIssues,
  dropBody,
  headerValue,
  hubDispatcher,
  requestJson,
  requestMedia,
  type HubRequest,
  type StreamedAnswer,
  type Transport,
} from './request.ts';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** How long a media body may send nothing before the download is given up on. */
export const DEFAULT_MEDIA_IDLE_MS = 60_000;

export type Connection = {
  baseUrl: string;
  /**
   * undici dispatcher to send through (default: undici's global agent, the system's
   * certificate authorities). A station whose hub has a certificate of the province's own
   * authority, or a test trusting its own, passes an Agent with `connect: { ca }`.
   */
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  /** The station's wall clock, Unix ms (tests replace it). */
  now?: () => number;
  /** gzip request bodies and accept gzip answers (protocol §0); true by default. */
  compress?: boolean;
};

export type HubTime = {
  hubTime: number;
  /** hub time − station clock, assuming the answer was made halfway through the round trip. */
  clockOffsetMs: number;
  roundTripMs: number;
};

export type EnrollmentInput = Connection & {
  siteCode: string;
  /** The one-time enrollment token the hub administrator handed the technician. */
  token: string;
  /** The station's Ed25519 public key (base64 raw, station-identity). */
  publicKey: string;
  /** How the hub lists this station, e.g. "城关镇党校 1号教室". */
  name: string;
  appVersion: string;
};

export type Enrollment = EnrollResponse & { hubUrl: string; clockOffsetMs: number };

export type ReenrollmentInput = Omit<EnrollmentInput, 'publicKey'> & {
  stationId: string;
  /** The station's new key pair's public half. */
  publicKey: string;
  /** The key the station was enrolled with (revoked or not): it signs the hand-over. */
  previousPrivateKey: string;
  /** The station's last event when it asks (0 and the genesis hash for none). */
  head: { seq: number; hash: string };
};

export type StreamItem<S extends StreamName> =
  | { id: string; rev: number; deleted: false; data: StreamRecord<S> }
  | { id: string; rev: number; deleted: true; data: null };

export type PulledPage<S extends StreamName> = { stream: S; items: StreamItem<S>[]; cursor: string; hasMore: boolean };

export type MediaRequest = {
  /** `bytes=a-b`, `bytes=a-` or `bytes=-n` (protocol §5). */
  range?: string;
  /** With `range`: the ETag the bytes held belong to; another one gets the whole file (200). */
  ifRange?: string;
  ifNoneMatch?: string;
  method?: 'GET' | 'HEAD';
  /** Stops the request or the body; the body then fails with the signal's reason. */
  signal?: AbortSignal;
  /** A body that sends nothing for this long fails as `unreachable` (timeout). */
  idleTimeoutMs?: number;
};

/**
 * A media answer whose status and headers the hub signed for this request. Its bytes are not
 * signed: the caller verifies them by their sha256 (the file's address).
 */
export type MediaAnswer = {
  status: 200 | 206 | 304;
  etag: string | null;
  contentRange: string | null;
  /** null when the body is not sent with a length (chunked). */
  contentLength: number | null;
  contentType: string | null;
  /**
   * The bytes (nothing for 304 and HEAD), read once. A connection lost or silent mid-body
   * throws a HubClientError (`unreachable`) after the bytes that came; a stop by the signal
   * throws its reason.
   */
  body: AsyncIterable<Buffer>;
  /** Drops a body that will not be read (frees the connection). */
  cancel(): void;
};

export type HubClientOptions = Connection & {
  stationId: string;
  privateKey: string;
  hubPublicKey: string;
  /** hub time − station clock from an earlier measurement; measureClock() refreshes it. */
  clockOffsetMs?: number;
};

export interface HubClient {
  readonly baseUrl: string;
  readonly stationId: string;
  readonly clockOffsetMs: number;
  /** Measures hub time and signs later requests with the new offset. */
  measureClock(): Promise<HubTime>;
  /** One page of a stream after `cursor` (null or absent: from the beginning). */
  pull<S extends StreamName>(stream: S, cursor?: string | null, limit?: number): Promise<PulledPage<S>>;
  /** POST /v1/events: 1–500 events of this station in contiguous ascending sequence (§7). */
  push(events: readonly SignedEvent[]): Promise<PushResponse>;
  /** POST /v1/heartbeat (§9). */
  heartbeat(body: HeartbeatRequest): Promise<HeartbeatResponse>;
  /** GET|HEAD /v1/media/<sha256> (§5); any answer but a signed 200, 206 or 304 is thrown. */
  media(sha256: string, request?: MediaRequest): Promise<MediaAnswer>;
}

function normalisedBase(baseUrl: string): string {
  // A base without a trailing slash would lose its last path segment when paths resolve.
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

function connection(options: Connection): Transport & { now: () => number } {
  return {
    baseUrl: normalisedBase(options.baseUrl),
    dispatcher: hubDispatcher(options.dispatcher),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    compress: options.compress ?? true,
    now: options.now ?? Date.now,
  };
}

/**
 * hub time − station clock from one exchange, assuming the hub read its clock halfway
 * through the round trip (protocol §3). The only place the offset is computed.
 */
function measuredOffset(hubTime: number, sent: number, received: number): number {
  return Math.round(hubTime - (sent + received) / 2);
}

export async function getHubTime(options: Connection): Promise<HubTime> {
  const { now, ...transport } = connection(options);
  const sent = now();
  const { hubTime } = await requestJson(transport, { method: 'GET', path: 'v1/time' }, TimeResponseSchema);
  const received = now();
  return { hubTime, clockOffsetMs: measuredOffset(hubTime, sent, received), roundTripMs: received - sent };
}

/**
 * Registers the station key with the hub using a one-time token. The answer is not signed
 * (the station does not know the hub's key yet): the token is what makes it trustworthy,
 * and the hub key it carries verifies everything after.
 */
export async function enrollStation(input: EnrollmentInput): Promise<Enrollment> {
  const { now, ...transport } = connection(input);
  const body = EnrollRequestSchema.safeParse({
    siteCode: input.siteCode,
    enrollmentToken: input.token,
    publicKey: input.publicKey,
    name: input.name,
    appVersion: input.appVersion,
  });
  if (!body.success) throw new TypeError(`Cannot enroll: ${describeIssues(body.error)}`);
  const sent = now();
  const answer = await requestJson(
    transport,
    { method: 'POST', path: 'v1/enroll', body: JSON.stringify(body.data) },
    EnrollResponseSchema,
  );
  const received = now();
  return { ...answer, hubUrl: transport.baseUrl, clockOffsetMs: measuredOffset(answer.hubTime, sent, received) };
}

/**
 * Asks the hub whether a site code and enrollment token would enroll a station, consuming
 * nothing: the technician's mistake is found while they are still at the station, before
 * a configuration is written. Public and unsigned, like enrollment itself.
 */
export async function checkEnrollment(
  input: Connection & { siteCode: string; token: string },
): Promise<EnrollCheckResponse> {
  const { now: _now, ...transport } = connection(input);
  const body = EnrollCheckRequestSchema.safeParse({ siteCode: input.siteCode, enrollmentToken: input.token });
  if (!body.success) throw new TypeError(`Cannot check the enrollment: ${describeIssues(body.error)}`);
  return requestJson(
    transport,
    { method: 'POST', path: 'v1/enroll/check', body: JSON.stringify(body.data) },
    EnrollCheckResponseSchema,
  );
}

/**
 * Enrolls the same station again under a new key (protocol §2b): its id and its ledger stay,
 * the hub links the new key to the old one — events up to the hand-over verify with the old
 * key, later ones with the new — and the old key authenticates nothing any more. Like
 * enrollment it is authorised by a one-time token, and its answer is trusted because the
 * hub key it carries must be the one the station already knows (the caller checks).
 */
export async function reenrollStation(input: ReenrollmentInput): Promise<Enrollment> {
  const { now, ...transport } = connection(input);
  const proof = sign(
    reenrollProofString({
      stationId: input.stationId,
      publicKey: input.publicKey,
      headSeq: input.head.seq,
      headHash: input.head.hash,
    }),
    input.previousPrivateKey,
  );
  const body = ReenrollRequestSchema.safeParse({
    siteCode: input.siteCode,
    enrollmentToken: input.token,
    stationId: input.stationId,
    publicKey: input.publicKey,
    headSeq: input.head.seq,
    headHash: input.head.hash,
    proof,
    name: input.name,
    appVersion: input.appVersion,
  });
  if (!body.success) throw new TypeError(`Cannot enroll again: ${describeIssues(body.error)}`);
  const sent = now();
  const answer = await requestJson(
    transport,
    { method: 'POST', path: 'v1/reenroll', body: JSON.stringify(body.data) },
    EnrollResponseSchema,
  );
  const received = now();
  if (answer.stationId !== input.stationId)
    throw new HubClientError({
      kind: 'bad_answer',
      url: new URL('v1/reenroll', transport.baseUrl).toString(),
      message: `Asked the hub to enroll station ${input.stationId} again, it answered for ${answer.stationId}`,
    });
  return { ...answer, hubUrl: transport.baseUrl, clockOffsetMs: measuredOffset(answer.hubTime, sent, received) };
}

function streamItems<S extends StreamName>(
  stream: S,
  items: z.infer<typeof StreamPageSchema>['items'],
  url: string,
): StreamItem<S>[] {
  // TypeScript cannot narrow the schema map by a generic key; the map is what defines StreamRecord.
  const schema = STREAM_SCHEMAS[stream] as unknown as z.ZodType<StreamRecord<S>>;
  return items.map((item) => {
    if (item.deleted) {
      if (item.data !== null)
        throw new HubClientError({
          kind: 'bad_answer',
          url,
          message: `The hub sent a ${stream} tombstone ${item.id} that carries data`,
        });
      return { id: item.id, rev: item.rev, deleted: true, data: null };
    }
    const data = schema.safeParse(item.data);
    if (!data.success)
      throw new HubClientError({
        kind: 'bad_answer',
        url,
        message: `The hub sent a ${stream} record ${item.id} that does not match protocol v1: ${describeIssues(data.error)}`,
      });
    // Records with an id must be filed under it, or an upsert would land on the wrong row.
    const recordId = (data.data as { id?: unknown }).id;
    if (recordId !== undefined && recordId !== item.id)
      throw new HubClientError({
        kind: 'bad_answer',
        url,
        message: `The hub sent ${stream} record ${String(recordId)} under id ${item.id}`,
      });
    return { id: item.id, rev: item.rev, deleted: false, data: data.data };
  });
}

function mediaAnswer(answer: StreamedAnswer, request: MediaRequest): MediaAnswer {
  const length = headerValue(answer.headers, 'content-length');
  const body = answer.body;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw answer.failure(error);
    } finally {
      // A reader that stops early (return()) leaves nothing open behind it.
      if (!body.readableEnded) dropBody(body);
    }
  }
  return {
    status: answer.status as MediaAnswer['status'],
    etag: headerValue(answer.headers, 'etag'),
    contentRange: headerValue(answer.headers, 'content-range'),
    contentLength: length !== null && /^\d{1,15}$/.test(length) ? Number(length) : null,
    contentType: headerValue(answer.headers, 'content-type'),
    body: request.method === 'HEAD' || answer.status === 304 ? emptyBody(body) : chunks(),
    cancel: () => dropBody(body),
  };
}

/** The body of a 304 or HEAD answer: nothing, consumed so the connection goes back to the pool. */
function emptyBody(body: StreamedAnswer['body']): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<Buffer>> {
        await body.dump().catch(() => undefined);
        return { done: true, value: undefined };
      },
    }),
  };
}

export function createHubClient(options: HubClientOptions): HubClient {
  const { now, ...transport } = connection(options);
  let clockOffsetMs = options.clockOffsetMs ?? 0;
  const signer = {
    stationId: options.stationId,
    privateKey: options.privateKey,
    hubPublicKey: options.hubPublicKey,
    hubNow: () => now() + clockOffsetMs,
  };

  async function measureClock(): Promise<HubTime> {
    const time = await getHubTime(options);
    clockOffsetMs = time.clockOffsetMs;
    return time;
  }

  /**
   * A signed exchange. A station clock that drifted (or was set wrong by hand) makes the hub
   * refuse the timestamp; measuring the offset again and retrying once cures it without a
   * person. The retry is signed afresh (new timestamp and nonce), so it is not a replay.
   */
  async function signed<T>(
    exchange: (request: HubRequest & { signer: typeof signer }) => Promise<T>,
    request: HubRequest,
  ): Promise<T> {
    try {
      return await exchange({ ...request, signer });
    } catch (error) {
      if (!(error instanceof HubClientError && error.code === 'auth_stale_timestamp')) throw error;
      await measureClock();
      return exchange({ ...request, signer });
    }
  }

  const signedJson = <S extends z.ZodType>(request: HubRequest, schema: S): Promise<z.infer<S>> =>
    signed((req) => requestJson(transport, req, schema), request);

  return {
    baseUrl: transport.baseUrl,
    stationId: options.stationId,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    measureClock,
    async pull<S extends StreamName>(stream: S, cursor?: string | null, limit?: number): Promise<PulledPage<S>> {
      const query = new URLSearchParams();
      if (cursor !== null && cursor !== undefined) query.set('cursor', cursor);
      if (limit !== undefined) query.set('limit', String(limit));
      const path = `v1/streams/${stream}${query.size > 0 ? `?${query}` : ''}`;
      const page = await signedJson({ method: 'GET', path }, StreamPageSchema);
      const url = new URL(path, transport.baseUrl).toString();
      if (page.stream !== stream)
        throw new HubClientError({
          kind: 'bad_answer',
          url,
          message: `Asked the hub for stream ${stream}, it answered with ${page.stream}`,
        });
      // The next request sends the cursor back as ?cursor=, which the protocol restricts.
      if (!/^\d{1,15}$/.test(page.cursor))
        throw new HubClientError({
          kind: 'bad_answer',
          url,
          message: `The hub sent cursor "${page.cursor.slice(0, 40)}", which is not a protocol v1 cursor`,
        });
      return { stream, items: streamItems(stream, page.items, url), cursor: page.cursor, hasMore: page.hasMore };
    },
    push: (events) =>
      signedJson({ method: 'POST', path: 'v1/events', body: JSON.stringify({ events }) }, PushResponseSchema),
    heartbeat: (body) =>
      signedJson({ method: 'POST', path: 'v1/heartbeat', body: JSON.stringify(body) }, HeartbeatResponseSchema),
    async media(sha256, request = {}) {
      const headers: Record<string, string> = { accept: '*/*' };
      if (request.range) headers.range = request.range;
      if (request.ifRange) headers['if-range'] = request.ifRange;
      if (request.ifNoneMatch) headers['if-none-match'] = request.ifNoneMatch;
      const answer = await signed((req) => requestMedia(transport, req), {
        method: request.method ?? 'GET',
        path: `v1/media/${encodeURIComponent(sha256)}`,
        headers,
        signal: request.signal,
        idleTimeoutMs: request.idleTimeoutMs ?? DEFAULT_MEDIA_IDLE_MS,
      });
      return mediaAnswer(answer, request);
    },
  };
}
