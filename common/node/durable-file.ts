// Writing a file so that a power cut leaves the old content or the new, never half, and a
// rename that survives the cut: the one helper every writer of state uses (station key,
// configuration, quarantine marker, media downloads, the hub's files). Data before name: the
// temp file is fsynced before the rename, and the folder after it, because a rename is only
// durable once the directory holding the new name is. Windows cannot open a folder for
// fsync, and NTFS journals the rename itself, so there the folder sync is skipped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type DurableWriteOptions = {
  /** File mode of the new file, set at creation (0o600 for secrets: never readable by others, not even briefly). */
  mode?: number;
};

export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomUUID()}.tmp`);
}

/** Replaces `file` with `content` atomically and durably. */
export function writeFileDurablySync(
  file: string,
  content: string | Uint8Array,
  options: DurableWriteOptions = {},
): void {
  const temp = tempBeside(file);
  const fd = fs.openSync(temp, 'wx', options.mode ?? 0o666);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  renameDurablySync(temp, file);
}

/** The same as writeFileDurablySync, without blocking the event loop. */
export async function writeFileDurably(
  file: string,
  content: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const temp = tempBeside(file);
  const handle = await fs.promises.open(temp, 'wx', options.mode ?? 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await fs.promises.rename(temp, file);
  await fsyncDir(path.dirname(file));
}

/** fsync of a file already written (a copy, a download) before it is renamed into place. */
export function fsyncFileSync(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync of a file already written, without blocking the event loop (a download's part). */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The same as renameDurablySync, without blocking the event loop. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await fs.promises.rename(from, to);
  await fsyncDir(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) await fsyncDir(path.dirname(from));
}

/** Renames and makes the new name durable (and the old one's removal, across folders). */
export function renameDurablySync(from: string, to: string): void {
  fs.renameSync(from, to);
  fsyncDirSync(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) fsyncDirSync(path.dirname(from));
}
