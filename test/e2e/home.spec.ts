// The home screen and the technician's page as a newcomer first sees them, in the browser shell.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENS, test } from './station-fixture.ts';

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

test('the home screen renders in zh-CN and the technician page shows station.info', async ({ page, station }) => {
  const problems = watchConsole(page);
  await page.goto(station.url);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('讲台');
  await expect(page.getByTestId('classroom-state')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('station-info')).toHaveCount(0);
  await page.getByTestId('nav-technician').click();
  // With no configuration the station enrolls with its embedded demo hub.
  await expect(page.getByTestId('station-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  await expect(page.getByTestId('station-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('station-data-dir')).toHaveText(station.dataDir);
  await expect(page.getByTestId('db-catalog')).toContainText('正常');
  await expect(page.getByTestId('db-ledger')).toContainText('正常');
  await expect(page.getByTestId('health-status')).toBeVisible();
  // The token left the address bar once read.
  expect(page.url()).not.toContain('token=');
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'home-zh-CN.png'), fullPage: true });
  expect(problems, 'no console errors (a CSP violation would show here)').toEqual([]);
});

test('the English switch translates the screen and is remembered after a reload', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByTestId('nav-technician').click();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('db-ledger')).toContainText('Sound');
  await expect(page.getByTestId('nav-library')).toHaveText('Library');
  await page.reload();
  await page.getByTestId('nav-technician').click();
  await expect(page.getByTestId('db-ledger')).toContainText('Sound');
  await page.screenshot({ path: path.join(SCREENS, 'home-en.png'), fullPage: true });
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('db-ledger')).toContainText('正常');
});

test('a page opened without the token says how to open it, and the API refuses it', async ({ page, station }) => {
  await page.goto(station.origin + '/');
  await expect(page.getByRole('alert')).toContainText('缺少访问令牌');
  const status = await page.evaluate(
    async () => (await fetch('/api/invoke/station.info', { method: 'POST', body: '{}' })).status,
  );
  expect(status).toBe(401);
});
