// The ledger's trust across starts: a verified checkpoint beside ledger.db, start-up checking
// only what came after it, the full check in the background, and tampering found either way.
// Real ledger.db files in a temp folder, changed from outside the way someone with the file
// would (the sqlite3 shell), with the triggers put back afterwards so only the rows tell.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { createEvent } from '../../protocol/events.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { readCheckpoint } from '../ledger/checkpoint.ts';
import { appendEvent, openLedgerWriter } from '../ledger/ledger.ts';
import { manualClock } from '../ledger/test-ledger.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { silentLogger } from '../runtime/logger.ts';
import { ledgerCheckpointPath, ledgerPath, openStationDatabases } from '../storage/station-databases.ts';
import { stationHealth } from './health.ts';
import { loadOrCreateSecrets } from './key-file.ts';
import { createStationService, type StationService } from './station-service.ts';

const FREE = 10 * 1024 ** 3;

/** A station as the core starts it: its databases and its station service (the guardian inside). */
function startStation(t: TestContext, dataDir: string) {
  const databases = openStationDatabases(dataDir, silentLogger);
  const service = createStationService({
    databases,
    dataDir,
    version: '0.0.0',
    runtime: 'web',
    bus: createEventBus(),
    log: silentLogger,
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    service.close();
    databases.close();
  };
  t.after(close);
  const health = () => stationHealth(service.context, FREE);
  return { databases, service, health, close };
}

/** Records `count` check-ins through the station's ledger connection, as the classroom does. */
function record(dataDir: string, station: { databases: ReturnType<typeof openStationDatabases> }, count: number) {
  const { secrets } = loadOrCreateSecrets(dataDir);
  const ledger = openLedgerWriter(station.databases.ledger.db!, {
    stationId: 'station-1',
    privateKey: secrets.privateKey,
    clock: manualClock(Date.UTC(2026, 10, 27, 1, 0)),
    hubOffsetMs: () => 0,
    ruleVersion: () => 1,
  });
  for (let i = 0; i < count; i += 1)
    appendEvent(ledger, {
      type: 'check_in',
      payload: { sessionId: 's1', learnerId: `l${i}`, cardHash: 'cd'.repeat(32) },
    });
}

/** Changes ledger.db from outside with the append-only triggers dropped, then puts them back as they were. */
function tamper(dataDir: string, sql: string): void {
  const db = new Database(ledgerPath(dataDir));
  const triggers = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_no_update', 'events_no_delete')",
    )
    .pluck()
    .all() as string[];
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  db.exec(sql);
  for (const trigger of triggers) db.exec(trigger);
  db.close();
}

function chainCheck(service: StationService) {
  return stationHealth(service.context, FREE).checks.find((check) => check.id === 'ledger-chain');
}

test('rows cut off the end of ledger.db are found at the next start, like an edited row', (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  const first = startStation(t, dir);
  record(dir, first, 10);
  first.close();

  tamper(dir, 'DELETE FROM events WHERE seq >= 8');

  const second = startStation(t, dir);
  assert.equal(second.databases.ledger.schema?.state, 'sound', 'nothing in the schema gives it away');
  const health = second.health();
  assert.equal(health.status, 'blocked');
  assert.equal(health.ledgerWritable, false);
  assert.deepEqual(chainCheck(second.service), {
    id: 'ledger-chain',
    status: 'fail',
    reason: 'ledger-chain-broken',
    params: { seq: 8, problem: 'truncated' },
  });
  assert.equal(second.service.ledgerVerified, false);
  assert.throws(() => record(dir, second, 1), { code: 'LEDGER_UNAVAILABLE' });
});

test('start-up verifies only the events after the checkpoint; the background check finds an older edit', async (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  const first = startStation(t, dir);
  record(dir, first, 20);
  first.close();
  const checkpoint = JSON.parse(fs.readFileSync(ledgerCheckpointPath(dir), 'utf8')) as { seq: number };
  assert.equal(checkpoint.seq, 20, 'closing keeps the checkpoint at the head');

  // A crash: events after the checkpoint, and no close to move it.
  const second = startStation(t, dir);
  record(dir, second, 5);
  second.databases.close();

  tamper(dir, "UPDATE events SET payload = json_set(payload, '$.learnerId', 'someone-else') WHERE seq = 4");

  const third = startStation(t, dir);
  assert.equal(third.service.ledgerVerified, true, 'the edit lies before the checkpoint: start-up does not read it');
  assert.deepEqual(chainCheck(third.service), {
    id: 'ledger-chain',
    status: 'ok',
    reason: 'ledger-chain-checkpoint',
    params: { events: 25, checked: 5 },
  });
  await third.service.ledger.verifyInBackground();
  assert.deepEqual(chainCheck(third.service), {
    id: 'ledger-chain',
    status: 'fail',
    reason: 'ledger-chain-broken',
    params: { seq: 4, problem: 'hash' },
  });
  assert.equal(third.health().status, 'blocked');
  assert.throws(() => record(dir, third, 1), { code: 'LEDGER_UNAVAILABLE' });
});

test('a sound ledger passes the background check, and the checkpoint follows the head while recording', async (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  const first = startStation(t, dir);
  record(dir, first, 3);
  first.close();
  const second = startStation(t, dir);
  record(dir, second, 4);
  await second.service.ledger.verifyInBackground();
  assert.deepEqual(chainCheck(second.service), {
    id: 'ledger-chain',
    status: 'ok',
    reason: 'ledger-chain-sound',
    params: { events: 7 },
  });
  assert.equal(second.health().status, 'ok');
  // The checkpoint follows within a second of the last write.
  await new Promise((resolve) => setTimeout(resolve, 1300));
  assert.equal((JSON.parse(fs.readFileSync(ledgerCheckpointPath(dir), 'utf8')) as { seq: number }).seq, 7);
});

test('a forged or deleted checkpoint is not trusted: the whole chain is checked and health says so', (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  const first = startStation(t, dir);
  record(dir, first, 6);
  first.close();
  const file = ledgerCheckpointPath(dir);
  const forged = JSON.parse(fs.readFileSync(file, 'utf8')) as { seq: number };
  fs.writeFileSync(file, JSON.stringify({ ...forged, seq: 2 }));

  const second = startStation(t, dir);
  assert.equal(second.service.ledgerVerified, true);
  const checks = second.health().checks;
  assert.deepEqual(
    checks.find((check) => check.id === 'ledger-checkpoint'),
    { id: 'ledger-checkpoint', status: 'warn', reason: 'ledger-checkpoint-invalid', params: {} },
  );
  assert.deepEqual(checks.find((check) => check.id === 'ledger-chain')?.reason, 'ledger-chain-sound');
  second.close();

  fs.rmSync(file);
  const third = startStation(t, dir);
  assert.equal(
    third.health().checks.find((check) => check.id === 'ledger-checkpoint')?.reason,
    'ledger-checkpoint-missing',
  );
});

test('a ledger whose triggers were dropped is repaired, verified in full at start, and health names the triggers', (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  const first = startStation(t, dir);
  record(dir, first, 4);
  first.close();
  const outside = new Database(ledgerPath(dir));
  outside.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_chain;');
  outside.close();

  const second = startStation(t, dir);
  const health = second.health();
  assert.equal(health.status, 'degraded');
  assert.deepEqual(
    health.checks.find((check) => check.id === 'ledger-schema'),
    {
      id: 'ledger-schema',
      status: 'warn',
      reason: 'ledger-schema-repaired',
      params: { objects: 'events_chain, events_no_delete, events_no_update' },
    },
  );
  assert.equal(health.checks.find((check) => check.id === 'ledger-chain')?.reason, 'ledger-chain-sound');
  assert.throws(() => second.databases.ledger.db!.exec('DELETE FROM events'), /append-only/);
  record(dir, second, 1);
});

test('a ledger whose tables were altered is refused: nothing is verified or recorded', (t) => {
  const dir = tempDir(t);
  loadOrCreateSecrets(dir);
  startStation(t, dir).close();
  const outside = new Database(ledgerPath(dir));
  outside.exec('ALTER TABLE outbox ADD COLUMN note TEXT');
  outside.close();
  const station = startStation(t, dir);
  const health = station.health();
  assert.equal(health.status, 'blocked');
  assert.deepEqual(
    health.checks.find((check) => check.id === 'ledger-schema'),
    { id: 'ledger-schema', status: 'fail', reason: 'ledger-schema-mismatch', params: { objects: 'outbox' } },
  );
  assert.equal(station.service.ledgerVerified, false);
  assert.throws(() => record(dir, station, 1), { code: 'LEDGER_UNAVAILABLE' });
});

test('the hub’s acknowledgement moves a checkpoint that lags behind it, and only forward', async (t) => {
  const dataDir = tempDir(t);
  const station = startStation(t, dataDir);
  record(dataDir, station, 40);
  station.close();
  // The checkpoint the last run left stands at 40; ten more events came without one (a crash).
  const again = startStation(t, dataDir);
  const { secrets } = loadOrCreateSecrets(dataDir);
  assert.equal(readCheckpoint(dataDir, secrets.privateKey).state, 'ok');
  const checkpointSeq = () => {
    const read = readCheckpoint(dataDir, secrets.privateKey);
    return read.state === 'ok' ? read.checkpoint.seq : null;
  };
  assert.equal(checkpointSeq(), 40);
  await again.service.ledger.acknowledged(30);
  assert.equal(checkpointSeq(), 40, 'an acknowledgement below the checkpoint changes nothing');
  const db = again.databases.ledger.db!;
  const ledger = openLedgerWriter(db, {
    stationId: 'station-1',
    privateKey: secrets.privateKey,
    clock: manualClock(Date.UTC(2026, 10, 27, 2, 0)),
    hubOffsetMs: () => 0,
    ruleVersion: () => 1,
  });
  // Appended outside the gate's notice, so only the acknowledgement can move the checkpoint.
  for (let i = 0; i < 10; i += 1)
    ledger.append(
      createEvent({
        stationId: 'station-1',
        seq: 41 + i,
        prevHash: ledger.head().hash,
        type: 'check_in',
        payload: { sessionId: 's2', learnerId: `m${i}`, cardHash: 'cd'.repeat(32) },
        wallTime: Date.UTC(2026, 10, 27, 2, i),
        bootId: 'b',
        monoMs: i,
        hubOffsetMs: 0,
        ruleVersion: 1,
        privateKey: secrets.privateKey,
      }),
    );
  await again.service.ledger.acknowledged(48);
  assert.equal(checkpointSeq(), 48);
  const hash48 = (db.prepare('SELECT hash FROM events WHERE seq = 48').get() as { hash: string }).hash;
  const read = readCheckpoint(dataDir, secrets.privateKey);
  assert.ok(read.state === 'ok' && read.checkpoint.hash === hash48);
});
