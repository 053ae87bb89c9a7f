// Where the Electron binary is, if this machine has one. The `electron` npm package fetches
// its binary in an install script, which is not allowed (and has no network) on the build
// machines, so usually there is none: callers then fall back or skip, and say why.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

function executableIn(dir: string): string {
  if (process.platform === 'win32') return path.join(dir, 'electron.exe');
  if (process.platform === 'darwin') return path.join(dir, 'Electron.app', 'Contents', 'MacOS', 'Electron');
  return path.join(dir, 'electron');
}

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = executableIn(override);
    return fs.existsSync(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  const packaged = executableIn(path.join(repoRoot, 'node_modules', 'electron', 'dist'));
  if (fs.existsSync(packaged)) return { found: true, path: packaged };
  return {
    found: false,
    reason:
      'no Electron binary on this machine (node_modules/electron/dist is empty: its download is blocked here). Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45 to run it.',
  };
}
