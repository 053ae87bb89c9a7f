// A station whose ledger file was damaged on disk, or whose disk fails under it while it
// runs: the screen must say plainly that hours are not being recorded, and why.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN, generateDemoRoster } from '../../hub/demo/roster.ts';
import { invokeStation, startWebStation } from '../support/web-station.ts';

test('a corrupt ledger.db is quarantined and the screen says recording has stopped', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const first = await startWebStation({ dataDir });
  await first.stop();
  fs.writeFileSync(path.join(dataDir, 'ledger.db'), Buffer.alloc(8192, 0x5a));

  const station = await startWebStation({ dataDir });
  try {
    await page.goto(station.url);
    const banner = page.getByTestId('ledger-blocked');
    await expect(banner).toContainText('学时账本已损坏');
    await expect(banner).toContainText(path.join(dataDir, 'quarantine'));
    await page.getByTestId('nav-technician').click();
    await expect(page.getByTestId('db-ledger')).toContainText('已损坏并隔离');
    await expect(page.getByTestId('health-status')).toContainText('已停止记录学时');
    // Who the station is lives in the ledger: without it the station is unprovisioned and
    // does not talk to any hub.
    await expect(page.getByTestId('station-id')).toContainText('未配置');
    await expect(page.getByTestId('sync-state')).toHaveText('同步出错');
    await page.screenshot({
      path: path.resolve(import.meta.dirname, '../../test-results/screens/ledger-quarantined.png'),
      fullPage: true,
    });
  } finally {
    await station.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a disk that stops syncing: the screen says the station cannot save records, and a tap says so in Chinese', async ({
  page,
}) => {
  test.skip(spawnSync('strace', ['-V']).status !== 0, 'strace is not installed');
  test.setTimeout(90_000);
  const station = await startWebStation();
  try {
    await expect
      .poll(async () => (await invokeStation(station, 'classroom.status')).state, { timeout: 20_000 })
      .toBe('ready');
    await expect
      .poll(async () => (await invokeStation(station, 'classroom.status')).pinSet, { timeout: 20_000 })
      .toBe(true);
    const organiser = generateDemoRoster()[DEMO_ORGANISER_INDEX]!;
    const { tapId } = await invokeStation(station, 'reader.simulate', { cardId: organiser.id });
    const { organiserSession } = await invokeStation(station, 'organiser.unlock', { tapId, pin: DEMO_ORGANISER_PIN });
    await invokeStation(station, 'organiser.createClass', { organiserSession, title: '磁盘故障' });
    await page.goto(station.url);
    // The start settles: the ledger's full check in the background, the checkpoint after the class opened.
    await page.getByTestId('nav-technician').click();
    await expect(page.getByTestId('health')).toContainText('签名与哈希链完整', { timeout: 20_000 });
    await page.getByTestId('nav-home').click();
    await page.waitForTimeout(1500);

    // Every fsync of the ledger's files fails from now on, as on a disk that stopped syncing.
    const files = ['ledger.db', 'ledger.db-wal', 'ledger.db-shm', '.ledger-disk-probe'].map((name) =>
      path.join(station.dataDir, name),
    );
    const strace = spawn(
      'strace',
      [
        ...['-f', '-qq', '-o', '/dev/null', '-p', String(station.process.pid)],
        ...[...files, station.dataDir].flatMap((file) => ['-P', file]),
        ...['-e', 'trace=fsync,fdatasync', '-e', 'inject=fsync:error=EIO', '-e', 'inject=fdatasync:error=EIO'],
      ],
      { stdio: 'ignore' },
    );
    await expect
      .poll(() => /TracerPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${station.process.pid}/status`, 'utf8'))?.[1])
      .not.toBe('0');
    try {
      const learner = generateDemoRoster()[1]!;
      await page.getByTestId(`demo-card-${learner.id}`).click();
      await expect(page.getByTestId('tap-overlay')).toContainText('刷卡未能记录：本机无法安全保存记录，请联系技术员');
      await page.getByTestId('tap-overlay').click();
      const banner = page.getByTestId('ledger-disk');
      await expect(banner).toContainText('本机无法安全保存记录，请联系技术员');
      await expect(banner).toContainText('磁盘写入失败，本站已停止记录考勤和学时');
      await expect(page.getByTestId('classroom-state')).toHaveText('本机暂时无法安全保存记录，暂停记录考勤');
      await page.getByTestId('nav-technician').click();
      await expect(page.getByTestId('health-status')).toHaveText('已停止记录学时');
      await page.screenshot({
        path: path.resolve(import.meta.dirname, '../../test-results/screens/ledger-disk-failed.png'),
        fullPage: true,
      });
    } finally {
      strace.kill('SIGINT');
      await new Promise((resolve) => strace.once('exit', resolve));
    }
    // The disk works again: after the ledger is checked afresh, recording resumes and the technician is told.
    await expect(page.getByTestId('ledger-disk')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('health')).toContainText('重新校验账本通过后');
    await expect(page.getByTestId('health-status')).toHaveText('需要关注');
    await page.getByTestId('nav-home').click();
    await expect(page.getByTestId('classroom-state')).toHaveText('可以刷卡签到');
  } finally {
    await station.stop();
    fs.rmSync(station.dataDir, { recursive: true, force: true });
  }
});
