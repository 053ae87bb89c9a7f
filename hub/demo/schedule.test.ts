import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_RULE_SET } from '../demo-seed.ts';
import { generateDemoCatalog } from './catalog-generator.ts';
import { generateWeekSchedule, type WeekScheduleOptions } from './schedule.ts';

const catalog = generateDemoCatalog(DEMO_RULE_SET);
const courseIds = catalog.courses.map((course) => course.id);
const lessonIds = catalog.lessons.map((lesson) => lesson.id);
// Sunday 29 November 2026, 17:00 UTC, is already Monday 01:00 in China Standard Time.
const start = new Date('2026-11-29T17:00:00Z');
const week = (overrides: Partial<WeekScheduleOptions> = {}) =>
  generateWeekSchedule({ start, courseIds, lessonIds, seed: 1, ...overrides });

/** CST wall-clock parts of an instant. */
function cst(iso: string): { date: string; weekday: number; minutes: number } {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  return {
    date: shifted.toISOString().slice(0, 10),
    weekday: shifted.getUTCDay(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

test('the same start day and seed give the same week; another seed another week', () => {
  assert.deepEqual(week(), week());
  assert.deepEqual(week(), week({ start: new Date('2026-11-30T09:59:00Z') }), 'any instant of the same CST day');
  assert.notDeepEqual(week(), week({ seed: 2 }));
});

test('classes fall on the weekdays of the seven CST days from the start day, one every morning', () => {
  const classes = week();
  const dates = new Set(classes.map((entry) => entry.date));
  assert.deepEqual([...dates], ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
  assert.equal(classes.filter((entry) => cst(entry.startsAt).minutes < 12 * 60).length, 5);
  const weekend = week({ start: new Date('2026-11-28T04:00:00Z') });
  assert.ok(
    weekend.every((entry) => entry.date >= '2026-11-30' && entry.date <= '2026-12-04'),
    'a Saturday start skips the weekend',
  );
});

test('classes last 90–180 minutes in CST mornings or afternoons, and their date is the CST date', () => {
  for (const entry of week({ seed: 11 })) {
    const begins = cst(entry.startsAt);
    const ends = cst(entry.endsAt);
    assert.equal(begins.date, entry.date);
    assert.equal(ends.date, entry.date);
    assert.ok(begins.weekday >= 1 && begins.weekday <= 5, `${entry.id} is on a weekday`);
    const length = ends.minutes - begins.minutes;
    assert.ok(length >= 90 && length <= 180, `${entry.id} lasts ${length} min`);
    const morning = begins.minutes >= 8 * 60 && ends.minutes <= 12 * 60;
    const afternoon = begins.minutes >= 14 * 60 && ends.minutes <= 18 * 60;
    assert.ok(morning || afternoon, `${entry.id} runs ${entry.startsAt}–${entry.endsAt}`);
  }
});

test('the week does not depend on the machine time zone', () => {
  const script = `import { generateWeekSchedule } from ${JSON.stringify(fileURLToPath(new URL('./schedule.ts', import.meta.url)))};
    process.stdout.write(JSON.stringify(generateWeekSchedule({ start: new Date('2026-11-29T17:00:00Z'), courseIds: ['course-0001'], lessonIds: ['course-0001-l01', 'course-0001-l02'], seed: 4 })));`;
  const inZone = (timeZone: string) =>
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: timeZone },
      encoding: 'utf8',
    });
  const expected = JSON.stringify(
    generateWeekSchedule({
      start,
      courseIds: ['course-0001'],
      lessonIds: ['course-0001-l01', 'course-0001-l02'],
      seed: 4,
    }),
  );
  assert.equal(inZone('America/Los_Angeles'), expected);
  assert.equal(inZone('Asia/Shanghai'), expected);
});

test('each class plays one to three consecutive lessons of one course', () => {
  for (const entry of week({ seed: 5 })) {
    assert.ok(entry.lessonIds.length >= 1 && entry.lessonIds.length <= 3, entry.id);
    const first = lessonIds.indexOf(entry.lessonIds[0]!);
    assert.deepEqual(entry.lessonIds, lessonIds.slice(first, first + entry.lessonIds.length));
    const course = entry.lessonIds[0]!.replace(/-l\d+$/, '');
    assert.ok(
      entry.lessonIds.every((id) => id.startsWith(`${course}-`)),
      `${entry.id} stays in ${course}`,
    );
  }
});

test('titles number the lectures of a programme in order and name an organiser', () => {
  const numbers = new Map<string, number[]>();
  for (const entry of week({ seed: 9 })) {
    const match = /^(.+班)第(\d+)讲$/u.exec(entry.title);
    assert.ok(match, entry.title);
    numbers.set(match[1]!, [...(numbers.get(match[1]!) ?? []), Number(match[2])]);
    assert.ok(entry.organiser.startsWith('县'), entry.organiser);
  }
  for (const sequence of numbers.values())
    assert.deepEqual(
      sequence,
      sequence.map((_, index) => sequence[0]! + index),
    );
});

test('only lessons of the given courses are scheduled, and none at all is an error', () => {
  const onlyPlayable = week({ lessonIds: lessonIds.filter((id) => id.startsWith('course-0001-')) });
  assert.ok(onlyPlayable.flatMap((entry) => entry.lessonIds).every((id) => id.startsWith('course-0001-')));
  assert.throws(() => week({ courseIds: ['course-9999'] }), /none of the lessonIds/);
});
