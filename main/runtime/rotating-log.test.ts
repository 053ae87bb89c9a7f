import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.ts';
import { createLogger } from './logger.ts';
import { createRotatingLogSink, LOG_FILE } from './rotating-log.ts';

test('the log rotates by size and keeps a bounded number of files, newest lines last', (t) => {
  const dir = path.join(tempDir(t), 'logs');
  const sink = createRotatingLogSink(dir, { maxBytes: 1000, keep: 2 });
  t.after(() => sink.close());
  const log = createLogger(sink);
  for (let i = 0; i < 200; i += 1) log.info('tap', { i, padding: 'x'.repeat(40) });
  const files = fs.readdirSync(dir).sort();
  assert.deepEqual(files, [LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
  const total = files.reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
  assert.ok(total <= 3 * 1000, `at most keep + 1 files of maxBytes (${total})`);
  for (const name of files) assert.ok(fs.statSync(path.join(dir, name)).size <= 1000, name);
  const last = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8').trim().split('\n').at(-1)!;
  assert.equal((JSON.parse(last) as { i: number }).i, 199);
  assert.ok(fs.readFileSync(path.join(dir, `${LOG_FILE}.1`), 'utf8').includes('"i":'));
});

test('a restart appends to the current file; a log that cannot be written never throws', (t) => {
  const dir = path.join(tempDir(t), 'logs');
  const first = createRotatingLogSink(dir);
  first('{"event":"one"}');
  first.close();
  const second = createRotatingLogSink(dir);
  second('{"event":"two"}');
  second.close();
  assert.equal(fs.readFileSync(path.join(dir, LOG_FILE), 'utf8'), '{"event":"one"}\n{"event":"two"}\n');
  const blocked = path.join(tempDir(t), 'a-file');
  fs.writeFileSync(blocked, '');
  const broken = createRotatingLogSink(path.join(blocked, 'logs'));
  const stderr = t.mock.method(process.stderr, 'write', () => true);
  assert.doesNotThrow(() => broken('{"event":"x"}'));
  assert.doesNotThrow(() => broken('{"event":"y"}'));
  assert.equal(stderr.mock.callCount(), 1, 'said once');
});
