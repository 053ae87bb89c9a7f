// Substring search over course titles, teachers and summaries and lesson titles — what a
// learner types at the kiosk is a fragment of a title (党史, 乡村振兴) or a teacher's name,
// and Chinese has no spaces for a word tokenizer to split on.
//
// Two kinds of FTS5 index (migration 002; the course titles alone again in migration 004):
//   *_fts    trigram: every 3-character window is a token, so a query of 3 or more
//            characters is a substring match (党史专 inside 中国共产党党史专题).
//   *_chars  one token per character: a query of 1 or 2 characters has no trigram at all
//            (the trigram index cannot answer it, and LIKE over ~30,000 lesson titles costs
//            milliseconds per keystroke), so it is spaced into a phrase ("党 史") that matches
//            exactly where the characters stand next to each other.
// A query with several space-separated terms needs every term; if any term is short, all
// terms go to the per-character index, which answers any length.
//
// Ranking, one list, asked for group by group until `limit` hits are found (a broad query
// stops after the first group; see RANKED_MATCHES for how much each group ranks):
//   1. courses with every term in the title — the exact title first, then titles that
//      start with the (first) term, then shorter titles (more of the title is the query);
//   2. lessons with every term in the title, shorter titles first;
//   3. courses with every term in the teacher line, newest first — teacher lines are all
//      alike (a name, then school and rank), so no score would tell them apart;
//   4. courses with the terms anywhere else (the summary, or terms split across fields):
//      a term in the title weighs 10, in the teacher line 3, then newest first.
// Two more ways in, for what people type at a kiosk: a query of Latin letters alone is also
// read as pinyin initials of course titles (pinyin-index.ts; dsxx → 党史学习…), listed
// first; and a query that names a category (法治 → 法治建设) lists that category's other
// courses, newest first, after everything else.
//
// What a search costs is mostly FTS5 queries: each looks up every token of the query (a
// long query has many: 社会主义核心价值观 is 7 trigrams) in every segment of the index, and
// the large indexes are in several segments after every sync. So group 1 asks the course
// title indexes, which apply.ts keeps in one segment; no group is scored with bm25 (its idf
// pass reads the matches once more); groups 1 and 2 are ranked by title length read from
// the rows; and groups 3 and 4 share one query: the newest course matches in any column,
// with the terms looked for in each teacher line.
import type Database from 'better-sqlite3';
import { spaced } from './search-text.ts';
import { coursesByInitials, isInitialsQuery } from './pinyin-index.ts';
import { prepared } from '../../storage/sql.ts';

type Db = Database.Database;

export type SearchInput = { query: string; limit?: number };

/** Matches the contract's library.search hit: lessonId null when the course itself matched. */
export type SearchHit = {
  courseId: string;
  lessonId: string | null;
  title: string;
  teacher: string;
  courseTitle: string;
};

const DEFAULT_LIMIT = 30;
const MAX_TERMS = 4;
const MAX_TERM_CHARS = 40;
// Group 4: what a term found in the title or the teacher line adds to a course's score.
const TITLE_WEIGHT = 10;
const TEACHER_WEIGHT = 3;

/** Query terms, lower-cased like both indexes fold Latin letters; empty when nothing is searchable. */
export function queryTerms(query: string): string[] {
  const terms = query
    .toLowerCase()
    .split(/\s+/u)
    .map((term) => Array.from(term).slice(0, MAX_TERM_CHARS).join(''))
    // A term of punctuation only has no token in either index.
    .filter((term) => /[\p{L}\p{N}]/u.test(term));
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

type Index = 'fts' | 'chars';
// `exact` and `prefix` order the title hits: a title that is the query typed without its
// spaces comes first, then titles that start with the first term.
type Plan = { index: Index; all: string; exact: string; prefix: string };

function plan(terms: string[]): Plan {
  const short = terms.some((term) => Array.from(term).length < 3);
  return {
    index: short ? 'chars' : 'fts',
    all: `(${terms.map((term) => phrase(short ? spaced(term) : term)).join(' AND ')})`,
    exact: terms.join(''),
    prefix: terms[0]!,
  };
}

// Ranking looks at the first RANKED_MATCHES matches of a group at most (titles and lessons
// in catalogue order, the rest newest first). A query that matches more rows than that is
// too broad for any order to tell them apart usefully (教授 is in nearly every teacher line),
// and ranking thousands of rows would cost milliseconds per keystroke; below it the ranking
// is exact.
const RANKED_MATCHES = 300;

// instr() on lower() agrees with both indexes for Chinese and ASCII letters, which is what
// the catalogue holds; where they differ (a match across punctuation in the per-character
// index, a non-ASCII capital) the course is still found, only placed in group 4.
const contains = (column: string, terms: number) =>
  Array.from({ length: terms }, (_, i) => `(instr(lower(${column}), @t${i}) > 0)`);

const SQL = {
  // Groups 3 and 4: the newest @window course matches, each with where its terms stand.
  courseWindow: (
    index: Index,
    terms: number,
  ) => `SELECT c.id AS courseId, c.title AS title, c.teacher AS teacher, c.seq AS seq,
      ${contains('c.teacher', terms).join(' AND ')} AS inTeacher,
      ${[...contains('c.title', terms).map((found) => `${TITLE_WEIGHT} * ${found}`), ...contains('c.teacher', terms).map((found) => `${TEACHER_WEIGHT} * ${found}`)].join(' + ')} AS score
    FROM (SELECT rowid FROM courses_${index} WHERE courses_${index} MATCH @match ORDER BY rowid DESC LIMIT @window) hit JOIN courses c ON c.seq = hit.rowid
    ORDER BY c.seq DESC`,
  // Group 1: the title-only index (migration 004), ranked among its first matches.
  courseTitles: (
    index: Index,
  ) => `SELECT c.id AS courseId, NULL AS lessonId, c.title AS title, c.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT rowid FROM course_titles_${index} WHERE course_titles_${index} MATCH @match LIMIT ${RANKED_MATCHES}) hit JOIN courses c ON c.seq = hit.rowid
    ORDER BY lower(c.title) = @exact DESC, instr(lower(c.title), @prefix) = 1 DESC, length(c.title), c.seq
    LIMIT @limit`,
  // Group 2: the lessons' lengths are read for the first matches, their courses only for the hits.
  lessonTitles: (
    index: Index,
  ) => `SELECT l.course_id AS courseId, l.id AS lessonId, l.title AS title, l.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT l.seq AS seq FROM (SELECT rowid FROM lessons_${index} WHERE lessons_${index} MATCH @match LIMIT ${RANKED_MATCHES}) hit JOIN lessons l ON l.seq = hit.rowid
      ORDER BY length(l.title), l.seq LIMIT @limit) top
    JOIN lessons l ON l.seq = top.seq JOIN courses c ON c.id = l.course_id
    ORDER BY length(l.title), l.seq`,
  // Courses by id, for the pinyin-initials hits.
  courseById: `SELECT id AS courseId, NULL AS lessonId, title, teacher, title AS courseTitle FROM courses WHERE id = ?`,
  // Courses of the categories whose name holds every term, newest first.
  categoryCourses: (terms: number) => `SELECT c.id AS courseId, c.title AS title, c.teacher AS teacher
    FROM categories g JOIN courses c ON c.category_id = g.id
    WHERE ${contains('g.name', terms).join(' AND ')}
    ORDER BY c.seq DESC LIMIT @limit`,
  // Group 3 when the window holds too few teacher hits and left older matches out.
  courseTeachers: (index: Index) => `SELECT c.id AS courseId, c.title AS title, c.teacher AS teacher
    FROM (SELECT rowid FROM courses_${index} WHERE courses_${index} MATCH @match ORDER BY rowid DESC LIMIT @limit) hit
    JOIN courses c ON c.seq = hit.rowid
    ORDER BY c.seq DESC`,
};

type CourseRow = { courseId: string; title: string; teacher: string };
type WindowRow = CourseRow & { seq: number; inTeacher: number; score: number };

const courseHit = ({ courseId, title, teacher }: CourseRow): SearchHit => ({
  courseId,
  lessonId: null,
  title,
  teacher,
  courseTitle: title,
});

export function searchCatalog(db: Db, input: SearchInput): SearchHit[] {
  const terms = queryTerms(input.query);
  if (terms.length === 0) return [];
  const limit = input.limit ?? DEFAULT_LIMIT;
  const { index, all, exact, prefix } = plan(terms);
  const hits: SearchHit[] = isInitialsQuery(input.query)
    ? coursesByInitials(db, input.query, limit).map(
        (courseId) => prepared(db, SQL.courseById).get(courseId) as SearchHit,
      )
    : [];
  const listed = new Set(hits.map((hit) => hit.courseId));
  for (const hit of prepared(db, SQL.courseTitles(index)).all({ match: all, exact, prefix, limit }) as SearchHit[])
    if (hits.length < limit && !listed.has(hit.courseId)) hits.push(hit);
  if (hits.length < limit)
    hits.push(
      ...(prepared(db, SQL.lessonTitles(index)).all({ match: all, limit: limit - hits.length }) as SearchHit[]),
    );
  if (hits.length >= limit) return hits;

  // Every course with the terms in its title is listed by now, and comes up again among
  // the matches in any column: ask for as many more as are listed and skip them.
  for (const hit of hits) if (hit.lessonId === null) listed.add(hit.courseId);
  const add = (rows: CourseRow[]) => {
    for (const row of rows) {
      if (hits.length < limit && !listed.has(row.courseId)) {
        hits.push(courseHit(row));
        listed.add(row.courseId);
      }
    }
  };
  const termParams = Object.fromEntries(terms.map((term, i) => [`t${i}`, term]));
  const wanted = limit - hits.length + listed.size;
  const courseWindow = (size: number) =>
    prepared(db, SQL.courseWindow(index, terms.length)).all({ match: all, window: size, ...termParams }) as WindowRow[];
  // One more than wanted: fewer rows than that are all the matches there are.
  let window = courseWindow(wanted + 1);
  const complete = window.length <= wanted;
  const teachers = window.filter((row) => row.inTeacher && !listed.has(row.courseId));
  // The window is the newest matches, so its teacher hits are the newest teacher hits; when
  // they are too few and older matches were left out, the teacher column is asked.
  if (complete || teachers.length >= limit - hits.length) {
    add(teachers);
  } else {
    add(prepared(db, SQL.courseTeachers(index)).all({ match: `{teacher} : ${all}`, limit: wanted }) as CourseRow[]);
  }
  if (hits.length >= limit) return hits;
  if (!complete) window = courseWindow(RANKED_MATCHES);
  add(window.filter((row) => !row.inTeacher).sort((a, b) => b.score - a.score || b.seq - a.seq));
  if (hits.length < limit)
    add(
      prepared(db, SQL.categoryCourses(terms.length)).all({
        ...termParams,
        limit: limit - hits.length + listed.size,
      }) as CourseRow[],
    );
  return hits;
}
