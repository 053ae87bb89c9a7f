// The browser-shell kiosk as a county classroom lives it: the station restarts (an update, a
// power blip) and the page in the kiosk browser finds it again by itself, on the same port
// with the same token; the technician's key chord opens the technician page; a screen left
// alone returns home; learners see no language switch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../support/ports.ts';
import { invokeStation, startWebStation } from '../support/web-station.ts';
import { expect, SCREENS, test } from './station-fixture.ts';

test('after a station restart the open page reconnects by itself: same port, same token', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-kiosk-'));
  const port = await freeLoopbackPort();
  let station = await startWebStation({ dataDir, port });
  try {
    await page.goto(station.url);
    await expect(page.getByTestId('classroom-state')).toHaveText('可以刷卡签到', { timeout: 20_000 });
    const firstUrl = station.url;
    const reloaded = page.waitForEvent('load', { timeout: 40_000 });
    await station.stop();
    station = await startWebStation({ dataDir, port });
    expect(station.url, 'the launch address survives a restart').toBe(firstUrl);
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dataDir, 'web-shell-token')).mode & 0o777).toBe(0o600);
    // No one touches the page: it reloads on its own once the station answers again, and then
    // hears the restarted station's events (a tap from a reader).
    await reloaded;
    await expect(page.getByTestId('classroom-state')).toHaveText('可以刷卡签到', { timeout: 30_000 });
    const { cards } = (await invokeStation(station, 'reader.demoCards')) as { cards: { id: string; name: string }[] };
    await invokeStation(station, 'reader.simulate', { cardId: cards[0]!.id });
    await expect(page.getByTestId('tap-overlay')).toContainText(cards[0]!.name);
  } finally {
    await station.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the technician chord opens the technician page; an idle screen returns home; no language switch for learners', async ({
  page,
  station,
}) => {
  const url = new URL(station.url);
  url.search = '?idle=1500';
  await page.goto(url.toString());
  await expect(page.getByTestId('classroom-state')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('lang-switch')).toHaveCount(0);
  await page.keyboard.press('Control+Alt+Shift+T');
  // The demo station is not provisioned: its technician page opens without a PIN.
  await expect(page.getByTestId('technician')).toBeVisible();
  await expect(page.getByTestId('lang-switch')).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 768 });
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'technician-page.png'), fullPage: true });
  // Left alone, it goes home (and locks the technician page).
  await expect(page.getByTestId('classroom-state')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('technician')).toHaveCount(0);
});
