// Hashing media files as they are read. (Durable writes and renames are
// common/node/durable-file.ts, shared with every other writer.)
import crypto from 'node:crypto';
import fs from 'node:fs';

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
