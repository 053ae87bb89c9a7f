// Copies of ledger.db that a technician can restore (ledger-recovery restore), made while the
// station runs:
//   - daily: backups/ledger-daily-<date>.db, the newest KEEP_DAILY kept, listed with what
//     they hold in backups/ledger-daily.json — a copy is listed only once it was verified;
//   - export: a folder on a removable drive (ledger-export.ts) for a station offline for weeks.
// A copy is SQLite's VACUUM INTO on a read-only connection of its own: one consistent snapshot
// (a tap committing meanwhile is in it or not, never half), compact, made off the main thread
// in a worker so taps are answered meanwhile. It is verified before it counts: SQLite's
// integrity_check on the copy, its events contiguous from 1, and its last event the same
// (sequence and hash) as the ledger's event at that sequence; then fsynced and renamed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { fsyncFileSync, renameDurablySync, writeFileDurablySync } from '../../common/node/durable-file.ts';
import { integrityProblems } from './integrity.ts';

export const KEEP_DAILY = 7;
export const DAILY_PREFIX = 'ledger-daily-';
const MANIFEST = 'ledger-daily.json';

export type LedgerCopy = {
  /** The copy's file name (in its folder). */
  file: string;
  /** ISO time the copy was made. */
  at: string;
  /** Its last event (0 for none) — every event 1…headSeq is in it. */
  headSeq: number;
  headHash: string | null;
  /** The hub's acknowledgement in the copy. */
  ackedSeq: number;
  bytes: number;
  sha256: string;
};

export const CopySchema = z.object({
  file: z.string(),
  at: z.string(),
  headSeq: z.number().int().nonnegative(),
  headHash: z.string().nullable(),
  ackedSeq: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
});

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/**
 * Makes and verifies a copy of `source` at `target` (which must not exist), in the calling
 * thread. Throws when the copy does not verify; nothing is left at `target` then.
 */
export function copyLedgerSync(source: string, target: string, at = new Date()): LedgerCopy {
  const temp = `${target}.partial`;
  fs.rmSync(temp, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    const copy = new Database(temp, { readonly: true, fileMustExist: true });
    let head: { seq: number; hash: string } | undefined;
    let ackedSeq: number;
    try {
      const problems = integrityProblems(copy, 'integrity_check');
      if (problems.length > 0)
        throw new Error(`the copy fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
      const { n, max } = copy.prepare('SELECT count(*) AS n, COALESCE(MAX(seq), 0) AS max FROM events').get() as {
        n: number;
        max: number;
      };
      if (n !== max) throw new Error(`the copy holds ${n} events for sequences up to ${max}`);
      head = copy.prepare('SELECT seq, hash FROM events WHERE seq = ?').get(max) as typeof head;
      ackedSeq = (copy.prepare('SELECT acked_seq FROM outbox').get() as { acked_seq: number }).acked_seq;
    } finally {
      copy.close();
    }
    if (head) {
      const original = db.prepare('SELECT hash FROM events WHERE seq = ?').get(head.seq) as
        { hash: string } | undefined;
      if (original?.hash !== head.hash) throw new Error(`the copy's event ${head.seq} differs from the ledger's`);
    }
    fsyncFileSync(temp);
    const bytes = fs.statSync(temp).size;
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(temp)).digest('hex');
    renameDurablySync(temp, target);
    return {
      file: path.basename(target),
      at: at.toISOString(),
      headSeq: head?.seq ?? 0,
      headHash: head?.hash ?? null,
      ackedSeq,
      bytes,
      sha256,
    };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

type WorkerRequest = { kind: 'lectern-ledger-copy'; source: string; target: string; at: string };
type WorkerAnswer = { copy: LedgerCopy } | { failed: string };

/** copyLedgerSync on a worker thread (or here, where a worker cannot start). */
export function copyLedger(source: string, target: string, at = new Date()): Promise<LedgerCopy> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(import.meta.url), {
        workerData: { kind: 'lectern-ledger-copy', source, target, at: at.toISOString() } satisfies WorkerRequest,
      });
    } catch {
      resolve(copyLedgerSync(source, target, at));
      return;
    }
    let settled = false;
    worker.on('message', (answer: WorkerAnswer) => {
      settled = true;
      if ('copy' in answer) resolve(answer.copy);
      else reject(new Error(answer.failed));
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the copy worker stopped (exit code ${code})`));
    });
  });
}

/** The verified daily copies, oldest first. */
export function dailyBackups(dataDir: string): LedgerCopy[] {
  try {
    const listed = z
      .array(CopySchema)
      .parse(JSON.parse(fs.readFileSync(path.join(backupsDir(dataDir), MANIFEST), 'utf8')));
    return listed.filter((copy) => fs.existsSync(path.join(backupsDir(dataDir), copy.file)));
  } catch {
    return [];
  }
}

/**
 * Makes today's copy, lists it, and removes the daily copies beyond the newest KEEP_DAILY
 * (and any the list does not hold: a copy that was never verified).
 */
export async function backupLedgerNow(dataDir: string, ledgerFile: string, now = new Date()): Promise<LedgerCopy> {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const name = `${DAILY_PREFIX}${now.toISOString().slice(0, 19).replace(/[:]/g, '-')}Z.db`;
  const copy = await copyLedger(ledgerFile, path.join(dir, name), now);
  const kept = [...dailyBackups(dataDir).filter((c) => c.file !== copy.file), copy].slice(-KEEP_DAILY);
  writeFileDurablySync(path.join(dir, MANIFEST), `${JSON.stringify(kept, null, 2)}\n`);
  const keep = new Set(kept.map((c) => c.file));
  for (const file of fs.readdirSync(dir))
    if (file.startsWith(DAILY_PREFIX) && !keep.has(file)) fs.rmSync(path.join(dir, file), { force: true });
  return copy;
}

if (!isMainThread && (workerData as Partial<WorkerRequest> | null)?.kind === 'lectern-ledger-copy') {
  const { source, target, at } = workerData as WorkerRequest;
  try {
    parentPort!.postMessage({ copy: copyLedgerSync(source, target, new Date(at)) } satisfies WorkerAnswer);
  } catch (error) {
    parentPort!.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies WorkerAnswer);
  }
}

export interface LedgerBackups {
  /** The newest verified daily copy, or null. */
  latest(): LedgerCopy | null;
  /** Makes a copy now (or joins the one under way). */
  backupNow(): Promise<LedgerCopy>;
  close(): Promise<void>;
}

export type LedgerBackupsOptions = {
  dataDir: string;
  ledgerFile: string;
  log: { info(event: string, data?: object): void; error(event: string, data?: object): void };
  /** A copy is made when the newest is this old (a day). */
  everyMs?: number;
  /** How often that is looked at (an hour), and the first look after start (a minute: start-up first). */
  checkEveryMs?: number;
  firstCheckAfterMs?: number;
  now?: () => Date;
};

/** The daily backup: checked hourly, a copy made when the newest is a day old. */
export function startLedgerBackups(options: LedgerBackupsOptions): LedgerBackups {
  const everyMs = options.everyMs ?? 24 * 3_600_000;
  const now = options.now ?? (() => new Date());
  let running: Promise<LedgerCopy> | null = null;
  let closed = false;
  const latest = () => dailyBackups(options.dataDir).at(-1) ?? null;

  const backupNow = () =>
    (running ??= backupLedgerNow(options.dataDir, options.ledgerFile, now())
      .then((copy) => {
        options.log.info('ledger.backup_done', { file: copy.file, headSeq: copy.headSeq, bytes: copy.bytes });
        return copy;
      })
      .finally(() => {
        running = null;
      }));

  const check = () => {
    if (closed || running) return;
    const newest = latest();
    // A few minutes' slack, so an hourly look does not push the daily copy an hour later each day.
    if (newest && now().getTime() - Date.parse(newest.at) < everyMs - 10 * 60_000) return;
    backupNow().catch((error: unknown) =>
      options.log.error('ledger.backup_failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  const first = setTimeout(check, options.firstCheckAfterMs ?? 60_000);
  const timer = setInterval(check, options.checkEveryMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    latest,
    backupNow,
    async close() {
      closed = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** The newest backup as the sync status shows it. */
export function backupStatus(backups: LedgerBackups | null): { at: string; file: string; events: number } | null {
  const newest = backups?.latest();
  return newest ? { at: newest.at, file: newest.file, events: newest.headSeq } : null;
}
