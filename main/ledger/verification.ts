// Verifying the ledger (docs/architecture.md, decision 5): every row rebuilt into its event
// and the chain checked — contiguous sequence, one station, each prevHash the hash before it,
// each hash recomputed, each signature. An edited row fails its hash, a deleted one leaves a
// sequence gap, two rows with swapped sequence numbers break the chain; the first bad
// sequence is reported.
//
// Signatures cost most of the time (0.1–0.3 ms each), and the ledger only grows. So the chain
// up to an anchor is checked by hashes and links alone, and the anchor vouches for them: its
// hash covers the whole chain before it, so a forger who edits an old event and recomputes
// every hash after it cannot reach the anchor's hash without the key. Two anchors:
//   - the station's verified checkpoint (checkpoint.ts): its hash, under the station's HMAC,
//     was reached by a verification that checked every signature up to it;
//   - the hub's acknowledgement (outbox acked_seq): the signature of that event.
// When the anchor does not hold, every signature is checked to name the first bad event.
// After the anchor every signature is checked (protocol verifyChain).
//
// A chain alone cannot show that its last events were cut off, so the ledger must still reach
// the checkpoint and the hub's cursor: shorter is `truncated`, like an edited row.
//
// Two scopes: 'full' checks everything as above; 'after-checkpoint' — start-up — checks that
// the checkpoint's event still has its hash and every event after it, signature by
// signature, and leaves the rest to a full check in the background. Both are one generator
// that yields after each page, so the same code runs at once (verifyLedger), in slices on the
// main thread (verifyLedgerInSlices), or in a worker with the integrity check
// (verifyLedgerFile).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verify } from '../../protocol/crypto.ts';
import {
  GENESIS_HASH,
  hashEvent,
  keyForSeq,
  verifyChain,
  type ChainProblem,
  type SignedEvent,
  type SigningKeys,
} from '../../protocol/events.ts';
import { integrityProblems } from '../storage/integrity.ts';
import { prepared } from '../storage/sql.ts';
import { COLUMNS, toEvent, type EventRow } from './event-rows.ts';

export type LedgerProblem = ChainProblem | 'unreadable' | 'truncated' | 'checkpoint';
export type LedgerCheck =
  | {
      ok: true;
      events: number;
      lastSeq: number;
      lastHash: string;
      /** 'after-checkpoint' scope: how many events after the checkpoint were checked. */
      checked?: number;
    }
  | { ok: false; seq: number; problem: LedgerProblem };

export type Anchor = { seq: number; hash: string };
export type VerifyOptions = {
  /** A checkpoint whose HMAC the caller verified. */
  checkpoint?: Anchor | null;
  /** 'full' (default) or 'after-checkpoint' (needs a checkpoint). */
  scope?: 'full' | 'after-checkpoint';
  /** Events per page: the unit of work between two yields. */
  page?: number;
};
export type VerifyProgress = { checked: number; head: number };

type RangeCheck = { ok: true; events: number; lastSeq: number; lastHash: string } | Extract<LedgerCheck, { ok: false }>;

const VERIFY_PAGE = 5000;
const genesisHead = { lastSeq: 0, lastHash: GENESIS_HASH };

/**
 * verifyChain without the signatures: sequence, station, prevHash and recomputed hash. Used
 * only where an anchor further on vouches for every hash before it.
 */
function verifyHashes(
  events: readonly SignedEvent[],
  after: Anchor,
  stationId: string,
): ReturnType<typeof verifyChain> {
  let { seq, hash } = after;
  for (const event of events) {
    if (event.seq !== seq + 1) return { ok: false, seq: event.seq, problem: 'sequence' };
    if (event.stationId !== stationId) return { ok: false, seq: event.seq, problem: 'station' };
    if (event.prevHash !== hash) return { ok: false, seq: event.seq, problem: 'chain' };
    if (hashEvent(event) !== event.hash) return { ok: false, seq: event.seq, problem: 'hash' };
    seq = event.seq;
    hash = event.hash;
  }
  return { ok: true, lastSeq: seq, lastHash: hash };
}

/** Checks the events after `after` up to `until`, page by page, with or without every signature. */
function* verifyRange(
  db: Database.Database,
  publicKey: SigningKeys,
  stationId: string,
  after: Anchor,
  until: number,
  signatures: boolean,
  pageSize: number,
  progress: VerifyProgress,
): Generator<VerifyProgress, RangeCheck> {
  const page = prepared(db, `SELECT ${COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
  const check = (events: SignedEvent[], from: Anchor) => {
    if (!signatures) return verifyHashes(events, from, stationId);
    // verifyChain compares stations within one call only; a page boundary must not hide a change.
    const other = events.findIndex((event) => event.stationId !== stationId);
    const result = verifyChain(other === -1 ? events : events.slice(0, other), publicKey, from);
    return result.ok && other !== -1
      ? { ok: false as const, seq: events[other]!.seq, problem: 'station' as const }
      : result;
  };
  let events = 0;
  for (;;) {
    const rows = page.all(after.seq, until, pageSize) as EventRow[];
    if (rows.length === 0) return { ok: true, events, lastSeq: after.seq, lastHash: after.hash };
    const parsed: SignedEvent[] = [];
    let unreadable: number | null = null;
    for (const row of rows) {
      try {
        parsed.push(toEvent(row));
      } catch {
        unreadable = row.seq;
        break;
      }
    }
    const result = check(parsed, after);
    if (!result.ok) return result;
    // The events before an unreadable row get their own verdict first.
    if (unreadable !== null) return { ok: false, seq: unreadable, problem: 'unreadable' };
    after = { seq: result.lastSeq, hash: result.lastHash };
    events += parsed.length;
    progress.checked += parsed.length;
    yield progress;
  }
}

function hashAt(db: Database.Database, seq: number): string | undefined {
  if (seq === 0) return GENESIS_HASH;
  return (prepared(db, 'SELECT hash FROM events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
}

/** The verification, as steps: yields after each page, returns the verdict. */
export function* verification(
  db: Database.Database,
  publicKey: SigningKeys,
  options: VerifyOptions = {},
): Generator<VerifyProgress, LedgerCheck> {
  const pageSize = options.page ?? VERIFY_PAGE;
  const checkpoint = options.checkpoint ?? null;
  const first = prepared(db, 'SELECT station_id FROM events ORDER BY seq LIMIT 1').get() as
    { station_id: string } | undefined;
  const head =
    (prepared(db, 'SELECT seq FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number } | undefined)?.seq ?? 0;
  const { acked_seq: ackedSeq } = prepared(db, 'SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  const progress: VerifyProgress = { checked: 0, head };
  const genesis = { seq: 0, hash: GENESIS_HASH };

  if (options.scope === 'after-checkpoint') {
    if (!checkpoint) throw new TypeError("verification: the 'after-checkpoint' scope needs a checkpoint");
    if (head < checkpoint.seq || head < ackedSeq) return { ok: false, seq: head + 1, problem: 'truncated' };
    if (hashAt(db, checkpoint.seq) !== checkpoint.hash)
      return { ok: false, seq: checkpoint.seq, problem: 'checkpoint' };
    if (!first) return { ok: true, events: 0, lastSeq: 0, lastHash: GENESIS_HASH, checked: 0 };
    const rest = yield* verifyRange(db, publicKey, first.station_id, checkpoint, head, true, pageSize, progress);
    if (!rest.ok) return rest;
    return { ok: true, events: rest.lastSeq, lastSeq: rest.lastSeq, lastHash: rest.lastHash, checked: rest.events };
  }

  const anchorSeq = Math.max(ackedSeq, checkpoint?.seq ?? 0);
  if (!first)
    return anchorSeq > 0 ? { ok: false, seq: 1, problem: 'truncated' } : { ok: true, events: 0, ...genesisHead };
  const stationId = first.station_id;
  let anchored: RangeCheck = { ok: true, events: 0, lastSeq: 0, lastHash: GENESIS_HASH };
  if (anchorSeq > 0) {
    anchored = yield* verifyRange(db, publicKey, stationId, genesis, anchorSeq, false, pageSize, progress);
    if (!anchored.ok) return anchored;
    if (anchored.lastSeq < anchorSeq) return { ok: false, seq: anchored.lastSeq + 1, problem: 'truncated' };
    const byCheckpoint = checkpoint !== null && checkpoint.seq === anchorSeq;
    const holds = byCheckpoint
      ? anchored.lastHash === checkpoint.hash
      : verify(
          anchored.lastHash,
          (prepared(db, 'SELECT sig FROM events WHERE seq = ?').get(anchorSeq) as { sig: string }).sig,
          keyForSeq(publicKey, anchorSeq),
        );
    if (!holds) {
      const located = yield* verifyRange(db, publicKey, stationId, genesis, anchorSeq, true, pageSize, progress);
      return located.ok ? { ok: false, seq: anchorSeq, problem: byCheckpoint ? 'checkpoint' : 'signature' } : located;
    }
    // A checkpoint below the hub's cursor: the chain is anchored by the hub, and must still pass through it.
    if (checkpoint && !byCheckpoint && hashAt(db, checkpoint.seq) !== checkpoint.hash)
      return { ok: false, seq: checkpoint.seq, problem: 'checkpoint' };
  }
  const rest = yield* verifyRange(
    db,
    publicKey,
    stationId,
    { seq: anchored.lastSeq, hash: anchored.lastHash },
    Number.MAX_SAFE_INTEGER,
    true,
    pageSize,
    progress,
  );
  if (!rest.ok) return rest;
  return { ok: true, events: anchored.events + rest.events, lastSeq: rest.lastSeq, lastHash: rest.lastHash };
}

/** The verification at once (start-up, tests). */
export function verifyLedger(db: Database.Database, publicKey: SigningKeys, options: VerifyOptions = {}): LedgerCheck {
  const steps = verification(db, publicKey, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The verification on the main thread without holding it: small pages, and a turn of the
 * event loop whenever a slice of `sliceMs` is used up, so taps and screens are answered
 * meanwhile.
 */
export async function verifyLedgerInSlices(
  db: Database.Database,
  publicKey: SigningKeys,
  options: VerifyOptions = {},
  run: { sliceMs?: number; onProgress?: (progress: VerifyProgress) => void } = {},
): Promise<LedgerCheck> {
  const sliceMs = run.sliceMs ?? 15;
  const steps = verification(db, publicKey, { page: 100, ...options });
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    run.onProgress?.(step.value);
    if (performance.now() - started > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
}

/** What a check of ledger.db opened afresh finds: SQLite's integrity check, then the chain. */
export type FileCheck = { integrity: string[]; chain: LedgerCheck | null };

type WorkerRequest = {
  kind: 'lectern-ledger-verification';
  file: string;
  publicKey: SigningKeys;
  options: VerifyOptions;
};
type WorkerMessage = { progress: VerifyProgress } | { result: FileCheck } | { failed: string };

/** Opens ledger.db afresh (its own read-only connection), runs integrity_check, then the chain verification. */
function* checkFile(
  file: string,
  publicKey: SigningKeys,
  options: VerifyOptions,
): Generator<VerifyProgress, FileCheck> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = integrityProblems(db, 'integrity_check');
    if (integrity.length > 0) return { integrity: integrity.slice(0, 5), chain: null };
    return { integrity: [], chain: yield* verification(db, publicKey, options) };
  } finally {
    db.close();
  }
}

/**
 * The full check of ledger.db, opened afresh, off the main thread: a worker running this very
 * module (so the built app needs no extra file), reporting progress. Where a worker cannot
 * start, the same steps run in slices on the main thread.
 */
export function verifyLedgerFile(
  file: string,
  publicKey: SigningKeys,
  options: VerifyOptions = {},
  run: { onProgress?: (progress: VerifyProgress) => void; signal?: AbortSignal; inThread?: boolean } = {},
): Promise<FileCheck> {
  const { onProgress, signal } = run;
  const request: WorkerRequest = { kind: 'lectern-ledger-verification', file, publicKey, options };
  return new Promise<FileCheck>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let settled = false;
    let worker: Worker;
    const inThread = () => {
      settled = true;
      void (async () => {
        const steps = checkFile(file, publicKey, { page: 100, ...options });
        let started = performance.now();
        try {
          for (;;) {
            const step = steps.next();
            if (step.done) return step.value;
            onProgress?.(step.value);
            if (performance.now() - started > 15) {
              await new Promise((next) => setImmediate(next));
              signal?.throwIfAborted();
              started = performance.now();
            }
          }
        } finally {
          steps.return(undefined as never);
        }
      })().then(resolve, reject);
    };
    if (run.inThread) return inThread();
    try {
      worker = new Worker(new URL(import.meta.url), { workerData: request });
    } catch {
      inThread();
      return;
    }
    signal?.addEventListener(
      'abort',
      () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(signal.reason);
      },
      { once: true },
    );
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else if ('result' in message) {
        settled = true;
        resolve(message.result);
      } else if (!settled) {
        // The worker started but could not check (a native module it cannot load in a packaged
        // app, say): the same steps here. A failure of the file itself fails here too.
        void worker.terminate();
        inThread();
      }
    });
    worker.on('error', () => {
      // The worker could not load (a packaged app that cannot start one): check here instead.
      if (!settled) inThread();
    });
    worker.on('exit', () => {
      if (!settled) inThread();
    });
  });
}

if (!isMainThread && (workerData as Partial<WorkerRequest> | null)?.kind === 'lectern-ledger-verification') {
  const { file, publicKey, options } = workerData as WorkerRequest;
  try {
    const steps = checkFile(file, publicKey, options);
    let reported = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        parentPort!.postMessage({ result: step.value } satisfies WorkerMessage);
        break;
      }
      if (step.value.checked - reported >= 5000) {
        reported = step.value.checked;
        parentPort!.postMessage({ progress: step.value } satisfies WorkerMessage);
      }
    }
  } catch (error) {
    parentPort!.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}
