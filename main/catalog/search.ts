// Substring search over course titles, teachers and summaries and lesson titles — what a
// learner types at the kiosk is a fragment of a title (党史, 乡村振兴) or a teacher's name,
// and Chinese has no spaces for a word tokenizer to split on.
//
// Two FTS5 indexes (migration 002):
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
//      start with the (first) term, then by bm25;
//   2. lessons with every term in the title, by bm25;
//   3. courses with every term in the teacher line, newest first — teacher lines are all
//      alike (a name, then school and rank), so bm25 would only prefer the shortest;
//   4. courses with the terms anywhere else (the summary, or terms split across fields),
//      by bm25 with title weighed above teacher above summary.
import type Database from 'better-sqlite3';
import { spaced } from './search-text.ts';

type Db = Database.Database;

export type SearchInput = { query: string; limit?: number };

/** Matches the contract's library.search hit: lessonId null when the course itself matched. */
export type SearchHit = { courseId: string; lessonId: string | null; title: string; teacher: string; courseTitle: string };

const DEFAULT_LIMIT = 30;
const MAX_TERMS = 4;
const MAX_TERM_CHARS = 40;
// bm25 column weights of the course indexes: title, teacher, summary.
const COURSE_WEIGHTS = '10.0, 3.0, 1.0';

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
  return { index: short ? 'chars' : 'fts', all: `(${terms.map((term) => phrase(short ? spaced(term) : term)).join(' AND ')})`, exact: terms.join(''), prefix: terms[0]! };
}

// Ranking looks at the first RANKED_MATCHES matches of a group (in catalogue order) at most.
// A query that matches more rows than that is too broad for bm25 to tell them apart usefully
// (教授 is in nearly every teacher line), and ranking thousands of rows would cost
// milliseconds per keystroke; below it the ranking is exact.
const RANKED_MATCHES = 300;

// Each group: the FTS index alone finds and scores the candidates; only the few hits
// returned are joined to their rows.
const SQL = {
  courseTitles: (index: Index) => `SELECT c.id AS courseId, NULL AS lessonId, c.title AS title, c.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT rowid, rank FROM courses_${index} WHERE courses_${index} MATCH @match LIMIT ${RANKED_MATCHES}) hit JOIN courses c ON c.seq = hit.rowid
    ORDER BY lower(c.title) = @exact DESC, instr(lower(c.title), @prefix) = 1 DESC, hit.rank, c.seq
    LIMIT @limit`,
  lessonTitles: (index: Index) => `SELECT l.course_id AS courseId, l.id AS lessonId, l.title AS title, l.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT rowid, rank FROM (SELECT rowid, rank FROM lessons_${index} WHERE lessons_${index} MATCH @match LIMIT ${RANKED_MATCHES}) ORDER BY rank LIMIT @limit) hit
    JOIN lessons l ON l.seq = hit.rowid JOIN courses c ON c.id = l.course_id
    ORDER BY hit.rank, l.seq`,
  courseTeachers: (index: Index) => `SELECT c.id AS courseId, NULL AS lessonId, c.title AS title, c.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT rowid FROM courses_${index} WHERE courses_${index} MATCH @match ORDER BY rowid DESC LIMIT @limit) hit
    JOIN courses c ON c.seq = hit.rowid
    ORDER BY c.seq DESC`,
  courseOthers: (index: Index) => `SELECT c.id AS courseId, NULL AS lessonId, c.title AS title, c.teacher AS teacher, c.title AS courseTitle
    FROM (SELECT rowid, score FROM (SELECT rowid, bm25(courses_${index}, ${COURSE_WEIGHTS}) AS score FROM courses_${index} WHERE courses_${index} MATCH @match LIMIT ${RANKED_MATCHES})
      ORDER BY score LIMIT @limit) hit
    JOIN courses c ON c.seq = hit.rowid
    ORDER BY hit.score, c.seq`,
};

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

export function searchCatalog(db: Db, input: SearchInput): SearchHit[] {
  const terms = queryTerms(input.query);
  if (terms.length === 0) return [];
  const limit = input.limit ?? DEFAULT_LIMIT;
  const { index, all, exact, prefix } = plan(terms);
  const inTitle = `{title} : ${all}`;
  const hits = statement(db, SQL.courseTitles(index)).all({ match: inTitle, exact, prefix, limit }) as SearchHit[];
  if (hits.length < limit) hits.push(...(statement(db, SQL.lessonTitles(index)).all({ match: all, limit: limit - hits.length }) as SearchHit[]));
  // Courses already listed come up again in groups 3 and 4 (a course found by its title
  // may have the query in its summary too): ask for as many more as are listed and skip
  // them, which is cheaper than excluding them with NOT in FTS5.
  const listed = new Set(hits.filter((hit) => hit.lessonId === null).map((hit) => hit.courseId));
  const addCourses = (sql: string, match: string) => {
    if (hits.length >= limit) return;
    const found = statement(db, sql).all({ match, limit: limit - hits.length + listed.size }) as SearchHit[];
    for (const hit of found) {
      if (hits.length < limit && !listed.has(hit.courseId)) {
        hits.push(hit);
        listed.add(hit.courseId);
      }
    }
  };
  addCourses(SQL.courseTeachers(index), `{teacher} : ${all}`);
  addCourses(SQL.courseOthers(index), all);
  return hits;
}
