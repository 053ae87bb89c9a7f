// After a sync the coming week's scheduled lessons are queued from the station calendar's
// today — China time on hub-corrected time — not from the UTC date, on a station whose OS
// zone is Los Angeles, just after midnight China time.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { createStationCalendar } from '../library/catalog/station-calendar.ts';
import { testCatalog } from '../library/media/test-support/catalog.ts';
import type { MediaRef, MediaService } from '../library/media/media-service.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { silentLogger } from '../runtime/logger.ts';
import { createCatalogSyncService } from './sync-service.ts';

/** 00:05 on 27 November China time: 16:05 UTC on the 26th, 08:05 in Los Angeles. */
const AFTER_MIDNIGHT_CHINA = Date.UTC(2026, 10, 26, 16, 5);

test('scheduled media are queued from China today, in a station whose OS zone is elsewhere', async (t) => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  t.after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  const { db } = testCatalog(t);
  const lesson = db.prepare(
    `INSERT INTO lessons (id, course_id, title, teacher, summary, duration_sec, credit_hours, sort, media_sha256, media_size, media_type)
     VALUES (?, 'c', ?, 't', '', 2700, 1, 1, ?, 1000, 'video/mp4')`,
  );
  const entry = db.prepare(
    "INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, '', '', '县委党校', ?)",
  );
  // Yesterday China time (today in UTC and in Los Angeles), today, the sixth day ahead (the
  // last of the week looked ahead) and the seventh (beyond it).
  for (const [day, date] of [
    ['yesterday', '2026-11-26'],
    ['today', '2026-11-27'],
    ['sixth', '2026-12-03'],
    ['seventh', '2026-12-04'],
  ] as const) {
    lesson.run(`lesson-${day}`, day, crypto.createHash('sha256').update(day).digest('hex'));
    entry.run(`class-${day}`, day, date, JSON.stringify([`lesson-${day}`]));
  }
  const queued: string[] = [];
  const media = {
    enqueue: (ref: MediaRef) => {
      queued.push((db.prepare('SELECT id FROM lessons WHERE media_sha256 = ?').get(ref.sha256) as { id: string }).id);
      return { state: 'not-cached', pinned: false };
    },
  } as unknown as MediaService;
  const client = {
    measureClock: async () => 0,
    pull: async (stream: string, cursor: string | null) => ({
      stream,
      items: [],
      cursor: cursor ?? '0',
      hasMore: false,
    }),
  } as unknown as HubClient;
  const sync = createCatalogSyncService({
    catalog: db,
    mode: 'configured',
    hubUrl: 'http://hub.invalid/',
    client: async () => client,
    media,
    bus: createEventBus(),
    log: silentLogger,
    now: () => new Date(AFTER_MIDNIGHT_CHINA),
    today: createStationCalendar({
      rules: () => ({ timeZoneOffsetMinutes: 480 }),
      hubOffsetMs: () => 0,
      wallTime: () => AFTER_MIDNIGHT_CHINA,
    }).today,
  });
  t.after(() => sync.stop());
  const status = await sync.syncNow();
  assert.equal(status.state, 'idle', JSON.stringify(status.lastError));
  assert.deepEqual(queued.sort(), ['lesson-sixth', 'lesson-today']);
});
