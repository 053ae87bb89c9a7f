// Catalogue figures for the library bench suite: how fast the station applies the hub's
// 2,600-course / ~30,000-lesson catalogue, applies a small delta, and answers searches —
// with a naive LIKE scan over the same columns run side by side as the baseline.
import { DEFAULT_RULE_SET } from '../../protocol/hour-rules.ts';
import type { StreamName, StreamRecord } from '../../protocol/wire.ts';
import { generateCatalog, type DemoCatalog } from '../../hub/demo/catalog-generator.ts';
import { lessonRecord } from '../../hub/lessons.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { openCatalog } from '../../main/storage/station-databases.ts';
import { removeFolder, runFolder } from '../support/disk.ts';
import { applyStreamPage } from '../../main/library/catalog/apply.ts';
import { searchCatalog } from '../../main/library/catalog/search.ts';
import type { PulledPage, StreamItem } from '../../protocol/hub-client/hub-client.ts';

const PAGE_SIZE = 1000;
const SEARCH_LIMIT = 30;
const REPEATS = 15;
const DELTA_ROUNDS = 5;

/**
 * What a kiosk user types: 1- to 4-character fragments, longer topics, teachers' names (from
 * the seed-1 catalogue), and broad words that match nearly everything (党校, 教授: in every
 * teacher line) as the worst case.
 */
export const QUERIES = [
  '党',
  '法',
  '史',
  '党史',
  '振兴',
  '法治',
  '乡村',
  '生态',
  '廉政',
  '基层',
  '改革',
  '教授',
  '二十大',
  '党校',
  '现代化',
  '共产党',
  '新时代',
  '秦炎豪',
  '李世政',
  '乡村治理',
  '党的建设',
  '遵义会议',
  '生态文明',
  '专题辅导',
  '河北省委',
  '中国式现代化',
  '全面从严治党',
  '全过程人民民主',
  '习近平法治思想',
  '社会主义核心价值观',
  '第3讲',
  '实践篇',
  // Pinyin initials, typed without a Chinese input method.
  'dsxx',
  'xjp',
  'fz',
  'xczx',
] as const;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function time(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * Records as the hub publishes them (hub/lessons.ts lessonRecord), except that every lesson
 * keeps its generated media reference, as a platform's catalogue would: the hub would not
 * publish hashes it does not hold, but the station's apply and search do not care.
 */
function streamRecords(catalog: DemoCatalog): { [S in 'categories' | 'courses' | 'lessons']: StreamRecord<S>[] } {
  return {
    categories: catalog.categories.map(({ id, name, sort }) => ({ id, name, sort })),
    courses: catalog.courses,
    lessons: catalog.lessons.map((lesson) =>
      lessonRecord(
        lesson,
        lesson.media && { sha256: lesson.media.sha256, size: lesson.media.size, type: lesson.media.type },
        DEFAULT_RULE_SET,
      ),
    ),
  };
}

function pages<S extends StreamName>(stream: S, items: StreamItem<S>[], firstRev: number): PulledPage<S>[] {
  const result: PulledPage<S>[] = [];
  for (let start = 0; start < items.length; start += PAGE_SIZE) {
    const slice = items.slice(start, start + PAGE_SIZE);
    result.push({
      stream,
      items: slice,
      cursor: String(firstRev + start + slice.length),
      hasMore: start + PAGE_SIZE < items.length,
    });
  }
  return result;
}

function upserts<S extends StreamName>(
  records: (StreamRecord<S> & { id: string })[],
  firstRev: number,
): StreamItem<S>[] {
  return records.map((data, i) => ({ id: data.id, rev: firstRev + i + 1, deleted: false, data }));
}

export async function catalogFigures(): Promise<Record<string, number>> {
  // On the bench's real-disk folder (tmpfs refused), like every suite's data.
  const dataDir = runFolder('library-catalog');
  const { db } = openCatalog(dataDir, silentLogger);
  try {
    const records = streamRecords(generateCatalog({ courses: 2600, seed: 1, rules: DEFAULT_RULE_SET }));
    let rev = 0;
    const fullPages = [
      ...pages('categories', upserts(records.categories, rev), rev),
      ...pages('courses', upserts(records.courses, (rev += records.categories.length)), rev),
      ...pages('lessons', upserts(records.lessons, (rev += records.courses.length)), rev),
    ];
    rev += records.lessons.length;
    const fullApplyMs = time(() => {
      for (const page of fullPages) applyStreamPage(db, page);
    });

    // 100 changes: 40 course edits, 40 lesson renames, 20 lessons withdrawn (tombstones).
    const deltaTimes: number[] = [];
    for (let round = 0; round < DELTA_ROUNDS; round++) {
      const offset = round * 100;
      const courses = records.courses
        .slice(offset, offset + 40)
        .map((course) => ({ ...course, summary: `${course.summary}（第${round + 1}次修订）` }));
      const renamed = records.lessons
        .slice(offset * 3, offset * 3 + 40)
        .map((lesson) => ({ ...lesson, title: `${lesson.title}（修订版）` }));
      const withdrawn = records.lessons.slice(offset * 3 + 40, offset * 3 + 60);
      const delta = [
        { stream: 'courses' as const, items: upserts(courses, rev), cursor: String((rev += 40)), hasMore: false },
        {
          stream: 'lessons' as const,
          items: [
            ...upserts(renamed, rev),
            ...withdrawn.map((lesson, i) => ({ id: lesson.id, rev: rev + 41 + i, deleted: true as const, data: null })),
          ],
          cursor: String((rev += 60)),
          hasMore: false,
        },
      ];
      deltaTimes.push(time(() => delta.forEach((page) => applyStreamPage(db, page))));
    }

    const likeCourses =
      db.prepare(`SELECT id, title FROM courses WHERE title LIKE @p OR teacher LIKE @p OR summary LIKE @p
      ORDER BY (title LIKE @p) DESC, seq LIMIT @limit`);
    const likeLessons = db.prepare(
      'SELECT id, title FROM lessons WHERE title LIKE @p ORDER BY length(title), seq LIMIT @limit',
    );
    const naive = (query: string) => {
      const p = `%${query}%`;
      return [...likeCourses.all({ p, limit: SEARCH_LIMIT }), ...likeLessons.all({ p, limit: SEARCH_LIMIT })];
    };
    const ours = (query: string) => searchCatalog(db, { query, limit: SEARCH_LIMIT });

    // The first pinyin-initials query after the catalogue changed reads every course title.
    const initialsFirstMs = time(() => ours('dsxx'));
    for (const query of QUERIES) {
      ours(query);
      naive(query);
    }
    const searchTimes: number[] = [];
    const likeTimes: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const query of QUERIES) {
        searchTimes.push(time(() => ours(query)));
        likeTimes.push(time(() => naive(query)));
      }
    }
    const searchP95 = percentile(searchTimes, 95);
    const likeP95 = percentile(likeTimes, 95);
    return {
      catalog_courses: records.courses.length,
      catalog_lessons: records.lessons.length,
      catalog_full_apply_ms: round(fullApplyMs, 1),
      catalog_delta100_apply_ms: round(percentile(deltaTimes, 50), 2),
      search_queries: QUERIES.length,
      search_p50_ms: round(percentile(searchTimes, 50)),
      search_p95_ms: round(searchP95),
      like_scan_p95_ms: round(likeP95),
      search_vs_like_ratio: round(likeP95 / searchP95, 1),
      search_initials_first_ms: round(initialsFirstMs, 1),
    };
  } finally {
    db.close();
    removeFolder(dataDir);
  }
}
