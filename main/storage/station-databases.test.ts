// Real SQLite files, really damaged: the two databases must take opposite paths.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { readMigrations } from './migrate.ts';
import { catalogPath, ledgerPath, migrationsDir, openStationDatabases } from './station-databases.ts';

const CATALOG_VERSION = readMigrations(migrationsDir('catalog')).length;
import { quarantineMarkerPath, readQuarantineMarker } from './quarantine-marker.ts';

const QUARANTINE_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'quarantine-child.ts');

/** Fills a database with enough rows to span many pages, then closes it cleanly. */
function fillWithRows(file: string, table: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE IF NOT EXISTS ${table}_filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`);
  const insert = db.prepare(`INSERT INTO ${table}_filler (body) VALUES (?)`);
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(20));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Overwrites bytes in the middle of the file: page headers and cell data, not the file header. */
function damagePages(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  const garbage = Buffer.alloc(4096 * 3, 0xa5);
  fs.writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

function damageHeader(file: string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from('this is not sqlite at all'), 0, 25, 0);
  fs.closeSync(fd);
}

test('a fresh data folder gets both databases, migrated, in WAL mode, ledger with synchronous FULL', (t) => {
  const dir = tempDir(t);
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.catalog.state.state, 'ok');
  assert.equal(dbs.ledger.state.state, 'ok');
  assert.equal(dbs.catalog.state.schemaVersion, CATALOG_VERSION);
  assert.equal(dbs.ledger.db!.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(dbs.ledger.db!.pragma('synchronous', { simple: true }), 2); // FULL
  assert.ok(fs.existsSync(catalogPath(dir)) && fs.existsSync(ledgerPath(dir)));
});

test('a corrupt catalog.db is rebuilt empty and the station says so', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fillWithRows(catalogPath(dir), 'cache');
  damagePages(catalogPath(dir));

  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.catalog.state.state, 'rebuilt');
  assert.equal(dbs.catalog.db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(dbs.catalog.state.schemaVersion, CATALOG_VERSION, 'the rebuilt cache is migrated');
  const tables = dbs.catalog.db.prepare("SELECT name FROM sqlite_master WHERE name = 'cache_filler'").all();
  assert.equal(tables.length, 0, 'nothing of the damaged cache is kept');
  assert.equal(dbs.ledger.state.state, 'ok', 'the ledger is not touched');
});

test('a catalog.db whose header is garbage is rebuilt as well', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  damageHeader(catalogPath(dir));
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.catalog.state.state, 'rebuilt');
});

test('a corrupt ledger.db is moved aside byte for byte, never replaced, and stays quarantined across restarts', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fillWithRows(ledgerPath(dir), 'events');
  damagePages(ledgerPath(dir));
  const damagedBytes = fs.readFileSync(ledgerPath(dir));

  const first = openStationDatabases(dir, silentLogger);
  assert.equal(first.ledger.db, null, 'no ledger is open: learning records cannot be written');
  assert.equal(first.ledger.state.state, 'quarantined');
  const movedTo = first.ledger.state.movedTo!;
  assert.deepEqual(fs.readFileSync(path.join(movedTo, 'ledger.db')), damagedBytes, 'the damaged file is kept intact');
  assert.equal(fs.existsSync(ledgerPath(dir)), false, 'no empty ledger was created in its place');
  assert.ok(fs.existsSync(quarantineMarkerPath(dir)));
  assert.equal(first.catalog.state.state, 'ok', 'the catalogue still works');
  first.close();

  const second = openStationDatabases(dir, silentLogger);
  t.after(() => second.close());
  assert.equal(second.ledger.state.state, 'quarantined', 'a restart does not quietly start a fresh ledger');
  assert.equal(second.ledger.state.movedTo, movedTo);
  assert.equal(fs.existsSync(ledgerPath(dir)), false);
});

test('a ledger.db whose header is garbage is quarantined too', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  damageHeader(ledgerPath(dir));
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.equal(dbs.ledger.state.state, 'quarantined');
});

test('a crash between the two steps of a quarantine never leads to a fresh empty ledger', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  fillWithRows(ledgerPath(dir), 'events');
  damagePages(ledgerPath(dir));
  const damagedBytes = fs.readFileSync(ledgerPath(dir));
  // The station process dies (SIGKILL, as a power cut would) between the marker and the move.
  const child = spawnSync(process.execPath, [QUARANTINE_CHILD, dir], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', `the child was killed between the steps: ${child.stderr}`);

  const next = openStationDatabases(dir, silentLogger);
  t.after(() => next.close());
  assert.equal(next.ledger.state.state, 'quarantined', 'the next start still refuses to record');
  assert.equal(next.ledger.db, null);
  assert.equal(fs.existsSync(ledgerPath(dir)), false, 'no empty ledger was created in its place');
  const marker = readQuarantineMarker(dir);
  assert.ok(marker, 'the marker is there');
  assert.equal(next.ledger.state.movedTo, marker.movedTo);
  assert.deepEqual(fs.readFileSync(path.join(marker.movedTo, 'ledger.db')), damagedBytes, 'the damaged copy is kept');
});

const GENESIS = '0'.repeat(64);
const insertEventSql = (seq: number, prevHash: string) =>
  `INSERT INTO events (seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig)
   VALUES (${seq}, 'id-${seq}', 1, 'st', 'session.closed', '{"sessionId":"s"}', 0, 'b', 0, 0, 1, '${prevHash}', '${String(seq).repeat(64).slice(0, 64)}', 'sig')`;

test('a ledger whose append-only triggers were dropped or weakened gets them back at open, and says which', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  const outside = new Database(ledgerPath(dir));
  outside.exec(insertEventSql(1, GENESIS));
  outside.exec(
    `DROP TRIGGER events_no_update; DROP TRIGGER events_chain; DROP TRIGGER outbox_forward_only; DROP TRIGGER outbox_no_delete;
     DROP TRIGGER events_no_delete; CREATE TRIGGER events_no_delete BEFORE DELETE ON events WHEN 0 BEGIN SELECT 1; END;
     DROP INDEX events_by_learner; CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END;`,
  );
  outside.close();

  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.deepEqual(dbs.ledger.schema, {
    state: 'repaired',
    objects: [
      'events_by_learner',
      'events_chain',
      'events_no_delete',
      'events_no_update',
      'outbox_forward_only',
      'outbox_no_delete',
      'sneaky',
    ],
  });
  const db = dbs.ledger.db!;
  assert.throws(() => db.exec("UPDATE events SET payload = '{}' WHERE seq = 1"), /append-only/);
  assert.throws(() => db.exec('DELETE FROM events WHERE seq = 1'), /append-only/);
  assert.throws(() => db.exec(insertEventSql(3, GENESIS)), /continue the sequence/);
  assert.throws(() => db.exec('DELETE FROM outbox'), /cannot be removed/);
  assert.equal(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sneaky'").pluck().get(), 0);
  dbs.close();
  const again = openStationDatabases(dir, silentLogger);
  t.after(() => again.close());
  assert.deepEqual(again.ledger.schema, { state: 'sound' }, 'the repair lasts');
});

test('a ledger whose tables were altered is reported as mismatched, and left as it is', (t) => {
  const dir = tempDir(t);
  openStationDatabases(dir, silentLogger).close();
  const outside = new Database(ledgerPath(dir));
  outside.exec(
    'ALTER TABLE pending_cards ADD COLUMN note TEXT; CREATE TABLE extra (x); DROP TRIGGER events_no_update;',
  );
  outside.close();
  const dbs = openStationDatabases(dir, silentLogger);
  t.after(() => dbs.close());
  assert.deepEqual(dbs.ledger.schema, { state: 'mismatch', objects: ['extra', 'pending_cards'] });
});
