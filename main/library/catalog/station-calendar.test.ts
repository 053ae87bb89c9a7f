// The station calendar on a station whose OS time zone is not China's, just after midnight
// China time: the day and the time of day are the hub's, whatever the OS says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RULE_SET } from '../../../protocol/hour-rules.ts';
import { testCatalog } from '../media/test-support/catalog.ts';
import { catalogCalendar, createStationCalendar } from './station-calendar.ts';

/** 00:05 on 27 November China time is 16:05 UTC on the 26th, 08:05 in Los Angeles. */
const AFTER_MIDNIGHT_CHINA = Date.UTC(2026, 10, 26, 16, 5);
/** The station clock runs 10 minutes slow (23:55 on the 26th); the hub link measured it. */
const SLOW_MS = 10 * 60_000;

test('today and the minute of the day are China time on hub-corrected time, in any OS time zone', () => {
  const module = fileURLToPath(new URL('./station-calendar.ts', import.meta.url));
  const script = `
    const { createStationCalendar } = await import(${JSON.stringify(module)});
    const calendar = createStationCalendar({
      rules: () => ({ timeZoneOffsetMinutes: 480 }),
      hubOffsetMs: () => ${SLOW_MS},
      wallTime: () => ${AFTER_MIDNIGHT_CHINA - SLOW_MS},
    });
    const os = new Date(${AFTER_MIDNIGHT_CHINA});
    console.log(JSON.stringify({
      today: calendar.today(),
      minute: calendar.minuteOfDay(),
      osDate: os.getFullYear() + '-' + (os.getMonth() + 1) + '-' + os.getDate(),
      osMinute: os.getHours() * 60 + os.getMinutes(),
    }));`;
  const seen = ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((zone) => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    });
    return [zone, JSON.parse(output) as { today: string; minute: number; osDate: string; osMinute: number }] as const;
  });
  for (const [zone, result] of seen) {
    assert.equal(result.today, '2026-11-27', zone);
    assert.equal(result.minute, 5, zone);
  }
  // The OS zone really differed: Los Angeles was still on the 26th, at 08:05.
  assert.deepEqual(
    seen.map(([zone, result]) => [zone, result.osDate, result.osMinute]),
    [
      ['America/Los_Angeles', '2026-11-26', 8 * 60 + 5],
      ['UTC', '2026-11-26', 16 * 60 + 5],
      ['Asia/Shanghai', '2026-11-27', 5],
      ['Pacific/Kiritimati', '2026-11-27', 6 * 60 + 5],
    ],
  );
});

test('without the hub offset a slow station clock would still be on the day before', () => {
  const calendar = (hubOffsetMs: number) =>
    createStationCalendar({
      rules: () => DEFAULT_RULE_SET,
      hubOffsetMs: () => hubOffsetMs,
      wallTime: () => AFTER_MIDNIGHT_CHINA - SLOW_MS,
    });
  assert.deepEqual([calendar(0).today(), calendar(0).minuteOfDay()], ['2026-11-26', 23 * 60 + 55]);
  assert.deepEqual([calendar(SLOW_MS).today(), calendar(SLOW_MS).minuteOfDay()], ['2026-11-27', 5]);
  assert.equal(calendar(SLOW_MS).hubTime(), AFTER_MIDNIGHT_CHINA);
  assert.equal(
    calendar(SLOW_MS).today(AFTER_MIDNIGHT_CHINA - SLOW_MS - 10 * 60_000),
    '2026-11-26',
    'ten minutes before',
  );
});

test("the zone is the published rule set's, read when asked", (t) => {
  const { db } = testCatalog(t);
  const calendar = catalogCalendar(
    db,
    () => 0,
    () => AFTER_MIDNIGHT_CHINA,
  );
  assert.deepEqual(
    [calendar.timeZoneOffsetMinutes(), calendar.today()],
    [480, '2026-11-27'],
    'the default before a pull',
  );
  db.prepare('INSERT INTO hour_rules (id, version, body) VALUES (?, ?, ?)').run(
    '2',
    2,
    JSON.stringify({ ...DEFAULT_RULE_SET, version: 2, timeZoneOffsetMinutes: -300 }),
  );
  assert.deepEqual(
    [calendar.timeZoneOffsetMinutes(), calendar.today(), calendar.minuteOfDay()],
    [-300, '2026-11-26', 11 * 60 + 5],
  );
});
