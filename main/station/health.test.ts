import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { ledgerPath, openStationDatabases } from '../storage/station-databases.ts';
import { LEDGER_DISK_RESERVE_BYTES as DISK_RESERVE_BYTES } from '../storage/disk-space.ts';
import { stationHealth } from './health.ts';
import { stationInfo } from './info.ts';
import type { StationContext } from './station-context.ts';

function context(dataDir: string): StationContext {
  return {
    version: '1.2.3',
    runtime: 'web',
    dataDir,
    startedAt: new Date(),
    databases: openStationDatabases(dataDir, silentLogger),
    now: () => 5000,
    startedAtMonotonic: 2000,
    ledgerCheck: null,
  };
}

test('a sound new station is healthy, unprovisioned, and reports its uptime', (t) => {
  const ctx = context(tempDir(t));
  t.after(() => ctx.databases.close());
  const health = stationHealth(ctx, DISK_RESERVE_BYTES * 4);
  assert.equal(health.status, 'ok');
  assert.equal(health.ledgerWritable, true);
  const info = stationInfo(ctx);
  assert.equal(info.stationId, null);
  assert.equal(info.uptimeSec, 3);
});

test('low disk makes the station degraded with the free space in the message', (t) => {
  const ctx = context(tempDir(t));
  t.after(() => ctx.databases.close());
  const health = stationHealth(ctx, 100 * 1024 * 1024);
  assert.equal(health.status, 'degraded');
  assert.deepEqual(
    health.checks.find((c) => c.id === 'disk'),
    { id: 'disk', status: 'warn', reason: 'disk-low', params: { freeMb: 100 } },
  );
});

test('a quarantined ledger blocks the station and says where the damaged copy is', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fs.writeFileSync(ledgerPath(dir), 'not a database');
  const ctx = context(dir);
  t.after(() => ctx.databases.close());
  const health = stationHealth(ctx, DISK_RESERVE_BYTES * 4);
  assert.equal(health.status, 'blocked');
  assert.equal(health.ledgerWritable, false);
  const ledgerCheck = health.checks.find((c) => c.id === 'ledger-db')!;
  assert.equal(ledgerCheck.reason, 'ledger-quarantined');
  assert.match(String(ledgerCheck.params.movedTo), /quarantine/);
  assert.equal(stationInfo(ctx).stationId, null);
});

test('a ledger whose chain failed verification blocks recording and names the first bad sequence', (t) => {
  const ctx = context(tempDir(t));
  t.after(() => ctx.databases.close());
  ctx.ledgerCheck = { ok: false, seq: 17, problem: 'hash' };
  const health = stationHealth(ctx, DISK_RESERVE_BYTES * 4);
  assert.equal(health.status, 'blocked');
  assert.equal(health.ledgerWritable, false);
  assert.deepEqual(
    health.checks.find((c) => c.id === 'ledger-chain'),
    { id: 'ledger-chain', status: 'fail', reason: 'ledger-chain-broken', params: { seq: 17, problem: 'hash' } },
  );
  ctx.ledgerCheck = { ok: true, events: 3, lastSeq: 3, lastHash: 'x' };
  assert.equal(stationHealth(ctx, DISK_RESERVE_BYTES * 4).status, 'ok');
});
