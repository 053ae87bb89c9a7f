// Keeps the catalogue cache in step with the hub: a pull of every stream at start, then on a
// timer with jitter (so a county's stations do not all call at once), and when asked. After
// each sync the lessons on the coming week's schedule are queued for download first.
// Its status is what the home screen shows; every change is published as an event.
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { syncCatalog } from './catalog-pull.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { scheduledMedia } from '../library/catalog/lesson-media.ts';
import type { MediaService } from '../library/media/media-service.ts';
import { prepared } from '../storage/sql.ts';

export const SYNC_INTERVAL_MS = 10 * 60_000;
const SCHEDULE_LOOKAHEAD_DAYS = 7;
// Back off up to an hour while the hub cannot be reached.
const MAX_RETRY_MS = 60 * 60_000;

export interface CatalogSyncService {
  status(): SyncStatus;
  /** Pulls now (or joins the pull under way) and answers with the status after it. */
  syncNow(): Promise<SyncStatus>;
  start(): void;
  stop(): Promise<void>;
}

export interface CatalogSyncOptions {
  catalog: Database.Database;
  mode: SyncStatus['mode'];
  hubUrl: string;
  client: () => Promise<HubClient>;
  media: MediaService | null;
  bus: EventBus;
  log: Logger;
  /** Today (YYYY-MM-DD) on the station calendar: the day the schedule lookahead starts. */
  today: () => string;
  now?: () => Date;
  intervalMs?: number;
  random?: () => number;
}

function counts(db: Database.Database): SyncStatus['counts'] {
  const count = (table: string) => (prepared(db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    courses: count('courses'),
    lessons: count('lessons'),
    learners: count('learners'),
    classes: count('schedule'),
  };
}

function describe(error: unknown): { state: SyncStatus['state']; code: string; message: string } {
  if (error instanceof HubClientError) {
    if (error.kind === 'unreachable')
      return { state: 'offline', code: error.reason ?? 'unreachable', message: error.message };
    if (error.kind === 'refused') return { state: 'refused', code: error.code ?? 'refused', message: error.message };
    return { state: 'error', code: error.kind, message: error.message };
  }
  return { state: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function createCatalogSyncService(options: CatalogSyncOptions): CatalogSyncService {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const interval = options.intervalMs ?? SYNC_INTERVAL_MS;
  let state: SyncStatus['state'] = 'idle';
  let lastSuccessAt: string | null = null;
  let lastError: SyncStatus['lastError'] = null;
  let failures = 0;
  let running: Promise<SyncStatus> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const abort = new AbortController();

  const status = (): SyncStatus => ({
    mode: options.mode,
    hubUrl: options.hubUrl,
    state,
    lastSuccessAt,
    lastError,
    counts: counts(options.catalog),
  });
  const publish = () => options.bus.publish('sync.statusChanged', status());

  function queueScheduledMedia(): void {
    if (!options.media) return;
    for (const ref of scheduledMedia(options.catalog, options.today(), SCHEDULE_LOOKAHEAD_DAYS))
      options.media.enqueue(ref, 'scheduled');
  }

  async function pull(): Promise<SyncStatus> {
    state = 'syncing';
    publish();
    try {
      const client = await options.client();
      await client.measureClock();
      const summary = await syncCatalog(options.catalog, client, { signal: abort.signal });
      state = 'idle';
      lastSuccessAt = now().toISOString();
      lastError = null;
      failures = 0;
      const changed = Object.values(summary).reduce((sum, stream) => sum + stream.upserted + stream.deleted, 0);
      options.log.info('sync.catalog_done', { changed });
      queueScheduledMedia();
    } catch (error) {
      const failure = describe(error);
      state = failure.state;
      lastError = { code: failure.code, message: failure.message };
      failures += 1;
      options.log.warn('sync.catalog_failed', { code: failure.code, message: failure.message, failures });
    }
    publish();
    return status();
  }

  function schedule(): void {
    if (stopped) return;
    const base = failures === 0 ? interval : Math.min(MAX_RETRY_MS, 30_000 * 2 ** Math.min(failures - 1, 10));
    // ±20% jitter.
    timer = setTimeout(() => void syncNow().finally(schedule), base * (0.8 + 0.4 * random()));
    timer.unref();
  }

  function syncNow(): Promise<SyncStatus> {
    running ??= pull().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    status,
    syncNow,
    start() {
      void syncNow().finally(schedule);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      await running?.catch(() => undefined);
    },
  };
}
