// The one switch that says whether ledger.db may be written, and the guard that makes every
// write of the station's ledger connection go through it.
//
// Why a guard on the connection rather than checks in each domain: a failed fsync or a full
// disk shows up as an SQLite error wherever the commit happens — a tap's event, a pending
// card, the playback log, the outbox cursor — and the answer must be the same everywhere:
//   - the first failed write or sync stops all writing. After a failed fsync the kernel may
//     already have dropped the pages it could not write (they are marked clean and the error
//     is reported once), so a later commit that succeeds proves nothing about the ones
//     before it; recording resumes only after the ledger is opened afresh and verified again
//     (main/station/ledger-guardian.ts decides when);
//   - the caller gets a typed error the screen words (LEDGER_WRITE_FAILED, LEDGER_DISK_FULL),
//     not INTERNAL;
//   - while stopped, every write is refused before it reaches SQLite; reads go on (a learner's
//     hours, the attendance list).
// The guard wraps the connection's own methods (prepare, transaction, exec, pragma) once,
// when openLedger opens it: better-sqlite3 has no hook for this, and a wrapper per call site
// would be forgotten at the next one.
import type Database from 'better-sqlite3';
import { ContractError, type ErrorCode } from '../../preload/contract/errors.ts';

/** Why the ledger may not be written. */
export type WriteStopCause = 'disk_io' | 'disk_full' | 'chain_broken' | 'schema_mismatch';

export type GateState =
  | { open: true }
  | {
      open: false;
      cause: WriteStopCause;
      /** Unix ms of the stop. */
      since: number;
      /** What failed, for the log and the technician (an SQLite or errno code and message). */
      detail: string;
      /** The disk works again and the ledger is being verified before recording resumes. */
      reverifying: boolean;
    };

export interface LedgerGate {
  readonly state: GateState;
  /** Stops all writing. A disk cause never replaces a broken chain or schema, which no disk recovery undoes. */
  stop(cause: WriteStopCause, detail: string): void;
  /** The disk works again; the ledger is being verified (still closed). */
  reverifying(): void;
  /** Recording may resume (after a verification). */
  reopen(): void;
  /** Called whenever the state changes. */
  onChange(listener: (state: GateState) => void): () => void;
  /** Called after each successful commit of the guarded connection (outermost transaction or single statement). */
  onWritten(listener: () => void): () => void;
  /** The guard reports a successful commit (guardLedgerWrites calls it). */
  written(): void;
  /** The error a refused write throws. */
  refusal(): ContractError;
}

const GRAVE: readonly WriteStopCause[] = ['chain_broken', 'schema_mismatch'];

const ERRORS: Record<WriteStopCause, { code: ErrorCode; message: string }> = {
  disk_io: {
    code: 'LEDGER_WRITE_FAILED',
    message:
      'The disk failed to save a learning record; recording has stopped until the ledger is verified again. Call a technician.',
  },
  disk_full: {
    code: 'LEDGER_DISK_FULL',
    message: 'The disk is full; recording has stopped until space is freed and the ledger is verified again.',
  },
  chain_broken: {
    code: 'LEDGER_UNAVAILABLE',
    message: 'The ledger failed its verification; attendance is not recorded until a technician acts.',
  },
  schema_mismatch: {
    code: 'LEDGER_UNAVAILABLE',
    message: "The ledger's tables do not match this software's; attendance is not recorded until a technician acts.",
  },
};

export function createLedgerGate(now: () => number = Date.now): LedgerGate {
  let state: GateState = { open: true };
  const changed = new Set<(state: GateState) => void>();
  const written = new Set<() => void>();
  const set = (next: GateState) => {
    state = next;
    for (const listener of [...changed]) listener(state);
  };
  return {
    get state() {
      return state;
    },
    stop(cause, detail) {
      if (!state.open && (GRAVE.includes(state.cause) || (state.cause === cause && !state.reverifying))) return;
      set({ open: false, cause, since: now(), detail, reverifying: false });
    },
    reverifying() {
      if (!state.open && !state.reverifying) set({ ...state, reverifying: true });
    },
    reopen() {
      if (!state.open) set({ open: true });
    },
    onChange(listener) {
      changed.add(listener);
      return () => changed.delete(listener);
    },
    onWritten(listener) {
      written.add(listener);
      return () => written.delete(listener);
    },
    written() {
      for (const listener of [...written]) listener();
    },
    refusal() {
      const error = ERRORS[state.open ? 'disk_io' : state.cause];
      return new ContractError({ code: error.code, message: error.message });
    },
  };
}

/**
 * Whether an error means the disk failed under the ledger: SQLite's I/O errors (a failed
 * fsync is SQLITE_IOERR_FSYNC, a failed write SQLITE_IOERR_WRITE), a full disk (SQLITE_FULL,
 * from ENOSPC), pages that read back damaged (SQLITE_CORRUPT); and the same from Node's fs.
 */
export function diskFault(error: unknown): 'disk_io' | 'disk_full' | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT') || code === 'EIO') return 'disk_io';
  return null;
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
}

type Method = (...args: never[]) => unknown;

/**
 * Puts the gate in front of a connection: writes are refused while it is closed, a disk
 * failure closes it and answers the typed error, a successful commit is reported.
 */
export function guardLedgerWrites(db: Database.Database, gate: LedgerGate): void {
  const guarded = <T>(writes: boolean, call: () => T): T => {
    if (writes && !gate.state.open) throw gate.refusal();
    const outermost = !db.inTransaction;
    let result: T;
    try {
      result = call();
    } catch (error) {
      const fault = diskFault(error);
      if (!fault) throw error;
      gate.stop(fault, describe(error));
      throw gate.refusal();
    }
    if (writes && outermost && !db.inTransaction) gate.written();
    return result;
  };
  const wrap = <F extends Method>(method: F, writes: boolean, self: unknown): F =>
    function (this: unknown, ...args: Parameters<F>) {
      return guarded(writes, () => method.apply(self ?? this, args));
    } as F;

  const prepare = db.prepare.bind(db);
  db.prepare = ((...args: Parameters<typeof prepare>) => {
    const statement = prepare(...args);
    const writes = !statement.readonly;
    statement.run = wrap(statement.run, writes, statement);
    statement.get = wrap(statement.get, writes, statement);
    statement.all = wrap(statement.all, writes, statement);
    return statement;
  }) as typeof db.prepare;

  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<typeof transaction>[0]) => {
    const made = transaction(fn);
    const variant = (base: Method) => wrap(base, true, undefined);
    const wrapped = variant(made) as unknown as typeof made;
    Object.defineProperties(wrapped, {
      default: { value: wrapped },
      deferred: { value: variant(made.deferred) },
      immediate: { value: variant(made.immediate) },
      exclusive: { value: variant(made.exclusive) },
      database: { value: db, enumerable: true },
    });
    return wrapped;
  }) as typeof db.transaction;

  db.exec = wrap(db.exec.bind(db), true, db) as typeof db.exec;
  // Pragmas read or set connection state (and wal_checkpoint writes): never refused, but a
  // disk failure they meet stops the ledger like any other.
  db.pragma = wrap(db.pragma.bind(db), false, db) as typeof db.pragma;
}
