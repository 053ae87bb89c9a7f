import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { recoveryStatus, restoreLedger, startFreshLedger } from './ledger-recovery.ts';
import { ledgerPath, openStationDatabases } from './station-databases.ts';

function quarantinedStation(t: TestContext): string {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fs.writeFileSync(ledgerPath(dir), 'garbage, not a database');
  openStationDatabases(dir, silentLogger).close();
  return dir;
}

test('restore puts back a sound copy and the station opens it with its records', (t) => {
  const dir = quarantinedStation(t);
  assert.equal(recoveryStatus(dir).quarantined, true);
  const backup = path.join(dir, 'sound.db');
  const db = new Database(backup);
  db.exec(
    "CREATE TABLE station_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT; INSERT INTO station_meta VALUES ('station_id', 'st-42'); PRAGMA user_version = 1;",
  );
  db.close();

  restoreLedger(dir, backup);
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.ledger.state.state, 'ok');
  assert.deepEqual(dbs.ledger.db!.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").get(), {
    value: 'st-42',
  });
});

test('restore refuses a damaged copy and the quarantine stays', (t) => {
  const dir = quarantinedStation(t);
  const bad = path.join(dir, 'bad.db');
  fs.writeFileSync(bad, 'also garbage');
  assert.throws(() => restoreLedger(dir, bad), /fails the integrity check/);
  assert.equal(recoveryStatus(dir).quarantined, true);
});

test('start-fresh lifts the quarantine and keeps the damaged copy', (t) => {
  const dir = quarantinedStation(t);
  const status = recoveryStatus(dir);
  assert.ok(status.quarantined);
  startFreshLedger(dir);
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.ledger.state.state, 'ok');
  assert.ok(fs.existsSync(path.join(status.marker.movedTo, 'ledger.db')));
});

test('recovery commands refuse to act on a healthy ledger', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  assert.throws(() => startFreshLedger(dir), /not quarantined/);
});

test('restore after a crash between marker and move keeps the damaged copy instead of deleting it', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fs.writeFileSync(ledgerPath(dir), 'garbage, not a database');
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'quarantine-child.ts');
  assert.equal(spawnSync(process.execPath, [child, dir]).signal, 'SIGKILL');
  const status = recoveryStatus(dir);
  assert.ok(status.quarantined);
  const backup = path.join(dir, 'sound.db');
  new Database(backup).close();
  restoreLedger(dir, backup);
  assert.equal(fs.readFileSync(path.join(status.marker.movedTo, 'ledger.db'), 'utf8'), 'garbage, not a database');
});

test('the command: backups listed, restore latest, and one clear line with a non-zero exit when there is nothing to restore', (t) => {
  const dir = quarantinedStation(t);
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ledger-recovery-cli.ts');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--data', dir], { encoding: 'utf8' });

  const none = run('restore', 'latest');
  assert.equal(none.status, 1);
  assert.equal(none.stdout, '');
  assert.match(none.stderr.trim(), /^ledger-recovery：操作未完成 \/ There is no verified daily backup in .*backups\.$/);
  assert.match(run('backups').stdout, /No verified daily backup/);
  assert.equal(run('restore').status, 2, 'a restore without a source is a usage error');
});
