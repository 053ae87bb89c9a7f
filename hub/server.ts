// The reference hub: protocol v1 (docs/protocol.md) over Fastify, state in SQLite.
//
//   startHub({ dataDir, port = 0, host = '127.0.0.1', demo = true, now, logger, maxSkewMs, tls })
//     → Promise<{ url, hubPublicKey, admin, close() }>
//
// `url` is the base (http://127.0.0.1:PORT/, https:// with `tls`); protocol endpoints live
// under /v1/. `demo` seeds the demo site DEMO (small catalogue, roster, week schedule, rules
// v1) on first start; 'full' seeds the 2,600-course catalogue instead; false starts empty.
// `admin` (admin.ts) is the in-process administrator: createSite, createEnrollmentToken,
// publishCatalogChanges, publishRoster, publishSchedule, publishLiveChannels,
// publishRuleVersion, revokeStation, hoursReport, listStations, listConflicts, publishUpdate.
// `now` replaces the hub's clock (tests); everything the hub decides by time reads it. `tls`
// ({ key, cert } in PEM) serves HTTPS. Pushes pass admission control (admission.ts) and
// their events are checked on worker threads (event-check.ts); request and answer bodies may
// be gzip (protocol §0).
import fs from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ProtocolError } from '../protocol/errors.ts';
import {
  AUTH_HEADERS,
  DEFAULT_MAX_SKEW_MS,
  HUB_SIGNATURE_HEADER,
  isMediaAnswerStatus,
  MEDIA_SIGNED_HEADERS,
  NONCE_PATTERN,
  signMediaResponse,
  signResponse,
} from '../protocol/request-auth.ts';
import {
  API_PREFIX,
  EnrollCheckRequestSchema,
  EnrollRequestSchema,
  HeartbeatRequestSchema,
  LIMITS,
  PROTOCOL_VERSION,
  PushEnvelopeSchema,
  ReenrollRequestSchema,
  STREAMS,
  StreamQuerySchema,
} from '../protocol/wire.ts';
import type { EnrollResponse, HeartbeatResponse, StreamName } from '../protocol/wire.ts';
import { createAdmin } from './admin.ts';
import { createAdmission, RetryLater } from './admission.ts';
import { createEventChecker, defaultCheckThreads } from './event-check.ts';
import type { HubAdmin } from './admin.ts';
import { hubKeys, openHubDb } from './db.ts';
import type { HubDb } from './db.ts';
import { DEMO_LIVE_PATH, seedDemo } from './demo-seed.ts';
import { startDemoLiveSource } from './demo/live.ts';
import type { DemoLiveSource } from './demo/live.ts';
import { currentRules } from './hours.ts';
import { DEFAULT_CLOCK_BOUND_MS, pushEvents, type PlacedEvent } from './ingest.ts';
import { decideRange } from '../common/byte-range.ts';
import { getMedia } from './media.ts';
import { parseCursor, pullPage } from './records.ts';
import { authenticate, checkEnrollmentToken, enrollStation, pruneNonces, reenrollStation } from './stations.ts';
import type { StationRow } from './stations.ts';
import { updateFile } from './updates.ts';

export type HubOptions = {
  dataDir: string;
  port?: number;
  host?: string;
  demo?: boolean | 'full';
  now?: () => number;
  /** Fastify's structured request log on stdout (the CLI turns it on). */
  logger?: boolean;
  maxSkewMs?: number;
  /** Serve HTTPS with this PEM key and certificate (chain) instead of plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Worker threads that check pushed events (default: one per core, at most four; 0: on the main thread). */
  checkThreads?: number;
  /** Pushes worked on at once (default: twice the check threads); more wait, then get 503 hub_busy. */
  maxConcurrentPushes?: number;
  /** Pushes that may wait for a turn (default 64), and for how long (default 8 s). */
  pushQueue?: { max?: number; waitMs?: number };
  /**
   * Test seam: called before a station's push, pull or heartbeat is handled; what it throws is
   * the answer (the fault tests' 5xx bursts with Retry-After, signed like any answer).
   */
  beforeStationRequest?: (route: 'push' | 'pull' | 'heartbeat') => void | Promise<void>;
};

export type RunningHub = { url: string; hubPublicKey: string; admin: HubAdmin; close(): Promise<void> };

const HEARTBEAT_INTERVAL_SEC = 300;
const MEDIA_ROUTE = `${API_PREFIX}/media/:sha256`;

/** Whether any issue, also inside a union's branches, is an unknown field. */
function hasUnknownKeys(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.some(
    (issue) =>
      issue.code === 'unrecognized_keys' || (issue.code === 'invalid_union' && issue.errors.some(hasUnknownKeys)),
  );
}

/** Maps a zod failure to the protocol's codes: an unknown field is `unknown_field`. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 10)
    .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const unknown = hasUnknownKeys(result.error.issues);
  throw new ProtocolError(
    unknown ? 'unknown_field' : 'invalid_request',
    issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '),
    issues,
  );
}

function sendJson(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
/** JSON answers from this size are gzipped for a station that accepts it (protocol §0). */
const COMPRESS_ANSWERS_FROM_BYTES = 1024;

function acceptsGzip(request: FastifyRequest): boolean {
  const accepted = request.headers['accept-encoding'];
  return typeof accepted === 'string' && /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*($|,))[\d.]+)?\s*($|,)/i.test(accepted);
}

/** A request body as JSON text: inflated when it came gzipped, never beyond the body limit. */
async function inflatedBody(request: FastifyRequest, body: Buffer): Promise<Buffer> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new ProtocolError('unsupported_encoding', `Content-Encoding ${encoding}: gzip only`);
  try {
    return await gunzip(body, { maxOutputLength: LIMITS.bodyMaxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ProtocolError('payload_too_large', `The inflated body exceeds ${LIMITS.bodyMaxBytes} bytes`);
    throw new ProtocolError('malformed_json', 'The body is not valid gzip');
  }
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const now = options.now ?? Date.now;
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const db: HubDb = openHubDb(options.dataDir);
  const keys = hubKeys(db);
  const admin = createAdmin(db, options.dataDir, now);
  const checkThreads = options.checkThreads ?? defaultCheckThreads();
  const checker = createEventChecker({ threads: checkThreads });
  const admission = createAdmission({
    maxConcurrent: options.maxConcurrentPushes ?? Math.max(2, checkThreads * 2),
    maxQueued: options.pushQueue?.max,
    maxWaitMs: options.pushQueue?.waitMs,
  });
  try {
    if (options.demo !== false) await seedDemo(db, admin, options.demo === 'full' ? 'full' : 'small', now());
  } catch (error) {
    await checker.close();
    db.close();
    throw error;
  }

  // forceCloseConnections: close() must also end live streams and idle keep-alive sockets.
  // Fastify types an HTTPS instance apart from a plain one; the routes below use neither's
  // server, so both are handled as the plain type.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: LIMITS.bodyMaxBytes,
    forceCloseConnections: true,
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
  }) as unknown as FastifyInstance;
  // The raw body of each request: what the station signed, so it is hashed as received,
  // never re-serialised.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
    rawBodies.set(request, body);
    const text = (await inflatedBody(request, body)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProtocolError('malformed_json');
    }
  });
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(new ProtocolError('invalid_request', 'Bodies are application/json'), undefined),
  );

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    let protocolError: ProtocolError;
    if (error instanceof RetryLater) reply.header('retry-after', String(error.retryAfterSec));
    if (error instanceof ProtocolError) protocolError = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') protocolError = new ProtocolError('payload_too_large');
    else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      protocolError = new ProtocolError('malformed_json');
    else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
      protocolError = new ProtocolError('invalid_request', error.message);
    else {
      request.log.error(error);
      protocolError = new ProtocolError('internal');
    }
    sendJson(reply, JSON.stringify(protocolError.toBody()), protocolError.status);
  });
  app.setNotFoundHandler((request, reply) => {
    sendJson(
      reply,
      JSON.stringify(new ProtocolError('not_found', `No ${request.method} ${request.url.split('?')[0]}`).toBody()),
      404,
    );
  });
  // Every answer to a request that carries a nonce is signed, errors included, so a station
  // can trust a refusal (say, station_revoked) as much as data (protocol §4). JSON answers are
  // signed over their body — the empty body for HEAD, which Fastify strips after this hook;
  // media answers, which stream, over their status and the headers that describe the bytes
  // (§5): the bytes themselves are checked by their sha256 on the station.
  // A JSON answer is gzipped first for a station that accepts it, and signed over the bytes
  // as sent (protocol §0).
  app.addHook('onSend', async (request, reply, payload) => {
    let body: unknown = payload;
    if (
      typeof payload === 'string' &&
      request.method !== 'HEAD' &&
      Buffer.byteLength(payload) >= COMPRESS_ANSWERS_FROM_BYTES &&
      acceptsGzip(request)
    ) {
      body = await gzip(payload);
      reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    }
    const nonce = request.headers[AUTH_HEADERS.nonce];
    if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) return body;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      const sent = request.method === 'HEAD' ? '' : body;
      reply.header(HUB_SIGNATURE_HEADER, signResponse(reply.statusCode, nonce, sent, keys.privateKey));
    } else if (request.routeOptions.url === MEDIA_ROUTE && isMediaAnswerStatus(reply.statusCode)) {
      const headers = Object.fromEntries(
        MEDIA_SIGNED_HEADERS.map((name) => {
          const value = reply.getHeader(name);
          return [name, value === undefined ? null : String(value)];
        }),
      );
      reply.header(HUB_SIGNATURE_HEADER, signMediaResponse(reply.statusCode, nonce, headers, keys.privateKey));
    }
    return body;
  });

  function station(request: FastifyRequest): StationRow {
    return authenticate(db, {
      method: request.method,
      path: request.url,
      body: rawBodies.get(request),
      headers: request.headers,
      now: now(),
      maxSkewMs,
    });
  }

  app.get(`${API_PREFIX}`, async (_request, reply) =>
    sendJson(reply, JSON.stringify({ protocol: PROTOCOL_VERSION, hubPublicKey: keys.publicKey, streams: STREAMS })),
  );

  app.get(`${API_PREFIX}/time`, async (_request, reply) => sendJson(reply, JSON.stringify({ hubTime: now() })));

  app.post(`${API_PREFIX}/enroll/check`, async (request, reply) => {
    const body = parse(EnrollCheckRequestSchema, request.body);
    return sendJson(reply, JSON.stringify(checkEnrollmentToken(db, body, now())));
  });

  function enrollmentAnswer(
    request: FastifyRequest,
    stationId: string,
    site: { code: string; name: string; cardHashKey: string },
    rules: EnrollResponse['rules'],
  ): EnrollResponse {
    const origin = `${request.protocol}://${request.host}`;
    return {
      stationId,
      siteCode: site.code,
      siteName: site.name,
      hubPublicKey: keys.publicKey,
      cardHashKey: site.cardHashKey,
      rules,
      config: {
        heartbeatIntervalSec: HEARTBEAT_INTERVAL_SEC,
        pushBatchMax: LIMITS.pushBatchMax,
        pullPageMax: LIMITS.pullPageMax,
        maxSkewMs,
        updatesUrl: `${origin}${API_PREFIX}/updates/`,
      },
      hubTime: now(),
    };
  }

  app.post(`${API_PREFIX}/enroll`, async (request, reply) => {
    const body = parse(EnrollRequestSchema, request.body);
    // Read before the token is consumed: a hub without rules must not half-enroll a station.
    const rules = currentRules(db);
    const { station: enrolled, site } = enrollStation(db, body, now());
    return sendJson(reply, JSON.stringify(enrollmentAnswer(request, enrolled.id, site, rules)), 201);
  });

  app.post(`${API_PREFIX}/reenroll`, async (request, reply) => {
    const body = parse(ReenrollRequestSchema, request.body);
    const rules = currentRules(db);
    const { station: enrolled, site } = reenrollStation(db, body, now());
    return sendJson(reply, JSON.stringify(enrollmentAnswer(request, enrolled.id, site, rules)), 201);
  });

  app.get<{ Params: { stream: string } }>(`${API_PREFIX}/streams/:stream`, async (request, reply) => {
    const caller = station(request);
    await options.beforeStationRequest?.('pull');
    if (!(STREAMS as string[]).includes(request.params.stream))
      throw new ProtocolError('unknown_stream', `No stream ${request.params.stream}; streams: ${STREAMS.join(', ')}`);
    const query = parse(StreamQuerySchema, request.query);
    return sendJson(
      reply,
      pullPage(
        db,
        request.params.stream as StreamName,
        caller.site_code,
        parseCursor(query.cursor),
        query.limit ?? LIMITS.pullPageDefault,
      ),
    );
  });

  app.get<{ Params: { sha256: string } }>(MEDIA_ROUTE, async (request, reply) => {
    station(request);
    const row = /^[0-9a-f]{64}$/.test(request.params.sha256) ? getMedia(db, request.params.sha256) : undefined;
    if (!row || !fs.existsSync(row.file))
      throw new ProtocolError('not_found', `The hub holds no media ${request.params.sha256}`);
    const etag = `"${row.sha256}"`;
    reply.header('etag', etag).header('accept-ranges', 'bytes').header('cache-control', 'private, no-transform');
    const range = request.headers.range;
    if (!range && request.headers['if-none-match'] === etag) return reply.status(304).send();
    const ifRange = request.headers['if-range'];
    const decision = decideRange(row.size, etag, range, typeof ifRange === 'string' ? ifRange : undefined);
    if (decision.kind === 'unsatisfiable') {
      reply.header('content-range', `bytes */${row.size}`);
      throw new ProtocolError('range_not_satisfiable', `The file has ${row.size} bytes`);
    }
    reply.type(row.type);
    // Header values are strings so that what the onSend hook signs is what goes on the wire.
    if (decision.kind === 'full') {
      reply.header('content-length', String(row.size));
      return reply.status(200).send(fs.createReadStream(row.file));
    }
    reply
      .header('content-range', `bytes ${decision.start}-${decision.end}/${row.size}`)
      .header('content-length', String(decision.end - decision.start + 1));
    return reply.status(206).send(fs.createReadStream(row.file, { start: decision.start, end: decision.end }));
  });

  app.post(`${API_PREFIX}/events`, async (request, reply) => {
    const caller = station(request);
    const events = (request.body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > LIMITS.pushBatchMax)
      throw new ProtocolError('batch_too_large', `At most ${LIMITS.pushBatchMax} events per batch`);
    // The envelope only: each event is checked on its own, and a bad one is held apart (§7).
    parse(PushEnvelopeSchema, request.body);
    const placed = (request.body as { events: PlacedEvent[] }).events;
    const leave = await admission.enter(caller.id);
    try {
      await options.beforeStationRequest?.('push');
      const answer = await pushEvents(db, checker, caller, placed, now(), DEFAULT_CLOCK_BOUND_MS);
      return sendJson(reply, JSON.stringify(answer));
    } finally {
      leave();
    }
  });

  app.post(`${API_PREFIX}/heartbeat`, async (request, reply) => {
    const caller = station(request);
    await options.beforeStationRequest?.('heartbeat');
    const body = parse(HeartbeatRequestSchema, request.body);
    const at = now();
    const clockOffsetMs = at - body.clock;
    db.prepare(
      'UPDATE stations SET heartbeat = ?, last_seen_at = ?, clock_offset_ms = ?, app_version = ? WHERE id = ?',
    ).run(JSON.stringify(body), at, clockOffsetMs, body.appVersion, caller.id);
    const answer: HeartbeatResponse = {
      hubTime: at,
      clockOffsetMs,
      ackSeq: caller.ack_seq,
      rulesVersion: currentRules(db).version,
    };
    return sendJson(reply, JSON.stringify(answer));
  });

  app.get<{ Params: { file: string } }>(`${API_PREFIX}/updates/:file`, async (request, reply) => {
    const file = updateFile(options.dataDir, request.params.file);
    if (!file) throw new ProtocolError('not_found', `No update file ${request.params.file}`);
    reply.header('content-length', fs.statSync(file).size);
    reply.type(file.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream');
    return reply.send(fs.createReadStream(file));
  });

  // The demo live channel: ffmpeg starts on the first viewer, not with the hub (it costs a
  // core while it runs); without ffmpeg the channel answers live_unavailable, as a real
  // channel that is down would.
  let live: Promise<DemoLiveSource | null> | null = null;
  if (options.demo !== false) {
    app.get(DEMO_LIVE_PATH, async (request, reply) => {
      live ??= startDemoLiveSource().catch((error: unknown) => {
        request.log.error(error);
        live = null;
        return null;
      });
      const source = await live;
      if (!source) throw new ProtocolError('live_unavailable', 'The demo live source needs ffmpeg on PATH');
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-store' });
      const unsubscribe = source.stream(reply.raw);
      request.raw.on('close', unsubscribe);
    });
  }

  const pruneTimer = setInterval(() => pruneNonces(db, now()), 60_000);
  pruneTimer.unref();

  let address: string;
  try {
    address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    clearInterval(pruneTimer);
    await checker.close();
    db.close();
    throw error;
  }
  const url = `${address.replace('[::1]', '127.0.0.1')}/`;
  return {
    url,
    hubPublicKey: keys.publicKey,
    admin,
    async close() {
      clearInterval(pruneTimer);
      const source = await live;
      await source?.close();
      await app.close();
      await checker.close();
      db.close();
    },
  };
}
