// The index of verified media files in catalog.db, and the folder it indexes. The folder is
// the truth: a row is written only after its file is renamed into place and the directory
// fsynced, and since catalog.db is a disposable cache, reconcile() rebuilds missing rows by
// rescanning the folder and re-hashing each unindexed file.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { hashFile } from './hash-file.ts';
import { isSha256, mediaPaths } from './paths.ts';
import type { MediaPaths } from './paths.ts';
import { prepared } from '../../storage/sql.ts';

export interface StoredMedia {
  sha256: string;
  size: number;
  storedAt: number;
  lastUsedAt: number;
  verifiedAt: number;
}

export interface ReconcileResult {
  /** Files found without a row, verified and indexed again. */
  adopted: number;
  /** Files found without a row whose bytes did not match their name: deleted. */
  discarded: number;
  /** Rows whose file had gone: dropped. */
  dropped: number;
}

export interface MediaStore {
  readonly paths: MediaPaths;
  get(sha256: string): StoredMedia | undefined;
  list(): StoredMedia[];
  committedBytes(): number;
  /** Bytes held by unfinished downloads (they count against the quota too). */
  partialBytes(): number;
  /** sha256s that have a part (or part metadata) in partial/. */
  partials(): string[];
  /** Indexes a file that is already durably in place at paths.file(sha256). */
  commit(sha256: string, size: number): void;
  touch(sha256: string): void;
  markVerified(sha256: string): void;
  /** Drops the row, then the file: a crash in between leaves a file reconcile re-adopts. */
  remove(sha256: string): void;
  reconcile(signal?: AbortSignal): Promise<ReconcileResult>;
}

interface Row {
  sha256: string;
  size: number;
  stored_at: number;
  last_used_at: number;
  verified_at: number;
}

const fromRow = (row: Row): StoredMedia => ({
  sha256: row.sha256,
  size: row.size,
  storedAt: row.stored_at,
  lastUsedAt: row.last_used_at,
  verifiedAt: row.verified_at,
});

export function openMediaStore(db: Database.Database, dataDir: string, now: () => number = Date.now): MediaStore {
  const paths = mediaPaths(dataDir);
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const statements = {
    get: prepared<[string], Row>(db, 'SELECT * FROM media_files WHERE sha256 = ?'),
    list: prepared<[], Row>(db, 'SELECT * FROM media_files ORDER BY last_used_at'),
    total: prepared<[], { total: number }>(db, 'SELECT coalesce(sum(size), 0) AS total FROM media_files'),
    insert: prepared(
      db,
      `INSERT INTO media_files (sha256, size, stored_at, last_used_at, verified_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, verified_at = excluded.verified_at`,
    ),
    touch: prepared(db, 'UPDATE media_files SET last_used_at = ? WHERE sha256 = ?'),
    verified: prepared(db, 'UPDATE media_files SET verified_at = ? WHERE sha256 = ?'),
    remove: prepared(db, 'DELETE FROM media_files WHERE sha256 = ?'),
  };

  const store: MediaStore = {
    paths,
    get(sha256) {
      const row = statements.get.get(sha256);
      return row ? fromRow(row) : undefined;
    },
    list: () => statements.list.all().map(fromRow),
    committedBytes: () => statements.total.get()!.total,
    partialBytes() {
      let total = 0;
      for (const name of fs.readdirSync(paths.partialDir)) {
        if (name.endsWith('.part'))
          total += fs.statSync(path.join(paths.partialDir, name), { throwIfNoEntry: false })?.size ?? 0;
      }
      return total;
    },
    partials() {
      const names = fs.readdirSync(paths.partialDir).map((name) => /^([0-9a-f]{64})\.(part|json)$/.exec(name)?.[1]);
      return [...new Set(names.filter((name): name is string => name !== undefined))];
    },
    commit(sha256, size) {
      const at = now();
      statements.insert.run(sha256, size, at, at, at);
    },
    touch(sha256) {
      statements.touch.run(now(), sha256);
    },
    markVerified(sha256) {
      statements.verified.run(now(), sha256);
    },
    remove(sha256) {
      statements.remove.run(sha256);
      fs.rmSync(paths.file(sha256), { force: true });
    },
    async reconcile(signal) {
      const result: ReconcileResult = { adopted: 0, discarded: 0, dropped: 0 };
      const indexed = new Set(statements.list.all().map((row) => row.sha256));
      const onDisk = new Set<string>();
      for (const fanout of fs.readdirSync(paths.root)) {
        if (!/^[0-9a-f]{2}$/.test(fanout)) continue;
        for (const name of fs.readdirSync(path.join(paths.root, fanout))) {
          const file = path.join(paths.root, fanout, name);
          // Only files this store put there: named by a hash, in the folder of its first byte.
          if (!isSha256(name) || !name.startsWith(fanout)) continue;
          onDisk.add(name);
          if (indexed.has(name)) continue;
          signal?.throwIfAborted();
          const { sha256, size } = await hashFile(file, signal);
          if (sha256 === name) {
            const at = Math.floor(fs.statSync(file).mtimeMs);
            statements.insert.run(name, size, at, at, now());
            result.adopted++;
          } else {
            fs.rmSync(file, { force: true });
            onDisk.delete(name);
            result.discarded++;
          }
        }
      }
      for (const sha256 of indexed) {
        if (!onDisk.has(sha256)) {
          statements.remove.run(sha256);
          result.dropped++;
        }
      }
      return result;
    },
  };
  return store;
}
