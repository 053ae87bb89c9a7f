// Shows that `npm run lint` enforces exactly the layer table of docs/architecture.md: for
// every row and every other folder, an import is refused unless the table allows it. The
// table is read from the document, so the rule and the docs cannot drift apart. Lints code
// placed (virtually) in each folder with the project's real ESLint configuration.
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

type Row = { folders: string[]; may: string[] | 'anything'; browser: boolean };

/** The rows of the "Layers" table: folders in the first column, allowed imports in the last. */
function layerTable(): Row[] {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Layers'));
  const folders = (cell: string) => [...cell.matchAll(/`([\w/-]+)\/`/g)].map((match) => match[1]!);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const may = cells[3]!;
      return {
        folders: folders(cells[1]!),
        may: may === 'anything' ? 'anything' : may === '—' ? [] : folders(may),
        browser: cells[2]!.includes('runs in a browser'),
      };
    });
}

const rows = layerTable();
const everyFolder = rows.flatMap((row) => row.folders);
const inFolder = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);
/** The row that governs a file: the most specific folder that holds it. */
const rowOf = (file: string) =>
  rows
    .flatMap((row) => row.folders.map((folder) => ({ folder, row })))
    .filter(({ folder }) => inFolder(file, folder))
    .sort((a, b) => b.folder.length - a.folder.length)[0];

test('the architecture document has a layer table covering every top-level code folder', () => {
  assert.ok(rows.length >= 15, `found ${rows.length} rows`);
  for (const folder of [
    'common',
    'protocol',
    'preload/contract',
    'renderer',
    'native',
    'hub',
    'main/classroom',
    'main/app',
    'main/electron',
    'test',
  ]) {
    assert.ok(everyFolder.includes(folder), `no row for ${folder}/`);
  }
});

for (const row of rows.filter((candidate) => candidate.may !== 'anything')) {
  for (const from of row.folders) {
    test(`lint allows ${from}/ exactly the imports the table lists`, async () => {
      const file = `${from}/x.ts`;
      const mismatches: string[] = [];
      for (const to of everyFolder.filter((folder) => folder !== from)) {
        const target = `${to}/y.ts`;
        const governing = rowOf(file)!;
        // Browser code never bundles common/node/, whatever else it may import.
        const nodeOnly = governing.row.browser && inFolder(target, 'common/node');
        const allowed =
          !nodeOnly &&
          (inFolder(target, governing.folder) ||
            (governing.row.may as string[]).some((folder) => inFolder(target, folder)));
        const source = path.relative(from, target).split(path.sep).join('/');
        const errors = await layeringErrors(
          file,
          `import { y } from '${source.startsWith('.') ? source : `./${source}`}';\nexport const x = y;`,
        );
        if (allowed !== (errors.length === 0))
          mismatches.push(
            `${from} → ${to}: expected ${allowed ? 'allowed' : 'refused'}, lint said ${JSON.stringify(errors)}`,
          );
      }
      assert.deepEqual(mismatches, []);
    });
  }
}

const breaches: [string, string, string, RegExp][] = [
  [
    'electron in a domain folder',
    'main/storage/x.ts',
    "import { app } from 'electron';\nexport const a = app;",
    /Only main\/electron\/ and preload\/electron\//,
  ],
  [
    'electron required in native/',
    'native/x.ts',
    "const { app } = require('electron');\nexport const a = app;",
    /may load 'electron'/,
  ],
  [
    'electron dynamically imported in renderer',
    'renderer/src/x.ts',
    "export const e = import('electron');",
    /may load 'electron'/,
  ],
  [
    'electron in the contract',
    'preload/contract/x.ts',
    "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;",
    /may load 'electron'/,
  ],
  [
    'electron in the composition root',
    'main/app/x.ts',
    "import { app } from 'electron';\nexport const a = app;",
    /may load 'electron'/,
  ],
  [
    'node: in browser code',
    'common/x.ts',
    "import fs from 'node:fs';\nexport const f = fs;",
    /runs in a browser too and may not import node:fs/,
  ],
  [
    'node: in the renderer',
    'renderer/src/x.ts',
    "import path from 'node:path';\nexport const p = path;",
    /may not import node:path/,
  ],
  [
    'common/node from the renderer',
    'renderer/src/x.ts',
    "import { fsyncDir } from '../../common/node/durable-file.ts';\nexport const f = fsyncDir;",
    /may not import common\/node\//,
  ],
  [
    'hub from main outside the demo launcher',
    'main/hub-link/hub-link.ts',
    "import { startHub } from '../../hub/server.ts';\nexport const s = startHub;",
    /main\/hub-link\/ may import only itself/,
  ],
  [
    'hub from the classroom',
    'main/classroom/x.ts',
    "import { startHub } from '../../hub/server.ts';\nexport const s = startHub;",
    /not hub\//,
  ],
  [
    'a shell from the composition root',
    'main/app/x.ts',
    "import { startWebShell } from '../web/web-shell-server.ts';\nexport const s = startWebShell;",
    /not main\/web\//,
  ],
  [
    'test support from production code',
    'main/ledger/x.ts',
    "import { tempDir } from '../../test/support/temp-dir.ts';\nexport const t = tempDir;",
    /not test\//,
  ],
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
  [
    'electron in preload/electron',
    'preload/electron/x.ts',
    "import { contextBridge } from 'electron';\nexport const c = contextBridge;",
  ],
  [
    'electron types anywhere',
    'main/station/kiosk/x.ts',
    "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;",
  ],
  ['the demo launcher loads the hub', 'main/hub-link/demo-hub.ts', "export const s = import('../../hub/server.ts');"],
  [
    'a main test runs a real hub',
    'main/hub-link/x.test.ts',
    "import { startHub } from '../../hub/server.ts';\nexport const s = startHub;",
  ],
  [
    'a test uses test support',
    'protocol/hub-client/x.test.ts',
    "import { startTestHub } from '../../test/support/test-hub.ts';\nexport const s = startTestHub;",
  ],
  [
    'a renderer test runs under Node',
    'renderer/src/x.test.ts',
    "import assert from 'node:assert/strict';\nexport const a = assert;",
  ],
  ['node: in common/node', 'common/node/x.ts', "import fs from 'node:fs';\nexport const f = fs;"],
];

for (const [name, file, code] of allowed) {
  test(`lint allows: ${name}`, async () => {
    assert.deepEqual(await layeringErrors(file, code), []);
  });
}
