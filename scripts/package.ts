// npm run package [-- --win | --linux]: builds the app and its installers with
// electron-builder (electron-builder.yml). Packaging needs the Electron binary, which the
// build machines here cannot download: without one this says so in one line and stops —
// nothing is faked. With ELECTRON_OVERRIDE_DIST_PATH pointing at an unpacked Electron 45 (or
// node_modules/electron/dist present) it packages against that.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const binary = findElectronBinary();
if (!binary.found) {
  console.log(`SKIP packaging: ${binary.reason}`);
  process.exit(0);
}
const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(npm, ['run', 'build', '--silent']);
run(npx, [
  'electron-builder',
  '--config',
  'electron-builder.yml',
  `-c.electronDist=${path.dirname(binary.path)}`,
  ...process.argv.slice(2),
]);
