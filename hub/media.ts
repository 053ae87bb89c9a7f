// Media by sha256 (protocol.md §5): one strong ETag per file ("<sha256>", the content
// address itself), single byte ranges with If-Range, so a station resumes an interrupted
// download and is told, by a full 200 answer, when the bytes it holds are not the bytes
// behind this ETag any more.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { fsyncFileSync, renameDurablySync } from '../common/node/durable-file.ts';
import type { HubDb } from './db.ts';

export type MediaRow = { sha256: string; size: number; type: string; file: string };

export function getMedia(db: HubDb, sha256: string): MediaRow | undefined {
  return db.prepare('SELECT sha256, size, type, file FROM media WHERE sha256 = ?').get(sha256) as MediaRow | undefined;
}

/** Registers a file that stays where it is (the demo's fixtures). */
export function registerMedia(db: HubDb, row: MediaRow): void {
  db.prepare(
    'INSERT INTO media (sha256, size, type, file) VALUES (?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET file = excluded.file, size = excluded.size, type = excluded.type',
  ).run(row.sha256, row.size, row.type, row.file);
}

/** Copies a file into <dataDir>/media/<sha256>, verifying as it goes, and registers it. */
export async function importMedia(db: HubDb, dataDir: string, source: string, type: string): Promise<MediaRow> {
  const dir = path.join(dataDir, 'media');
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.import-${crypto.randomUUID()}`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  await pipeline(
    fs.createReadStream(source),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(temp),
  );
  const sha256 = hash.digest('hex');
  const file = path.join(dir, sha256);
  // The row is registered only once the file is durably in place.
  fsyncFileSync(temp);
  renameDurablySync(temp, file);
  const row = { sha256, size, type, file };
  registerMedia(db, row);
  return row;
}
