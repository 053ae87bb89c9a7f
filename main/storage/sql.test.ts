import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { prepared } from './sql.ts';

test('a statement is compiled once per database and SQL, and shared by every caller', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY); INSERT INTO events VALUES (1), (4)');
  const sql = 'SELECT seq FROM events ORDER BY seq DESC LIMIT 1';
  assert.equal(prepared(db, sql), prepared(db, sql));
  assert.notEqual(prepared(db, sql), prepared(new Database(':memory:').exec('CREATE TABLE events (seq INTEGER)'), sql));
});

test('one caller reading values does not change what another reads from the same SQL', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY); INSERT INTO events VALUES (1), (4)');
  const sql = 'SELECT seq FROM events ORDER BY seq DESC LIMIT 1';
  assert.equal(prepared(db, sql, { pluck: true }).get(), 4);
  assert.deepEqual(prepared(db, sql).get(), { seq: 4 });
  assert.throws(() => prepared(db, sql).pluck(), /pass \{ pluck: true \}/);
  assert.throws(() => prepared(db, sql).raw(), /raw\(\) on a shared statement/);
  assert.deepEqual(prepared(db, sql).get(), { seq: 4 }, 'still rows after a refused switch');
});
