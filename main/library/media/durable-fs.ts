// The few file operations whose order makes a download crash-safe. A rename is only durable
// once the directory holding the new name is fsynced; Windows cannot open a directory, and
// NTFS journals the rename itself, so there the directory sync is skipped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a small file so that a reader sees either the old or the new content, never half. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomUUID()}.tmp`);
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
  await fsyncDir(path.dirname(file));
}

/**
 * sha256 of a file, read as a stream: media files are far larger than memory should hold.
 * `throttle` paces the reads (background checks must not starve a lesson playing from disk).
 */
export async function hashFile(
  file: string,
  signal?: AbortSignal,
  throttle?: (bytes: number, signal?: AbortSignal) => Promise<void>,
): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (throttle) await throttle(chunk.length, signal);
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
