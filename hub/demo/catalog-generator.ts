// The reference hub's demo catalogue: categories, courses and lessons in realistic Chinese,
// generated from a seed so that the same call gives the same catalogue everywhere. Lessons
// are LessonInputs (../lessons.ts), published the one way every lesson is; a course's credit
// hours are its lessons' minutes under the rule set the caller names — the demo hub's
// published one — so they agree with what a class earns.
// `generateCatalog({ courses: 2600, seed: 1, rules })` is the size of a provincial platform
// (about 30,000 lessons) for catalogue benchmarks; `generateDemoCatalog(rules)` is the small
// catalogue a demo hub serves. The first course of every catalogue is the one whose lessons
// have real, playable files (playable.ts); all other media entries are well-formed but fake —
// sha256 and size for catalogue benchmarks, nothing to download.
import type { RuleSet } from '../../protocol/hour-rules.ts';
import { courseCreditHours, type LessonInput } from '../lessons.ts';
import { DEMO_CATEGORIES, type DemoCategory } from './categories.ts';
import {
  COURSE_VOCABULARY,
  LESSON_ASPECTS,
  SUMMARY_FOLLOW_UPS,
  SUMMARY_OPENINGS,
  type CategoryVocabulary,
} from './course-vocabulary.ts';
import { PLAYABLE_COURSE, PLAYABLE_LESSONS } from './playable.ts';
import { createRandom, pick, pickWeighted, randomHex, randomInt, shuffled, type Random } from './random.ts';
import { teacherPool } from './teachers.ts';

export interface DemoCourse {
  id: string;
  categoryId: string;
  title: string;
  teacher: string;
  summary: string;
  creditHours: number;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface DemoMedia {
  sha256: string;
  size: number;
  type: 'video/mp4';
  /** Absolute path of a real file the hub can serve; absent for benchmark-only media. */
  file?: string;
}

/**
 * A generated lesson: a LessonInput whose media, when there is any, has its sha256 and size
 * (the playable ones also the file the hub serves in place). null: the recording is not
 * published yet; the station lists the lesson but cannot play it.
 */
export type DemoLesson = LessonInput & { media: DemoMedia | null };

export interface DemoCatalog {
  categories: DemoCategory[];
  courses: DemoCourse[];
  lessons: DemoLesson[];
}

export interface CatalogOptions {
  courses: number;
  seed: number;
  /** The hour rules courses are credited by: the rule set the hub publishes. */
  rules: Pick<RuleSet, 'unitMinutes' | 'unitHours' | 'remainderBands'>;
}

const TEACHERS_PER_CATEGORY = 20;
const TITLE_ATTEMPTS = 4;
const TITLE_PARTS = ['（实践篇）', '（案例篇）', '（政策篇）', '（基层篇）', '（进阶篇）'] as const;
const UNPUBLISHED_MEDIA_SHARE = 0.02;
const GUEST_TEACHER_SHARE = 0.1;
// Course updates spread over the platform's recent years (UTC milliseconds).
const UPDATED_FROM = Date.UTC(2023, 0, 1);
const UPDATED_TO = Date.UTC(2026, 9, 31);
const PLAYABLE_UPDATED_AT = '2026-10-01T00:00:00.000Z';

function courseIdFor(index: number): string {
  return `course-${String(index + 1).padStart(4, '0')}`;
}

/** Lesson ids start with their course's id, so a lesson id alone says which course it is in. */
function lessonIdFor(courseId: string, sort: number): string {
  return `${courseId}-l${String(sort).padStart(2, '0')}`;
}

function vocabularyOf(categoryId: string): CategoryVocabulary {
  const vocabulary = COURSE_VOCABULARY[categoryId];
  if (!vocabulary) throw new Error(`No course vocabulary for category ${categoryId}`);
  return vocabulary;
}

/**
 * 5–20 lessons, skewed towards the short end: 5 + ⌊16·u^1.3⌋ averages about 11.5, which is
 * what the platform has (≈30,000 lessons in 2,600 courses).
 */
function lessonCount(random: Random): number {
  return 5 + Math.floor(16 * random() ** 1.3);
}

/** Lecture length in seconds: 20–90 minutes, not always on the minute. */
function lessonDuration(random: Random): number {
  return randomInt(random, 20, 89) * 60 + randomInt(random, 0, 59);
}

/** A fake but well-formed media entry: sized like a ~500 kbit/s lecture recording. */
function fakeMedia(random: Random, durationSec: number): DemoMedia {
  const bitsPerSecond = randomInt(random, 400_000, 600_000);
  return { sha256: randomHex(random, 64), size: Math.round((durationSec * bitsPerSecond) / 8), type: 'video/mp4' };
}

/**
 * A title not yet in the catalogue. A big catalogue has more courses than topic × template
 * combinations, and a platform tells its versions of a course apart by a part label, so a
 * repeated title gets one ("（实践篇）", then "（第N期）").
 */
function courseTitle(
  random: Random,
  vocabulary: CategoryVocabulary,
  titleCounts: Map<string, number>,
): { title: string; topic: string } {
  let title = '';
  let topic = '';
  for (let attempt = 0; attempt < TITLE_ATTEMPTS; attempt += 1) {
    const group = pick(random, vocabulary.groups);
    topic = pick(random, group.topics);
    title = pick(random, group.templates).replace('{t}', topic);
    if (!titleCounts.has(title)) break;
  }
  const seen = titleCounts.get(title) ?? 0;
  titleCounts.set(title, seen + 1);
  if (seen === 0) return { title, topic };
  return { title: title + (TITLE_PARTS[seen - 1] ?? `（第${seen + 1}期）`), topic };
}

function courseSummary(random: Random, topic: string): string {
  const sentences = [pick(random, SUMMARY_OPENINGS).replace('{t}', topic)];
  for (const followUp of shuffled(random, SUMMARY_FOLLOW_UPS).slice(0, randomInt(random, 0, 2)))
    sentences.push(followUp);
  return sentences.join('');
}

/** The first course: the lessons with real, playable files (see playable.ts). */
function addPlayableCourse(courses: DemoCourse[], lessons: DemoLesson[], rules: CatalogOptions['rules']): void {
  const id = courseIdFor(0);
  PLAYABLE_LESSONS.forEach((lesson, index) => {
    lessons.push({
      id: lessonIdFor(id, index + 1),
      courseId: id,
      title: lesson.title,
      teacher: lesson.teacher,
      summary: `本讲是“${PLAYABLE_COURSE.title}”的第${index + 1}讲，演示用示例短片。`,
      durationSec: lesson.durationSec,
      sort: index + 1,
      media: { sha256: lesson.sha256, size: lesson.size, type: 'video/mp4', file: lesson.file },
    });
  });
  courses.push({
    id,
    categoryId: PLAYABLE_COURSE.categoryId,
    title: PLAYABLE_COURSE.title,
    teacher: PLAYABLE_COURSE.teacher,
    summary: PLAYABLE_COURSE.summary,
    creditHours: courseCreditHours(
      PLAYABLE_LESSONS.map((lesson) => lesson.durationSec),
      rules,
    ),
    updatedAt: PLAYABLE_UPDATED_AT,
  });
}

export function generateCatalog(options: CatalogOptions): DemoCatalog {
  const random = createRandom(options.seed);
  const teachers = new Map(
    DEMO_CATEGORIES.map((category) => [
      category.id,
      teacherPool(random, vocabularyOf(category.id), TEACHERS_PER_CATEGORY),
    ]),
  );
  const categoryIds = DEMO_CATEGORIES.map((category) => category.id);
  const categoryWeights = categoryIds.map((id) => vocabularyOf(id).weight);

  const titleCounts = new Map<string, number>();
  const courses: DemoCourse[] = [];
  const lessons: DemoLesson[] = [];
  if (options.courses > 0) addPlayableCourse(courses, lessons, options.rules);
  for (let index = courses.length; index < options.courses; index += 1) {
    // The sixteen courses after the playable one take one category each, so even a small
    // catalogue shows them all.
    const generated = index - 1;
    const categoryId =
      generated < categoryIds.length ? categoryIds[generated]! : pickWeighted(random, categoryIds, categoryWeights);
    const vocabulary = vocabularyOf(categoryId);
    const pool = teachers.get(categoryId)!;
    const { title, topic } = courseTitle(random, vocabulary, titleCounts);
    const id = courseIdFor(index);
    const teacher = pick(random, pool);

    const count = lessonCount(random);
    const aspects = shuffled(random, LESSON_ASPECTS);
    const durations: number[] = [];
    for (let sort = 1; sort <= count; sort += 1) {
      const durationSec = lessonDuration(random);
      durations.push(durationSec);
      const aspect = aspects[sort - 1]!;
      lessons.push({
        id: lessonIdFor(id, sort),
        courseId: id,
        title: `第${sort}讲\u3000${aspect}`,
        teacher: random() < GUEST_TEACHER_SHARE ? pick(random, pool) : teacher,
        summary: `本讲是“${title}”的第${sort}讲，主题为${aspect}。`,
        durationSec,
        sort,
        media: random() < UNPUBLISHED_MEDIA_SHARE ? null : fakeMedia(random, durationSec),
      });
    }
    const updatedAt = new Date(
      UPDATED_FROM + Math.floor(random() * ((UPDATED_TO - UPDATED_FROM) / 60_000)) * 60_000,
    ).toISOString();
    courses.push({
      id,
      categoryId,
      title,
      teacher,
      summary: courseSummary(random, topic),
      creditHours: courseCreditHours(durations, options.rules),
      updatedAt,
    });
  }
  return { categories: DEMO_CATEGORIES.map((category) => ({ ...category })), courses, lessons };
}

/** The demo hub's catalogue: a few dozen courses covering every category, the playable one first. */
export function generateDemoCatalog(rules: CatalogOptions['rules']): DemoCatalog {
  return generateCatalog({ courses: 36, seed: 1, rules });
}
