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
import {
  EVENT_PAYLOADS,
  GENESIS_HASH,
  createEvent,
  type EventPayload,
  type EventType,
  type SignedEvent,
} from '../../protocol/events.ts';
import type { LedgerClock } from './clock.ts';
import { COLUMNS, toEvent, type EventRow } from './event-rows.ts';
import { prepared } from '../storage/sql.ts';

export { verifyLedger, type LedgerCheck, type LedgerProblem } from './verification.ts';

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
