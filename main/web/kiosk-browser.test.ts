// The kiosk browser launcher against a stand-in browser (a Node script that records its
// arguments and exits, as a browser closed by a learner would): it is started again at once,
// given up after it keeps dying at start, and stopped with the station.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.ts';
import { createLogger } from '../runtime/logger.ts';
import { findChromium, kioskBrowserArgs, launchKioskBrowser, relaunchDelayMs } from './kiosk-browser.ts';
import { loadOrCreateLaunchSecret } from './launch-secret.ts';

test('the launch secret is made once, owner-only, and kept across restarts', (t) => {
  const dir = tempDir(t);
  const first = loadOrCreateLaunchSecret(dir);
  assert.equal(first.created, true);
  assert.match(first.token, /^[\w-]{43}$/);
  const file = path.join(dir, 'web-shell-token');
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    fs.chmodSync(file, 0o644);
  }
  const again = loadOrCreateLaunchSecret(dir);
  assert.deepEqual(again, { token: first.token, created: false });
  if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'tightened again');
  fs.writeFileSync(file, 'short');
  assert.notEqual(loadOrCreateLaunchSecret(dir).token, first.token, 'a damaged secret is replaced');
});

test('kiosk arguments: app mode on the station URL, full screen, its own profile', () => {
  const args = kioskBrowserArgs('http://127.0.0.1:18640/#token=x', '/data/kiosk-browser');
  for (const expected of [
    '--kiosk',
    '--app=http://127.0.0.1:18640/#token=x',
    '--user-data-dir=/data/kiosk-browser',
    '--no-first-run',
    '--lang=zh-CN',
  ])
    assert.ok(args.includes(expected), expected);
  assert.equal(findChromium({ LECTERN_CHROMIUM: '/nowhere/chromium' }, 'linux'), null);
  assert.equal(
    findChromium({}, 'linux', (file) => file === '/usr/bin/chromium'),
    '/usr/bin/chromium',
  );
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(relaunchDelayMs), [0, 1000, 2000, 4000, 8000, null]);
});

test('a browser that closes is started again; one that keeps dying is given up; stop ends it', async (t) => {
  const dir = tempDir(t);
  const record = path.join(dir, 'runs.txt');
  const fake = path.join(dir, 'fake-browser.mjs');
  // Exits at once the first two times (closed), then stays up like a browser showing the page.
  fs.writeFileSync(
    fake,
    `#!${process.execPath}\nimport fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)) + '\\n');\nif (fs.readFileSync(${JSON.stringify(record)}, 'utf8').trim().split('\\n').length > 2) setInterval(() => {}, 1000);\n`,
    { mode: 0o755 },
  );
  const lines: string[] = [];
  const browser = launchKioskBrowser({
    binary: fake,
    url: 'http://127.0.0.1:1/#token=t',
    dataDir: dir,
    log: createLogger((line) => lines.push(line)),
  });
  t.after(() => browser.stop());
  const runs = () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : []);
  for (let i = 0; i < 100 && runs().length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(runs().length, 3, 'started again after each close');
  assert.ok((JSON.parse(runs()[0]!) as string[]).includes('--kiosk'));
  assert.ok(fs.existsSync(path.join(dir, 'kiosk-browser')), 'its own profile folder');
  assert.ok(lines.some((line) => line.includes('kiosk.browser_exited')));
  const child = browser.child!;
  await browser.stop();
  assert.notEqual(child.exitCode ?? child.signalCode, null, 'stopped with the station');
});
