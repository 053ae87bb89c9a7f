import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { generateStationKeys } from '../protocol/crypto.ts';
import { createEvent, GENESIS_HASH } from '../protocol/events.ts';
import type { SignedEvent } from '../protocol/events.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { openHubDb } from './db.ts';
import { pushEvents } from './ingest.ts';
import { createEnrollmentToken, createSite, enrollStation, getStation } from './stations.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
const db = openHubDb(dir);
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const NOW = Date.UTC(2026, 10, 28, 4);
createSite(db, { code: 'S', name: 'site' }, NOW);

function station() {
  const keys = generateStationKeys();
  const { token } = createEnrollmentToken(db, { siteCode: 'S' }, NOW);
  const { station: row } = enrollStation(
    db,
    { siteCode: 'S', enrollmentToken: token, publicKey: keys.publicKey, name: 'n', appVersion: '1' },
    NOW,
  );
  let seq = 0;
  let prevHash = GENESIS_HASH;
  return {
    id: row.id,
    row: () => getStation(db, row.id)!,
    /** The next event; `wallShiftMs` moves its wall clock without moving the monotonic one. */
    next(monoMs: number, wallShiftMs = 0, bootId = 'b1', id?: string): SignedEvent {
      seq += 1;
      const event = createEvent({
        stationId: row.id,
        seq,
        prevHash,
        type: 'session.closed',
        payload: { sessionId: 's' },
        wallTime: NOW - 3_600_000 + monoMs + wallShiftMs,
        bootId,
        monoMs,
        hubOffsetMs: 0,
        ruleVersion: 1,
        privateKey: keys.privateKey,
        id,
      });
      prevHash = event.hash;
      return event;
    },
  };
}

test('a wall clock that jumps against the monotonic clock within a boot is flagged; a reboot is not a jump', () => {
  const s = station();
  const events = [
    s.next(1_000),
    s.next(61_000),
    s.next(121_000, -10 * 60_000),
    s.next(5_000, -10 * 60_000 + 200_000, 'b2'),
  ];
  const answer = pushEvents(db, s.row(), events, NOW);
  assert.equal(answer.ackSeq, 4);
  assert.deepEqual(
    answer.flagged.map((f) => [f.seq, f.flag]),
    [[3, 'clock_jump']],
  );
  assert.deepEqual(db.prepare('SELECT flag FROM event_flags WHERE event_id = ?').all(events[2]!.id), [
    { flag: 'clock_jump' },
  ]);
});

test('the jump check spans batches: the previous event comes from what the hub holds', () => {
  const s = station();
  pushEvents(db, s.row(), [s.next(1_000)], NOW);
  assert.deepEqual(
    pushEvents(db, s.row(), [s.next(2_000, 5 * 60_000)], NOW).flagged.map((f) => f.flag),
    ['clock_jump'],
  );
});

test('an id the hub holds, sent again at a new sequence, is a kept conflict and ends the batch there', () => {
  const s = station();
  const first = s.next(1_000);
  pushEvents(db, s.row(), [first, s.next(2_000)], NOW);
  const reused = s.next(3_000, 0, 'b1', first.id);
  const after = s.next(4_000);
  const answer = pushEvents(db, s.row(), [reused, after], NOW);
  assert.deepEqual(
    { ack: answer.ackSeq, accepted: answer.accepted, conflicts: answer.conflicts.map((c) => [c.seq, c.reason]) },
    { ack: 2, accepted: 0, conflicts: [[3, 'id_hash_differs']] },
  );
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    1,
  );
  pushEvents(db, s.row(), [reused], NOW);
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    1,
    'the same conflict is kept once',
  );
});

test('a refused batch leaves the station, its events and its conflicts as they were', () => {
  const s = station();
  const held = [s.next(1_000), s.next(2_000)];
  pushEvents(db, s.row(), held, NOW);
  const tampered = { ...held[1]!, bootId: 'other' } as SignedEvent;
  const bad = { ...s.next(3_000), sig: held[0]!.sig } as SignedEvent;
  assert.throws(
    () => pushEvents(db, s.row(), [tampered, bad], NOW),
    (error: unknown) => error instanceof ProtocolError && error.code === 'event_bad_signature',
  );
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    0,
    'the conflict found before the failure was not kept',
  );
  assert.equal(s.row().ack_seq, 2);
});
