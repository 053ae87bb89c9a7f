// A Playwright test with a `station` fixture: one real browser-shell station (and its
// embedded demo hub) per worker, stopped and removed when the worker ends.
import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { startWebStation, type WebStation } from '../support/web-station.ts';

export const SCREENS = path.resolve(import.meta.dirname, '../../test-results/screens');

export const test = base.extend<object, { station: WebStation }>({
  station: [
    // Playwright reads a fixture's dependencies from its destructuring pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const station = await startWebStation();
      await use(station);
      await station.stop();
      fs.rmSync(station.dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
