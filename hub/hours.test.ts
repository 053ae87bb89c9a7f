import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { keyedCardHash } from '../protocol/card-hash.ts';
import { generateStationKeys } from '../protocol/crypto.ts';
import { createEvent, GENESIS_HASH, SignedEventSchema } from '../protocol/events.ts';
import type { EventPayload, EventType, SignedEvent } from '../protocol/events.ts';
import { DEFAULT_RULE_SET } from '../protocol/hour-rules.ts';
import { createAdmin } from './admin.ts';
import { openHubDb } from './db.ts';
import { hoursReport } from './hours.ts';
import { createEventChecker } from './event-check.ts';
import { pushEvents } from './ingest.ts';
import { enrollStation, getStation } from './stations.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
const db = openHubDb(dir);
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
// 2026-11-27 09:00 China time.
const NINE_AM = Date.UTC(2026, 10, 27, 1);
const MIN = 60_000;

test('a card the station did not know: its taps are stored, and once the roster has the card the report credits the learner', async () => {
  const admin = createAdmin(db, dir, () => NINE_AM);
  admin.publishRuleVersion(DEFAULT_RULE_SET);
  const site = admin.createSite({ code: 'U', name: '某县' });
  const cardHashKey = (
    db.prepare('SELECT card_hash_key FROM sites WHERE code = ?').get(site.code) as { card_hash_key: string }
  ).card_hash_key;
  admin.publishRoster({
    siteCode: 'U',
    learners: [{ id: 'li', name: '李四', unit: '县委办', level: 'section_below', cardNumber: '0087654321' }],
  });

  const keys = generateStationKeys();
  const { token } = admin.createEnrollmentToken({ siteCode: 'U' });
  const { station } = enrollStation(
    db,
    { siteCode: 'U', enrollmentToken: token, publicKey: keys.publicKey, name: 'n', appVersion: '1' },
    NINE_AM,
  );
  const events: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  const emit = <T extends EventType>(type: T, payload: EventPayload<T>, minute: number) => {
    const event = createEvent({
      stationId: station.id,
      seq: events.length + 1,
      prevHash,
      type,
      payload,
      wallTime: NINE_AM + minute * MIN,
      bootId: 'b1',
      monoMs: 1_000 + minute * MIN,
      hubOffsetMs: 0,
      ruleVersion: 1,
      privateKey: keys.privateKey,
    });
    prevHash = event.hash;
    events.push(event);
  };
  // The card's keyed hash, as the station computes it with the site key: no number travels.
  const cardHash = keyedCardHash(cardHashKey, '0055550000');

  const sessionId = 'class-1';
  emit('session.opened', { sessionId, mode: 'class', scheduleId: null, title: '党课' }, 0);
  emit('check_in.unknown_card', { sessionId, cardHash }, 0);
  emit(
    'playback.segment',
    { sessionId, lessonId: 'lesson-1', channelId: null, startMonoMs: 1_000, endMonoMs: 1_000 + 60 * MIN },
    60,
  );
  emit('check_out.unknown_card', { sessionId, cardHash }, 60);
  emit('session.closed', { sessionId }, 61);
  for (const event of events)
    assert.equal(SignedEventSchema.safeParse(event).success, true, `${event.type} is a valid event`);
  const checker = createEventChecker({ threads: 0 });
  assert.equal((await pushEvents(db, checker, getStation(db, station.id)!, events, NINE_AM + 62 * MIN)).accepted, 5);
  const stored = db
    .prepare('SELECT type, session_id FROM events WHERE station_id = ? ORDER BY seq')
    .all(station.id) as { type: string; session_id: string }[];
  assert.deepEqual(
    stored.map((row) => row.type),
    ['session.opened', 'check_in.unknown_card', 'playback.segment', 'check_out.unknown_card', 'session.closed'],
  );

  const before = hoursReport(db, { siteCode: 'U', from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(
    before.learners.map((row) => [row.learnerId, row.classroomHours]),
    [['li', 0]],
  );
  assert.deepEqual(before.unresolvedCards, [{ sessionId, stationId: station.id, cardHash, taps: 2 }]);

  admin.publishRoster({
    siteCode: 'U',
    learners: [{ id: 'wang', name: '王五', unit: '县委办', level: 'section_below', cardNumber: '0055550000' }],
  });
  const afterRoster = hoursReport(db, { siteCode: 'U', from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(
    afterRoster.learners.map((row) => [row.learnerId, row.classroomHours]),
    [
      ['li', 0],
      ['wang', 1],
    ],
  );
  assert.deepEqual(afterRoster.unresolvedCards, []);
});
