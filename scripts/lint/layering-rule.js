// ESLint rule `lectern/layering`: who may import whom, as a per-folder allow-list (in the
// manner of VS Code's code-import-patterns). LAYERS is the table in docs/architecture.md,
// row for row; a folder may always import itself, and libraries (npm packages) are free.
//
//   - 'electron' loads at run time only in main/electron/ and preload/electron/ (type-only
//     imports are fine anywhere: they vanish at run time);
//   - code that runs in a browser (common/ outside common/node/, preload/contract/,
//     renderer/) may not import node: built-ins;
//   - main/ reaches hub/ only through the demo launcher (main/hub-link/demo-hub.ts);
//   - tests (*.test.ts, *.spec.ts, test-support/, test-*.ts) may also import test/support/,
//     any folder of their own top-level folder, and, to run a real hub in-process, hub/;
//     they and build configurations (*.config.ts) run under Node, so node: is theirs too.
import path from 'node:path';

const MAIN_DOMAIN_BASE = ['main/runtime', 'main/storage', 'protocol', 'preload/contract', 'common'];

/** Most specific folder first; `may` lists what a folder may import besides itself. */
export const LAYERS = [
  { folder: 'common/node', may: ['common'] },
  { folder: 'common', may: [], browser: true },
  { folder: 'protocol', may: ['common'] },
  { folder: 'preload/contract', may: ['common'], browser: true },
  { folder: 'preload/electron', may: ['preload/contract'], electron: true },
  { folder: 'preload', may: [] },
  { folder: 'renderer', may: ['preload/contract', 'common'], browser: true },
  { folder: 'native', may: ['common'] },
  { folder: 'hub', may: ['protocol', 'common'] },
  {
    folder: 'main/electron',
    may: ['main/app', 'main/runtime', 'main/station', 'preload/contract', 'common'],
    electron: true,
  },
  { folder: 'main/web', may: ['main/app', 'main/runtime', 'main/station', 'preload/contract', 'common'] },
  {
    folder: 'main/app',
    may: [
      'main/runtime',
      'main/storage',
      'main/formats',
      'main/ledger',
      'main/station',
      'main/library',
      'main/hub-link',
      'main/classroom',
      'main/devices',
      'preload/contract',
      'protocol',
      'native',
      'common',
    ],
  },
  {
    folder: 'main/classroom',
    may: [...MAIN_DOMAIN_BASE, 'main/formats', 'main/ledger', 'main/station', 'main/library', 'native'],
  },
  { folder: 'main/devices', may: [...MAIN_DOMAIN_BASE, 'main/classroom', 'native'] },
  {
    folder: 'main/hub-link',
    may: [...MAIN_DOMAIN_BASE, 'main/ledger', 'main/station', 'main/library'],
    files: { 'main/hub-link/demo-hub.ts': ['hub'] },
  },
  { folder: 'main/library', may: MAIN_DOMAIN_BASE },
  { folder: 'main/station', may: [...MAIN_DOMAIN_BASE, 'main/ledger'] },
  { folder: 'main/ledger', may: MAIN_DOMAIN_BASE },
  { folder: 'main/formats', may: ['common'] },
  { folder: 'main/storage', may: ['main/runtime', 'preload/contract', 'common'] },
  { folder: 'main/runtime', may: ['preload/contract', 'common'] },
  { folder: 'main', may: [] },
  { folder: 'test', may: '*' },
  { folder: 'bench', may: '*' },
  { folder: 'scripts', may: '*' },
];

const TEST_EXTRA = ['test/support', 'hub'];

const normal = (relativePath) => relativePath.split(path.sep).join('/');
const inFolder = (file, folder) => file === folder || file.startsWith(`${folder}/`);

/** The row a repository-relative path belongs to, or null (a file at the root, a config). */
export function layerOf(relativePath) {
  const file = normal(relativePath);
  return LAYERS.find((layer) => inFolder(file, layer.folder)) ?? null;
}

export function isTestFile(relativePath) {
  const file = normal(relativePath);
  return /\.(test|spec)\.tsx?$/.test(file) || file.includes('/test-support/') || /(^|\/)test-[\w-]+\.ts$/.test(file);
}

/** Why `from` may not import `to` (repository-relative paths), or null when it may. */
export function forbiddenReason(from, to) {
  const layer = layerOf(from);
  if (!layer || layer.may === '*') return null;
  const target = normal(to);
  // Code that runs in a browser cannot bundle Node-only helpers.
  if (layer.browser && !isTestFile(from) && inFolder(target, 'common/node'))
    return `${layer.folder}/ runs in a browser and may not import common/node/`;
  if (inFolder(target, layer.folder)) return null;
  const ownTop = normal(from).split('/')[0];
  const allowed = [
    ...layer.may,
    ...(layer.files?.[normal(from)] ?? []),
    ...(isTestFile(from) ? [...TEST_EXTRA, ownTop] : []),
  ];
  if (allowed.some((folder) => inFolder(target, folder))) return null;
  const targetLayer = layerOf(target);
  const what = targetLayer ? `${targetLayer.folder}/` : 'files outside the layered folders';
  const may =
    layer.may.length > 0 ? `only itself and ${layer.may.map((folder) => `${folder}/`).join(', ')}` : 'only itself';
  return `${layer.folder}/ may import ${may}, not ${what}`;
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((specifier) => specifier.importKind === 'type'));

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the per-folder import allow-list of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.physicalFilename ?? context.filename;
    const from = normal(path.relative(root, file));
    const layer = layerOf(from);

    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      if (source === 'electron' || source.startsWith('electron/')) {
        if (!typeOnly && !layer?.electron) {
          context.report({
            node,
            message: `Only main/electron/ and preload/electron/ may load 'electron' at run time (this file is in ${layer ? `${layer.folder}/` : 'the root'}). Use "import type" for types.`,
          });
        }
        return;
      }
      if (source.startsWith('node:')) {
        if (layer?.browser && !typeOnly && !isTestFile(from) && !/\.config\.ts$/.test(from))
          context.report({
            node,
            message: `${layer.folder}/ runs in a browser too and may not import ${source}; Node-only helpers belong in common/node/.`,
          });
        return;
      }
      if (!source.startsWith('.')) return; // a library
      const target = path.relative(root, path.resolve(path.dirname(file), source));
      const reason = forbiddenReason(from, target);
      if (reason) context.report({ node, message: `Layering: ${reason} (import of '${source}')` });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value, false);
        }
      },
    };
  },
};
