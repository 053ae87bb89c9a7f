// The link to the hub as the room and the technician see it, in the browser shell against a
// reference hub of the test's own: the home screen's line (reached at the last attempt, last
// sync, records waiting), a sync forced from the technician's page and watched as it goes,
// what the hub would not take in Chinese, and a revoked station enrolled again with a token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN, generateDemoRoster } from '../../hub/demo/roster.ts';
import { openAccounts } from '../../main/station/accounts.ts';
import { writeStationConfig } from '../../main/station/station-config.ts';
import { invokeStation, startWebStation } from '../support/web-station.ts';
import { expect, SCREENS, test } from './station-fixture.ts';

const invoke = invokeStation;

const roster = generateDemoRoster();
const TECHNICIAN_PIN = '482913';

test('a station of a configured hub: the home line, a forced sync with its progress, refusals in Chinese, and enrolling again after a revocation', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-hub-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  // The test holds a push inside the hub until it has seen the progress on the screen.
  let holdPushes: Promise<void> | null = null;
  const hub: RunningHub = await startHub({
    dataDir: hubDir,
    demo: true,
    beforeStationRequest: (route) => (route === 'push' ? (holdPushes ?? undefined) : undefined),
  });
  const token = () => hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  writeStationConfig(dataDir, { hubUrl: hub.url, siteCode: 'DEMO', enrollmentToken: token(), name: '一号教室' });
  openAccounts(dataDir).setTechnicianPin(TECHNICIAN_PIN);
  const station = await startWebStation({ dataDir });
  /** The technician's page, behind the technician's PIN when the page asks for it. */
  const openTechnicianPage = async () => {
    await page.getByTestId('nav-technician').click();
    const gate = page.getByTestId('technician-pin');
    const synced = page.getByTestId('sync-now');
    await expect(gate.or(synced)).toBeVisible();
    if (await gate.isVisible()) {
      await gate.fill(TECHNICIAN_PIN);
      await page.getByTestId('technician-submit').click();
    }
  };
  try {
    await page.goto(station.url);
    await expect(page.getByTestId('link-state')).toHaveText('已连接省级平台', { timeout: 20_000 });
    await expect(page.getByTestId('link-pending')).toHaveText('记录已全部上传');
    await expect(page.getByTestId('link-status')).toContainText('上次同步');

    // A class with a few taps, held at the hub: the home line counts what waits.
    // The roster's organiser taps their card and gives their PIN.
    const organiserTap = await invoke(station, 'reader.tap', { cardNumber: roster[DEMO_ORGANISER_INDEX]!.cardNumber });
    const { organiserSession } = await invoke(station, 'organiser.unlock', {
      tapId: organiserTap.tapId,
      pin: DEMO_ORGANISER_PIN,
    });
    const { sessionId } = await invoke(station, 'organiser.createClass', { organiserSession, title: '党史专题' });
    let release!: () => void;
    const hold = () => (holdPushes = new Promise<void>((resolve) => (release = resolve)));
    const letGo = () => {
      holdPushes = null;
      release();
    };
    hold();
    for (const learner of roster.slice(0, 6)) await invoke(station, 'reader.tap', { cardNumber: learner.cardNumber });
    await expect(page.getByTestId('link-pending')).toHaveText(/^\d+ 条记录待上传$/, { timeout: 25_000 });
    fs.mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENS, 'sync-home-1366.png') });
    letGo();
    // Sent within seconds of being recorded, without anyone asking.
    await expect(page.getByTestId('link-pending')).toHaveText('记录已全部上传', { timeout: 25_000 });

    // The technician forces a sync of a new record. (The progress a push publishes while it
    // goes is checked in sync-engine.test.ts: held at the hub here, a push could outlast the
    // station's 15 s request timeout on a loaded machine, and the hub would rightly answer the
    // next one 429 while it still holds the first.)
    await openTechnicianPage();
    await invoke(station, 'reader.tap', { cardNumber: roster[6]!.cardNumber });
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 25_000 });
    await expect(page.getByTestId('sync-pending-events')).toHaveText('0');
    await expect(page.getByTestId('sync-last-success')).toContainText('上传');

    // What the hub held apart, as the station keeps it, worded in Chinese.
    const ledger = new Database(path.join(dataDir, 'ledger.db'));
    ledger
      .prepare('INSERT INTO sync_quarantine (seq, event_id, code, message, reported_at) VALUES (?, ?, ?, ?, ?)')
      .run(3, 'event-3', 'unknown_field', 'payload: Unrecognized key "seat"', Date.now());
    ledger.close();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('quarantine-heading')).toHaveText('平台拒收的记录（1 条）', { timeout: 25_000 });
    await expect(page.getByTestId('quarantine')).toContainText(
      '第 3 条（刷卡签到）：记录含有平台不认识的内容（版本不一致）',
    );

    // The hub revokes the station: uploads stop, the screen says so and offers the way back.
    hub.admin.revokeStation(String((await invoke(station, 'station.info')).stationId));
    await invoke(station, 'organiser.closeClass', { organiserSession, sessionId });
    await expect(page.getByTestId('sync-state')).toHaveText('本机密钥已被平台吊销，已停止上传', { timeout: 25_000 });
    await expect(page.getByTestId('reenroll')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENS, 'sync-revoked-1366.png'), fullPage: true });
    await page.getByTestId('reenroll-input').fill('x'.repeat(43));
    await page.getByRole('button', { name: '重新注册' }).click();
    await expect(page.getByTestId('reenroll')).toContainText('注册码无效、已使用或已过期');
    await page.getByTestId('reenroll-input').fill(token());
    await page.getByRole('button', { name: '重新注册' }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 25_000 });
    await expect(page.getByTestId('reenroll')).toHaveCount(0);
    await expect(page.getByTestId('sync-pending-events')).toHaveText('0', { timeout: 25_000 });
    await page.getByTestId('nav-home').click();
    await expect(page.getByTestId('link-state')).toHaveText('已连接省级平台');
    await openTechnicianPage();
    await page.screenshot({ path: path.join(SCREENS, 'sync-technician-1366.png'), fullPage: true });
  } finally {
    await station.stop();
    await hub.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(hubDir, { recursive: true, force: true });
  }
});
