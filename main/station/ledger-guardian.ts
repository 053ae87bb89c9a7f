// Whether the station can trust its ledger, from start to close: one object that owns the
// start-up check, the full check in the background, the verified checkpoint, and what
// happens when the disk fails under the ledger.
//
// At start (before anything is appended):
//   - a schema that does not match the migrations' tables: nothing is verified or recorded;
//   - with a valid checkpoint (checkpoint.ts): the checkpoint's event must still carry its hash
//     and every event after it is verified, signature by signature — the rest waits for the
//     full check; a ledger shorter than the checkpoint is `truncated`;
//   - without one (first start of this version), with a damaged one, or after the schema had
//     to be repaired (its triggers were gone: rows may have been edited): the full check, now.
//   Passing, the checkpoint moves to the head.
// In the background, once the first screen is answered (verifyInBackground): ledger.db opened
// afresh, SQLite's integrity_check and the full chain check, off the main thread. A failure
// stops recording like a failure at start; damaged pages also leave the quarantine marker, so
// the next start moves the file aside.
// While recording: after writes, the new events are verified and the checkpoint follows the
// head (at most once a second, and at close).
// When the disk fails (the gate closes on a failed sync or write, main/storage/ledger-gate.ts):
// recording stops at once and health says so; every few seconds a probe writes and fsyncs a
// small file beside the ledger; once that works (and, for a full disk, there is room again),
// ledger.db is opened afresh and checked in full — integrity and chain — and only then does
// recording resume, and health keeps saying that the disk failed. After three failures in one
// run the station stops trying by itself: a technician checks the disk and restarts it.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../protocol/events.ts';
import { readCheckpoint, writeCheckpoint, writeCheckpointSync, type Checkpoint } from '../ledger/checkpoint.ts';
import { verifyLedger, verifyLedgerFile, type LedgerCheck, type VerifyProgress } from '../ledger/verification.ts';
import type { Logger } from '../runtime/logger.ts';
import { freeDiskBytes, LEDGER_RESUME_BYTES, probeDiskWrite } from '../storage/disk-space.ts';
import { diskFault, type GateState } from '../storage/ledger-gate.ts';
import type { SchemaCheck } from '../storage/ledger-schema.ts';
import { writeQuarantineMarker } from '../storage/quarantine-marker.ts';
import { prepared } from '../storage/sql.ts';
import { ledgerPath, type StationDatabases } from '../storage/station-databases.ts';
import { readSecrets, stationKeyRing, type StationSecrets } from './key-file.ts';

export const PROBE_EVERY_MS = 5000;
export const CHECKPOINT_EVERY_MS = 1000;
export const MAX_AUTO_RESUMES = 3;

export type FullCheckState =
  | { state: 'pending' | 'running'; checked: number; head: number }
  | { state: 'sound'; events: number }
  | { state: 'broken'; check: Extract<LedgerCheck, { ok: false }> }
  | { state: 'damaged'; problems: string[]; movedTo: string };

export type GuardianState = {
  schema: SchemaCheck | null;
  /** The checkpoint found at start: used, none yet, or present but not to be trusted. */
  checkpoint: 'used' | 'none' | 'missing' | 'invalid';
  full: FullCheckState;
  write: GateState;
  /** The disk failed under the ledger in this run: when, why, whether recording resumed (and when). */
  diskFailure: { at: number; cause: 'disk_io' | 'disk_full'; resumedAt: number | null; failures: number } | null;
};

export interface LedgerGuardian {
  /** The start-up check; null when there was none (no ledger, a mismatched schema, an unreadable key file). */
  readonly startCheck: LedgerCheck | null;
  /** The ledger passed the start-up check and may be written. */
  readonly verified: boolean;
  state(): GuardianState;
  /** Starts the full check in the background (once); resolves when it is done. */
  verifyInBackground(): Promise<void>;
  /**
   * The hub acknowledged holding events 1…seq: it verified every one of them, signature by
   * signature, and signed its answer. A checkpoint behind it moves up to it, so the next start
   * verifies only what the hub has not seen.
   */
  acknowledged(seq: number): Promise<void>;
  /** The key file changed (the station was enrolled again under a new key): read it again. */
  keysChanged(): void;
  /** Flushes the checkpoint and stops the timers. */
  close(): void;
}

export type LedgerGuardianOptions = {
  databases: StationDatabases;
  dataDir: string;
  log: Logger;
  /** Called whenever what health would say may have changed. */
  onChange: () => void;
  now?: () => number;
  probeEveryMs?: number;
  checkpointEveryMs?: number;
};

const KEPT_KEY = 'ledger_checkpoint_kept';

export function createLedgerGuardian(options: LedgerGuardianOptions): LedgerGuardian {
  const { databases, dataDir, log } = options;
  const now = options.now ?? Date.now;
  const db = databases.ledger.db;
  const gate = databases.ledger.gate ?? null;
  const schema = databases.ledger.schema ?? null;
  let checkpointState: GuardianState['checkpoint'] = 'none';
  let checkpoint: Checkpoint | null = null;
  let secrets: StationSecrets | null = null;
  let full: FullCheckState = { state: 'pending', checked: 0, head: 0 };
  let diskFailure: GuardianState['diskFailure'] = null;
  const timers = new Set<NodeJS.Timeout>();
  // Closing stops the background check (its worker) and anything it would still report.
  const closing = new AbortController();
  const changed = () => {
    if (!closing.signal.aborted) options.onChange();
  };

  const startCheck = db && gate && schema?.state !== 'mismatch' ? checkAtStart(db) : null;
  if (startCheck && !startCheck.ok) {
    log.error('ledger.verify_failed', { seq: startCheck.seq, problem: startCheck.problem });
    gate?.stop('chain_broken', `seq ${startCheck.seq}: ${startCheck.problem}`);
  }
  const verified = startCheck?.ok === true && gate?.state.open === true;

  /**
   * The check before anything is appended. A station with no key yet has no events either;
   * events without the key that signed them cannot be verified, so the first is the problem.
   * A key file too damaged to read leaves the ledger unverified (null): the station starts and
   * shows it, but records nothing.
   */
  function checkAtStart(ledger: Database.Database): LedgerCheck | null {
    try {
      secrets = readSecrets(dataDir);
      if (!secrets) {
        const { n } = prepared<[], { n: number }>(ledger, 'SELECT count(*) AS n FROM events').get()!;
        return n === 0 ? verifyLedger(ledger, '') : { ok: false, seq: 1, problem: 'signature' };
      }
      const found = readCheckpoint(dataDir, secrets.privateKey);
      const kept = prepared(ledger, 'SELECT value FROM station_meta WHERE key = ?').get(KEPT_KEY) !== undefined;
      checkpointState =
        found.state === 'ok' ? 'used' : found.state === 'invalid' ? 'invalid' : kept ? 'missing' : 'none';
      if (checkpointState === 'invalid' || checkpointState === 'missing')
        log.warn('ledger.checkpoint_unusable', { state: checkpointState });
      const trusted = found.state === 'ok' ? found.checkpoint : null;
      // After a schema repair the triggers were gone for a while: check everything now.
      const check = verifyLedger(ledger, stationKeyRing(secrets), {
        checkpoint: trusted,
        scope: trusted && schema?.state === 'sound' ? 'after-checkpoint' : 'full',
      });
      if (check.ok) keepCheckpointSync(ledger, { seq: check.lastSeq, hash: check.lastHash });
      else checkpoint = trusted;
      return check;
    } catch (error) {
      log.error('ledger.verify_impossible', { error: error instanceof Error ? error.message : String(error) });
      const fault = diskFault(error);
      if (fault) gate?.stop(fault, `start-up check: ${String(error)}`);
      return null;
    }
  }

  function keepCheckpointSync(ledger: Database.Database, head: { seq: number; hash: string }): void {
    if (!secrets || (checkpoint && checkpoint.seq === head.seq)) return;
    checkpoint = writeCheckpointSync(dataDir, secrets.privateKey, head);
    markKept(ledger);
  }

  /** Notes in the ledger that a checkpoint exists, so its disappearance is noticed. */
  function markKept(ledger: Database.Database): void {
    if (checkpoint && prepared(ledger, 'SELECT 1 FROM station_meta WHERE key = ?').get(KEPT_KEY) === undefined)
      prepared(ledger, 'INSERT INTO station_meta (key, value) VALUES (?, ?)').run(KEPT_KEY, checkpoint.at);
  }

  // The checkpoint follows the head: the new events are verified (a few signatures), then the
  // checkpoint is written, off the tap's path. One writer at a time: `keeping`.
  let keeping = false;
  let keepTimer: NodeJS.Timeout | null = null;

  /**
   * Runs `next` (which answers the checkpoint to write, or null) and writes it, unless another
   * write is under way or the ledger may not be written; a failed disk stops the gate.
   */
  async function moveCheckpoint(
    next: (ledger: Database.Database, keys: StationSecrets) => { seq: number; hash: string } | null,
  ) {
    if (keeping || !db || !gate?.state.open || !verified) return;
    keeping = true;
    try {
      // A station enrolled in this run got its key after the start-up check (of an empty ledger).
      secrets ??= readSecrets(dataDir);
      if (!secrets) return;
      const head = next(db, secrets);
      if (!head) return;
      checkpoint = await writeCheckpoint(dataDir, secrets.privateKey, head);
      if (!closing.signal.aborted) markKept(db);
    } catch (error) {
      const fault = diskFault(error);
      if (fault) gate.stop(fault, `checkpoint: ${(error as Error).message}`);
      else log.error('ledger.checkpoint_failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      keeping = false;
    }
  }

  const keep = () => {
    keepTimer = null;
    return moveCheckpoint((ledger, keys) => {
      const base = checkpoint ?? { seq: 0, hash: GENESIS_HASH, at: '' };
      const check = verifyLedger(ledger, stationKeyRing(keys), { checkpoint: base, scope: 'after-checkpoint' });
      if (!check.ok) {
        chainBroken(check);
        return null;
      }
      if (check.lastSeq === base.seq) return null;
      // Verified up to the new head: what health counts as checked grows with it.
      if (full.state === 'sound') full = { state: 'sound', events: check.lastSeq };
      return { seq: check.lastSeq, hash: check.lastHash };
    });
  };
  const stopWritten = gate?.onWritten(() => {
    if (keepTimer) return;
    keepTimer = setTimeout(() => void keep(), options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
    keepTimer.unref();
  });

  function chainBroken(check: Extract<LedgerCheck, { ok: false }>): void {
    full = { state: 'broken', check };
    log.error('ledger.verify_failed', { seq: check.seq, problem: check.problem });
    gate?.stop('chain_broken', `seq ${check.seq}: ${check.problem}`);
    changed();
  }

  /** ledger.db opened afresh and checked in full (integrity, chain); true when sound. */
  async function checkFile(): Promise<boolean> {
    secrets ??= readSecrets(dataDir);
    if (!secrets) return false;
    full = { state: 'running', checked: 0, head: 0 };
    changed();
    const onProgress = (progress: VerifyProgress) => {
      full = { state: 'running', ...progress };
    };
    const result = await verifyLedgerFile(
      ledgerPath(dataDir),
      stationKeyRing(secrets),
      { checkpoint },
      { onProgress, signal: closing.signal },
    );
    if (closing.signal.aborted) return false;
    if (result.integrity.length > 0) {
      // Damaged pages: stop now, and let the next start move the file aside (the marker comes first).
      const movedTo = path.join(dataDir, 'quarantine', `ledger-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`);
      writeQuarantineMarker(dataDir, {
        movedTo,
        reason: result.integrity.join('; '),
        at: new Date(now()).toISOString(),
      });
      full = { state: 'damaged', problems: result.integrity, movedTo };
      log.error('ledger.integrity_failed', { problems: result.integrity, movedTo });
      gate?.stop('chain_broken', `integrity: ${result.integrity.join('; ')}`);
      changed();
      return false;
    }
    const chain = result.chain!;
    if (!chain.ok) {
      chainBroken(chain);
      return false;
    }
    full = { state: 'sound', events: chain.events };
    if (!checkpoint || chain.lastSeq > checkpoint.seq)
      checkpoint = await writeCheckpoint(dataDir, secrets.privateKey, { seq: chain.lastSeq, hash: chain.lastHash });
    changed();
    return true;
  }

  function acknowledged(seq: number): Promise<void> {
    return moveCheckpoint((ledger) => {
      if (checkpoint && checkpoint.seq >= seq) return null;
      const hash = prepared<[number], { hash: string }>(ledger, 'SELECT hash FROM events WHERE seq = ?').get(seq)?.hash;
      return hash ? { seq, hash } : null;
    });
  }

  /** A new key signs from now on: the checkpoint's MAC is made with it, the ring verifies the old events. */
  function keysChanged(): void {
    secrets = readSecrets(dataDir);
    if (secrets && checkpoint && db?.open)
      checkpoint = writeCheckpointSync(dataDir, secrets.privateKey, { seq: checkpoint.seq, hash: checkpoint.hash });
  }

  let background: Promise<void> | null = null;
  const verifyInBackground = () =>
    (background ??=
      verified && full.state === 'pending' && !closing.signal.aborted
        ? checkFile().then(
            () => undefined,
            (error: unknown) => {
              if (closing.signal.aborted) return;
              full = { state: 'pending', checked: 0, head: 0 };
              log.error('ledger.background_verify_failed', { error: String(error) });
              const fault = diskFault(error);
              if (fault) gate?.stop(fault, String(error));
              changed();
            },
          )
        : Promise.resolve());

  // The disk under the ledger failed: stop, say so, and try again only with a full check.
  let probeTimer: NodeJS.Timeout | null = null;
  let reverifying = false;
  const probe = () => {
    if (!gate || gate.state.open || reverifying || !diskFailure) return;
    const state = gate.state;
    if (state.cause !== 'disk_io' && state.cause !== 'disk_full') return;
    const works = probeDiskWrite(dataDir);
    if (!works.ok) return;
    if (state.cause === 'disk_full' && freeDiskBytes(dataDir) < LEDGER_RESUME_BYTES) return;
    reverifying = true;
    gate.reverifying();
    log.info('ledger.disk_works_again', { cause: state.cause });
    checkFile()
      .then(
        (sound) => {
          if (!sound) return;
          gate.reopen();
          if (diskFailure) diskFailure = { ...diskFailure, resumedAt: now() };
          log.info('ledger.recording_resumed', { afterFailureAt: diskFailure?.at });
          changed();
        },
        (error: unknown) => {
          if (closing.signal.aborted) return;
          // Still failing underneath: stopped again, and the probe goes on.
          full = { state: 'pending', checked: 0, head: 0 };
          gate.stop(diskFault(error) ?? state.cause, String(error));
        },
      )
      .finally(() => (reverifying = false));
  };
  let wasOpen = gate?.state.open ?? true;
  const stopChange = gate?.onChange((state) => {
    if (!state.open && (state.cause === 'disk_io' || state.cause === 'disk_full') && !state.reverifying && wasOpen) {
      // A new failure (not the same one still failing during a re-check).
      const failures = (diskFailure?.failures ?? 0) + 1;
      diskFailure = { at: state.since, cause: state.cause, resumedAt: null, failures };
      log.error('ledger.write_stopped', { cause: state.cause, detail: state.detail, failures });
      if (failures > MAX_AUTO_RESUMES) {
        log.error('ledger.write_stopped_for_good', { failures });
        if (probeTimer) clearInterval(probeTimer);
        probeTimer = null;
      } else if (!probeTimer) {
        probeTimer = setInterval(probe, options.probeEveryMs ?? PROBE_EVERY_MS);
        probeTimer.unref();
        timers.add(probeTimer);
      }
    }
    wasOpen = state.open;
    changed();
  });

  return {
    startCheck,
    verified,
    state: () => ({
      schema,
      checkpoint: checkpointState,
      full,
      write: gate?.state ?? { open: true },
      diskFailure,
    }),
    verifyInBackground,
    acknowledged,
    keysChanged,
    close() {
      closing.abort(new Error('the station is closing'));
      stopWritten?.();
      stopChange?.();
      if (keepTimer) clearTimeout(keepTimer);
      for (const timer of timers) clearInterval(timer);
      // The last events of the run get their checkpoint before the ledger closes.
      if (db?.open && gate?.state.open && verified) {
        try {
          secrets ??= readSecrets(dataDir);
          const base = checkpoint ?? { seq: 0, hash: GENESIS_HASH, at: '' };
          const check =
            secrets && verifyLedger(db, stationKeyRing(secrets), { checkpoint: base, scope: 'after-checkpoint' });
          if (secrets && check && check.ok && check.lastSeq > base.seq) {
            checkpoint = writeCheckpointSync(dataDir, secrets.privateKey, { seq: check.lastSeq, hash: check.lastHash });
            markKept(db);
          }
        } catch (error) {
          log.error('ledger.checkpoint_failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
  };
}
