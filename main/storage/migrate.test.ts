import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support/temp-dir.ts';
import { migrate, readMigrations, schemaVersion } from './migrate.ts';

function writeMigrations(dir: string, files: Record<string, string>): string {
  const migrations = path.join(dir, 'migrations');
  fs.mkdirSync(migrations, { recursive: true });
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(migrations, name), sql);
  return migrations;
}

test('pending migrations run in order; an existing database is backed up first, with its data', (t) => {
  const dir = tempDir(t);
  const first = writeMigrations(dir, { '001_notes.sql': 'CREATE TABLE notes (body TEXT);' });
  const db = new Database(path.join(dir, 'x.db'));
  t.after(() => db.close());
  assert.deepEqual(migrate(db, readMigrations(first), path.join(dir, 'backups'), 'x'), {
    from: 0,
    to: 1,
    backup: null,
  });
  db.prepare('INSERT INTO notes VALUES (?)').run('kept');

  fs.writeFileSync(path.join(first, '002_tags.sql'), 'ALTER TABLE notes ADD COLUMN tag TEXT;');
  const result = migrate(db, readMigrations(first), path.join(dir, 'backups'), 'x');
  assert.equal(result.to, 2);
  assert.ok(result.backup && fs.existsSync(result.backup));
  const backup = new Database(result.backup, { readonly: true });
  assert.equal(schemaVersion(backup), 1, 'the backup is the database as it was before');
  assert.deepEqual(backup.prepare('SELECT body FROM notes').all(), [{ body: 'kept' }]);
  backup.close();
});

test('a failing migration leaves the database at its previous version', (t) => {
  const dir = tempDir(t);
  const migrations = writeMigrations(dir, {
    '001_a.sql': 'CREATE TABLE a (x);',
    '002_b.sql': 'CREATE TABLE b (x); THIS IS NOT SQL;',
  });
  const db = new Database(path.join(dir, 'x.db'));
  t.after(() => db.close());
  assert.throws(() => migrate(db, readMigrations(migrations), path.join(dir, 'backups'), 'x'));
  assert.equal(schemaVersion(db), 1);
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").all(), []);
});

test('a database newer than the software is refused with a clear message', (t) => {
  const dir = tempDir(t);
  const migrations = writeMigrations(dir, { '001_a.sql': 'CREATE TABLE a (x);' });
  const db = new Database(path.join(dir, 'x.db'));
  t.after(() => db.close());
  db.pragma('user_version = 5');
  assert.throws(() => migrate(db, readMigrations(migrations), dir, 'x'), /newer than this software knows/);
});

test('badly named or gapped migration files are refused', (t) => {
  const dir = tempDir(t);
  assert.throws(() => readMigrations(writeMigrations(path.join(dir, 'a'), { '1_a.sql': '' })), /001_name\.sql/);
  assert.throws(
    () => readMigrations(writeMigrations(path.join(dir, 'b'), { '001_a.sql': '', '003_c.sql': '' })),
    /without gaps/,
  );
});

test('only the three newest backups are kept', (t) => {
  const dir = tempDir(t);
  const migrations = writeMigrations(dir, { '001_a.sql': 'CREATE TABLE a (x);' });
  const db = new Database(path.join(dir, 'x.db'));
  t.after(() => db.close());
  migrate(db, readMigrations(migrations), path.join(dir, 'backups'), 'x');
  for (let version = 2; version <= 6; version++) {
    fs.writeFileSync(path.join(migrations, `00${version}_step.sql`), `CREATE TABLE t${version} (x);`);
    migrate(db, readMigrations(migrations), path.join(dir, 'backups'), 'x');
  }
  assert.equal(fs.readdirSync(path.join(dir, 'backups')).length, 3);
});
