// The gate in front of the ledger connection, with the disk's failures raised where SQLite
// raises them (the real failures, from a real disk, are in main/station/disk-failure.test.ts).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { diskFault } from './ledger-gate.ts';
import { openLedger } from './station-databases.ts';

/** A ledger connection with a table whose inserts fail the way the disk says (an SQL function raising it). */
function guardedLedger(t: TestContext) {
  const opened = openLedger(tempDir(t), silentLogger);
  const db = opened.db!;
  t.after(() => db.close());
  let failWith: string | null = null;
  db.function('disk', () => {
    if (failWith) throw Object.assign(new Error(`injected ${failWith}`), { code: failWith });
    return 1;
  });
  db.exec('CREATE TABLE notes (n INTEGER)');
  return { db, gate: opened.gate!, fail: (code: string | null) => (failWith = code) };
}

test('the first failed sync stops every write with a typed error; reads go on; nothing resumes by itself', (t) => {
  const { db, gate, fail } = guardedLedger(t);
  const insert = db.prepare('INSERT INTO notes VALUES (disk())');
  let commits = 0;
  gate.onWritten(() => (commits += 1));
  insert.run();
  db.transaction(() => insert.run()).immediate();
  assert.equal(commits, 2);

  fail('SQLITE_IOERR_FSYNC');
  assert.throws(() => db.transaction(() => insert.run()).immediate(), { code: 'LEDGER_WRITE_FAILED' });
  assert.equal(gate.state.open, false);
  assert.match(!gate.state.open ? gate.state.detail : '', /SQLITE_IOERR_FSYNC/);

  fail(null); // the disk answers again: still nothing is written until the gate reopens
  assert.throws(() => insert.run(), { code: 'LEDGER_WRITE_FAILED' });
  assert.throws(() => db.exec('INSERT INTO notes VALUES (1)'), { code: 'LEDGER_WRITE_FAILED' });
  assert.throws(() => db.transaction(() => 1)(), { code: 'LEDGER_WRITE_FAILED' });
  assert.equal(db.prepare('SELECT count(*) FROM notes').pluck().get(), 2, 'reads go on');
  gate.reverifying();
  assert.throws(() => insert.run(), { code: 'LEDGER_WRITE_FAILED' });
  gate.reopen();
  insert.run();
  assert.equal(commits, 3);
});

test('a full disk stops writing with its own code; a broken chain is never undone by a disk recovery', (t) => {
  const { db, gate, fail } = guardedLedger(t);
  const insert = db.prepare('INSERT INTO notes VALUES (disk())');
  fail('SQLITE_FULL');
  assert.throws(() => insert.run(), { code: 'LEDGER_DISK_FULL' });
  gate.stop('chain_broken', 'seq 7 hash');
  gate.stop('disk_io', 'later');
  assert.equal(!gate.state.open && gate.state.cause, 'chain_broken');
  assert.throws(() => insert.run(), { code: 'LEDGER_UNAVAILABLE' });
});

test('errors that are not the disk pass through untouched and stop nothing', (t) => {
  const { db, gate } = guardedLedger(t);
  assert.throws(() => db.exec('INSERT INTO nowhere VALUES (1)'), /no such table/);
  assert.equal(gate.state.open, true);
  assert.equal(diskFault(Object.assign(new Error(), { code: 'ENOSPC' })), 'disk_full');
  assert.equal(diskFault(Object.assign(new Error(), { code: 'EIO' })), 'disk_io');
  assert.equal(diskFault(Object.assign(new Error(), { code: 'SQLITE_CONSTRAINT_TRIGGER' })), null);
});
