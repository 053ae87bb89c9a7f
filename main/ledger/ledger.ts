// The learning-records ledger: protocol events appended to ledger.db's `events` table
// (migration 002_events.sql), signed, hash-chained, and durable before appendEvent returns.
//
// Which station id the events carry. The hub gives the station its id at enrollment and
// accepts only events that name it (hub/ingest.ts station_mismatch), and verifyChain wants
// one station id over a whole chain; events already signed cannot be re-signed under another
// id because the table is append-only. So the ledger is opened with the enrolled station id
// and there is no "unenrolled" placeholder: before enrollment nothing can be recorded —
// which costs nothing, because before enrollment the station has no card-hash key, no
// roster, no schedule and no rule set, so no tap could be attributed to a learner anyway.
// The signing key is the one made at first start and registered at enrollment, so every
// event this ledger ever holds verifies under the public key the hub knows.
import type Database from 'better-sqlite3';
import { verify } from '../../protocol/crypto.ts';
import {
  EVENT_PAYLOADS,
  GENESIS_HASH,
  createEvent,
  hashEvent,
  verifyChain,
  type ChainProblem,
  type EventPayload,
  type EventType,
  type SignedEvent,
} from '../../protocol/events.ts';
import type { LedgerClock } from './clock.ts';
import { prepared } from '../storage/sql.ts';

export interface LedgerOptions {
  /** The station id from enrollment (station_meta `station_id`). */
  stationId: string;
  /** The station's Ed25519 private seed, base64 (the key file's `privateKey`). */
  privateKey: string;
  clock: LedgerClock;
  /** hub time − station clock, as last measured; read at every append. */
  hubOffsetMs: () => number;
  /** The version of the hour rules in force; read at every append. */
  ruleVersion: () => number;
}

export interface Ledger extends LedgerOptions {
  readonly db: Database.Database;
  /**
   * Inserts an event signed elsewhere, as it is (the triggers still refuse anything that does
   * not continue the chain). For appendEvent, and for filling a ledger in bulk in tests and
   * benchmarks; the station records through appendEvent.
   */
  readonly append: (event: SignedEvent) => void;
  /** The last event's sequence and hash (0 and the genesis hash for an empty ledger). */
  readonly head: () => { seq: number; hash: string };
}

export class LedgerError extends Error {
  readonly code: 'not_durable' | 'other_station';
  constructor(code: LedgerError['code'], message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}

const INSERT = `INSERT INTO events (seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig)
  VALUES (@seq, @id, @v, @stationId, @type, @payload, @wallTime, @bootId, @monoMs, @hubOffsetMs, @ruleVersion, @prevHash, @hash, @sig)`;

/**
 * A writer on an opened, migrated ledger.db (main/storage openLedger). Refuses a database
 * that would not make a commit durable (WAL with synchronous=FULL fsyncs the log at every
 * commit), and one whose events belong to another station id.
 */
export function openLedgerWriter(db: Database.Database, options: LedgerOptions): Ledger {
  const journal = db.pragma('journal_mode', { simple: true });
  const synchronous = db.pragma('synchronous', { simple: true });
  if (journal !== 'wal' || synchronous !== 2) {
    throw new LedgerError(
      'not_durable',
      `ledger.db must be opened with journal_mode=WAL and synchronous=FULL (found ${String(journal)}, ${String(synchronous)})`,
    );
  }
  const first = prepared(db, 'SELECT station_id FROM events WHERE seq = 1').get() as { station_id: string } | undefined;
  if (first && first.station_id !== options.stationId) {
    throw new LedgerError(
      'other_station',
      `ledger.db holds the events of station ${first.station_id}, not ${options.stationId}`,
    );
  }
  const insert = prepared(db, INSERT);
  const last = prepared(db, 'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  return {
    ...options,
    db,
    append: (event) => insert.run({ ...event, payload: JSON.stringify(event.payload) }),
    head: () => (last.get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS_HASH },
  };
}

export type AppendInput<T extends EventType = EventType> = { type: T; payload: EventPayload<T> };

/**
 * Builds, signs and commits the next event. When this returns, the event is on disk (the
 * WAL was fsynced by the commit): only then may the screen confirm a tap. Called inside a
 * caller's transaction it becomes part of it, durable when that commits. The payload is
 * validated against the protocol first, so the ledger never holds an event the hub refuses.
 */
export function appendEvent<T extends EventType>(ledger: Ledger, input: AppendInput<T>): SignedEvent {
  const payload = EVENT_PAYLOADS[input.type].parse(input.payload) as EventPayload<T>;
  return ledger.db
    .transaction(() => {
      // Read inside the write transaction, so two writers on one file could never share a seq.
      const head = ledger.head();
      const event = createEvent({
        stationId: ledger.stationId,
        seq: head.seq + 1,
        prevHash: head.hash,
        type: input.type,
        payload,
        wallTime: Math.round(ledger.clock.wallTime()),
        bootId: ledger.clock.bootId,
        monoMs: ledger.clock.monoMs(),
        hubOffsetMs: Math.round(ledger.hubOffsetMs()),
        ruleVersion: ledger.ruleVersion(),
        privateKey: ledger.privateKey,
      });
      ledger.append(event);
      return event;
    })
    .immediate();
}

type EventRow = {
  seq: number;
  id: string;
  v: number;
  station_id: string;
  type: string;
  payload: string;
  wall_time: number;
  boot_id: string;
  mono_ms: number;
  hub_offset_ms: number;
  rule_version: number;
  prev_hash: string;
  hash: string;
  sig: string;
};

const COLUMNS =
  'seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig';

/** The event a row stores; throws when the payload is not JSON (an edited row). */
function toEvent(row: EventRow): SignedEvent {
  return {
    v: row.v,
    id: row.id,
    stationId: row.station_id,
    seq: row.seq,
    type: row.type,
    payload: JSON.parse(row.payload),
    wallTime: row.wall_time,
    bootId: row.boot_id,
    monoMs: row.mono_ms,
    hubOffsetMs: row.hub_offset_ms,
    ruleVersion: row.rule_version,
    prevHash: row.prev_hash,
    hash: row.hash,
    sig: row.sig,
  } as SignedEvent;
}

/** Events in sequence order, optionally only one session's or those after a sequence. */
export function readEvents(
  db: Database.Database,
  filter: { sessionId?: string; afterSeq?: number; limit?: number } = {},
): SignedEvent[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.sessionId !== undefined) {
    where.push('session_id = ?');
    args.push(filter.sessionId);
  }
  if (filter.afterSeq !== undefined) {
    where.push('seq > ?');
    args.push(filter.afterSeq);
  }
  const sql = `SELECT ${COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${filter.limit !== undefined ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
  return (prepared(db, sql).all(...args) as EventRow[]).map(toEvent);
}

export type LedgerProblem = ChainProblem | 'unreadable' | 'truncated';
export type LedgerCheck =
  { ok: true; events: number; lastSeq: number; lastHash: string } | { ok: false; seq: number; problem: LedgerProblem };

type RangeCheck =
  { ok: true; events: number; lastSeq: number; lastHash: string } | { ok: false; seq: number; problem: LedgerProblem };

const VERIFY_PAGE = 5000;

/**
 * verifyChain without the signatures: sequence, station, prevHash and recomputed hash. Used
 * only where one verified signature further on vouches for every hash before it.
 */
function verifyHashes(
  events: readonly SignedEvent[],
  after: { seq: number; hash: string },
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
function verifyRange(
  db: Database.Database,
  publicKey: string,
  stationId: string,
  after: { seq: number; hash: string },
  until: number,
  signatures: boolean,
): RangeCheck {
  const page = prepared(
    db,
    `SELECT ${COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${VERIFY_PAGE}`,
  );
  const check = (events: SignedEvent[], from: { seq: number; hash: string }) => {
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
    const rows = page.all(after.seq, until) as EventRow[];
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
  }
}

/**
 * The start-up check (docs/architecture.md, decision 5): every row rebuilt into its event and the chain
 * verified — contiguous sequence, one station, each prevHash the hash before it, each hash
 * recomputed, each signature. An edited row fails its hash, a deleted one leaves a sequence
 * gap, two rows with swapped sequence numbers break the chain; the first bad sequence is
 * reported.
 *
 * Signatures cost most of the time (about 0.1 ms each), and the ledger only grows. So the
 * events the hub has acknowledged are checked by their hashes and chain, anchored by the
 * signature of the last acknowledged event: its hash covers the whole chain before it, so a
 * forger who edits an old event and recomputes every hash after it still fails that one
 * signature without the key — and then every signature is checked, to name the first bad
 * event. (A damaged signature of an acknowledged event, content intact, goes unnoticed: the
 * hub verified and holds that event already.) Everything after the cursor — what will be
 * pushed — is checked signature by signature with protocol verifyChain.
 *
 * A chain alone cannot show that its last events were cut off, so the cursor is checked too:
 * the hub acknowledged holding events up to acked_seq, and the ledger must still hold them.
 */
export function verifyLedger(db: Database.Database, publicKey: string): LedgerCheck {
  const first = prepared(db, 'SELECT station_id FROM events ORDER BY seq LIMIT 1').get() as
    { station_id: string } | undefined;
  const { acked_seq: ackedSeq } = prepared(db, 'SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  if (!first)
    return ackedSeq > 0
      ? { ok: false, seq: 1, problem: 'truncated' }
      : { ok: true, events: 0, lastSeq: 0, lastHash: GENESIS_HASH };
  const stationId = first.station_id;
  const genesis = { seq: 0, hash: GENESIS_HASH };
  let acknowledged: RangeCheck = { ok: true, events: 0, lastSeq: 0, lastHash: GENESIS_HASH };
  if (ackedSeq > 0) {
    acknowledged = verifyRange(db, publicKey, stationId, genesis, ackedSeq, false);
    if (!acknowledged.ok) return acknowledged;
    if (acknowledged.lastSeq < ackedSeq) return { ok: false, seq: acknowledged.lastSeq + 1, problem: 'truncated' };
    const anchor = prepared(db, 'SELECT sig FROM events WHERE seq = ?').get(ackedSeq) as { sig: string };
    if (!verify(acknowledged.lastHash, anchor.sig, publicKey)) {
      const located = verifyRange(db, publicKey, stationId, genesis, ackedSeq, true);
      return located.ok ? { ok: false, seq: ackedSeq, problem: 'signature' } : located;
    }
  }
  const rest = verifyRange(
    db,
    publicKey,
    stationId,
    { seq: acknowledged.lastSeq, hash: acknowledged.lastHash },
    Number.MAX_SAFE_INTEGER,
    true,
  );
  if (!rest.ok) return rest;
  return { ok: true, events: acknowledged.events + rest.events, lastSeq: rest.lastSeq, lastHash: rest.lastHash };
}

/** Events the hub has not acknowledged yet, oldest first: the next push batch. */
export function unacknowledged(db: Database.Database, limit: number): SignedEvent[] {
  const { acked_seq: ackedSeq } = prepared(db, 'SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  return readEvents(db, { afterSeq: ackedSeq, limit });
}

/** Moves the outbox cursor to the hub's answer (its highest contiguous sequence). */
export function acknowledge(db: Database.Database, ackSeq: number, at: number): void {
  const row = prepared(db, 'SELECT hash FROM events WHERE seq = ?').get(ackSeq) as { hash: string } | undefined;
  if (!row) throw new RangeError(`The hub acknowledged sequence ${ackSeq}, which this ledger does not hold`);
  const current = prepared(db, 'SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  if (ackSeq <= current.acked_seq) return;
  prepared(db, 'UPDATE outbox SET acked_seq = ?, acked_hash = ?, acked_at = ? WHERE id = 1').run(ackSeq, row.hash, at);
}
