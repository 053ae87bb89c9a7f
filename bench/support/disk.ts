// Where the suites keep their files: bench/.data/ inside the worktree, on the same disk as
// the code. Every suite that touches disk makes its folders here through dataFolder(), which
// prints the folder's filesystem type and refuses tmpfs: a figure of SQLite with fsync on a
// RAM disk says nothing about a station, whose ledger sits on a real disk.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DATA_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.data');

// statfs f_type magic numbers (linux/magic.h) for the filesystems a bench machine may have.
const FILESYSTEMS: Record<number, string> = {
  0xef53: 'ext2/ext3/ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x01021994: 'tmpfs',
  0x858458f6: 'ramfs',
  0x794c7630: 'overlayfs',
  0x2fc12fc1: 'zfs',
  0x6969: 'nfs',
  0x5346544e: 'ntfs',
  0x4d44: 'vfat',
};
const RAM_FILESYSTEMS = new Set([0x01021994, 0x858458f6]);

export type Filesystem = { type: number; name: string };

export function filesystemOf(dir: string): Filesystem {
  const type = Number(fs.statfsSync(dir).type);
  return { type, name: FILESYSTEMS[type] ?? `unknown (0x${type.toString(16)})` };
}

const announced = new Set<string>();

/**
 * Refuses a folder on a RAM filesystem, and says once per folder which filesystem it is on.
 * Throws with a line that names the folder and what to do instead.
 */
export function requireRealDisk(dir: string, purpose: string): Filesystem {
  const filesystem = filesystemOf(dir);
  if (RAM_FILESYSTEMS.has(filesystem.type))
    throw new Error(
      `bench: refusing ${purpose} in ${dir}: it is on ${filesystem.name} (RAM), where fsync costs nothing. ` +
        'Put bench/.data on a real disk (a symlink to a folder on one will do).',
    );
  if (!announced.has(dir)) {
    announced.add(dir);
    console.log(`bench: ${purpose} in ${dir} (${filesystem.name}, statfs 0x${filesystem.type.toString(16)})`);
  }
  return filesystem;
}

/** bench/.data/<sub>, made if missing and checked to be on a real disk. */
export function dataRoot(sub: string, purpose: string): string {
  const dir = path.join(BENCH_DATA_ROOT, sub);
  fs.mkdirSync(dir, { recursive: true });
  requireRealDisk(dir, purpose);
  return dir;
}

/** A fresh folder under bench/.data/runs/ for one measurement; remove it with removeFolder. */
export function runFolder(label: string): string {
  const root = dataRoot('runs', 'run folders');
  return fs.mkdtempSync(path.join(root, `${label}-`));
}

export function removeFolder(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Bytes under a folder (the size of a fixture, for the report). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}
