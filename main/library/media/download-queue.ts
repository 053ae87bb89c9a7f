// The download queue in catalog.db, so a restart picks up where the station left off. Plain
// functions over the db; the scheduling decisions are in media-service.ts.
import type Database from 'better-sqlite3';
import type { MediaErrorCode } from './errors.ts';
import { prepared } from '../../storage/sql.ts';

export const PRIORITIES = ['scheduled', 'pinned', 'request'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface QueueItem {
  sha256: string;
  size: number;
  priority: Priority;
  requestedAt: number;
  state: 'queued' | 'failed';
  attempts: number;
  notBefore: number;
  error: { code: MediaErrorCode; message: string } | null;
}

interface Row {
  sha256: string;
  size: number;
  priority: number;
  requested_at: number;
  state: 'queued' | 'failed';
  attempts: number;
  not_before: number;
  error_code: string | null;
  error_message: string | null;
}

const fromRow = (row: Row): QueueItem => ({
  sha256: row.sha256,
  size: row.size,
  priority: PRIORITIES[row.priority]!,
  requestedAt: row.requested_at,
  state: row.state,
  attempts: row.attempts,
  notBefore: row.not_before,
  error: row.error_code ? { code: row.error_code as MediaErrorCode, message: row.error_message ?? '' } : null,
});

export function queueItem(db: Database.Database, sha256: string): QueueItem | undefined {
  const row = prepared<[string], Row>(db, 'SELECT * FROM media_queue WHERE sha256 = ?').get(sha256);
  return row ? fromRow(row) : undefined;
}

/** Queued items in the order they should run: priority, then first come. */
export function queuedItems(db: Database.Database): QueueItem[] {
  return prepared<[], Row>(
    db,
    `SELECT * FROM media_queue WHERE state = 'queued' ORDER BY priority, requested_at, sha256`,
  )
    .all()
    .map(fromRow);
}

export function allQueueItems(db: Database.Database): QueueItem[] {
  return prepared<[], Row>(db, 'SELECT * FROM media_queue ORDER BY priority, requested_at, sha256').all().map(fromRow);
}

/**
 * Adds an item or asks again for one already there: the priority only ever rises, and a
 * failed item is given a fresh start.
 */
export function enqueueItem(
  db: Database.Database,
  item: { sha256: string; size: number; priority: Priority },
  at: number,
): void {
  prepared(
    db,
    `INSERT INTO media_queue (sha256, size, priority, requested_at, state) VALUES (?, ?, ?, ?, 'queued')
     ON CONFLICT (sha256) DO UPDATE SET
       size = excluded.size,
       priority = min(priority, excluded.priority),
       state = 'queued', attempts = 0, not_before = 0, error_code = NULL, error_message = NULL`,
  ).run(item.sha256, item.size, PRIORITIES.indexOf(item.priority), at);
}

export function setPriority(db: Database.Database, sha256: string, priority: Priority): void {
  prepared(db, 'UPDATE media_queue SET priority = ? WHERE sha256 = ?').run(PRIORITIES.indexOf(priority), sha256);
}

/** A transient failure: try again after `notBefore`. */
export function deferItem(
  db: Database.Database,
  sha256: string,
  notBefore: number,
  error: { code: MediaErrorCode; message: string },
): void {
  prepared(
    db,
    `UPDATE media_queue SET attempts = attempts + 1, not_before = ?, error_code = ?, error_message = ? WHERE sha256 = ?`,
  ).run(notBefore, error.code, error.message, sha256);
}

export function failItem(
  db: Database.Database,
  sha256: string,
  error: { code: MediaErrorCode; message: string },
): void {
  prepared(
    db,
    `UPDATE media_queue SET state = 'failed', attempts = attempts + 1, error_code = ?, error_message = ? WHERE sha256 = ?`,
  ).run(error.code, error.message, sha256);
}

/** Failed items whose cause may have gone (space freed, settings changed) go back in line. */
export function requeueFailed(db: Database.Database, codes: readonly MediaErrorCode[]): number {
  if (codes.length === 0) return 0;
  return prepared(
    db,
    `UPDATE media_queue SET state = 'queued', not_before = 0 WHERE state = 'failed' AND error_code IN (${codes.map(() => '?').join(', ')})`,
  ).run(...codes).changes;
}

export function removeItem(db: Database.Database, sha256: string): void {
  prepared(db, 'DELETE FROM media_queue WHERE sha256 = ?').run(sha256);
}
