// The one sync engine: all traffic with the hub but media. A sync is one cycle —
//   connect (enroll if needed) → hub time (the clock offset, saved) → push the ledger's
//   backlog in sequence-ordered batches (push.ts) → heartbeat when due (heartbeat.ts) →
//   pull catalogue, roster, schedule, live channels and rules by cursor when due
//   (catalog-pull.ts; then the coming week's lessons are queued for download)
// — and runs when the link comes up, every few seconds while events wait, after every class
// closes (syncSoon), when a technician asks (syncNow), and otherwise when the heartbeat or the
// pull falls due. A failed cycle is tried again after an exponential backoff with jitter (so
// a county's stations do not return together), never sooner than the hub's Retry-After. A
// revoked key stops it until the station is enrolled again. What it did is kept in
// sync-status.json (sync-record.ts), so a restart still knows when it last synced.
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import type { HeartbeatDevice } from '../../protocol/wire.ts';
import { scheduledMedia } from '../library/catalog/lesson-media.ts';
import type { MediaService } from '../library/media/media-service.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { prepared } from '../storage/sql.ts';
import { syncCatalog } from './catalog-pull.ts';
import { heartbeatBody, type LedgerHealth } from './heartbeat.ts';
import { conflictRecords, outboxState, quarantinedEvents, syncOutcomeCounts, vouchedSeq } from './outbox.ts';
import { pushBacklog } from './push.ts';
import { readSyncRecord, writeSyncRecord, type SyncRecord } from './sync-record.ts';

export type SyncTimings = {
  /** While events wait to be pushed. */
  backlogMs: number;
  /** Catalogue pull (the heartbeat has its own interval from the enrollment config). */
  pullMs: number;
  heartbeatMs: number;
  /** After a class closed. */
  soonMs: number;
  /** Backoff: first retry, and the longest wait while the hub cannot be reached. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** The wait after a refusal nothing automatic cures (a person must act). */
  refusedRetryMs: number;
};

export const DEFAULT_TIMINGS: SyncTimings = {
  backlogMs: 5_000,
  pullMs: 10 * 60_000,
  heartbeatMs: 5 * 60_000,
  soonMs: 2_000,
  retryBaseMs: 2_000,
  retryMaxMs: 2 * 60_000,
  refusedRetryMs: 30 * 60_000,
};
const SCHEDULE_LOOKAHEAD_DAYS = 7;
const PUSH_BATCH_MIN = 25;
const RECENT = 20;
// Progress is published at most this often; a phase change always is.
const PROGRESS_EVERY_MS = 250;

export interface SyncEngineOptions {
  dataDir: string;
  catalog: Database.Database;
  ledger: Database.Database;
  mode: SyncStatus['mode'];
  hubUrl: string;
  /** The enrolled station's client; enrolls first if needed. */
  client: () => Promise<HubClient>;
  media: MediaService | null;
  bus: EventBus;
  log: Logger;
  appVersion: string;
  /** Today (YYYY-MM-DD) on the station calendar: the day the schedule lookahead starts. */
  today: () => string;
  /** Events per push; the hub's pushBatchMax. */
  pushBatchMax?: number;
  devices?: () => HeartbeatDevice[];
  ledgerHealth?: () => LedgerHealth['state'];
  /** The newest verified backup of the ledger, for the status. */
  backup?: () => SyncStatus['backup'];
  /** The hub vouches for events 1…seq (it verified them): the ledger's checkpoint may move up. */
  onAcknowledged?: (seq: number) => void;
  /** A new clock offset was measured (hub time − station clock). */
  onClockOffset?: (offsetMs: number) => void;
  /** After a catalogue pull was applied (the roster or rules may have changed). */
  onPulled?: () => void;
  timings?: Partial<SyncTimings>;
  now?: () => number;
  random?: () => number;
}

export interface SyncEngine {
  status(): SyncStatus;
  /** A full sync now — push, heartbeat, pull — even during a backoff; answers the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** A sync within a couple of seconds (a class closed); the hub's Retry-After still holds. */
  syncSoon(): void;
  start(): void;
  /** After the station enrolled again: the revoked state ends and a sync follows. */
  resume(): void;
  stop(): Promise<void>;
}

type Failure = {
  state: Exclude<SyncStatus['state'], 'idle' | 'syncing'>;
  code: string;
  message: string;
  reachedHub: boolean;
  /** Nothing automatic cures it: retried rarely, and only to notice that a person fixed it. */
  permanent: boolean;
  retryAfterMs: number | null;
};

export function describeFailure(error: unknown): Failure {
  const failure = (f: Omit<Failure, 'retryAfterMs' | 'permanent'> & Partial<Failure>): Failure => ({
    retryAfterMs: null,
    permanent: false,
    ...f,
  });
  if (!(error instanceof HubClientError))
    return failure({
      state: 'error',
      code: 'internal',
      message: error instanceof Error ? error.message : String(error),
      reachedHub: false,
    });
  const { message, retryAfterMs } = error;
  switch (error.kind) {
    case 'unreachable':
      return failure({ state: 'offline', code: error.reason ?? 'unreachable', message, reachedHub: false });
    case 'untrusted':
      // Something answered, but not our hub (a login page, a proxy): the hub is not reached.
      return failure({ state: 'offline', code: 'untrusted', message, reachedHub: false });
    case 'bad_answer':
      return failure({ state: 'error', code: 'bad_answer', message, reachedHub: false });
    case 'hub_error':
      return failure({ state: 'error', code: error.code ?? 'hub_error', message, reachedHub: true, retryAfterMs });
    case 'refused':
      if (error.code === 'station_revoked')
        return failure({ state: 'revoked', code: 'station_revoked', message, reachedHub: true, permanent: true });
      if (error.retryable)
        return failure({ state: 'error', code: error.code ?? 'refused', message, reachedHub: true, retryAfterMs });
      return failure({ state: 'refused', code: error.code ?? 'refused', message, reachedHub: true, permanent: true });
  }
}

function catalogCounts(db: Database.Database): SyncStatus['counts'] {
  const count = (table: string) =>
    prepared<[], number>(db, `SELECT count(*) FROM ${table}`, { pluck: true }).get() ?? 0;
  return {
    courses: count('courses'),
    lessons: count('lessons'),
    learners: count('learners'),
    classes: count('schedule'),
  };
}

function rulesVersion(db: Database.Database): number {
  return prepared<[], number | null>(db, 'SELECT MAX(version) FROM hour_rules', { pluck: true }).get() ?? 0;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const age = (at: string | null, now: number) => (at === null ? Infinity : now - Date.parse(at));

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { ledger, log } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const batchMax = options.pushBatchMax ?? 500;

  let record: SyncRecord = readSyncRecord(options.dataDir);
  let batchSize = batchMax;
  let failures = 0;
  let lastFailure: Failure | null = null;
  let notBefore = 0; // the hub's Retry-After, as a time
  let revoked = record.lastAttempt?.state === 'revoked';
  let running: Promise<void> | null = null;
  let runningForced = false;
  let timer: NodeJS.Timeout | null = null;
  let watch: NodeJS.Timeout | null = null;
  let nextAt: number | null = null;
  let started = false;
  let stopped = false;
  let progress: SyncStatus['progress'] = null;
  let lastProgressAt = 0;
  const abort = new AbortController();

  function status(): SyncStatus {
    const outbox = outboxState(ledger);
    const outcomes = syncOutcomeCounts(ledger);
    return {
      mode: options.mode,
      hubUrl: options.hubUrl,
      // A cycle reports its first step before run() holds its promise: progress says it runs too.
      state: running || progress ? 'syncing' : (record.lastAttempt?.state ?? 'offline'),
      online: record.lastAttempt?.reachedHub ?? null,
      lastAttemptAt: record.lastAttempt?.at ?? null,
      lastSuccessAt: record.lastSuccessAt,
      lastMoved: record.lastMoved,
      nextAttemptAt: iso(nextAt),
      lastError: record.lastAttempt?.error ?? null,
      pending: {
        events: Math.max(0, outbox.headSeq - outbox.ackedSeq),
        downloads: options.media?.queue().length ?? 0,
      },
      quarantine: {
        count: outcomes.quarantined,
        recent: quarantinedEvents(ledger, RECENT).map((q) => ({ ...q, reportedAt: iso(q.reportedAt)! })),
      },
      conflicts: {
        count: outcomes.conflicts,
        recent: conflictRecords(ledger, RECENT).map((c) => ({ ...c, reportedAt: iso(c.reportedAt)! })),
      },
      hubAhead: record.hubAhead,
      progress,
      backup: options.backup?.() ?? null,
      counts: catalogCounts(options.catalog),
    };
  }
  const publish = () => options.bus.publish('sync.statusChanged', status());

  function report(next: NonNullable<SyncStatus['progress']>): void {
    const phaseChanged = progress?.phase !== next.phase;
    progress = next;
    // A phase's start and its end are always shown; steps between them at most every PROGRESS_EVERY_MS.
    const finished = next.total > 0 && next.done >= next.total;
    if (phaseChanged || finished || now() - lastProgressAt >= PROGRESS_EVERY_MS) {
      lastProgressAt = now();
      publish();
    }
  }

  const backlog = () => {
    const outbox = outboxState(ledger);
    return outbox.headSeq - outbox.ackedSeq;
  };

  async function push(client: HubClient): Promise<number> {
    report({ phase: 'push', done: 0, total: backlog() });
    const summary = await pushBacklog(ledger, client, {
      batchSize,
      signal: abort.signal,
      now,
      onProgress: (p) => report({ phase: 'push', done: p.sent, total: p.total }),
      onAcknowledged: (ackSeq) => options.onAcknowledged?.(vouchedSeq(ledger, ackSeq)),
    });
    record.hubAhead = summary.hubAhead ?? (summary.sent > 0 ? null : record.hubAhead);
    if (summary.rejected > 0 || summary.conflicts > 0)
      log.warn('sync.push_outcomes', {
        rejected: summary.rejected,
        conflicts: summary.conflicts,
        ackSeq: summary.ackSeq,
      });
    batchSize = Math.min(batchMax, batchSize * 2);
    return summary.accepted;
  }

  /** Sends the heartbeat; true when the hub has rules this station lacks. */
  async function heartbeat(client: HubClient): Promise<boolean> {
    report({ phase: 'heartbeat', done: 0, total: 1 });
    const beat = await client.heartbeat(
      heartbeatBody({
        appVersion: options.appVersion,
        dataDir: options.dataDir,
        devices: options.devices ?? (() => []),
        pending: () => ({ events: backlog(), media: options.media?.queue().length ?? 0 }),
        ledger: () => ({
          state: options.ledgerHealth?.() ?? 'ok',
          headSeq: outboxState(ledger).headSeq,
          quarantined: syncOutcomeCounts(ledger).quarantined,
        }),
        now,
      }),
    );
    record.lastHeartbeatAt = iso(now());
    // (Its ackSeq is not taken as an acknowledgement: only a push answer says the hub holds
    // these very events, and a push reports any it holds differently as conflicts.)
    return beat.rulesVersion > rulesVersion(options.catalog);
  }

  async function pull(client: HubClient): Promise<number> {
    report({ phase: 'pull', done: 0, total: 0 });
    let pulled = 0;
    await syncCatalog(options.catalog, client, {
      signal: abort.signal,
      onProgress: (page) => {
        pulled += page.upserted + page.deleted;
        report({ phase: 'pull', done: pulled, total: pulled + (page.hasMore ? 1 : 0) });
      },
    });
    record.lastPullAt = iso(now());
    queueScheduledMedia();
    options.onPulled?.();
    return pulled;
  }

  async function cycle(forced: boolean): Promise<void> {
    const heartbeatDue = forced || age(record.lastHeartbeatAt, now()) >= timings.heartbeatMs;
    const pullDue = forced || age(record.lastPullAt, now()) >= timings.pullMs;
    // A new station needs its roster and rules before its first class; after that the
    // learning records go first.
    const pullFirst = record.lastPullAt === null;
    let pushed = 0;
    let pulled = 0;
    report({ phase: 'connect', done: 0, total: 0 });
    try {
      const client = await options.client();
      const time = await client.measureClock();
      options.onClockOffset?.(time.clockOffsetMs);
      if (pullFirst) pulled = await pull(client);
      pushed = await push(client);
      // The hub published rules this station does not have: pull now, not in ten minutes.
      const newRules = heartbeatDue && (await heartbeat(client));
      if (!pullFirst && (pullDue || newRules)) pulled = await pull(client);

      failures = 0;
      lastFailure = null;
      revoked = false;
      record = {
        ...record,
        lastAttempt: { at: iso(now())!, reachedHub: true, state: 'idle', error: null },
        lastSuccessAt: iso(now()),
        lastMoved: { pushed, pulled },
      };
      log.info('sync.done', { pushed, pulled, forced });
    } catch (error) {
      if (abort.signal.aborted) return;
      const failure = describeFailure(error);
      failures += 1;
      lastFailure = failure;
      if (failure.retryAfterMs !== null) notBefore = now() + failure.retryAfterMs;
      if (failure.state === 'revoked') revoked = true;
      // A link too slow for a whole batch in time gets smaller ones.
      if (error instanceof HubClientError && error.reason === 'timeout')
        batchSize = Math.max(PUSH_BATCH_MIN, Math.floor(batchSize / 2));
      record = {
        ...record,
        lastAttempt: {
          at: iso(now())!,
          reachedHub: failure.reachedHub,
          state: failure.state,
          error: { code: failure.code, message: failure.message },
        },
      };
      log.warn('sync.failed', { code: failure.code, state: failure.state, failures, pushed, pulled });
    } finally {
      progress = null;
    }
    try {
      await writeSyncRecord(options.dataDir, record);
    } catch (error) {
      log.error('sync.record_not_saved', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function queueScheduledMedia(): void {
    if (!options.media) return;
    for (const ref of scheduledMedia(options.catalog, options.today(), SCHEDULE_LOOKAHEAD_DAYS))
      options.media.enqueue(ref, 'scheduled');
  }

  /** How long after `from` (the end of the last attempt) the next automatic cycle runs; null: none. */
  function nextDelay(from: number): number | null {
    if (revoked) return null;
    if (lastFailure) {
      const base = lastFailure.permanent
        ? timings.refusedRetryMs
        : Math.min(timings.retryMaxMs, timings.retryBaseMs * 2 ** Math.min(failures - 1, 20));
      // Half fixed, half random: spread out, yet never much sooner than the backoff says.
      const jittered = base / 2 + (random() * base) / 2;
      return Math.max(jittered, notBefore - from);
    }
    if (backlog() > 0) return timings.backlogMs;
    const due = (at: string | null, every: number) => Math.max(0, every - age(at, now()));
    return Math.min(due(record.lastHeartbeatAt, timings.heartbeatMs), due(record.lastPullAt, timings.pullMs));
  }

  /** The next cycle `delay` ms after `from` (the end of the last attempt, by default now). */
  function plan(delay: number | null, from = now()): void {
    if (timer) clearTimeout(timer);
    timer = null;
    nextAt = null;
    if (stopped || delay === null) return;
    nextAt = from + delay;
    timer = setTimeout(() => void run(lastFailure !== null), Math.max(0, nextAt - now()));
    timer.unref();
  }

  /** One cycle, or the one under way; then the next is planned. */
  function run(forced: boolean): Promise<void> {
    if (running) return running;
    runningForced = forced;
    if (timer) clearTimeout(timer);
    nextAt = null;
    running = cycle(forced).finally(() => {
      running = null;
      const ended = Date.parse(record.lastAttempt?.at ?? '') || now();
      plan(nextDelay(ended), ended);
      publish();
    });
    return running;
  }

  return {
    status,
    async syncNow() {
      if (stopped) return status();
      if (running) {
        const wasForced = runningForced;
        await running;
        if (wasForced) return status();
      }
      await run(true);
      return status();
    },
    syncSoon() {
      if (stopped || revoked || !started) return;
      const wait = Math.max(timings.soonMs, notBefore - now());
      if (running) {
        void running.then(() => {
          if (!running && (nextAt === null || nextAt - now() > wait)) plan(wait);
        });
        return;
      }
      if (nextAt === null || nextAt - now() > wait) plan(wait);
    },
    start() {
      if (started || stopped) return;
      started = true;
      // The link may have come up since the last run: a full cycle.
      void run(true);
      // Events recorded while nothing is planned soon (taps between heartbeats) go within seconds.
      watch = setInterval(() => {
        if (running || revoked || lastFailure || stopped) return;
        if (backlog() > 0 && (nextAt === null || nextAt - now() > timings.backlogMs)) plan(timings.backlogMs);
      }, timings.backlogMs);
      watch.unref();
    },
    resume() {
      revoked = false;
      lastFailure = null;
      failures = 0;
      notBefore = 0;
      if (started && !stopped) void run(true);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (watch) clearInterval(watch);
      abort.abort(new Error('the station is closing'));
      await running?.catch(() => undefined);
    },
  };
}
