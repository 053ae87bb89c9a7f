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
import { createEventChecker } from './event-check.ts';
import { pushEvents as push } from './ingest.ts';
import type { StationRow } from './stations.ts';
import { createEnrollmentToken, createSite, enrollStation, getStation } from './stations.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
const db = openHubDb(dir);
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const NOW = Date.UTC(2026, 10, 28, 4);
const checker = createEventChecker({ threads: 0 });
const pushEvents = (db: ReturnType<typeof openHubDb>, station: StationRow, events: SignedEvent[], now: number) =>
  push(db, checker, station, events, now);
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
    privateKey: keys.privateKey,
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

test('a wall clock that jumps against the monotonic clock within a boot is flagged; a reboot is not a jump', async () => {
  const s = station();
  const events = [
    s.next(1_000),
    s.next(61_000),
    s.next(121_000, -10 * 60_000),
    s.next(5_000, -10 * 60_000 + 200_000, 'b2'),
  ];
  const answer = await pushEvents(db, s.row(), events, NOW);
  assert.equal(answer.ackSeq, 4);
  assert.deepEqual(
    answer.flagged.map((f) => [f.seq, f.flag]),
    [[3, 'clock_jump']],
  );
  assert.deepEqual(db.prepare('SELECT flag FROM event_flags WHERE event_id = ?').all(events[2]!.id), [
    { flag: 'clock_jump' },
  ]);
});

test('the jump check spans batches: the previous event comes from what the hub holds', async () => {
  const s = station();
  await pushEvents(db, s.row(), [s.next(1_000)], NOW);
  assert.deepEqual(
    (await pushEvents(db, s.row(), [s.next(2_000, 5 * 60_000)], NOW)).flagged.map((f) => f.flag),
    ['clock_jump'],
  );
});

test('an id the hub holds, sent again at a new sequence, is a kept conflict, held apart, and the events after it count', async () => {
  const s = station();
  const first = s.next(1_000);
  await pushEvents(db, s.row(), [first, s.next(2_000)], NOW);
  const reused = s.next(3_000, 0, 'b1', first.id);
  const after = s.next(4_000);
  const answer = await pushEvents(db, s.row(), [reused, after], NOW);
  assert.deepEqual(
    {
      ack: answer.ackSeq,
      accepted: answer.accepted,
      conflicts: answer.conflicts.map((c) => [c.seq, c.reason]),
      rejected: answer.rejected.map((r) => [r.seq, r.code]),
    },
    { ack: 4, accepted: 1, conflicts: [[3, 'id_hash_differs']], rejected: [[3, 'id_conflict']] },
  );
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    1,
  );
  const again = await pushEvents(db, s.row(), [reused, after], NOW);
  assert.deepEqual([again.ackSeq, again.accepted, again.duplicates], [4, 0, 2], 'resending changes nothing');
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    1,
    'the same conflict is kept once',
  );
});

test('a bad hash, a bad signature and a broken link are held apart with their reason; the chain goes on', async () => {
  const s = station();
  const good = s.next(1_000);
  const badHash = { ...s.next(2_000), wallTime: 1 } as SignedEvent;
  const badSig = { ...s.next(3_000), sig: good.sig } as SignedEvent;
  const unknownType = { ...s.next(4_000), type: 'teleport' } as unknown as SignedEvent;
  const linked = s.next(5_000);
  // Signed by the station, but naming another predecessor: the link to event 4 is broken.
  const unlinked = createEvent({ ...linked, prevHash: GENESIS_HASH, privateKey: s.privateKey });
  const fine = createEvent({ ...s.next(6_000), prevHash: unlinked.hash, privateKey: s.privateKey });
  const batch = [good, badHash, badSig, unknownType, unlinked, fine];
  const answer = await pushEvents(db, s.row(), batch, NOW);
  assert.deepEqual(
    answer.rejected.map((r) => [r.seq, r.code]),
    [
      [2, 'event_bad_hash'],
      [3, 'event_bad_signature'],
      [4, 'invalid_request'],
      [5, 'chain_broken'],
    ],
  );
  assert.deepEqual([answer.ackSeq, answer.accepted], [6, 2]);
  assert.deepEqual(
    db.prepare('SELECT seq FROM events WHERE station_id = ? ORDER BY seq').all(s.id),
    [{ seq: 1 }, { seq: 6 }],
    'only what verifies is counted',
  );
  const held = db
    .prepare('SELECT seq, code, body FROM rejected_events WHERE station_id = ? ORDER BY seq')
    .all(s.id) as {
    seq: number;
    code: string;
    body: string;
  }[];
  assert.deepEqual(
    held.map((row) => [row.seq, row.code, (JSON.parse(row.body) as SignedEvent).id]),
    [
      [2, 'event_bad_hash', badHash.id],
      [3, 'event_bad_signature', badSig.id],
      [4, 'invalid_request', unknownType.id],
      [5, 'chain_broken', unlinked.id],
    ],
    'kept whole',
  );
  const again = await pushEvents(db, s.row(), batch, NOW);
  assert.deepEqual([again.ackSeq, again.accepted, again.duplicates, again.rejected.length], [6, 0, 6, 0]);
});

test('a refused batch (a gap after held events) leaves the station, its events and its conflicts as they were', async () => {
  const s = station();
  const held = [s.next(1_000), s.next(2_000)];
  await pushEvents(db, s.row(), held, NOW);
  const tampered = { ...held[1]!, bootId: 'other' } as SignedEvent;
  s.next(3_000);
  const beyond = s.next(4_000);
  await assert.rejects(
    pushEvents(db, s.row(), [tampered, beyond], NOW),
    (error: unknown) => error instanceof ProtocolError && error.code === 'sequence_order',
  );
  await assert.rejects(
    pushEvents(db, s.row(), [beyond], NOW),
    (error: unknown) => error instanceof ProtocolError && error.code === 'sequence_gap',
  );
  assert.equal(
    (db.prepare('SELECT COUNT(*) AS n FROM conflicts WHERE station_id = ?').get(s.id) as { n: number }).n,
    0,
    'no conflict was kept',
  );
  assert.equal(s.row().ack_seq, 2);
});
