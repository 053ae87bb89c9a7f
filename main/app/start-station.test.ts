// The classroom inside a real station core with its embedded demo hub: recording starts once
// the station is enrolled, and a ledger whose chain was tampered with is refused at start.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { startStationCore, type StationCore } from '../app/start-station.ts';
import { ledgerPath } from '../storage/station-databases.ts';

async function call(core: StationCore, channel: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const envelope = await core.router.dispatch(channel, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.value as Record<string, unknown>;
}

test('a demo station records taps once enrolled, verifies its chain at the next start, and refuses a tampered one', async (t) => {
  const dataDir = tempDir(t);
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  let closed = false;
  t.after(async () => {
    if (!closed) await core.close();
  });
  // Before enrollment nothing can be recorded.
  assert.equal((await call(core, 'classroom.status')).state, 'not_enrolled');
  await assert.rejects(call(core, 'reader.tap', { cardNumber: '0012345678' }), { code: 'LEDGER_UNAVAILABLE' });

  await core.connect();
  const status = await call(core, 'classroom.status');
  assert.deepEqual([status.state, status.demo], ['ready', true]);
  await core.router.dispatch('sync.now', {});
  const { cards } = (await call(core, 'reader.demoCards')) as {
    cards: { id: string; kind: string; name: string | null }[];
  };
  assert.equal(cards.length, 7);
  assert.equal(cards.at(-1)!.kind, 'unregistered');

  // The demo roster's organiser (the last learner card) unlocks with card and PIN.
  assert.equal((await call(core, 'classroom.status')).pinSet, true);
  const organiserTap = await call(core, 'reader.simulate', { cardId: cards[DEMO_ORGANISER_INDEX]!.id });
  const { organiserSession } = await call(core, 'organiser.unlock', {
    tapId: organiserTap.tapId,
    pin: DEMO_ORGANISER_PIN,
  });
  const session = await call(core, 'organiser.createClass', { organiserSession, title: '演示班' });
  const tapped = await call(core, 'reader.simulate', { cardId: cards[0]!.id });
  assert.deepEqual([tapped.kind, (tapped.learner as { name: string }).name], ['checked_in', cards[0]!.name]);
  const unknown = await call(core, 'reader.simulate', { cardId: 'unregistered' });
  assert.deepEqual([unknown.kind, unknown.masked], ['unknown_card', '******0000']);
  const list = (await call(core, 'organiser.attendance', { organiserSession, sessionId: session.sessionId })) as {
    counts: { present: number; roster: number };
  };
  assert.deepEqual(list.counts.present, 1);
  assert.equal(list.counts.roster, 40);
  await core.close();
  closed = true;

  // A clean restart verifies the chain and records on at once, before the hub is reached.
  const again = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  const health = (await call(again, 'station.health')) as {
    checks: { id: string; status: string; params: Record<string, unknown> }[];
  };
  assert.deepEqual(health.checks.find((c) => c.id === 'ledger-chain')?.status, 'ok');
  assert.equal((await call(again, 'classroom.status')).state, 'ready');
  await again.close();

  // Someone edits an event: the next start names its sequence and records nothing more.
  const db = new Database(ledgerPath(dataDir));
  db.exec(
    "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '$.title', '伪造') WHERE seq = 1",
  );
  db.close();
  const tampered = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  t.after(() => tampered.close());
  const blocked = (await call(tampered, 'station.health')) as {
    status: string;
    ledgerWritable: boolean;
    checks: { id: string; reason: string; params: Record<string, unknown> }[];
  };
  assert.equal(blocked.status, 'blocked');
  assert.equal(blocked.ledgerWritable, false);
  assert.deepEqual(
    blocked.checks.find((c) => c.id === 'ledger-chain'),
    { id: 'ledger-chain', status: 'fail', reason: 'ledger-chain-broken', params: { seq: 1, problem: 'hash' } },
  );
  assert.equal((await call(tampered, 'classroom.status')).state, 'ledger_broken');
  await assert.rejects(call(tampered, 'reader.tap', { cardNumber: '0012345678' }), { code: 'LEDGER_UNAVAILABLE' });
  await assert.rejects(call(tampered, 'organiser.unlock', { tapId: 'any', pin: DEMO_ORGANISER_PIN }), {
    code: 'LEDGER_UNAVAILABLE',
  });
});

test('a damaged key file does not stop the station from starting; it records nothing', async (t) => {
  const dataDir = tempDir(t);
  fs.writeFileSync(path.join(dataDir, 'station-key.json'), '{ damaged');
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  t.after(() => core.close());
  assert.equal((await call(core, 'classroom.status')).state, 'ledger_broken');
  await assert.rejects(call(core, 'reader.tap', { cardNumber: '0012345678' }), { code: 'LEDGER_UNAVAILABLE' });
});
