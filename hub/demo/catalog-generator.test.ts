import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RULE_SET, hoursFor, type RuleSet } from '../../protocol/hour-rules.ts';
import { generateCatalog, generateDemoCatalog as generateDemo, type DemoCatalog } from './catalog-generator.ts';
import { DEMO_CATEGORIES } from './categories.ts';
import { PLAYABLE_LESSONS } from './playable.ts';

const rules = DEFAULT_RULE_SET;
const large = generateCatalog({ courses: 2600, seed: 1, rules });
const generateDemoCatalog = () => generateDemo(rules);

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

/** A course's lessons' whole minutes under the rules: what a class playing them all earns. */
function assertHoursAgree(
  catalog: DemoCatalog,
  ruleSet: Pick<RuleSet, 'unitMinutes' | 'unitHours' | 'remainderBands'>,
) {
  const seconds = new Map<string, number>();
  for (const lesson of catalog.lessons)
    seconds.set(lesson.courseId, (seconds.get(lesson.courseId) ?? 0) + lesson.durationSec);
  for (const course of catalog.courses) {
    const minutes = Math.floor(seconds.get(course.id)! / 60);
    assert.equal(course.creditHours, hoursFor(minutes, ruleSet), `${course.id}: ${minutes} minutes`);
  }
}

test("course credit hours are their lessons' minutes under the rule set given, 60- or 45-minute units", () => {
  assertHoursAgree(large, rules);
  assertHoursAgree(generateDemoCatalog(), rules);
  // A course of 5 × 20–90 minute lectures is a few hours, not a few dozen.
  const typical = large.courses.find((course) => course.id === 'course-0002')!;
  assert.ok(typical.creditHours >= 2 && typical.creditHours <= 40, `${typical.creditHours}`);
  // The playable course's five clips last under a minute in all: no hours.
  assert.equal(large.courses[0]!.creditHours, 0);

  const periods: RuleSet = {
    ...DEFAULT_RULE_SET,
    version: 2,
    unitMinutes: 45,
    remainderBands: [
      { atLeastMinutes: 30, hours: 0.75 },
      { atLeastMinutes: 15, hours: 0.5 },
      { atLeastMinutes: 1, hours: 0.25 },
    ],
  };
  const byPeriods = generateCatalog({ courses: 200, seed: 1, rules: periods });
  assertHoursAgree(byPeriods, periods);
  assert.ok(
    byPeriods.courses.slice(1).every((course, i) => course.creditHours >= large.courses[i + 1]!.creditHours),
    'shorter units never give fewer hours',
  );
  assert.deepEqual(
    byPeriods.lessons,
    generateCatalog({ courses: 200, seed: 1, rules }).lessons,
    'the rules change hours, not lessons',
  );
});

test('the same seed gives the same catalogue; another seed another one', () => {
  assert.deepEqual(
    generateCatalog({ courses: 200, seed: 7, rules }),
    generateCatalog({ courses: 200, seed: 7, rules }),
  );
  assert.notDeepEqual(
    generateCatalog({ courses: 200, seed: 7, rules }).courses,
    generateCatalog({ courses: 200, seed: 8, rules }).courses,
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
