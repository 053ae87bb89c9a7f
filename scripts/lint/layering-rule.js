// ESLint rule `lectern/layering`: who may import whom (see DESIGN.md "Shape").
//   - 'electron' is loaded at run time only in main/electron/ and preload/electron/
//     (type-only imports are fine anywhere: they vanish at run time);
//   - renderer/ may not import main/, native/ or hub/;
//   - main/, native/ and hub/ may not import renderer/;
//   - protocol/ imports only itself and libraries (npm packages, node: built-ins).
import path from 'node:path';

const ZONES = ['main/electron', 'preload/electron', 'preload', 'main', 'renderer', 'native', 'hub', 'protocol'];
const ELECTRON_ZONES = new Set(['main/electron', 'preload/electron']);

/** The zone a repository-relative path belongs to: the first (most specific) match. */
export function zoneOf(relativePath) {
  const normal = relativePath.split(path.sep).join('/');
  return ZONES.find((zone) => normal === zone || normal.startsWith(zone + '/')) ?? 'other';
}

const topLevel = (zone) => zone.split('/')[0];

/** Why `fromZone` may not import `toZone`, or null when it may. */
export function forbiddenReason(fromZone, toZone) {
  const from = topLevel(fromZone);
  const to = topLevel(toZone);
  if (from === 'renderer' && ['main', 'native', 'hub'].includes(to)) {
    return `renderer/ talks to the station only through the contract in preload/contract; it may not import ${to}/`;
  }
  if (['main', 'native', 'hub'].includes(from) && to === 'renderer') {
    return `${from}/ may not import renderer/: data flows to the renderer through the contract`;
  }
  if (from === 'protocol' && to !== 'protocol') {
    return `protocol/ is shared by station and hub and may import only itself and libraries, not ${to === 'other' ? 'files outside the layered folders' : to + '/'}`;
  }
  return null;
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((specifier) => specifier.importKind === 'type'));

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import layering between main, preload, renderer, native, hub and protocol' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.physicalFilename ?? context.filename;
    const fromZone = zoneOf(path.relative(root, file));

    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      if (source === 'electron' || source.startsWith('electron/')) {
        if (!typeOnly && !ELECTRON_ZONES.has(fromZone)) {
          context.report({ node, message: `Only main/electron/ and preload/electron/ may load 'electron' at run time (this file is in ${fromZone}/). Use "import type" for types.` });
        }
        return;
      }
      if (!source.startsWith('.')) return; // a library
      const target = path.relative(root, path.resolve(path.dirname(file), source));
      const reason = forbiddenReason(fromZone, zoneOf(target));
      if (reason) context.report({ node, message: `Layering: ${reason} (import of '${source}')` });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value, false);
        }
      },
    };
  },
};
