// Browsing the cached library: categories with their course counts, a category's courses a
// page at a time, and one course with its lessons. Shapes follow the contract's library.*
// channels; the media state of each lesson is added by the caller from the media store.
import type Database from 'better-sqlite3';
import { prepared } from '../../storage/sql.ts';

type Db = Database.Database;

export type CategoryEntry = { id: string; name: string; courseCount: number };
export type CourseSummary = {
  id: string;
  categoryId: string;
  title: string;
  teacher: string;
  creditHours: number;
  lessonCount: number;
};
export type CoursePage = { total: number; courses: CourseSummary[] };
export type LessonMedia = { sha256: string; size: number; type: string };
export type LessonEntry = {
  id: string;
  title: string;
  teacher: string;
  summary: string;
  durationSec: number;
  creditHours: number;
  sort: number;
  media: LessonMedia | null;
};
export type CourseDetail = { course: CourseSummary & { summary: string }; lessons: LessonEntry[] };

const SUMMARY_COLUMNS = `c.id AS id, c.category_id AS categoryId, c.title AS title, c.teacher AS teacher, c.credit_hours AS creditHours,
  (SELECT count(*) FROM lessons l WHERE l.course_id = c.id) AS lessonCount`;

export function listCategories(db: Db): CategoryEntry[] {
  return prepared(
    db,
    `SELECT cat.id AS id, cat.name AS name, (SELECT count(*) FROM courses c WHERE c.category_id = cat.id) AS courseCount
    FROM categories cat ORDER BY cat.sort, cat.id`,
  ).all() as CategoryEntry[];
}

/** Newest first: what the hub updated last is what a school is most likely looking for. */
export function listCourses(db: Db, input: { categoryId: string; offset: number; limit: number }): CoursePage {
  const { total } = prepared(db, 'SELECT count(*) AS total FROM courses WHERE category_id = ?').get(
    input.categoryId,
  ) as { total: number };
  const courses = prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM courses c WHERE c.category_id = ?
    ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
  ).all(input.categoryId, input.limit, input.offset) as CourseSummary[];
  return { total, courses };
}

type LessonRow = Omit<LessonEntry, 'media'> & {
  mediaSha256: string | null;
  mediaSize: number | null;
  mediaType: string | null;
};

export function courseDetail(db: Db, courseId: string): CourseDetail | null {
  const course = prepared(db, `SELECT ${SUMMARY_COLUMNS}, c.summary AS summary FROM courses c WHERE c.id = ?`).get(
    courseId,
  ) as CourseDetail['course'] | undefined;
  if (!course) return null;
  const rows = prepared(
    db,
    `SELECT id, title, teacher, summary, duration_sec AS durationSec, credit_hours AS creditHours, sort,
      media_sha256 AS mediaSha256, media_size AS mediaSize, media_type AS mediaType
    FROM lessons WHERE course_id = ? ORDER BY sort, id`,
  ).all(courseId) as LessonRow[];
  const lessons = rows.map(({ mediaSha256, mediaSize, mediaType, ...lesson }) => ({
    ...lesson,
    media:
      mediaSha256 !== null && mediaSize !== null && mediaType !== null
        ? { sha256: mediaSha256, size: mediaSize, type: mediaType }
        : null,
  }));
  return { course, lessons };
}
