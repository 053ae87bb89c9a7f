// The Electron suite: runs the built app (npm run build) in a real Electron binary. Where
// there is none, every test is skipped with the reason printed.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  outputDir: '../../test-results/electron',
  reporter: [['list']],
});
