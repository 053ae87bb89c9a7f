import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { libraryChannels } from '../../../preload/contract/channels/library.ts';
import type { Course, Lesson } from '../../../protocol/wire.ts';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { migrate, readMigrations } from '../../storage/migrate.ts';
import { migrationsDir, openCatalog } from '../../storage/station-databases.ts';
import { applyStreamPage } from './apply.ts';
import { courseDetail, listCategories, listCourses } from './browse.ts';
import { queryTerms, searchCatalog } from './search.ts';
import { spaced } from './search-text.ts';

function course(
  id: string,
  title: string,
  teacher = '王明　市委党校教授',
  summary = '本课程讲授基本内容。',
  categoryId = 'cat-01',
): Course {
  return {
    id,
    categoryId,
    title,
    teacher,
    summary,
    creditHours: 2,
    updatedAt: `2026-01-${id.slice(-2)}T00:00:00.000Z`,
  };
}

function lesson(id: string, courseId: string, title: string, sort: number): Lesson {
  return { id, courseId, title, teacher: '王明', summary: '', durationSec: 2700, creditHours: 1, sort, media: null };
}

let rev = 0;
function apply<S extends 'courses' | 'lessons' | 'categories'>(
  db: ReturnType<typeof library>,
  stream: S,
  records: (S extends 'courses' ? Course : S extends 'lessons' ? Lesson : { id: string; name: string; sort: number })[],
  deleted: string[] = [],
) {
  const items = [
    ...records.map((data) => ({ id: data.id, rev: ++rev, deleted: false as const, data })),
    ...deleted.map((id) => ({ id, rev: ++rev, deleted: true as const, data: null })),
  ];
  // The generic page type cannot follow the conditional record type; the records are right.
  applyStreamPage(db, { stream, items, cursor: String(rev), hasMore: false } as never);
}

function library(t: TestContext, dir = tempDir(t)) {
  const { db } = openCatalog(dir, silentLogger);
  t.after(() => db.close());
  return db;
}

function seeded(t: TestContext) {
  const db = library(t);
  apply(db, 'categories', [
    { id: 'cat-01', name: '党史党建', sort: 1 },
    { id: 'cat-02', name: '经济建设', sort: 2 },
  ]);
  apply(db, 'courses', [
    course('course-01', '中国共产党党史专题'),
    course('course-02', '乡村振兴战略的理论与实践', '李华　党史研究院研究员'),
    course('course-03', '基层治理若干问题研究', '赵强　市委党校教授', '结合党史学习教育开展基层治理。'),
    course('course-04', '党史'),
    course('course-05', '党史学习教育专题辅导'),
    course('course-06', '数字经济与5G应用', '钱伟　大学教授', '数字经济概论。', 'cat-02'),
  ]);
  apply(db, 'lessons', [
    lesson('course-02-l01', 'course-02', '第1讲　党史中的农村工作', 1),
    lesson('course-02-l02', 'course-02', '第2讲　产业振兴', 2),
    lesson('course-06-l01', 'course-06', '第1讲　5G网络基础', 1),
  ]);
  return db;
}

const ids = (hits: { courseId: string; lessonId: string | null }[]) => hits.map((hit) => hit.lessonId ?? hit.courseId);

test('a 2-character query finds 党史 inside 中国共产党党史专题, and longer fragments go through the trigram index', (t) => {
  const db = seeded(t);
  assert.ok(ids(searchCatalog(db, { query: '党史' })).includes('course-01'));
  assert.deepEqual(ids(searchCatalog(db, { query: '共产党党史' })), ['course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史专题' })), ['course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: '产业振兴' })), ['course-02-l02']);
});

test('a 1-character query matches wherever the character stands', (t) => {
  const db = seeded(t);
  assert.deepEqual(new Set(ids(searchCatalog(db, { query: '乡' }))), new Set(['course-02']));
  assert.ok(ids(searchCatalog(db, { query: '史' })).includes('course-01'));
  // Characters that stand apart do not make a 2-character match.
  assert.deepEqual(searchCatalog(db, { query: '党振' }), []);
});

test('ranking: exact title, then titles starting with the query, other title hits, lesson titles, then teacher and summary', (t) => {
  const db = seeded(t);
  const order = ids(searchCatalog(db, { query: '党史' }));
  assert.deepEqual(order.slice(0, 4), ['course-04', 'course-05', 'course-01', 'course-02-l01']);
  // Found only by teacher (李华, 党史研究院) or summary (党史学习教育): after every title hit,
  // teacher above summary by the bm25 weights.
  assert.deepEqual(order.slice(4), ['course-02', 'course-03']);
});

test('ranking within groups: shorter titles first, teacher lines newest first, terms in the title weigh most among the rest', (t) => {
  const db = library(t);
  apply(db, 'courses', [
    course('course-01', '新时代党史学习教育专题辅导'),
    course('course-02', '党史学习'),
    course('course-03', '学习党史'),
    course('course-04', '学习强国', '赵强　党史研究院研究员'),
    course('course-05', '乡村振兴', '钱伟　党史研究院教授'),
    course('course-06', '基层治理', '王明　市委党校教授', '结合党史开展基层治理。'),
    course('course-07', '法治建设', '王明　市委党校教授', '党史与法治。'),
    course('course-08', '产业振兴 专题', '王明　市委党校教授', '党史中的产业。'),
  ]);
  apply(db, 'lessons', [
    lesson('course-04-l01', 'course-04', '第1讲　党史中的农村工作与基层治理', 1),
    lesson('course-04-l02', 'course-04', '第2讲　党史故事', 2),
  ]);
  // Titles: exact, then starting with the query, then shorter first; then lessons, shorter
  // first; teacher lines newest first; the summary hits last, newest first.
  assert.deepEqual(ids(searchCatalog(db, { query: '党史' })), [
    'course-02',
    'course-03',
    'course-01',
    'course-04-l02',
    'course-04-l01',
    'course-05',
    'course-04',
    'course-08',
    'course-07',
    'course-06',
  ]);
  // Terms split across fields: one term in the title weighs more than one in the summary.
  assert.deepEqual(ids(searchCatalog(db, { query: '党史 专题' })), ['course-01', 'course-08']);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史 振兴' })), ['course-05', 'course-08']);
});

test('a broad query whose newest matches are not teacher lines still lists the teacher hits first, newest first', (t) => {
  const db = library(t);
  const teachers = Array.from({ length: 4 }, (_, i) =>
    course(`course-0${i + 1}`, `课程${i + 1}`, '孙丽　党史研究院研究员', '本课程讲授基本内容。'),
  );
  const summaries = Array.from({ length: 5 }, (_, i) =>
    course(`course-1${i}`, `专题${i}`, '王明　市委党校教授', '结合党史学习教育。'),
  );
  apply(db, 'courses', [...teachers, ...summaries]);
  // Three hits wanted: the newest four matches are summary hits, so the teacher lines are
  // looked up in the index rather than in those rows.
  assert.deepEqual(ids(searchCatalog(db, { query: '党史', limit: 3 })), ['course-04', 'course-03', 'course-02']);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史', limit: 6 })), [
    'course-04',
    'course-03',
    'course-02',
    'course-01',
    'course-14',
    'course-13',
  ]);
  assert.deepEqual(ids(searchCatalog(db, { query: '研究院' })), ['course-04', 'course-03', 'course-02', 'course-01']);
});

test('several terms must all match; Latin letters match regardless of case; punctuation alone finds nothing', (t) => {
  const db = seeded(t);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史 专题' })), ['course-05', 'course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: '5g' })), ['course-06', 'course-06-l01']);
  assert.deepEqual(searchCatalog(db, { query: '  ！？ 。 ' }), []);
  assert.deepEqual(queryTerms(' 党史  党史 专题 '), ['党史', '专题']);
});

test('a changed title is searched by its new words only, and a deleted course or lesson is gone from search', (t) => {
  const db = seeded(t);
  apply(db, 'courses', [course('course-01', '中国共产党历史专题')]);
  apply(db, 'lessons', [], ['course-02-l02']);
  assert.ok(!ids(searchCatalog(db, { query: '党党史' })).includes('course-01'));
  assert.deepEqual(ids(searchCatalog(db, { query: '党历史' })), ['course-01']);
  assert.deepEqual(searchCatalog(db, { query: '产业振兴' }), []);
  assert.deepEqual(searchCatalog(db, { query: '产业' }), []);
  apply(db, 'courses', [], ['course-01']);
  assert.deepEqual(searchCatalog(db, { query: '历史专题' }), []);
  assert.deepEqual(searchCatalog(db, { query: '历史' }), []);
  for (const index of [
    'courses_fts',
    'courses_chars',
    'course_titles_fts',
    'course_titles_chars',
    'lessons_fts',
    'lessons_chars',
  ]) {
    db.prepare(`INSERT INTO ${index} (${index}) VALUES ('integrity-check')`).run();
  }
  assert.deepEqual(
    db.prepare('SELECT count(*) AS n FROM courses_fts').get(),
    { n: 5 },
    'one index row per course left',
  );
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM course_titles_chars').get(), { n: 5 });
});

test('applying the same page again changes nothing', (t) => {
  const db = seeded(t);
  const page = {
    stream: 'courses' as const,
    items: [{ id: 'course-01', rev: 1, deleted: false as const, data: course('course-01', '中国共产党党史专题') }],
    cursor: '1',
    hasMore: false,
  };
  applyStreamPage(db, page);
  applyStreamPage(db, page);
  assert.deepEqual(ids(searchCatalog(db, { query: '共产党党史' })), ['course-01']);
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM courses_chars').get(), { n: 6 });
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM course_titles_fts').get(), { n: 6 });
});

test('the course title indexes stay in one segment however many pages of courses are applied', (t) => {
  const db = seeded(t);
  for (let round = 0; round < 3; round++)
    apply(db, 'courses', [course('course-02', `乡村振兴战略（第${round}版）`)], round === 2 ? ['course-06'] : []);
  for (const index of ['course_titles_fts', 'course_titles_chars']) {
    // %_idx has a row per leaf page of each segment.
    assert.deepEqual(db.prepare(`SELECT count(DISTINCT segid) AS n FROM ${index}_idx`).get(), { n: 1 }, index);
  }
  assert.deepEqual(ids(searchCatalog(db, { query: '第2版' })), ['course-02']);
  assert.deepEqual(ids(searchCatalog(db, { query: '5g' })), []);
});

test('migration 004 indexes the titles of a catalogue cached before it, as the station writes them', (t) => {
  const dir = tempDir(t);
  const migrations = readMigrations(migrationsDir('catalog'));
  const before = new Database(path.join(dir, 'catalog.db'));
  migrate(before, migrations.slice(0, 3), path.join(dir, 'backups'), 'catalog');
  const insert = before.prepare(
    `INSERT INTO courses (id, category_id, title, teacher, summary, credit_hours, updated_at) VALUES (?, 'cat-01', ?, '王明', '', 1, '')`,
  );
  ['中国共产党党史专题', '党史', '数字经济与5G应用', '《党史》学习', ''].forEach((title, i) =>
    insert.run(`course-0${i + 1}`, title),
  );
  migrate(before, migrations, path.join(dir, 'backups'), 'catalog');
  before.close();

  const db = library(t, dir);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史' })), ['course-02', 'course-04', 'course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: '共产党党史' })), ['course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: '5g' })), ['course-03']);
  // Each spaced title is where apply.ts would have put it.
  for (const { seq, title } of db.prepare('SELECT seq, title FROM courses').all() as { seq: number; title: string }[]) {
    if (title === '') continue;
    const found = db
      .prepare('SELECT rowid FROM course_titles_chars WHERE course_titles_chars MATCH ?')
      .pluck()
      .all(`{title} : "${spaced(title).replaceAll('"', '""')}"`);
    assert.ok(found.includes(seq), title);
  }
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM course_titles_chars').get(), { n: 5 });
  // Renaming the untitled course replaces its (empty) index rows.
  apply(db, 'courses', [course('course-05', '党史故事')]);
  assert.deepEqual(ids(searchCatalog(db, { query: '党史故' })), ['course-05']);
});

test('a search stops at the limit and its hits fit the library.search contract', (t) => {
  const db = seeded(t);
  const hits = searchCatalog(db, { query: '党', limit: 3 });
  assert.equal(hits.length, 3);
  assert.deepEqual(libraryChannels['library.search'].output.parse({ hits }), { hits });
  const lessonHit = searchCatalog(db, { query: '农村工作' })[0]!;
  assert.deepEqual(lessonHit, {
    courseId: 'course-02',
    lessonId: 'course-02-l01',
    title: '第1讲　党史中的农村工作',
    teacher: '王明',
    courseTitle: '乡村振兴战略的理论与实践',
  });
});

test('browsing: categories with course counts, a category page newest first, a course with its lessons in order', (t) => {
  const db = seeded(t);
  assert.deepEqual(listCategories(db), [
    { id: 'cat-01', name: '党史党建', courseCount: 5 },
    { id: 'cat-02', name: '经济建设', courseCount: 1 },
  ]);

  const page = listCourses(db, { categoryId: 'cat-01', offset: 1, limit: 2 });
  assert.equal(page.total, 5);
  assert.deepEqual(
    page.courses.map((c) => c.id),
    ['course-04', 'course-03'],
  );
  assert.deepEqual(libraryChannels['library.courses'].output.parse(page), page);

  const detail = courseDetail(db, 'course-02')!;
  assert.equal(detail.course.lessonCount, 2);
  assert.equal(detail.course.summary, '本课程讲授基本内容。');
  assert.deepEqual(
    detail.lessons.map((l) => [l.id, l.media]),
    [
      ['course-02-l01', null],
      ['course-02-l02', null],
    ],
  );
  assert.equal(courseDetail(db, 'course-99'), null);
});

test('pinyin initials find a title typed without a Chinese input method, those starting with them first', (t) => {
  const db = seeded(t);
  assert.deepEqual(ids(searchCatalog(db, { query: 'dsxx' })), ['course-05']);
  assert.deepEqual(ids(searchCatalog(db, { query: 'DSXXJY' })), ['course-05'], 'capitals too');
  assert.deepEqual(ids(searchCatalog(db, { query: 'ds' })).slice(0, 3), ['course-05', 'course-04', 'course-01']);
  assert.deepEqual(ids(searchCatalog(db, { query: 'xczx' })), ['course-02']);
  assert.deepEqual(ids(searchCatalog(db, { query: 'szjj' })), ['course-06']);
  // A new title is found by its initials at once.
  apply(db, 'courses', [course('course-07', '法治政府建设', '孙丽　法学教授', '', 'cat-03')]);
  assert.deepEqual(ids(searchCatalog(db, { query: 'fzzf' })), ['course-07']);
  assert.deepEqual(searchCatalog(db, { query: 'qqqq' }), []);
});

test('a category named by the query lists its courses; a teacher is found by name', (t) => {
  const db = seeded(t);
  apply(db, 'categories', [{ id: 'cat-03', name: '法治建设', sort: 3 }]);
  apply(db, 'courses', [
    course('course-07', '依法行政概论', '孙丽　法学教授', '', 'cat-03'),
    course('course-08', '行政复议实务', '周平　律师', '', 'cat-03'),
  ]);
  assert.deepEqual(ids(searchCatalog(db, { query: '法治' })), ['course-08', 'course-07'], 'no title says 法治');
  assert.deepEqual(ids(searchCatalog(db, { query: '经济建设' })), ['course-06']);
  assert.deepEqual(ids(searchCatalog(db, { query: '钱伟' })), ['course-06']);
});
