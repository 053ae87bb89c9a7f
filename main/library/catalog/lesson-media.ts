// Which media a lesson plays, and which media the coming classes need, read from the
// catalogue cache.
import type Database from 'better-sqlite3';
import type { MediaRef } from '../media/media-service.ts';
import { prepared } from '../../storage/sql.ts';

export function lessonMedia(db: Database.Database, lessonId: string): MediaRef | null | undefined {
  const row = prepared(db, 'SELECT media_sha256 AS sha256, media_size AS size FROM lessons WHERE id = ?').get(
    lessonId,
  ) as { sha256: string | null; size: number | null } | undefined;
  if (!row) return undefined; // no such lesson
  return row.sha256 !== null && row.size !== null ? { sha256: row.sha256, size: row.size } : null; // null: not published yet
}

/** Media of the lessons on the schedule from `fromDate` (YYYY-MM-DD) for `days` days. */
export function scheduledMedia(db: Database.Database, fromDate: string, days: number): MediaRef[] {
  const until = new Date(Date.parse(`${fromDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return prepared(
    db,
    `SELECT DISTINCT l.media_sha256 AS sha256, l.media_size AS size
       FROM schedule s, json_each(s.lesson_ids) AS j JOIN lessons l ON l.id = j.value
       WHERE s.date >= ? AND s.date < ? AND l.media_sha256 IS NOT NULL`,
  ).all(fromDate, until) as MediaRef[];
}
