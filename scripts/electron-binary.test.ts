import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test/support/temp-dir.ts';
import { findElectronBinary } from './electron-binary.ts';

test('an override folder with an electron executable is used', (t) => {
  const dir = tempDir(t);
  const exe = path.join(dir, process.platform === 'win32' ? 'electron.exe' : 'electron');
  fs.writeFileSync(exe, '');
  assert.deepEqual(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir }), { found: true, path: exe });
});

test('an override folder without one is reported with the path it looked at', (t) => {
  const dir = tempDir(t);
  const result = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir });
  assert.equal(result.found, false);
  assert.match(!result.found ? result.reason : '', new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});
