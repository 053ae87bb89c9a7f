import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCatalog, generateDemoCatalog, type DemoCatalog } from './catalog-generator.ts';
import { DEMO_CATEGORIES } from './categories.ts';
import { PLAYABLE_LESSONS } from './playable.ts';

const large = generateCatalog({ courses: 2600, seed: 1 });

function assertWellFormed(catalog: DemoCatalog): void {
  const courseIds = new Set(catalog.courses.map((course) => course.id));
  assert.equal(courseIds.size, catalog.courses.length, 'course ids are unique');
  assert.equal(
    new Set(catalog.lessons.map((lesson) => lesson.id)).size,
    catalog.lessons.length,
    'lesson ids are unique',
  );
  const categoryIds = new Set(catalog.categories.map((category) => category.id));
  for (const course of catalog.courses) {
    assert.ok(categoryIds.has(course.categoryId), `${course.id} has a known category`);
    assert.ok(course.title.length >= 4 && course.teacher.length >= 4, `${course.id} has a title and a teacher`);
    const sentences = course.summary.split('。').filter(Boolean).length;
    assert.ok(sentences >= 1 && sentences <= 3, `${course.id} summary has 1–3 sentences: ${course.summary}`);
    assert.ok(
      course.creditHours >= 0.5 && Number.isInteger(course.creditHours * 2),
      `${course.id} credit hours ${course.creditHours}`,
    );
    assert.equal(new Date(course.updatedAt).toISOString(), course.updatedAt);
  }
  for (const lesson of catalog.lessons) {
    assert.ok(courseIds.has(lesson.courseId), `${lesson.id} belongs to a course`);
    if (lesson.media) {
      assert.match(lesson.media.sha256, /^[0-9a-f]{64}$/);
      assert.ok(Number.isInteger(lesson.media.size) && lesson.media.size > 0);
      assert.equal(lesson.media.type, 'video/mp4');
    }
  }
}

test('the same seed gives the same catalogue; another seed another one', () => {
  assert.deepEqual(generateCatalog({ courses: 200, seed: 7 }), generateCatalog({ courses: 200, seed: 7 }));
  assert.notDeepEqual(
    generateCatalog({ courses: 200, seed: 7 }).courses,
    generateCatalog({ courses: 200, seed: 8 }).courses,
  );
});

test('2,600 courses have about 30,000 lessons, 5–20 per course, numbered from 1', () => {
  assert.equal(large.courses.length, 2600);
  assert.ok(large.lessons.length >= 28_000 && large.lessons.length <= 32_000, `${large.lessons.length} lessons`);
  const sortsByCourse = new Map<string, number[]>();
  for (const lesson of large.lessons)
    sortsByCourse.set(lesson.courseId, [...(sortsByCourse.get(lesson.courseId) ?? []), lesson.sort]);
  for (const course of large.courses) {
    const sorts = sortsByCourse.get(course.id) ?? [];
    assert.ok(sorts.length >= 5 && sorts.length <= 20, `${course.id} has ${sorts.length} lessons`);
    assert.deepEqual(
      sorts,
      Array.from({ length: sorts.length }, (_, index) => index + 1),
    );
  }
});

test('generated lessons last 20 to 90 minutes and almost all have media', () => {
  for (const lesson of large.lessons.filter((entry) => !entry.media?.file)) {
    assert.ok(
      lesson.durationSec >= 20 * 60 && lesson.durationSec < 90 * 60,
      `${lesson.id} lasts ${lesson.durationSec} s`,
    );
  }
  const withMedia = large.lessons.filter((lesson) => lesson.media !== null).length;
  assert.ok(withMedia / large.lessons.length > 0.95, `${withMedia} of ${large.lessons.length} lessons have media`);
});

test('catalogues are well formed, large and small', () => {
  assertWellFormed(large);
  assertWellFormed(generateDemoCatalog());
});

test('every category has courses, in the large and in the demo catalogue', () => {
  for (const catalog of [large, generateDemoCatalog()]) {
    const used = new Set(catalog.courses.map((course) => course.categoryId));
    assert.deepEqual(
      [...used].sort(),
      DEMO_CATEGORIES.map((category) => category.id),
    );
  }
});

test('course titles are distinct and some contain 党史 inside a longer word', () => {
  assert.equal(new Set(large.courses.map((course) => course.title)).size, large.courses.length);
  assert.ok(large.courses.some((course) => course.title.includes('中国共产党党史专题')));
  assert.ok(
    generateDemoCatalog().courses.some((course) => /\p{Script=Han}党史/u.test(course.title)),
    'the demo catalogue has a title with 党史 after another character',
  );
});

test('the demo catalogue has a few dozen courses', () => {
  const demo = generateDemoCatalog();
  assert.ok(demo.courses.length >= 24 && demo.courses.length <= 60, `${demo.courses.length} courses`);
});

test('the first course carries the playable lessons, with their files and checksums', () => {
  for (const catalog of [large, generateDemoCatalog()]) {
    const first = catalog.courses[0]!;
    const lessons = catalog.lessons.filter((lesson) => lesson.courseId === first.id);
    assert.deepEqual(
      lessons.map((lesson) => lesson.media),
      PLAYABLE_LESSONS.map((playable) => ({
        sha256: playable.sha256,
        size: playable.size,
        type: 'video/mp4',
        file: playable.file,
      })),
    );
    assert.deepEqual(
      lessons.map((lesson) => lesson.title),
      PLAYABLE_LESSONS.map((playable) => playable.title),
    );
    assert.equal(
      catalog.lessons.filter((lesson) => lesson.media?.file).length,
      PLAYABLE_LESSONS.length,
      'no other lesson claims a real file',
    );
  }
});
