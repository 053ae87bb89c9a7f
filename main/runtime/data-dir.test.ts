import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { defaultDataDir } from './data-dir.ts';

test('LECTERN_DATA wins on every platform', () => {
  assert.equal(defaultDataDir({ LECTERN_DATA: 'rel/dir' }, 'win32'), path.resolve('rel/dir'));
});

test('Linux follows XDG, Windows uses ProgramData so every user of the PC sees one station', () => {
  assert.equal(defaultDataDir({}, 'linux'), path.join(os.homedir(), '.local', 'share', 'lectern'));
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/srv/data' }, 'linux'), path.join('/srv/data', 'lectern'));
  assert.equal(defaultDataDir({ PROGRAMDATA: 'D:\\PD' }, 'win32'), path.join('D:\\PD', 'Lectern'));
});
