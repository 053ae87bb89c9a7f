// A revoked station enrolled again under a new key, in a whole station core against the
// reference hub: the push stops and says so; a wrong token is refused in words the
// technician can act on; with a good one the same station (same id, same ledger) signs from
// the next event with its new key, the hub links the two keys and counts every event, and the
// next start verifies the ledger across the hand-over.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startHub, type RunningHub } from '../../hub/server.ts';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { startStationCore, type StationCore } from '../app/start-station.ts';
import { verifyLedger } from '../ledger/ledger.ts';
import { silentLogger } from '../runtime/logger.ts';
import { readEnrollment } from '../station/identity.ts';
import { readSecrets, stationKeyRing } from '../station/key-file.ts';
import { writeStationConfig } from '../station/station-config.ts';
import { DEMO_ROSTER, ledgerEvents } from './test-station.ts';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';

async function call<T = Record<string, unknown>>(core: StationCore, channel: string, input: unknown = {}): Promise<T> {
  const envelope = await core.router.dispatch(channel, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.value as T;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A class with `learners` card taps, closed: the close asks the hub link to sync soon. */
async function holdClass(core: StationCore, session: string, learners: number, from = 0): Promise<void> {
  const { sessionId } = await call<{ sessionId: string }>(core, 'organiser.createClass', {
    organiserSession: session,
    title: '党课',
  });
  for (const learner of DEMO_ROSTER.slice(from, from + learners))
    await call(core, 'reader.tap', { cardNumber: learner.cardNumber });
  await call(core, 'organiser.closeClass', { organiserSession: session, sessionId });
}

function start(t: TestContext, dataDir: string): StationCore {
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  let closed = false;
  const close = core.close.bind(core);
  core.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  t.after(() => core.close());
  return core;
}

const hubEventCount = (hub: RunningHub, stationId: string) =>
  hub.admin.listStations().find((s) => s.id === stationId)?.ackSeq ?? 0;

test('a revoked station stops pushing, says so, and is enrolled again under a new key with the same ledger', async (t) => {
  const hub = await startHub({ dataDir: tempDir(t, 'lectern-hub-'), demo: true });
  t.after(() => hub.close());
  const dataDir = tempDir(t);
  const token = () => hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  writeStationConfig(dataDir, { hubUrl: hub.url, siteCode: 'DEMO', enrollmentToken: token(), name: '一号教室' });

  const core = start(t, dataDir);
  await core.connect();
  await until(async () => (await call<SyncStatus>(core, 'sync.status')).lastSuccessAt !== null, 'the first sync');
  // The demo roster's organiser taps their card and gives their PIN.
  const organiserTap = await call<{ tapId: string }>(core, 'reader.tap', {
    cardNumber: DEMO_ROSTER[DEMO_ORGANISER_INDEX]!.cardNumber,
  });
  const { organiserSession } = await call<{ organiserSession: string }>(core, 'organiser.unlock', {
    tapId: organiserTap.tapId,
    pin: DEMO_ORGANISER_PIN,
  });
  const ledger = core.databases.ledger.db!;
  const stationId = readEnrollment(ledger)!.stationId;
  await holdClass(core, organiserSession, 3);
  const firstHead = ledgerEvents(ledger).length;
  await until(() => hubEventCount(hub, stationId) === firstHead, 'the class to reach the hub (sent when it closed)');

  hub.admin.revokeStation(stationId);
  await holdClass(core, organiserSession, 2, 3);
  await until(async () => (await call<SyncStatus>(core, 'sync.status')).state === 'revoked', 'the revoked state');
  const revoked = await call<SyncStatus>(core, 'sync.status');
  assert.deepEqual([revoked.lastError?.code, revoked.nextAttemptAt], ['station_revoked', null]);
  assert.ok(revoked.pending.events > 0, 'the class after the revocation waits');
  const handover = ledgerEvents(ledger).length;

  assert.deepEqual(await call(core, 'sync.reenroll', { token: 'x'.repeat(43) }), { refused: 'token_invalid' });
  const oldKey = readSecrets(dataDir)!.publicKey;
  const after = await call<SyncStatus>(core, 'sync.reenroll', { token: token() });
  assert.notEqual(after.state, 'revoked');
  const secrets = readSecrets(dataDir)!;
  assert.notEqual(secrets.publicKey, oldKey);
  assert.deepEqual(secrets.retired, [{ publicKey: oldKey, lastSeq: handover }]);
  assert.equal(readEnrollment(ledger)!.stationId, stationId, 'the same station');

  await holdClass(core, organiserSession, 4, 5);
  const head = ledgerEvents(ledger).length;
  await until(() => hubEventCount(hub, stationId) === head, 'every event to reach the hub');
  await until(async () => (await call<SyncStatus>(core, 'sync.status')).state === 'idle', 'the sync to finish');
  const status = await call<SyncStatus>(core, 'sync.status');
  assert.deepEqual([status.state, status.quarantine.count, status.conflicts.count], ['idle', 0, 0]);
  const events = ledgerEvents(ledger);
  assert.equal(events.filter((e) => e.seq > handover).length > 0, true);
  assert.deepEqual(verifyLedger(ledger, stationKeyRing(secrets)), {
    ok: true,
    events: head,
    lastSeq: head,
    lastHash: events.at(-1)!.hash,
  });
  await core.close();

  // The next start checks the ledger across the hand-over and records on.
  const again = start(t, dataDir);
  const health = await call<{ status: string; checks: { id: string; status: string; reason: string }[] }>(
    again,
    'station.health',
  );
  assert.deepEqual(
    health.checks.filter((c) => c.id.startsWith('ledger')).map((c) => [c.id, c.status]),
    health.checks.filter((c) => c.id.startsWith('ledger')).map((c) => [c.id, 'ok']),
    JSON.stringify(health.checks),
  );
  assert.deepEqual(
    health.checks.filter((c) => c.id === 'enrollment').map((c) => [c.status, c.reason]),
    [['ok', 'enrollment-ok']],
    'enrolled with the demo site its configuration names: not "pending"',
  );
  await again.connect();
  assert.equal((await call(again, 'classroom.status')).state, 'ready');
  assert.ok(fs.existsSync(path.join(dataDir, 'ledger-checkpoint.json')));
});
