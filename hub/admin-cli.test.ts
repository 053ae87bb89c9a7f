// The technician and hub-operator commands as a person meets them: `--help` answers, a
// mistake — an unknown command, option, site, station or learner — is one line, Chinese and
// English, with a non-zero exit and no stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../test/support/temp-dir.ts';
import { openHubDb } from './db.ts';
import { createAdmin } from './admin.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, script), ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

function assertOneLine(result: { stderr: string }, pattern: RegExp) {
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.match(result.stderr, pattern);
}

test('every technician command answers --help with exit 0', async () => {
  for (const script of [
    'hub/admin-cli.ts',
    'hub/cli.ts',
    'main/storage/ledger-recovery-cli.ts',
    'main/station/provision-cli.ts',
    'main/station/diagnostics-cli.ts',
  ]) {
    const help = await run(script, '--help');
    assert.equal(help.code, 0, script);
    assert.match(help.stdout, /用法 \/ Usage/, script);
  }
});

test('hub-admin: wrong site, station or learner ids are errors, not exit 0', async (t) => {
  const data = tempDir(t);
  const db = openHubDb(data);
  const admin = createAdmin(db, data, Date.now);
  admin.createSite({ code: 'QS', name: '青山县委党校' });
  admin.publishRoster({
    siteCode: 'QS',
    learners: [{ id: 'L1', name: '王老师', unit: '县委党校', level: 'section_below', cardNumber: '0012345678' }],
  });
  db.close();
  const cli = (...args: string[]) => run('hub/admin-cli.ts', ...args, '--data', data);

  assertOneLine(await cli('revoke', 'no-such-station'), /平台上没有已注册的站点机 no-such-station \/ No station/);
  assertOneLine(await cli('stations', '--site', 'XX'), /平台上没有站点 XX/);
  assertOneLine(await cli('create-token', 'XX'), /平台上没有站点 XX/);
  assertOneLine(await cli('hours', '--from', '2026-01-01', '--to', '2026-12-31', '--site', 'XX'), /平台上没有站点 XX/);
  assertOneLine(await cli('set-organiser', 'QS', 'nobody', '--pin', '1234'), /名册中没有学员 nobody/);
  assertOneLine(await cli('set-organiser', 'QS', 'L1', '--pin', '12'), /4 至 12 位数字/);
  assertOneLine(await cli('technician-reset', 'no-such-station'), /没有已注册的站点机/);
  for (const result of [await cli('frobnicate'), await cli('stations', '--colour'), await cli('create-site', 'QX')]) {
    assert.equal(result.code, 2);
    assertOneLine(result, /用法见 --help|see --help/);
  }
  for (const result of [await cli('revoke', 'no-such-station'), await cli('stations', '--site', 'XX')])
    assert.equal(result.code, 1);

  const made = await cli('set-organiser', 'QS', 'L1', '--pin', '246810');
  assert.equal(made.code, 0, made.stderr);
  const roster = openHubDb(data);
  t.after(() => roster.close());
  const record = JSON.parse(
    (roster.prepare("SELECT data FROM records WHERE stream = 'roster' AND id = 'L1'").get() as { data: string }).data,
  ) as { organiser: boolean; organiserPinHash: string };
  assert.equal(record.organiser, true);
  assert.match(record.organiserPinHash, /^scrypt:/);
  assert.ok(!JSON.stringify(record).includes('246810'), 'the PIN is published only as a hash');
});

test('hub and ledger-recovery refuse bad input in one line', async (t) => {
  assertOneLine(await run('hub/cli.ts', '--port', 'abc'), /--port/);
  assertOneLine(await run('hub/cli.ts', '--demo', 'huge'), /--demo/);
  const data = tempDir(t);
  const restore = await run(
    'main/storage/ledger-recovery-cli.ts',
    'restore',
    path.join(data, 'none.db'),
    '--data',
    data,
  );
  assert.equal(restore.code, 1);
  assertOneLine(restore, /ledger-recovery：/);
  const blocked = path.join(data, 'file');
  fs.writeFileSync(blocked, '');
  const unwritable = await run('hub/cli.ts', '--port', '0', '--data', path.join(blocked, 'hub'));
  assert.equal(unwritable.code, 1);
  assertOneLine(unwritable, /无法写入平台数据目录|cannot write/);
});
