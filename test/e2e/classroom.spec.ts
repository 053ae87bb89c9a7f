// A class day at a demo station in Chromium at the classroom PC's 1366×768, in Chinese, as an
// organiser and cadres live it: the organiser unlocks with card and PIN, opens a class, cadres
// tap cards (the demo's simulated reader and a keyboard-wedge reader typing into the page), a
// second tap "to be sure" changes nothing, an early leave is undone, a check-in by hand found
// on the roster, the report with its title block, closing with the final states; then a cadre
// taps outside a class, sees their hours and 我的学时, studies alone while another is turned
// away, and ends with their own card and a summary. Screenshots go to test-results/screens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { pinyin } from 'pinyin-pro';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN, generateDemoRoster } from '../../hub/demo/roster.ts';
import { HTTP_INVOKE_PREFIX } from '../../preload/contract/wire-names.ts';
import { startWebStation, type WebStation } from '../support/web-station.ts';
import { expect, SCREENS, test } from './station-fixture.ts';

test.use({ viewport: { width: 1366, height: 768 } });

// The demo roster's organiser and their PIN (hub/demo/roster.ts).
const PIN = DEMO_ORGANISER_PIN;
const DEMO_ORGANISER = generateDemoRoster()[DEMO_ORGANISER_INDEX]!;
const roster = generateDemoRoster();

async function tapDemoCard(page: Page, id: string): Promise<void> {
  await page.getByTestId(`demo-card-${id}`).click();
  await expect(page.getByTestId('tap-overlay')).toBeVisible();
}

/** Click to confirmation on screen, measured in the page (no Playwright round trips). */
function tapLatencyMs(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (testId) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="tap-overlay"]')) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();
      }),
    `demo-card-${id}`,
  );
}

/**
 * A keyboard-wedge reader: the card's digits and Enter as real key events 5 ms apart. The
 * times are given to Chromium (DevTools protocol) rather than left to the test's pace, so a
 * busy test machine cannot stretch the gaps into a person's typing.
 */
async function wedgeTap(page: Page, cardNumber: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...cardNumber].map((digit) => ({
    key: digit,
    code: `Digit${digit}`,
    windowsVirtualKeyCode: 48 + Number(digit),
    text: digit,
  }));
  keys.push({ key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' });
  // All keys are sent at once (CDP keeps their order): awaiting each round trip would let a
  // loaded machine space them further apart than any reader does, and the screen would then
  // rightly take them for typing.
  const sent = keys.flatMap((key, index) => {
    const timestamp = start + index * 0.005;
    return [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp, ...key }),
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        timestamp,
        key: key.key,
        code: key.code,
        windowsVirtualKeyCode: key.windowsVirtualKeyCode,
      }),
    ];
  });
  await Promise.all(sent);
  await cdp.detach();
}

async function closeOverlay(page: Page): Promise<void> {
  await page.getByTestId('tap-overlay').getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('tap-overlay')).toHaveCount(0);
}

test('open a class, tap cards, watch the list, check in by hand, export, close; then self-study', async ({
  page,
  station,
}) => {
  test.setTimeout(120_000);
  fs.mkdirSync(SCREENS, { recursive: true });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));

  await page.goto(station.url);
  await expect(page.getByTestId('classroom-state')).toHaveText('可以刷卡签到', { timeout: 20_000 });
  await expect(page.getByTestId('tap-prompt')).toHaveText(/刷卡查看本人学时或开始自学/);
  await expect(page.getByTestId('demo-reader')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS, 'classroom-home.png') });

  // The demo roster's organiser taps their card and enters their own PIN; nobody sets one here.
  await page.getByTestId('nav-organiser').click();
  await expect(page.getByTestId('organiser-card')).toHaveText('请在读卡器上刷您的管理员卡');
  // The demo names its organiser and PIN, and taps the organiser's card on the simulated reader.
  await expect(page.getByTestId('demo-organiser-hint')).toContainText(`管理员是 ${DEMO_ORGANISER.name}，PIN 为 ${PIN}`);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-organiser-gate.png') });
  await page.getByTestId('demo-organiser-tap').click();
  await expect(page.getByTestId('organiser-card')).toHaveText(`${DEMO_ORGANISER.name}，请输入您的 PIN`);
  await page.getByTestId('organiser-pin').fill('000000');
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('pin-message')).toHaveText('PIN 不正确');
  // No keyboard at a kiosk: the PIN is typed on the on-screen digits.
  await page.getByTestId('organiser-pin').fill('');
  await page.getByTestId('organiser-pin-keypad-toggle').click();
  const keypad = page.getByTestId('organiser-pin-keypad');
  for (const digit of PIN) await keypad.locator(`[data-key="${digit}"]`).click();
  await expect(page.getByTestId('organiser-pin')).toHaveValue(PIN);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-organiser-keypad.png') });
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('schedule')).toContainText('今日课表');

  // The demo schedule has classes on weekdays only, and this morning's may be over: open an
  // unscheduled class, which works on any day.
  await page.getByTestId('class-title').fill('县处级干部专题培训班（e2e）');
  await page.getByTestId('create-class-submit').click();
  await expect(page.getByTestId('attendance-title')).toHaveText('县处级干部专题培训班（e2e）');
  await expect(page.getByTestId('live-count')).toHaveText('在场 0 人');
  await expect(page.getByTestId('played-minutes')).toHaveText('已播放 0 分钟');

  // A simulated tap: the confirmation with the name, at once.
  const first = roster[0]!;
  const elapsed = await tapLatencyMs(page, first.id);
  const overlay = page.getByTestId('tap-overlay');
  await expect(overlay).toHaveAttribute('data-kind', 'checked_in');
  await expect(page.getByTestId('tap-name')).toHaveText(first.name);
  await expect(overlay).toContainText(first.unit);
  await expect(page.getByTestId('summary-hours')).toContainText(
    `目标 ${first.level === 'county_division' ? 50 : 80} 学时`,
  );
  console.log(`tap → confirmation on screen: ${elapsed.toFixed(1)} ms (call, durable ledger append, render)`);
  // The target is 100 ms, met on a quiet machine (the station's part is about 1 ms); the
  // shared test machine's load adds hundreds, so this only guards against a regression to
  // seconds.
  expect(elapsed).toBeLessThan(500);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-tap-confirmation.png') });
  // At 1366×768 the learner's buttons are on screen, not below it.
  const myHours = (await page.getByTestId('my-hours-open').boundingBox())!;
  expect(myHours.y + myHours.height).toBeLessThanOrEqual(768);
  await closeOverlay(page);
  await expect(page.getByTestId('live-count')).toHaveText('在场 1 人');

  await tapDemoCard(page, roster[1]!.id);
  await closeOverlay(page);
  // A card on no roster: masked, waiting for the hub.
  await tapDemoCard(page, 'unregistered');
  await expect(overlay).toHaveAttribute('data-kind', 'unknown_card');
  await expect(page.getByTestId('tap-masked')).toContainText('待平台确认');
  await expect(page.getByTestId('tap-masked')).toContainText('******');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-unknown-card.png') });
  await closeOverlay(page);

  // A keyboard-wedge reader types into whatever has the focus — here the class-title field.
  // The digits are swallowed and the card is checked in.
  const wedged = roster[10]!;
  const field = page.getByTestId('class-title');
  await field.fill('');
  await field.focus();
  await wedgeTap(page, wedged.cardNumber);
  await expect(page.getByTestId('tap-name')).toHaveText(wedged.name);
  await expect(field).toHaveValue('');
  await closeOverlay(page);
  // A person typing into the same field keeps every key.
  await field.pressSequentially('第2期', { delay: 120 });
  await expect(field).toHaveValue('第2期');

  await expect(page.getByTestId('live-count')).toHaveText('在场 3 人');
  await expect(page.getByTestId('attendance-row')).toHaveCount(3);
  await expect(page.getByTestId('pending-row')).toHaveCount(1);
  await expect(page.getByTestId('pending-row')).toContainText('******');

  // The second learner taps again "to be sure" after the debounce: already checked in, nothing changes.
  await page.waitForTimeout(5200);
  await tapDemoCard(page, roster[1]!.id);
  await expect(overlay).toHaveAttribute('data-kind', 'already_checked_in');
  await expect(overlay).toContainText('您已签到，无需重复刷卡');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-already-checked-in.png') });
  await closeOverlay(page);
  await expect(page.getByTestId('live-count')).toHaveText('在场 3 人');

  // Called away: the organiser marks an early leave with a reason — then it was a mistake, undone.
  const second = page.getByTestId('attendance-row').filter({ hasText: roster[1]!.name });
  await second.getByTestId('early-leave').click();
  await page.getByTestId('correction-submit').click();
  await expect(page.getByTestId('correction')).toContainText('请填写原因');
  await page.getByTestId('correction-reason').fill('单位有急事');
  await page.getByTestId('correction-submit').click();
  await expect(second.getByTestId('row-status')).toContainText('早退');
  await expect(second.getByTestId('row-status')).toContainText('单位有急事');
  await expect(page.getByTestId('live-count')).toHaveText('在场 2 人');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-early-leave.png') });
  await second.getByTestId('undo-check-out').click();
  await page.getByTestId('correction-reason').fill('登记有误');
  await page.getByTestId('correction-submit').click();
  await expect(second.getByTestId('row-status')).toHaveText('在场');
  await expect(page.getByTestId('live-count')).toHaveText('在场 3 人');

  // Manual check-in: found on the roster by pinyin initials typed on the on-screen keys.
  const forgotten = roster[20]!;
  await page.getByTestId('manual-open').click();
  await page.getByTestId('manual-submit').click();
  await expect(page.getByTestId('manual-problem')).toHaveText('请先选择学员');
  await page.getByTestId('manual-keypad-toggle').click();
  const initials = pinyin(forgotten.name, { pattern: 'first', toneType: 'none', separator: '' });
  for (const key of initials) await page.getByTestId('keypad').locator(`[data-key="${key}"]`).click();
  await expect(page.getByTestId('manual-search')).toHaveValue(initials);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-roster-search.png') });
  await page.getByTestId('manual-match').filter({ hasText: forgotten.name }).click();
  await expect(page.getByTestId('manual-chosen')).toContainText(forgotten.name);
  await page.getByTestId('manual-reason').fill('忘带卡');
  await page.getByTestId('manual-submit').click();
  await expect(page.getByTestId('attendance-row').filter({ hasText: forgotten.name })).toContainText('补签');
  await expect(page.getByTestId('live-count')).toHaveText('在场 4 人');
  await expect(page.getByTestId('attendance-counts')).toHaveText(/在场 4 · 已签退 0 · 缺席 36 · 迟到 \d+ · 名册 40 人/);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-organiser.png') });
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(768);

  // The CSV report: names and masked numbers, never a card number.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2} 县处级干部专题培训班e2e\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.slice(1).split('\r\n');
  expect(csv.startsWith('\uFEFF考勤报表：县处级干部专题培训班（e2e）\r\n')).toBe(true);
  expect(lines).toContain('地点,演示县委党校');
  expect(lines).toContain(`制表人,${DEMO_ORGANISER.name}`);
  expect(lines).toContain('序号,姓名,单位,状态,迟到,补签,签到时间,签退时间,在场分钟,计入分钟,学时（暂计）,备注');
  expect(csv).toMatch(
    new RegExp(`${first.name},${first.unit},在场,[^,]*,,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},,\\d+,0,0,`),
  );
  expect(csv).toMatch(new RegExp(`${forgotten.name},${forgotten.unit},在场,[^,]*,是`));
  expect(csv).toMatch(/未登记卡 \*{6}\d{4},,未登记卡（待平台确认）/);
  expect(lines.filter((line) => /^\d+,/.test(line))).toHaveLength(40 + 1);
  for (const learner of roster) expect(csv).not.toContain(learner.cardNumber);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(
    fs
      .readFileSync((await xlsx.path())!)
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');

  // Close the class (asked on the page, not in a browser dialog): every row shows its final state.
  await page.getByTestId('close-class').click();
  await expect(page.getByTestId('close-confirm')).toContainText('结束后不能再签到');
  await page.getByTestId('close-class-confirm').click();
  await expect(page.getByTestId('session-status')).toHaveText('已结束');
  await expect(page.getByTestId('close-class')).toHaveCount(0);
  await expect(page.getByTestId('closed-note')).toBeVisible();
  await expect(page.getByTestId('live-count')).toHaveText('到课 4 人');
  await expect(page.getByTestId('row-status').filter({ hasText: /^在场$/ })).toHaveCount(0);
  await expect(page.getByTestId('attendance-row').filter({ hasText: first.name })).toContainText('在场至结束');
  await expect(page.getByTestId('early-leave')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-closed.png') });

  // The print-friendly page.
  await page.getByTestId('print').click();
  await expect(page.getByTestId('report-print')).toContainText(forgotten.name);
  await expect(page.getByTestId('report-block')).toContainText('演示县委党校');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(SCREENS, 'classroom-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '← 返回' }).click();

  // Locking ends the organiser's session: the next call sends them back to the gate.
  await page.getByTestId('organiser-lock').click();
  await expect(page.getByTestId('pin-gate')).toBeVisible();
  await invoke(station, 'reader.simulate', { cardId: DEMO_ORGANISER.id });
  await expect(page.getByTestId('organiser-card')).toContainText(DEMO_ORGANISER.name);
  await page.getByTestId('organiser-pin').fill(PIN);
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('schedule')).toContainText('今日课表');

  // The history of past classes, and the period's report.
  await page.getByTestId('open-history').click();
  await expect(page.getByTestId('history-entry').first()).toContainText('县处级干部专题培训班（e2e）');
  await expect(page.getByTestId('history-entry').first()).toContainText('到课 4 人');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-history.png') });
  const [period] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export-xlsx').click()]);
  expect(period.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);

  // Outside a class a tap identifies the cadre: their hours, 我的学时, and self-study.
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('tap-prompt')).toContainText('刷卡查看本人学时或开始自学');
  await tapDemoCard(page, first.id);
  await expect(page.getByTestId('learner-summary')).toContainText(`${new Date().getFullYear()} 年度学时`);
  await expect(page.getByTestId('learner-summary')).toContainText('面授');
  await page.getByTestId('my-hours-open').click();
  await expect(page.getByTestId('my-hours-row').first()).toContainText('县处级干部专题培训班（e2e）');
  await expect(page.getByTestId('my-hours-row').first()).toContainText('面授');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-my-hours.png') });
  await closeOverlay(page);
  await tapDemoCard(page, roster[3]!.id);
  await expect(overlay).toHaveAttribute('data-kind', 'identified');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-learner-summary.png') });
  await page.getByTestId('start-self-study').click();
  await expect(page.getByTestId('self-study-banner')).toContainText(`${roster[3]!.name} 正在自学`);
  await expect(page.getByTestId('self-study-banner')).toContainText('结束时请刷本人卡');
  await expect(page.getByTestId('self-study-banner').getByRole('button')).toHaveCount(0);
  // Another learner is told before anything starts.
  await page.getByTestId('nav-home').click();
  await tapDemoCard(page, roster[4]!.id);
  await expect(overlay).toHaveAttribute('data-kind', 'station_busy');
  await expect(page.getByTestId('start-self-study')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-self-study-busy.png') });
  await closeOverlay(page);
  await expect(page.getByTestId('self-study-banner')).toBeVisible();
  // Their own card ends it, with what it came to.
  await page.waitForTimeout(5200);
  await tapDemoCard(page, roster[3]!.id);
  await expect(overlay).toHaveAttribute('data-kind', 'self_study_ended');
  await expect(page.getByTestId('study-summary')).toContainText('本次自学');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-self-study-ended.png') });
  await closeOverlay(page);
  await expect(page.getByTestId('self-study-banner')).toHaveCount(0);

  // English has every word of the classroom too (the technician sets the language).
  await page.getByTestId('nav-technician').click();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('classroom-state')).toHaveText('Ready for card check-in');
  await tapDemoCard(page, roster[0]!.id);
  await expect(page.getByTestId('summary-hours')).toContainText('hours');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-tap-en.png') });
  await page.getByTestId('tap-overlay').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('nav-technician').click();
  await page.getByTestId('lang-switch').click();

  expect(problems).toEqual([]);
});

/** A contract call from the test process, as the renderer makes it. */
async function invoke(station: WebStation, channel: string, input: unknown): Promise<unknown> {
  const token = new URL(station.url).hash.replace('#token=', '');
  const response = await fetch(station.origin + HTTP_INVOKE_PREFIX + channel, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

test('a ledger edited on disk is found at start: the screen names the record and nothing more is recorded', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  try {
    const first = await startWebStation({ dataDir });
    try {
      await expect
        .poll(async () => ((await invoke(first, 'classroom.status', {})) as { state: string }).state, {
          timeout: 20_000,
        })
        .toBe('ready');
      await expect
        .poll(async () => ((await invoke(first, 'classroom.status', {})) as { pinSet: boolean }).pinSet)
        .toBe(true);
      const { tapId } = (await invoke(first, 'reader.simulate', { cardId: DEMO_ORGANISER.id })) as { tapId: string };
      const { organiserSession } = (await invoke(first, 'organiser.unlock', { tapId, pin: PIN })) as {
        organiserSession: string;
      };
      await invoke(first, 'organiser.createClass', { organiserSession, title: '被篡改的班次' });
    } finally {
      await first.stop();
    }
    const db = new Database(path.join(dataDir, 'ledger.db'));
    db.exec(
      "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '$.title', '改过的标题') WHERE seq = 1",
    );
    db.close();

    const station = await startWebStation({ dataDir });
    try {
      await page.goto(station.url);
      await expect(page.getByTestId('ledger-broken')).toContainText('第 1 条记录未通过校验（内容被改动）');
      await expect(page.getByTestId('classroom-state')).toHaveText('学时账本校验失败，暂停记录考勤');
      await page.screenshot({ path: path.join(SCREENS, 'classroom-ledger-broken.png'), fullPage: true });
      await page.getByTestId('nav-technician').click();
      await expect(page.getByTestId('health-status')).toHaveText('已停止记录学时');
      await page.getByTestId('nav-home').click();
      await expect(invoke(station, 'reader.tap', { cardNumber: roster[0]!.cardNumber })).rejects.toThrow(
        /LEDGER_UNAVAILABLE/,
      );
    } finally {
      await station.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
