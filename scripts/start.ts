// npm start: the station with its embedded demo defaults. Electron where a binary exists;
// otherwise the browser shell, which starts Chromium itself in kiosk mode (main/web/cli.ts
// --kiosk; --no-kiosk leaves the browser to you).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function runOrExit(args: string[]): void {
  const result = spawnSync(npm, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const binary = findElectronBinary();
if (binary.found) {
  runOrExit(['run', 'build', '--silent']);
  const child = spawn(binary.path, [repoRoot, ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available: ${binary.reason}`);
  console.log('Starting the browser shell instead (same station, served on 127.0.0.1, in a Chromium kiosk).\n');
  runOrExit(['run', 'build:renderer', '--silent', '--', '--logLevel', 'warn']);
  const args = process.argv.slice(2);
  const kiosk = args.includes('--no-kiosk') ? [] : ['--kiosk'];
  const rest = args.filter((arg) => arg !== '--no-kiosk');
  const child = spawn(process.execPath, [path.join(repoRoot, 'main/web/cli.ts'), ...kiosk, ...rest], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
