// The real Electron shell: the kiosk window opens the app from lectern://, the preload's
// bridge answers station.info, and Node is out of the renderer's reach.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();
if (!binary.found) console.log(`\n  SKIPPED the Electron suite: ${binary.reason}\n`);

test.describe('Electron shell', () => {
  test.skip(!binary.found, binary.found ? '' : binary.reason);

  let app: ElectronApplication;
  let dataDir: string;
  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-electron-'));
    app = await electron.launch({
      executablePath: binary.found ? binary.path : '',
      args: [repoRoot, '--no-sandbox'],
      env: { ...process.env, LECTERN_DATA: dataDir, LECTERN_DEV: '1' },
    });
  });
  test.afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the kiosk window shows the home screen from the app scheme', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toMatch(/^lectern:\/\/app\//);
    await expect(page.getByTestId('station-data-dir')).toHaveText(dataDir);
    await expect(page.getByTestId('station-info')).toContainText('桌面应用');
    // A fresh data folder has no station-config.json, so the station enrolls with its
    // embedded demo hub within a second or two: "未配置" shows at most for that moment.
    // What a demo station shows is the station id the hub gave, the demo hub, and a
    // classroom ready for cards (as test/e2e/home.spec.ts and classroom.spec.ts see it).
    await expect(page.getByTestId('station-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
    await expect(page.getByTestId('sync')).toContainText('演示平台（本机内置）');
    await expect(page.getByTestId('classroom-state')).toHaveText('可以刷卡签到', { timeout: 20_000 });
  });

  test('the renderer has the bridge and no Node', async () => {
    const page = await app.firstWindow();
    const seen = await page.evaluate(() => ({
      bridge: typeof (window as unknown as { lectern?: unknown }).lectern,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(seen).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });
  });

  test('navigation away from the app and window.open are refused', async () => {
    const page = await app.firstWindow();
    await page.evaluate(() => {
      window.open('https://example.com/');
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toMatch(/^lectern:\/\/app\//);
  });
});
