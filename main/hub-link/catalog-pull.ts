// Brings catalog.db up to date with the hub: every pull stream, page by page from its stored
// cursor, each page applied (and its cursor stored) before the next is asked for. Stopping
// anywhere — network gone, station switched off — loses nothing: the next sync resumes at
// the last applied page.
import type Database from 'better-sqlite3';
import { LIMITS, STREAMS, type StreamName } from '../../protocol/wire.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { applyStreamPage, resetStream, streamCursor } from '../library/catalog/apply.ts';

export type SyncProgress = { stream: StreamName; upserted: number; deleted: number; cursor: string; hasMore: boolean };

export type SyncOptions = {
  onProgress?: (progress: SyncProgress) => void;
  /** Records per page; the hub caps it at its pullPageMax (enrollment config). */
  pageSize?: number;
  /** Stops between pages (the page in hand is still applied whole). */
  signal?: AbortSignal;
  /** Streams to pull; all of them by default. */
  streams?: readonly StreamName[];
};

export type StreamSummary = {
  upserted: number;
  deleted: number;
  pages: number;
  cursor: string | null;
  restarted: boolean;
};
export type SyncSummary = Record<StreamName, StreamSummary>;

// One sync per database at a time: two would apply the same pages twice and race on cursors.
const running = new WeakMap<Database.Database, Promise<SyncSummary>>();

async function pullStream(
  db: Database.Database,
  client: HubClient,
  stream: StreamName,
  options: SyncOptions,
): Promise<StreamSummary> {
  const summary: StreamSummary = {
    upserted: 0,
    deleted: 0,
    pages: 0,
    cursor: streamCursor(db, stream),
    restarted: false,
  };
  const pageSize = options.pageSize ?? LIMITS.pullPageMax;
  for (;;) {
    options.signal?.throwIfAborted();
    let page;
    try {
      page = await client.pull(stream, summary.cursor, pageSize);
    } catch (error) {
      // The hub does not know our cursor (it was restored from an older backup or replaced):
      // start this stream over, once, rather than stay stuck.
      if (
        error instanceof HubClientError &&
        error.code === 'bad_cursor' &&
        !summary.restarted &&
        summary.cursor !== null
      ) {
        resetStream(db, stream);
        summary.cursor = null;
        summary.restarted = true;
        continue;
      }
      throw error;
    }
    const applied = applyStreamPage(db, page);
    summary.upserted += applied.upserted;
    summary.deleted += applied.deleted;
    summary.pages += 1;
    summary.cursor = applied.cursor;
    options.onProgress?.({
      stream,
      upserted: applied.upserted,
      deleted: applied.deleted,
      cursor: applied.cursor,
      hasMore: page.hasMore,
    });
    if (!page.hasMore) return summary;
  }
}

async function pullAll(db: Database.Database, client: HubClient, options: SyncOptions): Promise<SyncSummary> {
  const summary = {} as SyncSummary;
  // STREAMS order: categories before courses before lessons, so a screen refreshed mid-sync
  // finds a course's category already there.
  for (const stream of options.streams ?? STREAMS) summary[stream] = await pullStream(db, client, stream, options);
  return summary;
}

/** Pulls every stream until caught up. A second call while one runs joins the first. */
export function syncCatalog(db: Database.Database, client: HubClient, options: SyncOptions = {}): Promise<SyncSummary> {
  const current = running.get(db);
  if (current) return current;
  const sync = pullAll(db, client, options).finally(() => running.delete(db));
  running.set(db, sync);
  return sync;
}
