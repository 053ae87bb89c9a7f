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
import { EVENT_PAYLOADS, GENESIS_HASH, createEvent, verifyChain, type ChainProblem, type EventPayload, type EventType, type SignedEvent } from '../../protocol/events.ts';
import type { LedgerClock } from './clock.ts';

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
  readonly append: (event: SignedEvent) => void;
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
    throw new LedgerError('not_durable', `ledger.db must be opened with journal_mode=WAL and synchronous=FULL (found ${String(journal)}, ${String(synchronous)})`);
  }
  const first = db.prepare('SELECT station_id FROM events WHERE seq = 1').get() as { station_id: string } | undefined;
  if (first && first.station_id !== options.stationId) {
    throw new LedgerError('other_station', `ledger.db holds the events of station ${first.station_id}, not ${options.stationId}`);
  }
  const insert = db.prepare(INSERT);
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
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
 * WAL was fsynced by the commit): only then may the screen confirm a tap. The payload is
 * validated against the protocol first, so the ledger never holds an event the hub refuses.
 */
export function appendEvent<T extends EventType>(ledger: Ledger, input: AppendInput<T>): SignedEvent {
  const payload = EVENT_PAYLOADS[input.type].parse(input.payload) as EventPayload<T>;
  return ledger.db.transaction(() => {
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
  }).immediate();
}

type EventRow = {
  seq: number; id: string; v: number; station_id: string; type: string; payload: string; wall_time: number;
  boot_id: string; mono_ms: number; hub_offset_ms: number; rule_version: number; prev_hash: string; hash: string; sig: string;
};

const COLUMNS = 'seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig';

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
export function readEvents(db: Database.Database, filter: { sessionId?: string; afterSeq?: number; limit?: number } = {}): SignedEvent[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.sessionId !== undefined) { where.push('session_id = ?'); args.push(filter.sessionId); }
  if (filter.afterSeq !== undefined) { where.push('seq > ?'); args.push(filter.afterSeq); }
  const sql = `SELECT ${COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${filter.limit !== undefined ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
  return (db.prepare(sql).all(...args) as EventRow[]).map(toEvent);
}

export type LedgerCheck =
  | { ok: true; events: number; lastSeq: number; lastHash: string }
  | { ok: false; seq: number; problem: ChainProblem | 'unreadable' | 'truncated' };

const VERIFY_PAGE = 5000;

/**
 * The start-up check (DESIGN decision 7): every row rebuilt into its event and the whole
 * chain verified with protocol verifyChain — contiguous sequence, one station, each
 * prevHash the hash before it, each hash recomputed, each signature. An edited row fails its
 * hash, a deleted one leaves a sequence gap, two rows with swapped sequence numbers fail
 * their hashes; the first bad sequence is reported. A chain alone cannot show that its last
 * events were cut off, so the outbox cursor is checked too: the hub acknowledged holding
 * events up to acked_seq, and the ledger must still hold them.
 */
export function verifyLedger(db: Database.Database, publicKey: string): LedgerCheck {
  let after = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  let stationId: string | undefined;
  const page = db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ${VERIFY_PAGE}`);
  for (;;) {
    const rows = page.all(after.seq) as EventRow[];
    if (rows.length === 0) break;
    const events: SignedEvent[] = [];
    for (const row of rows) {
      try {
        events.push(toEvent(row));
      } catch {
        // Events before the unreadable one still get their own verdict first.
        const check = verifyChain(events, publicKey, after);
        return check.ok ? { ok: false, seq: row.seq, problem: 'unreadable' } : check;
      }
    }
    // verifyChain checks one station per call; a page boundary must not hide a change.
    stationId ??= events[0]!.stationId;
    const other = events.find((event) => event.stationId !== stationId);
    const check = verifyChain(other ? events.slice(0, events.indexOf(other) + 1) : events, publicKey, after);
    if (!check.ok) return check;
    if (other) return { ok: false, seq: other.seq, problem: 'station' };
    after = { seq: check.lastSeq, hash: check.lastHash };
    count += events.length;
  }
  const outbox = db.prepare('SELECT acked_seq, acked_hash FROM outbox').get() as { acked_seq: number; acked_hash: string };
  if (outbox.acked_seq > after.seq) return { ok: false, seq: after.seq + 1, problem: 'truncated' };
  return { ok: true, events: count, lastSeq: after.seq, lastHash: after.hash };
}

/** Events the hub has not acknowledged yet, oldest first: the next push batch. */
export function unacknowledged(db: Database.Database, limit: number): SignedEvent[] {
  const { acked_seq: ackedSeq } = db.prepare('SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  return readEvents(db, { afterSeq: ackedSeq, limit });
}

/** Moves the outbox cursor to the hub's answer (its highest contiguous sequence). */
export function acknowledge(db: Database.Database, ackSeq: number, at: number): void {
  const row = db.prepare('SELECT hash FROM events WHERE seq = ?').get(ackSeq) as { hash: string } | undefined;
  if (!row) throw new RangeError(`The hub acknowledged sequence ${ackSeq}, which this ledger does not hold`);
  const current = db.prepare('SELECT acked_seq FROM outbox').get() as { acked_seq: number };
  if (ackSeq <= current.acked_seq) return;
  db.prepare('UPDATE outbox SET acked_seq = ?, acked_hash = ?, acked_at = ? WHERE id = 1').run(ackSeq, row.hash, at);
}
