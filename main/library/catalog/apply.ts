// Applies one pulled stream page to catalog.db: upserts by id, deletes on tombstones, and
// moves the stream's cursor — all in one transaction, so a crash or an error halfway leaves
// the page unapplied and the cursor where it was; the next sync pulls the same page again.
// The search indexes (migrations 002 and 004) are written here too, row by row with the
// record they index: the trigram indexes take the text as is, the per-character ones spaced out.
import type Database from 'better-sqlite3';
import type { StreamName, StreamRecord } from '../../../protocol/wire.ts';
import type { PulledPage, StreamItem } from '../../../protocol/hub-client/hub-client.ts';
import { spaced } from './search-text.ts';
import { forgetCourseInitials } from './pinyin-index.ts';
import { prepared } from '../../storage/sql.ts';

type Db = Database.Database;
type Statement = Database.Statement;

/** A table per stream: how to write a record and how to drop one. */
type StreamWriter<S extends StreamName> = {
  upsert(record: StreamRecord<S>, id: string): void;
  remove(id: string): void;
};
type Writers = { [S in StreamName]: StreamWriter<S> };

function upsertSql(table: string, columns: string[]): string {
  const updates = columns.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})
    ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}`;
}

function deleter(db: Db, table: string): (id: string) => void {
  const statement = prepared(db, `DELETE FROM ${table} WHERE id = ?`);
  return (id) => void statement.run(id);
}

/** A search index of a table: its FTS5 table, the row's texts it takes, and whether spaced out. */
type SearchIndex = { name: string; columns: string[]; spaced: boolean };

/**
 * A searched table (courses, lessons) and its search indexes, kept under the row's seq.
 * The seq is looked up before the upsert rather than taken with RETURNING: RETURNING opens a
 * statement savepoint, and FTS5 flushes its pending index at every savepoint, which made a
 * full catalogue apply four times slower. Whether the row existed also says whether it has
 * old index entries to drop.
 */
function searchedTable(
  db: Db,
  table: 'courses' | 'lessons',
  columns: string[],
  indexed: string[],
  indexes: SearchIndex[],
) {
  const writers = indexes.map(({ name, columns: indexColumns, spaced: isSpaced }) => {
    const positions = indexColumns.map((column) => indexed.indexOf(column));
    return {
      remove: prepared(db, `DELETE FROM ${name} WHERE rowid = ?`),
      insert: prepared(
        db,
        `INSERT INTO ${name} (rowid, ${indexColumns.join(', ')}) VALUES (?, ${indexColumns.map(() => '?').join(', ')})`,
      ),
      texts: (texts: string[], spacedTexts: string[]) =>
        positions.map((position) => (isSpaced ? spacedTexts : texts)[position]!),
    };
  });
  const seqOf = prepared<[string], { seq: number }>(db, `SELECT seq FROM ${table} WHERE id = ?`);
  const upsertRow = prepared(db, upsertSql(table, columns));
  const removeRow = prepared(db, `DELETE FROM ${table} WHERE seq = ?`);
  const unindex = (seq: number) => {
    for (const index of writers) index.remove.run(seq);
  };
  return {
    upsert(values: Record<string, unknown> & { id: string }, texts: string[]) {
      const before = seqOf.get(values.id)?.seq;
      const { lastInsertRowid } = upsertRow.run(values);
      const seq = before ?? Number(lastInsertRowid);
      if (before !== undefined) unindex(seq);
      const spacedTexts = texts.map(spaced);
      for (const index of writers) index.insert.run(seq, ...index.texts(texts, spacedTexts));
    },
    remove(id: string) {
      const seq = seqOf.get(id)?.seq;
      if (seq === undefined) return;
      removeRow.run(seq);
      unindex(seq);
    },
  };
}

/** A trigram index of the texts as they are and a per-character one of them spaced out. */
function bothIndexes(prefix: string, columns: string[]): SearchIndex[] {
  return [
    { name: `${prefix}_fts`, columns, spaced: false },
    { name: `${prefix}_chars`, columns, spaced: true },
  ];
}

// The course title indexes (migration 004) are merged into one segment after every page of
// courses: an FTS5 query looks each token up in every segment, and the first group of every
// search asks them. They hold titles only, so the merge costs a few milliseconds.
const MERGED_INDEXES = ['course_titles_fts', 'course_titles_chars'];

function prepareWriters(db: Db): Writers {
  const courseTexts = ['title', 'teacher', 'summary'];
  const courses = searchedTable(
    db,
    'courses',
    ['id', 'category_id', 'title', 'teacher', 'summary', 'credit_hours', 'updated_at'],
    courseTexts,
    [...bothIndexes('courses', courseTexts), ...bothIndexes('course_titles', ['title'])],
  );
  const lessons = searchedTable(
    db,
    'lessons',
    [
      'id',
      'course_id',
      'title',
      'teacher',
      'summary',
      'duration_sec',
      'credit_hours',
      'sort',
      'media_sha256',
      'media_size',
      'media_type',
    ],
    ['title'],
    bothIndexes('lessons', ['title']),
  );
  const category = prepared(db, upsertSql('categories', ['id', 'name', 'sort']));
  const learner = prepared(
    db,
    upsertSql('learners', ['id', 'name', 'unit', 'level', 'card_hash', 'organiser', 'organiser_pin_hash']),
  );
  const entry = prepared(
    db,
    upsertSql('schedule', ['id', 'title', 'date', 'starts_at', 'ends_at', 'organiser', 'lesson_ids']),
  );
  const channel = prepared(db, upsertSql('live_channels', ['id', 'name', 'url', 'format', 'has_audio', 'has_video']));
  const rules = prepared(db, upsertSql('hour_rules', ['id', 'version', 'body']));

  return {
    categories: {
      upsert: (r) => void category.run({ id: r.id, name: r.name, sort: r.sort }),
      remove: deleter(db, 'categories'),
    },
    courses: {
      upsert: (r) =>
        courses.upsert(
          {
            id: r.id,
            category_id: r.categoryId,
            title: r.title,
            teacher: r.teacher,
            summary: r.summary,
            credit_hours: r.creditHours,
            updated_at: r.updatedAt,
          },
          [r.title, r.teacher, r.summary],
        ),
      remove: courses.remove,
    },
    lessons: {
      upsert: (r) =>
        lessons.upsert(
          {
            id: r.id,
            course_id: r.courseId,
            title: r.title,
            teacher: r.teacher,
            summary: r.summary,
            duration_sec: r.durationSec,
            credit_hours: r.creditHours,
            sort: r.sort,
            media_sha256: r.media?.sha256 ?? null,
            media_size: r.media?.size ?? null,
            media_type: r.media?.type ?? null,
          },
          [r.title],
        ),
      remove: lessons.remove,
    },
    roster: {
      upsert: (r) =>
        void learner.run({
          id: r.id,
          name: r.name,
          unit: r.unit,
          level: r.level,
          card_hash: r.cardHash,
          organiser: r.organiser ? 1 : 0,
          organiser_pin_hash: r.organiser ? (r.organiserPinHash ?? null) : null,
        }),
      remove: deleter(db, 'learners'),
    },
    schedule: {
      upsert: (r) =>
        void entry.run({
          id: r.id,
          title: r.title,
          date: r.date,
          starts_at: r.startsAt,
          ends_at: r.endsAt,
          organiser: r.organiser,
          lesson_ids: JSON.stringify(r.lessonIds),
        }),
      remove: deleter(db, 'schedule'),
    },
    live_channels: {
      upsert: (r) =>
        void channel.run({
          id: r.id,
          name: r.name,
          url: r.url,
          format: r.format,
          has_audio: r.hasAudio ? 1 : 0,
          has_video: r.hasVideo ? 1 : 0,
        }),
      remove: deleter(db, 'live_channels'),
    },
    // A rule set has no id of its own; the hub files it under its version.
    rules: {
      upsert: (r, id) => void rules.run({ id, version: r.version, body: JSON.stringify(r) }),
      remove: deleter(db, 'hour_rules'),
    },
  };
}

type Prepared = { writers: Writers; saveCursor: Statement; readCursor: Statement; mergeCourseTitles: Statement[] };
const statementsByDb = new WeakMap<Db, Prepared>();

function statementsFor(db: Db): Prepared {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = {
      writers: prepareWriters(db),
      saveCursor: prepared(
        db,
        `INSERT INTO stream_cursors (stream, cursor, applied_at) VALUES (?, ?, ?)
        ON CONFLICT(stream) DO UPDATE SET cursor = excluded.cursor, applied_at = excluded.applied_at`,
      ),
      readCursor: prepared(db, 'SELECT cursor FROM stream_cursors WHERE stream = ?'),
      mergeCourseTitles: MERGED_INDEXES.map((index) =>
        prepared(db, `INSERT INTO ${index} (${index}) VALUES ('optimize')`),
      ),
    };
    statementsByDb.set(db, statements);
  }
  return statements;
}

/** Where the next pull of `stream` starts; null: from the beginning. */
export function streamCursor(db: Db, stream: StreamName): string | null {
  const row = statementsFor(db).readCursor.get(stream) as { cursor: string } | undefined;
  return row?.cursor ?? null;
}

export type AppliedPage = { upserted: number; deleted: number; cursor: string };

export function applyStreamPage<S extends StreamName>(
  db: Db,
  page: PulledPage<S>,
  now: number = Date.now(),
): AppliedPage {
  const { writers, saveCursor, mergeCourseTitles } = statementsFor(db);
  const writer = writers[page.stream] as StreamWriter<S>;
  return db.transaction(() => {
    let upserted = 0;
    let deleted = 0;
    for (const item of page.items as StreamItem<S>[]) {
      if (item.deleted) {
        writer.remove(item.id);
        deleted += 1;
      } else {
        writer.upsert(item.data, item.id);
        upserted += 1;
      }
    }
    if (page.stream === 'courses' && upserted + deleted > 0) {
      for (const merge of mergeCourseTitles) merge.run();
      forgetCourseInitials(db);
    }
    saveCursor.run(page.stream, page.cursor, now);
    return { upserted, deleted, cursor: page.cursor };
  })();
}

// A stream's tables: its records first, then the search indexes that belong to them.
const STREAM_TABLES: Record<StreamName, string[]> = {
  categories: ['categories'],
  courses: ['courses', 'courses_fts', 'courses_chars', 'course_titles_fts', 'course_titles_chars'],
  lessons: ['lessons', 'lessons_fts', 'lessons_chars'],
  roster: ['learners'],
  schedule: ['schedule'],
  live_channels: ['live_channels'],
  rules: ['hour_rules'],
};

/**
 * Forgets a stream (its records and cursor) so the next pull starts from the beginning —
 * for a hub that no longer recognises the cursor (restored or replaced). Deleting the rows
 * too is what keeps records the new hub no longer has from lingering without a tombstone.
 */
export function resetStream(db: Db, stream: StreamName): void {
  db.transaction(() => {
    for (const table of STREAM_TABLES[stream]) prepared(db, `DELETE FROM ${table}`).run();
    prepared(db, 'DELETE FROM stream_cursors WHERE stream = ?').run(stream);
  })();
}
