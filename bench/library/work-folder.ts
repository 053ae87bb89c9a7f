// A work folder on a real disk: BENCH_DIR, else /var/tmp — never tmpfs, where writes and
// fsync cost nothing and the figures would flatter.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function workFolder(prefix: string): string {
  const parent = process.env.BENCH_DIR ?? '/var/tmp';
  const type = execFileSync('stat', ['-f', '-c', '%T', parent], { encoding: 'utf8' }).trim();
  if (type === 'tmpfs' || type === 'ramfs')
    throw new Error(`${parent} is ${type}: the figures need a real disk (set BENCH_DIR)`);
  return fs.mkdtempSync(path.join(parent, prefix));
}
