// Course titles by their pinyin initials, for a learner typing Latin letters at a kiosk with
// no Chinese input method: `dsxx` finds 党史学习教育…, `xjp` 习近平…. The initials come from
// pinyin-pro (a maintained library with its own dictionary of polyphonic characters, which
// picks the reading from the words around a character). They are computed once per catalogue
// state in memory, at the first initials query after apply.ts changed the courses (the
// first after a start reads every title: about 0.1 s for 2,600 courses), rather than stored: the index is a function of the titles, and a new dictionary gives new
// initials without a migration. A title's Latin letters and digits are kept as they are.
import type Database from 'better-sqlite3';
import { pinyin } from 'pinyin-pro';
import { prepared } from '../../storage/sql.ts';

type Entry = { courseId: string; initials: string };

const indexes = new WeakMap<Database.Database, Entry[]>();
// Titles already read (about 0.05 ms each): after a sync only the new and changed titles are.
// Bounded by the catalogue's titles, a few thousand short strings.
const byTitle = new Map<string, string>();

/** apply.ts: the courses changed, so the initials are computed again when next asked for. */
export function forgetCourseInitials(db: Database.Database): void {
  indexes.delete(db);
}

/** The initials of a title, lower-case, without spaces or punctuation: 党史学习教育 → dsxxjy. */
export function titleInitials(title: string): string {
  let initials = byTitle.get(title);
  if (initials === undefined) {
    initials = pinyin(title, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'consecutive' })
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    byTitle.set(title, initials);
  }
  return initials;
}

/** A query that can only mean initials: Latin letters alone, two or more. */
export function isInitialsQuery(query: string): boolean {
  return /^[a-z]{2,20}$/i.test(query.trim());
}

function currentIndex(db: Database.Database): Entry[] {
  let entries = indexes.get(db);
  if (!entries) {
    const rows = prepared(db, 'SELECT id, title FROM courses ORDER BY seq DESC').all() as {
      id: string;
      title: string;
    }[];
    entries = rows.map((row) => ({ courseId: row.id, initials: titleInitials(row.title) }));
    indexes.set(db, entries);
  }
  return entries;
}

/** Course ids whose title initials contain the query: those starting with it first, then newest first. */
export function coursesByInitials(db: Database.Database, query: string, limit: number): string[] {
  const wanted = query.trim().toLowerCase();
  const starts: string[] = [];
  const inside: string[] = [];
  for (const entry of currentIndex(db)) {
    const at = entry.initials.indexOf(wanted);
    if (at === 0) starts.push(entry.courseId);
    else if (at > 0) inside.push(entry.courseId);
    if (starts.length >= limit) break;
  }
  return [...starts, ...inside].slice(0, limit);
}
