import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { hashEvent } from '../../protocol/events.ts';
import { silentLogger } from '../runtime/logger.ts';
import { ledgerPath, openLedger } from '../storage/station-databases.ts';
import {
  acknowledge,
  appendEvent,
  openLedgerWriter,
  readEvents,
  unacknowledged,
  verifyLedger,
  type Ledger,
} from './ledger.ts';
import { openTestLedger } from './test-ledger.ts';

const CARD = 'cd'.repeat(32);

function tapMany(ledger: Ledger, count: number): void {
  for (let i = 0; i < count; i += 1) {
    appendEvent(ledger, {
      type: i % 2 ? 'check_out' : 'check_in',
      payload:
        i % 2
          ? { sessionId: 's1', learnerId: `l${i >> 1}` }
          : { sessionId: 's1', learnerId: `l${i >> 1}`, cardHash: CARD },
    } as never);
  }
}

test('appended events are contiguous, chained, signed and read back exactly as signed', (t) => {
  const { ledger, keys, clock } = openTestLedger(t);
  const first = appendEvent(ledger, {
    type: 'session.opened',
    payload: { sessionId: 's1', mode: 'class', scheduleId: null, title: '党史专题' },
  });
  clock.advance(1500);
  const second = appendEvent(ledger, {
    type: 'check_in',
    payload: { sessionId: 's1', learnerId: 'l1', cardHash: CARD },
  });
  assert.equal(first.seq, 1);
  assert.equal(second.seq, 2);
  assert.equal(second.prevHash, first.hash);
  assert.equal(second.monoMs - first.monoMs, 1500);
  assert.deepEqual(readEvents(ledger.db), [first, second]);
  assert.deepEqual(readEvents(ledger.db, { sessionId: 's1', afterSeq: 1 }), [second]);
  assert.deepEqual(verifyLedger(ledger.db, keys.publicKey), { ok: true, events: 2, lastSeq: 2, lastHash: second.hash });
});

test('a payload the protocol would refuse is not appended', (t) => {
  const { ledger } = openTestLedger(t);
  assert.throws(() =>
    appendEvent(ledger, { type: 'check_in', payload: { sessionId: 's1', learnerId: 'l1', cardHash: '1234' } }),
  );
  assert.equal(readEvents(ledger.db).length, 0);
});

test('no code path can edit or delete an event, or append out of sequence', (t) => {
  const { ledger } = openTestLedger(t);
  tapMany(ledger, 3);
  assert.throws(() => ledger.db.prepare("UPDATE events SET payload = '{}' WHERE seq = 2").run(), /append-only/);
  assert.throws(() => ledger.db.prepare('DELETE FROM events WHERE seq = 3').run(), /append-only/);
  const [event] = readEvents(ledger.db, { afterSeq: 2 });
  assert.throws(() => ledger.append({ ...event!, seq: 5 }), /continue the sequence/);
  assert.throws(
    () =>
      ledger.append({
        ...event!,
        seq: 4,
        id: '0190f3a0-0000-7000-8000-000000000000',
        hash: 'ee'.repeat(32),
        prevHash: 'ff'.repeat(32),
      }),
    /continue the sequence/,
  );
  assert.equal(readEvents(ledger.db).length, 3);
});

test('a ledger refuses a database that would not make a tap durable, and another station', (t) => {
  const { ledger, keys } = openTestLedger(t);
  tapMany(ledger, 1);
  assert.throws(
    () => openLedgerWriter(ledger.db, { ...ledger, stationId: 'someone-else' }),
    /holds the events of station station-test/,
  );
  ledger.db.pragma('synchronous = NORMAL');
  assert.throws(() => openLedgerWriter(ledger.db, { ...ledger, privateKey: keys.privateKey }), /synchronous=FULL/);
});

test('the outbox cursor moves forward only, to events the ledger holds', (t) => {
  const { ledger, clock } = openTestLedger(t);
  tapMany(ledger, 5);
  assert.deepEqual(
    unacknowledged(ledger.db, 10).map((event) => event.seq),
    [1, 2, 3, 4, 5],
  );
  acknowledge(ledger.db, 3, clock.wallTime());
  assert.deepEqual(
    unacknowledged(ledger.db, 10).map((event) => event.seq),
    [4, 5],
  );
  acknowledge(ledger.db, 2, clock.wallTime());
  assert.deepEqual(
    unacknowledged(ledger.db, 1).map((event) => event.seq),
    [4],
    'an older answer does not move it back',
  );
  assert.throws(() => acknowledge(ledger.db, 9, clock.wallTime()), /does not hold/);
  assert.throws(() => ledger.db.prepare('UPDATE outbox SET acked_seq = 1').run(), /only moves forward/);
});

// Tampering as someone with the file would do it: a separate connection that drops the
// triggers first, then edits. The station's start-up check must name the first bad row.
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER outbox_forward_only;');
  db.exec(sql);
  db.close();
}

function ledgerOnDisk(t: Parameters<typeof openTestLedger>[0], taps: number) {
  const opened = openTestLedger(t);
  tapMany(opened.ledger, taps);
  opened.ledger.db.close();
  const file = ledgerPath(opened.dir);
  const reopen = () => {
    const { db } = openLedger(opened.dir, silentLogger);
    t.after(() => db!.close());
    return verifyLedger(db!, opened.keys.publicKey);
  };
  return { file, reopen, keys: opened.keys };
}

test('an untouched ledger verifies after a restart', (t) => {
  const { reopen } = ledgerOnDisk(t, 20);
  assert.equal(reopen().ok, true);
});

test('an edited payload is found at its sequence', (t) => {
  const { file, reopen } = ledgerOnDisk(t, 20);
  tamper(file, `UPDATE events SET payload = json_set(payload, '$.learnerId', 'l-other') WHERE seq = 7`);
  assert.deepEqual(reopen(), { ok: false, seq: 7, problem: 'hash' });
});

test('a payload edited into something that is not JSON is found too', (t) => {
  const { file, reopen } = ledgerOnDisk(t, 20);
  // SQLite itself refuses malformed JSON while columns are read out of the payload.
  tamper(
    file,
    `DROP INDEX events_by_session; DROP INDEX events_by_learner; DROP INDEX events_by_type;
    DROP INDEX events_unknown_card_sessions; ALTER TABLE events DROP COLUMN session_id;
    ALTER TABLE events DROP COLUMN learner_id; UPDATE events SET payload = '{oops' WHERE seq = 12`,
  );
  assert.deepEqual(reopen(), { ok: false, seq: 12, problem: 'unreadable' });
});

test('an edited wall time with a recomputed hash fails the signature', (t) => {
  const opened = openTestLedger(t);
  tapMany(opened.ledger, 6);
  const [event] = readEvents(opened.ledger.db, { afterSeq: 3, limit: 1 });
  opened.ledger.db.close();
  const forged = { ...event!, wallTime: event!.wallTime - 3_600_000 };
  // The forger recomputes this row's hash; the next row's prevHash then breaks as well, but
  // the first bad sequence is this one, and it is the signature that gives it away.
  tamper(
    ledgerPath(opened.dir),
    `UPDATE events SET wall_time = ${forged.wallTime}, hash = '${hashEvent(forged)}' WHERE seq = 4`,
  );
  const { db } = openLedger(opened.dir, silentLogger);
  t.after(() => db!.close());
  assert.deepEqual(verifyLedger(db!, opened.keys.publicKey), { ok: false, seq: 4, problem: 'signature' });
});

test('a deleted row is found at the first missing sequence', (t) => {
  const { file, reopen } = ledgerOnDisk(t, 20);
  tamper(file, 'DELETE FROM events WHERE seq = 9');
  assert.deepEqual(reopen(), { ok: false, seq: 10, problem: 'sequence' });
});

test('two rows with swapped sequence numbers are found at the first of them (its prevHash no longer chains)', (t) => {
  const { file, reopen } = ledgerOnDisk(t, 20);
  tamper(
    file,
    'UPDATE events SET seq = 1000 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 1000;',
  );
  assert.deepEqual(reopen(), { ok: false, seq: 5, problem: 'chain' });
});

test('events cut off the end after the hub acknowledged them are reported as truncated', (t) => {
  const opened = openTestLedger(t);
  tapMany(opened.ledger, 10);
  acknowledge(opened.ledger.db, 10, 0);
  opened.ledger.db.close();
  tamper(ledgerPath(opened.dir), 'DELETE FROM events WHERE seq >= 9');
  const { db } = openLedger(opened.dir, silentLogger);
  t.after(() => db!.close());
  assert.deepEqual(verifyLedger(db!, opened.keys.publicKey), { ok: false, seq: 9, problem: 'truncated' });
});

test('a ledger verified with another key fails at the first event', (t) => {
  const { ledger } = openTestLedger(t);
  tapMany(ledger, 3);
  assert.deepEqual(verifyLedger(ledger.db, generateStationKeys().publicKey), {
    ok: false,
    seq: 1,
    problem: 'signature',
  });
});

// With the hub's acknowledgement, old events are checked by hash and chain, anchored by one
// signature; these cases make sure nothing slips through that shortcut.
function acknowledgedOnDisk(t: Parameters<typeof openTestLedger>[0], taps: number, acked: number) {
  const opened = openTestLedger(t);
  tapMany(opened.ledger, taps);
  acknowledge(opened.ledger.db, acked, 0);
  const events = readEvents(opened.ledger.db);
  opened.ledger.db.close();
  const reopen = () => {
    const { db } = openLedger(opened.dir, silentLogger);
    t.after(() => db!.close());
    return verifyLedger(db!, opened.keys.publicKey);
  };
  return { file: ledgerPath(opened.dir), reopen, events };
}

test('an acknowledged ledger verifies, and an edited acknowledged event is still found', (t) => {
  const { file, reopen } = acknowledgedOnDisk(t, 20, 20);
  assert.equal(reopen().ok, true);
  tamper(file, `UPDATE events SET payload = json_set(payload, '$.learnerId', 'l-other') WHERE seq = 7`);
  assert.deepEqual(reopen(), { ok: false, seq: 7, problem: 'hash' });
});

test('a forger who recomputes every hash after an acknowledged edit is caught by the signatures', (t) => {
  const { file, reopen, events } = acknowledgedOnDisk(t, 20, 15);
  let prevHash = events[2]!.hash;
  const updates: string[] = [];
  for (const event of events.slice(3)) {
    const forged = { ...event, prevHash, wallTime: event.seq === 4 ? event.wallTime - 3_600_000 : event.wallTime };
    const hash = hashEvent(forged);
    updates.push(
      `UPDATE events SET wall_time = ${forged.wallTime}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${event.seq};`,
    );
    prevHash = hash;
  }
  tamper(file, updates.join('\n'));
  assert.deepEqual(reopen(), { ok: false, seq: 4, problem: 'signature' });
});

test('after the acknowledged part every signature is checked', (t) => {
  const { file, reopen, events } = acknowledgedOnDisk(t, 20, 10);
  tamper(file, `UPDATE events SET sig = '${events[0]!.sig}' WHERE seq = 15`);
  assert.deepEqual(reopen(), { ok: false, seq: 15, problem: 'signature' });
});
