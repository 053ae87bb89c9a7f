// Provisioning as a county technician does it. First: a new PC, a USB drive with
// lectern-provision.json and no network — the station provisions itself at first boot and is
// a kiosk-ready station in seconds (the goal is five minutes), then enrolls with its hub the
// first time it reaches it. Second: the first-run wizard on the station's screen, where the
// hub's refusal of a wrong token is shown in Chinese beside the field, and a right one
// provisions the station, which starts again by itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { invokeStation, startWebStation } from '../support/web-station.ts';
import { expect, SCREENS, test } from './station-fixture.ts';

const FIVE_MINUTES_MS = 5 * 60_000;

/** A hub with site QS and one token for it; its data survives close(). */
async function hubWithToken(dataDir: string): Promise<{ hub: RunningHub; token: string }> {
  const hub = await startHub({ dataDir, port: 0, demo: true });
  hub.admin.createSite({ code: 'QS', name: '青山县委党校' });
  return { hub, token: hub.admin.createEnrollmentToken({ siteCode: 'QS' }).token };
}

test('first boot with lectern-provision.json and no network: kiosk-ready in seconds, enrolled at first contact', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-provision-'));
  const hubDir = path.join(root, 'hub');
  const usb = path.join(root, 'usb');
  const dataDir = path.join(root, 'station');
  fs.mkdirSync(usb, { recursive: true });
  // The hub operator's side: a site and a token. Then the hub goes away: the classroom has no network.
  const first = await hubWithToken(hubDir);
  const port = Number(new URL(first.hub.url).port);
  await first.hub.close();
  fs.writeFileSync(
    path.join(usb, 'lectern-provision.json'),
    JSON.stringify({
      hubUrl: `http://127.0.0.1:${port}/`,
      siteCode: 'QS',
      enrollmentToken: first.token,
      classroomName: '青山一教室',
      technicianPin: '482913',
    }),
  );

  const startedAt = Date.now();
  const station = await startWebStation({ dataDir, env: { ...process.env, LECTERN_USB_ROOTS: usb } });
  let hub: RunningHub | null = null;
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(station.url);
    await expect(page.getByTestId('classroom-state')).toBeVisible({ timeout: 60_000 });
    await expect
      .poll(async () => ((await invokeStation(station, 'technician.status')) as { provisioned: boolean }).provisioned)
      .toBe(true);
    const readyMs = Date.now() - startedAt;
    console.log(`first boot → kiosk-ready with the provisioning file, no network: ${(readyMs / 1000).toFixed(1)} s`);
    expect(readyMs).toBeLessThan(FIVE_MINUTES_MS);

    // The technician page is behind the PIN from the file, and says the station is not enrolled yet.
    await page.keyboard.press('Control+Alt+Shift+T');
    await page.getByTestId('technician-pin').fill('482913');
    await page.getByTestId('technician-submit').click();
    await expect(page.getByTestId('health')).toContainText('尚未在平台');
    await expect(page.getByTestId('provision-wizard')).toHaveCount(0);
    fs.mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENS, 'provisioned-offline.png') });

    // The network comes back: the station enrolls at its next contact.
    hub = await startHub({ dataDir: hubDir, port, demo: true });
    await invokeStation(station, 'sync.now');
    await expect
      .poll(async () => (await invokeStation(station, 'station.info')).stationId, { timeout: 30_000 })
      .toEqual(expect.any(String));
    await expect(page.getByTestId('health')).toContainText('已注册到站点 QS', { timeout: 40_000 });
  } finally {
    await station.stop();
    await hub?.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the first-run wizard: a wrong token is refused in Chinese beside the field; a right one provisions and restarts', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-wizard-'));
  const { hub, token } = await hubWithToken(path.join(root, 'hub'));
  const station = await startWebStation({
    dataDir: path.join(root, 'station'),
    env: { ...process.env, LECTERN_USB_ROOTS: path.join(root, 'no-usb') },
  });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(station.url);
    await page.getByTestId('nav-technician').click();
    const wizard = page.getByTestId('provision-wizard');
    await expect(wizard).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('wizard-hubUrl').fill(hub.url);
    await page.getByTestId('wizard-siteCode').fill('QS');
    await page.getByTestId('wizard-enrollmentToken').fill('x'.repeat(43));
    await page.getByTestId('wizard-classroomName').fill('青山二教室');
    await page.getByTestId('wizard-technicianPin').fill('12');
    await page.getByTestId('wizard-pinRepeat').fill('12');
    await page.getByTestId('wizard-submit').click();
    await expect(wizard).toContainText('字段 technicianPin（技术员 PIN）无效');
    await page.getByTestId('wizard-technicianPin').fill('902211');
    await page.getByTestId('wizard-pinRepeat').fill('902211');
    await page.getByTestId('wizard-submit').click();
    await expect(wizard).toContainText('平台不认识这个注册令牌');
    await page.screenshot({ path: path.join(SCREENS, 'wizard-refused.png'), fullPage: true });
    await page.getByTestId('wizard-usb').click();
    await expect(page.getByTestId('wizard-message')).toHaveText('U 盘根目录中没有 lectern-provision.json');

    const reloaded = page.waitForEvent('load', { timeout: 40_000 });
    await page.getByTestId('wizard-enrollmentToken').fill(token);
    await page.getByTestId('wizard-submit').click();
    await expect(page.getByTestId('wizard-message')).toContainText('平台已确认站点 青山县委党校');
    await reloaded;
    // The station started again with its configuration and enrolled (the hub is reachable).
    await expect
      .poll(async () => (await invokeStation(station, 'technician.status')).technicianPinSet, { timeout: 30_000 })
      .toBe(true);
    await expect
      .poll(async () => (await invokeStation(station, 'station.health')) as { checks: { reason: string }[] }, {
        timeout: 30_000,
      })
      .toMatchObject({ checks: expect.arrayContaining([expect.objectContaining({ reason: 'enrollment-ok' })]) });
    expect(fs.existsSync(path.join(root, 'station', 'demo-archive')), 'the demo was moved aside').toBe(true);
  } finally {
    await station.stop();
    await hub.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
