// The verified checkpoint: only the station's key makes one that verifies, and the
// verification anchored on it finds what was cut, rewritten or edited before it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { hashEvent } from '../../protocol/events.ts';
import { silentLogger } from '../runtime/logger.ts';
import { ledgerCheckpointPath, ledgerPath, openLedger } from '../storage/station-databases.ts';
import { readCheckpoint, writeCheckpointSync } from './checkpoint.ts';
import { appendEvent, readEvents } from './ledger.ts';
import { openTestLedger } from './test-ledger.ts';
import { verifyLedger, verifyLedgerFile } from './verification.ts';

test('a checkpoint verifies only under the key that wrote it, and not once edited', (t) => {
  const { dir, keys } = openTestLedger(t);
  assert.deepEqual(readCheckpoint(dir, keys.privateKey), { state: 'none' });
  const written = writeCheckpointSync(dir, keys.privateKey, { seq: 12, hash: 'ab'.repeat(32) });
  assert.deepEqual(readCheckpoint(dir, keys.privateKey), { state: 'ok', checkpoint: written });
  assert.deepEqual(readCheckpoint(dir, generateStationKeys().privateKey), { state: 'invalid', reason: 'mac' });
  const file = ledgerCheckpointPath(dir);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"seq": 12', '"seq": 40'));
  assert.deepEqual(readCheckpoint(dir, keys.privateKey), { state: 'invalid', reason: 'mac' });
  fs.writeFileSync(file, '{ not json');
  assert.deepEqual(readCheckpoint(dir, keys.privateKey), { state: 'invalid', reason: 'unreadable' });
});

function ledgerWith(t: Parameters<typeof openTestLedger>[0], count: number) {
  const opened = openTestLedger(t);
  for (let i = 0; i < count; i += 1)
    appendEvent(opened.ledger, {
      type: 'check_in',
      payload: { sessionId: 's1', learnerId: `l${i}`, cardHash: 'cd'.repeat(32) },
    });
  const events = readEvents(opened.ledger.db);
  opened.ledger.db.close();
  const reopen = () => {
    const { db } = openLedger(opened.dir, silentLogger);
    t.after(() => db!.close());
    return db!;
  };
  const outside = (sql: string) => {
    const db = new Database(ledgerPath(opened.dir));
    db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    db.exec(sql);
    db.close();
  };
  return { ...opened, events, reopen, outside };
}

test('after the checkpoint: cut rows are truncated, a rewritten history no longer reaches it', (t) => {
  const { events, reopen, outside, keys } = ledgerWith(t, 12);
  const checkpoint = { seq: 10, hash: events[9]!.hash };
  const scope = 'after-checkpoint';
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint, scope }), {
    ok: true,
    events: 12,
    lastSeq: 12,
    lastHash: events[11]!.hash,
    checked: 2,
  });
  // A forger rewrites event 3 and recomputes every hash after it: the checkpoint's event no longer has its hash.
  let prevHash = events[1]!.hash;
  const updates = events.slice(2).map((event) => {
    const forged = { ...event, prevHash, wallTime: event.seq === 3 ? event.wallTime - 3_600_000 : event.wallTime };
    const hash = hashEvent(forged);
    const sql = `UPDATE events SET wall_time = ${forged.wallTime}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${event.seq};`;
    prevHash = hash;
    return sql;
  });
  outside(updates.join('\n'));
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint, scope }), {
    ok: false,
    seq: 10,
    problem: 'checkpoint',
  });
  // The full check anchored on the checkpoint names the first forged event (its signature).
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint }), { ok: false, seq: 3, problem: 'signature' });
  outside('DELETE FROM events WHERE seq > 9');
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint, scope }), {
    ok: false,
    seq: 10,
    problem: 'truncated',
  });
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint }), {
    ok: false,
    seq: 10,
    problem: 'truncated',
  });
});

test('the full check anchored on the checkpoint finds an old edit by its hash, without every signature', (t) => {
  const { events, reopen, outside, keys } = ledgerWith(t, 12);
  const checkpoint = { seq: 12, hash: events[11]!.hash };
  assert.equal(verifyLedger(reopen(), keys.publicKey, { checkpoint }).ok, true);
  outside(`UPDATE events SET payload = json_set(payload, '$.learnerId', 'x') WHERE seq = 5`);
  assert.deepEqual(verifyLedger(reopen(), keys.publicKey, { checkpoint }), { ok: false, seq: 5, problem: 'hash' });
  assert.equal(verifyLedger(reopen(), keys.publicKey, { checkpoint, scope: 'after-checkpoint' }).ok, true);
});

test('the full check of the file, opened afresh: the same verdict in a worker and in slices on the main thread', async (t) => {
  const { dir, events, outside, keys } = ledgerWith(t, 30);
  const file = ledgerPath(dir);
  const checkpoint = { seq: 30, hash: events[29]!.hash };
  const sound = { integrity: [], chain: { ok: true, events: 30, lastSeq: 30, lastHash: events[29]!.hash } };
  assert.deepEqual(await verifyLedgerFile(file, keys.publicKey, { checkpoint }), sound);
  assert.deepEqual(await verifyLedgerFile(file, keys.publicKey, { checkpoint }, { inThread: true }), sound);
  outside(`UPDATE events SET payload = json_set(payload, '$.learnerId', 'x') WHERE seq = 17`);
  const edited = { integrity: [], chain: { ok: false, seq: 17, problem: 'hash' } };
  assert.deepEqual(await verifyLedgerFile(file, keys.publicKey, { checkpoint }), edited);
  assert.deepEqual(await verifyLedgerFile(file, keys.publicKey, { checkpoint }, { inThread: true }), edited);
});
