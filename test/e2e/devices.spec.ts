// The classroom's devices in Chromium, as a technician and an organiser use them: a PJLink
// projector (the emulator on loopback) and a resident ID card reader (a fake one on a socat
// pty) configured in devices.json; the technician tests power and input, taps an ID card and
// a keyboard-wedge card and sees each masked with its reader; the organiser switches the
// projector off from the class screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startPjlinkEmulator } from '../../native/projectors/test-support/pjlink-emulator.ts';
import { startPtyPair } from '../../native/serial/test-support/pty-pair.ts';
import { startFakeIdCardReader } from '../../native/readers/test-support/fake-id-card-reader.ts';
import { DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';
import { startWebStation } from '../support/web-station.ts';
import { expect, SCREENS, test } from './station-fixture.ts';

/** A keyboard-wedge card: digits and Enter 5 ms apart, timed by Chromium itself. */
async function wedgeTap(page: Page, cardNumber: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...cardNumber, 'Enter'].map((key) =>
    key === 'Enter'
      ? { key, code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }
      : { key, code: `Digit${key}`, windowsVirtualKeyCode: 48 + Number(key), text: key },
  );
  await Promise.all(
    keys.flatMap((key, index) => [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp: start + index * 0.005, ...key }),
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        timestamp: start + index * 0.005,
        key: key.key,
        code: key.code,
        windowsVirtualKeyCode: key.windowsVirtualKeyCode,
      }),
    ]),
  );
  await cdp.detach();
}

test('technician tests the projector and readers; the organiser switches the projector off', async ({ page }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(SCREENS, { recursive: true });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));

  const emulator = await startPjlinkEmulator({ pjlinkClass: 2, warmupMs: 500, cooldownMs: 500, name: 'ROOM-301' });
  const pty = await startPtyPair();
  const idReader = await startFakeIdCardReader(pty.device);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-devices-'));
  fs.writeFileSync(
    path.join(dataDir, 'devices.json'),
    JSON.stringify({
      projector: { kind: 'pjlink', name: '301 教室投影机', host: '127.0.0.1', port: emulator.port, password: null },
      readers: [{ kind: 'id_card', id: 'id-desk', name: '身份证阅读器', path: pty.station, baudRate: 115200 }],
      // The demo schedule's classes must not switch the projector while the test does.
      automation: { enabled: false },
    }),
  );
  const station = await startWebStation({ dataDir });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(station.url);
    await page.getByTestId('nav-technician').click();
    const devices = page.getByTestId('devices');
    await expect(devices.getByTestId('projector-state')).toHaveText('正常', { timeout: 15_000 });
    await expect(devices.getByTestId('projector-lamp')).toHaveText('1234 小时');
    await expect(devices.getByTestId('projector-part-models')).toHaveText('灯泡 ELPLP96 · 滤网 ELPAF60');
    await expect(devices.getByTestId('reader-id-desk')).toContainText('已连接', { timeout: 10_000 });

    await devices.getByTestId('test-on').click();
    await expect(devices.getByTestId('test-message')).toHaveText('投影机已执行');
    await expect(devices.getByTestId('projector-status-power')).toContainText('已开机', { timeout: 10_000 });
    await devices.getByTestId('test-input-choice').selectOption('hdmi2');
    await devices.getByTestId('test-input').click();
    await expect(devices.getByTestId('test-message')).toHaveText('投影机已执行');
    expect(emulator.state.input).toBe('32');

    idReader.card = { name: '张三', idNumber: '11010519491231002X' };
    await expect(devices.getByTestId('last-read')).toContainText('身份证 ******002X（张*）', { timeout: 10_000 });
    await expect(devices.getByTestId('last-read')).toContainText('身份证阅读器');
    idReader.card = null;
    await wedgeTap(page, '0012345678');
    await expect(devices.getByTestId('last-read')).toContainText('******5678', { timeout: 10_000 });
    await expect(devices.getByTestId('last-read')).toContainText('键盘式读卡器');
    await page.getByTestId('tap-overlay').getByRole('button', { name: '关闭' }).click();

    // A projector that stops answering: the page says so in words.
    emulator.set({ override: () => 'garbage\r' });
    await devices.getByTestId('test-status').click();
    await expect(devices.getByTestId('test-message')).toHaveText('设备返回了无法识别的数据');
    await expect(devices.getByTestId('projector-error')).toContainText('设备返回了无法识别的数据');
    emulator.set({ override: null });
    await devices.getByTestId('test-status').click();
    await expect(devices.getByTestId('projector-state')).toHaveText('正常');
    // The settings: the class comes 15 minutes early now; saved to devices.json, shown again after a reload.
    const settings = devices.getByTestId('device-settings');
    await settings.getByLabel('课前提前开机（分钟）').fill('15');
    await settings.getByTestId('save-devices').click();
    await expect(settings.getByTestId('settings-message')).toHaveText('设置已保存');
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'devices.json'), 'utf8'));
    expect(saved.automation.leadMinutes).toBe(15);
    expect(saved.readers[0].path).toBe(pty.station);
    await page.reload();
    await page.getByTestId('nav-technician').click();
    await expect(page.getByTestId('device-settings').getByLabel('课前提前开机（分钟）')).toHaveValue('15');
    await page.screenshot({ path: path.join(SCREENS, 'devices-technician.png') });
    await devices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'devices-technician-full.png'), fullPage: true });

    // The demo roster's organiser taps their card (the demo's button) and gives their PIN.
    await page.getByTestId('nav-organiser').click();
    await page.getByTestId('demo-organiser-tap').click();
    await page.getByTestId('organiser-pin').fill(DEMO_ORGANISER_PIN);
    await page.getByTestId('pin-submit').click();
    const controls = page.getByTestId('projector-controls');
    await expect(controls.getByTestId('projector-power')).toHaveText('已开机');
    await expect(controls.getByTestId('projector-input-hdmi2')).toHaveClass(/selected/);
    await page.screenshot({ path: path.join(SCREENS, 'devices-organiser.png') });
    for (const name of ['projector-on', 'projector-off', 'projector-mute', 'projector-input-hdmi1']) {
      const box = await controls.getByTestId(name).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(48);
    }
    await controls.getByTestId('projector-off').click();
    await expect(controls.getByTestId('projector-message')).toHaveText('投影机已执行');
    await expect(controls.getByTestId('projector-power')).toHaveText('散热中');
    await controls.getByTestId('projector-on').click();
    await expect(controls.getByTestId('projector-message')).toHaveText('投影机正在预热或散热，请稍后再试');
    expect(problems).toEqual([]);
  } finally {
    await station.stop();
    await idReader.close();
    await pty.close();
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
