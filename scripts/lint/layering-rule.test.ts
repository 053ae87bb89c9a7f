// Shows that `npm run lint` fails on each layering breach, using the project's real ESLint
// configuration on code placed (virtually) in each folder.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repoRoot });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'lectern/layering').map((m) => m.message);
}

const breaches: [string, string, string, RegExp][] = [
  ['electron in a domain folder', 'main/storage/x.ts', "import { app } from 'electron';\nexport const a = app;", /Only main\/electron\/ and preload\/electron\//],
  ['electron required in native/', 'native/x.ts', "const { app } = require('electron');\nexport const a = app;", /may load 'electron'/],
  ['electron dynamically imported in renderer', 'renderer/src/x.ts', "export const e = import('electron');", /may load 'electron'/],
  ['electron in the contract', 'preload/contract/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;", /may load 'electron'/],
  ['renderer imports main', 'renderer/src/x.ts', "import { createRouter } from '../../main/runtime/router.ts';\nexport const r = createRouter;", /renderer\/ talks to the station only through the contract/],
  ['renderer imports native', 'renderer/src/screens/x.ts', "export * from '../../../native/readers/x.ts';", /may not import native\//],
  ['renderer imports hub', 'renderer/x.ts', "import type { X } from '../hub/server.ts';\nexport type Y = X;", /may not import hub\//],
  ['main imports renderer', 'main/station/x.ts', "import { App } from '../../renderer/src/App.tsx';\nexport const a = App;", /main\/ may not import renderer\//],
  ['native imports renderer', 'native/x.ts', "import { t } from '../renderer/src/i18n/messages.ts';\nexport const a = t;", /native\/ may not import renderer\//],
  ['hub imports renderer', 'hub/x.ts', "import { t } from '../renderer/src/i18n/messages.ts';\nexport const a = t;", /hub\/ may not import renderer\//],
  ['protocol imports main', 'protocol/x.ts', "import { createLogger } from '../main/core/logger.ts';\nexport const l = createLogger;", /protocol\/ .* may import only itself/],
  ['protocol imports hub', 'protocol/sub/x.ts', "export { x } from '../../hub/x.ts';", /not hub\//],
  ['protocol imports preload', 'protocol/x.ts', "import type { LecternApi } from '../preload/contract/api.ts';\nexport type A = LecternApi;", /not preload\//],
];

for (const [name, file, code, message] of breaches) {
  test(`lint fails: ${name}`, async () => {
    const errors = await layeringErrors(file, code);
    assert.equal(errors.length, 1, `expected one layering error in ${file}, got ${JSON.stringify(errors)}`);
    assert.match(errors[0]!, message);
  });
}

const allowed: [string, string, string][] = [
  ['electron in main/electron', 'main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['electron in preload/electron', 'preload/electron/x.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;"],
  ['electron types anywhere', 'main/kiosk/x.ts', "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;"],
  ['renderer imports the contract', 'renderer/src/x.ts', "import { createApi } from '../../preload/contract/api.ts';\nexport const c = createApi;"],
  ['main imports protocol and native', 'main/ledger/x.ts', "import { a } from '../../protocol/a.ts';\nimport { b } from '../../native/b.ts';\nexport const c = [a, b];"],
  ['protocol imports itself and libraries', 'protocol/x.ts', "import { z } from 'zod';\nimport crypto from 'node:crypto';\nimport { y } from './y.ts';\nexport const x = [z, crypto, y];"],
  ['hub imports protocol', 'hub/x.ts', "import { y } from '../protocol/y.ts';\nexport const x = y;"],
];

for (const [name, file, code] of allowed) {
  test(`lint allows: ${name}`, async () => {
    assert.deepEqual(await layeringErrors(file, code), []);
  });
}
