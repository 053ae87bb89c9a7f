// A station whose ledger file was damaged on disk: the screen must say plainly that hours are
// not being recorded and where the damaged file went.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startWebStation } from '../support/web-station.ts';

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
