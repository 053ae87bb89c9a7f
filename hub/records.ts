// Pull streams (protocol.md §6): every published record keeps its latest state in `records`
// under a hub-wide, ever-growing rev; a station pulls "rev > cursor" page by page and stores
// the last rev it applied as its cursor. Deletions are tombstones with the same rev rule, so
// a station that was offline for weeks still learns what was removed.
import { ProtocolError } from '../protocol/errors.ts';
import { LIMITS, STREAM_SCHEMAS } from '../protocol/wire.ts';
import type { StreamName } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';

/** Catalogue streams are global; these are published per site. */
export const SITE_STREAMS: ReadonlySet<StreamName> = new Set(['roster', 'schedule', 'live_channels']);

export type RecordChange = { stream: StreamName; scope: string; id: string; data: unknown | null };

/**
 * Applies changes in one transaction and returns the last rev written (0 if nothing
 * changed). Data is validated against the stream's schema; a record whose data is unchanged
 * keeps its rev, and deleting what does not exist writes nothing, so republishing the same
 * catalogue costs stations nothing.
 */
export function publishRecords(db: HubDb, changes: readonly RecordChange[]): number {
  const current = db.prepare('SELECT deleted, data FROM records WHERE stream = ? AND scope = ? AND id = ?');
  const upsert = db.prepare(`INSERT INTO records (stream, scope, id, rev, deleted, data) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(stream, scope, id) DO UPDATE SET rev = excluded.rev, deleted = excluded.deleted, data = excluded.data`);
  return db.transaction(() => {
    let rev = (db.prepare('SELECT COALESCE(MAX(rev), 0) AS rev FROM records').get() as { rev: number }).rev;
    let last = 0;
    for (const change of changes) {
      const scope = SITE_STREAMS.has(change.stream) ? change.scope : '';
      if (SITE_STREAMS.has(change.stream) && !scope)
        throw new Error(`${change.stream} records belong to a site: give a scope`);
      const existing = current.get(change.stream, scope, change.id) as
        { deleted: number; data: string | null } | undefined;
      let data: string | null = null;
      if (change.data !== null) {
        data = JSON.stringify(STREAM_SCHEMAS[change.stream].parse(change.data));
        if (existing && !existing.deleted && existing.data === data) continue;
      } else if (!existing || existing.deleted) {
        continue;
      }
      rev += 1;
      upsert.run(change.stream, scope, change.id, rev, data === null ? 1 : 0, data);
      last = rev;
    }
    return last;
  })();
}

/**
 * One page of a stream for a station of `siteCode`, already serialised: the records' JSON is
 * stored as text and spliced in as is, which keeps a full catalogue pull cheap.
 */
export function pullPage(
  db: HubDb,
  stream: StreamName,
  siteCode: string,
  cursor: number,
  limit: number = LIMITS.pullPageDefault,
): string {
  // A cursor beyond every rev this hub wrote comes from another hub (or a restored older
  // database): refuse it, so the station starts over instead of waiting forever.
  const { rev: maxRev } = db.prepare('SELECT COALESCE(MAX(rev), 0) AS rev FROM records').get() as { rev: number };
  if (cursor > maxRev)
    throw new ProtocolError(
      'bad_cursor',
      `Cursor ${cursor} is beyond this hub's rev ${maxRev}; pull again from the start`,
    );
  const rows = db
    .prepare(
      `SELECT id, rev, deleted, data FROM records WHERE stream = ? AND scope IN ('', ?) AND rev > ? ORDER BY rev LIMIT ?`,
    )
    .all(stream, siteCode, cursor, limit + 1) as { id: string; rev: number; deleted: number; data: string | null }[];
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const items = page.map(
    (row) =>
      `{"id":${JSON.stringify(row.id)},"rev":${row.rev},"deleted":${row.deleted === 1},"data":${row.data ?? 'null'}}`,
  );
  const next = page.length > 0 ? page[page.length - 1]!.rev : cursor;
  return `{"stream":${JSON.stringify(stream)},"items":[${items.join(',')}],"cursor":"${next}","hasMore":${hasMore}}`;
}

/** The live (not deleted) records of a stream, parsed — for the hub's own use (reports, rules). */
export function liveRecords<T>(db: HubDb, stream: StreamName, scope?: string): T[] {
  const rows = (
    scope === undefined
      ? db.prepare('SELECT data FROM records WHERE stream = ? AND deleted = 0 ORDER BY rev').all(stream)
      : db
          .prepare('SELECT data FROM records WHERE stream = ? AND scope = ? AND deleted = 0 ORDER BY rev')
          .all(stream, scope)
  ) as { data: string }[];
  return rows.map((row) => JSON.parse(row.data) as T);
}

export function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const value = /^\d{1,15}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isSafeInteger(value) || value < 0) throw new ProtocolError('bad_cursor');
  return value;
}
