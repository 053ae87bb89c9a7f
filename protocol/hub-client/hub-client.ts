// The station's only way to talk to the hub (docs/protocol.md): enrollment, hub time, and
// the signed pull streams. Every answer is validated against protocol/wire.ts before it is
// returned, every failure is a HubClientError (errors.ts). Persistence, backoff and push
// belong to the callers (station-identity, catalog sync, the later sync service), which is
// why this module holds no state beyond the measured clock offset.
import type { z } from 'zod';
import {
  EnrollRequestSchema,
  EnrollResponseSchema,
  STREAM_SCHEMAS,
  StreamPageSchema,
  TimeResponseSchema,
} from '../wire.ts';
import type { EnrollResponse, StreamName, StreamRecord } from '../wire.ts';
import { HubClientError } from './errors.ts';
import { describeIssues, requestJson, type HubFetch } from './request.ts';

export const DEFAULT_TIMEOUT_MS = 15_000;

export type Connection = {
  baseUrl: string;
  fetch?: HubFetch;
  timeoutMs?: number;
  /** The station's wall clock, Unix ms (tests replace it). */
  now?: () => number;
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

export type StreamItem<S extends StreamName> =
  | { id: string; rev: number; deleted: false; data: StreamRecord<S> }
  | { id: string; rev: number; deleted: true; data: null };

export type PulledPage<S extends StreamName> = { stream: S; items: StreamItem<S>[]; cursor: string; hasMore: boolean };

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
  /** One page of a stream after `cursor` (null: from the beginning). */
  pull<S extends StreamName>(stream: S, cursor: string | null, limit?: number): Promise<PulledPage<S>>;
}

function normalisedBase(baseUrl: string): string {
  // A base without a trailing slash would lose its last path segment when paths resolve.
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

function connection(options: Connection) {
  return {
    baseUrl: normalisedBase(options.baseUrl),
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now ?? Date.now,
  };
}

export async function getHubTime(options: Connection): Promise<HubTime> {
  const { now, ...request } = connection(options);
  const sent = now();
  const { hubTime } = await requestJson({ ...request, method: 'GET', path: 'v1/time' }, TimeResponseSchema);
  const received = now();
  return { hubTime, clockOffsetMs: Math.round(hubTime - (sent + received) / 2), roundTripMs: received - sent };
}

/**
 * Registers the station key with the hub using a one-time token. The answer is not signed
 * (the station does not know the hub's key yet): the token is what makes it trustworthy,
 * and the hub key it carries verifies everything after.
 */
export async function enrollStation(input: EnrollmentInput): Promise<Enrollment> {
  const { now, ...request } = connection(input);
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
    { ...request, method: 'POST', path: 'v1/enroll', body: JSON.stringify(body.data) },
    EnrollResponseSchema,
  );
  const received = now();
  return { ...answer, hubUrl: request.baseUrl, clockOffsetMs: Math.round(answer.hubTime - (sent + received) / 2) };
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

export function createHubClient(options: HubClientOptions): HubClient {
  const { now, ...request } = connection(options);
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

  /** A signed exchange (GET pulls now; POST for push and heartbeat when sync adds them). */
  async function signedJson<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: string,
  ): Promise<z.infer<S>> {
    try {
      return await requestJson({ ...request, method, path, body, signer }, schema);
    } catch (error) {
      // A station clock that drifted (or was set wrong by hand) makes the hub refuse the
      // timestamp; measuring the offset again and retrying once cures it without a person.
      // The retry is signed afresh (new timestamp and nonce), so it is not a replay.
      if (!(error instanceof HubClientError && error.code === 'auth_stale_timestamp')) throw error;
      await measureClock();
      return requestJson({ ...request, method, path, body, signer }, schema);
    }
  }

  return {
    baseUrl: request.baseUrl,
    stationId: options.stationId,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    measureClock,
    async pull<S extends StreamName>(stream: S, cursor: string | null, limit?: number): Promise<PulledPage<S>> {
      const query = new URLSearchParams();
      if (cursor !== null) query.set('cursor', cursor);
      if (limit !== undefined) query.set('limit', String(limit));
      const path = `v1/streams/${stream}${query.size > 0 ? `?${query}` : ''}`;
      const page = await signedJson('GET', path, StreamPageSchema);
      const url = new URL(path, request.baseUrl).toString();
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
  };
}
