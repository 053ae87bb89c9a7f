// `npm run provision` as a technician meets it: against a real hub on 127.0.0.1, the hub's
// word decides, nothing is written on a refusal, every mistake is one line and a non-zero
// exit, and a hub-signed reset file replaces the technician PIN once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { enrolledStation, startTestHub } from '../../test/support/test-hub.ts';
import { freeLoopbackPort } from '../../test/support/ports.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { openAccounts } from './accounts.ts';
import { readStationConfig, stationConfigPath } from './station-config.ts';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'provision-cli.ts');

function provision(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

function assertOneLine(stderr: string) {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

async function hubWithSite(t: TestContext) {
  const hub = await startTestHub(t);
  hub.admin.createSite({ code: 'QS', name: '青山县委党校' });
  return hub;
}

test('--help answers with the usage and exit 0; a bad option is one line and exit 2', async () => {
  const help = await provision('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /lectern-provision\.json/);
  const bad = await provision('--hubb', 'x');
  assert.equal(bad.code, 2);
  assertOneLine(bad.stderr);
});

test('a wrong token, a used token and a wrong site are refused by the hub in Chinese, and nothing is written', async (t) => {
  const hub = await hubWithSite(t);
  const data = tempDir(t);
  const base = ['--hub', hub.url, '--name', '一教室', '--technician-pin', '482913', '--data', data];
  const wrongToken = await provision(...base, '--site', 'QS', '--token', 'x'.repeat(43));
  assert.equal(wrongToken.code, 1);
  assertOneLine(wrongToken.stderr);
  assert.match(wrongToken.stderr, /平台不认识这个注册令牌/);

  const { token } = hub.admin.createEnrollmentToken({ siteCode: 'QS' });
  const wrongSite = await provision(...base, '--site', 'QX', '--token', token);
  assert.equal(wrongSite.code, 1);
  assert.match(wrongSite.stderr, /平台上没有站点 QX/);
  const otherSite = await provision(...base, '--site', 'DEMO', '--token', token);
  assert.match(otherSite.stderr, /属于另一个站点/);
  assert.equal(fs.existsSync(stationConfigPath(data)), false);
  assert.equal(openAccounts(data).hasTechnicianPin(), false);

  const good = await provision(...base, '--site', 'QS', '--token', token);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /青山县委党校/);
  assert.equal(readStationConfig(data)?.name, '一教室');
  assert.equal(openAccounts(data).checkTechnician('482913').verdict, 'ok');
});

test('missing and malformed fields are named; an unreachable hub needs --offline', async (t) => {
  const data = tempDir(t);
  const missing = await provision('--hub', 'ftp://hub', '--site', 'QS', '--data', data);
  assert.equal(missing.code, 1);
  assertOneLine(missing.stderr);
  assert.match(missing.stderr, /hubUrl/);
  assert.match(missing.stderr, /缺少字段 enrollmentToken/);
  assert.match(missing.stderr, /缺少字段 technicianPin/);

  const url = `http://127.0.0.1:${await freeLoopbackPort()}/`;
  const args = [
    '--hub',
    url,
    '--site',
    'QS',
    '--token',
    't'.repeat(43),
    '--name',
    '一教室',
    '--technician-pin',
    '4829',
  ];
  const offline = await provision(...args, '--data', data);
  assert.equal(offline.code, 1);
  assert.match(offline.stderr, /无法连接平台/);
  const accepted = await provision(...args, '--offline', '--data', data);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, /首次联网时注册/);
});

test('a provisioning file from a USB drive: errors name the field, a good file provisions', async (t) => {
  const hub = await hubWithSite(t);
  const data = tempDir(t);
  const usb = tempDir(t);
  const file = path.join(usb, 'lectern-provision.json');
  fs.writeFileSync(file, JSON.stringify({ hubUrl: hub.url, siteCode: 'QS', technicianPin: '12', colour: 'red' }));
  const bad = await provision('--file', file, '--data', data);
  assert.equal(bad.code, 1);
  assertOneLine(bad.stderr);
  for (const pattern of [
    /未知字段 colour/,
    /缺少字段 enrollmentToken/,
    /缺少字段 classroomName/,
    /字段 technicianPin（技术员 PIN）无效/,
  ])
    assert.match(bad.stderr, pattern);
  fs.writeFileSync(file, '{ not json');
  assert.match((await provision('--file', file, '--data', data)).stderr, /不是有效的 JSON/);

  const { token } = hub.admin.createEnrollmentToken({ siteCode: 'QS' });
  fs.writeFileSync(
    file,
    `\uFEFF${JSON.stringify({ hubUrl: hub.url, siteCode: 'QS', enrollmentToken: token, classroomName: '二教室', technicianPin: '902211', kioskPort: 18700 })}`,
  );
  const good = await provision('--file', file, '--data', data);
  assert.equal(good.code, 0, good.stderr);
  assert.equal(readStationConfig(data)?.kioskPort, 18700);
});

test('a data folder that cannot be written is one line, not a stack trace', async (t) => {
  const hub = await hubWithSite(t);
  const { token } = hub.admin.createEnrollmentToken({ siteCode: 'QS' });
  const blocker = path.join(tempDir(t), 'a-file');
  fs.writeFileSync(blocker, '');
  const result = await provision(
    ...['--hub', hub.url, '--site', 'QS', '--token', token, '--name', '一教室', '--technician-pin', '4829'],
    '--data',
    path.join(blocker, 'data'),
  );
  assert.equal(result.code, 1);
  assertOneLine(result.stderr);
  assert.match(result.stderr, /无法写入数据目录/);
});

test('the hub resets the technician PIN with a signed file, valid once and for this station only', async (t) => {
  const { hub, enrollment } = await enrolledStation(t);
  const data = tempDir(t);
  // The station's enrollment record, as the hub link keeps it in ledger.db.
  const ledger = new Database(path.join(data, 'ledger.db'));
  ledger.exec('CREATE TABLE station_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const meta = {
    station_id: enrollment.stationId,
    hub_url: hub.url,
    hub_public_key: enrollment.hubPublicKey,
    site_code: enrollment.siteCode,
    site_name: enrollment.siteName,
    station_config: JSON.stringify(enrollment.config),
    enrolled_at: '1',
  };
  for (const [key, value] of Object.entries(meta))
    ledger.prepare('INSERT INTO station_meta VALUES (?, ?)').run(key, value);
  ledger.close();
  openAccounts(data).setTechnicianPin('111111');

  const resetFile = path.join(tempDir(t), 'lectern-pin-reset.json');
  fs.writeFileSync(resetFile, JSON.stringify(hub.admin.technicianPinReset({ stationId: enrollment.stationId })));
  const reset = await provision('reset-technician-pin', '--reset-file', resetFile, '--pin', '222222', '--data', data);
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(openAccounts(data).checkTechnician('222222').verdict, 'ok');
  const again = await provision('reset-technician-pin', '--reset-file', resetFile, '--pin', '333333', '--data', data);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /已经用过/);

  const forged = JSON.parse(fs.readFileSync(resetFile, 'utf8')) as { body: { id: string } };
  forged.body.id = 'x'.repeat(22);
  fs.writeFileSync(resetFile, JSON.stringify(forged));
  const refused = await provision('reset-technician-pin', '--reset-file', resetFile, '--pin', '333333', '--data', data);
  assert.match(refused.stderr, /不是本平台签发的/);
  assert.equal(openAccounts(data).checkTechnician('222222').verdict, 'ok');
});
