// End-to-end tests: the browser shell in Debian's Chromium. The renderer must be built first
// (npm test does it; alone: npm run build:renderer).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 30_000,
  workers: 2,
  // One retry in CI: a test that passes only on retry is reported as flaky by npm test, not hidden.
  retries: process.env.CI ? 1 : 0,
  outputDir: '../../test-results/e2e',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    trace: 'retain-on-failure',
  },
});
