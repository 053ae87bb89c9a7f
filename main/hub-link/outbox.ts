// The ledger's side of a push, as plain SQL functions: what is waiting, and what the hub said
// about what it was sent — events it holds apart (quarantine) and conflicts — kept in
// ledger.db beside the events (migration 004_sync_outcomes.sql). The outbox cursor itself
// (outbox.acked_seq) is main/ledger's.
import type Database from 'better-sqlite3';
import type { PushResponse, RejectionCode } from '../../protocol/wire.ts';
import { prepared } from '../storage/sql.ts';

export type QuarantinedEvent = {
  seq: number;
  eventId: string;
  type: string;
  code: string;
  message: string;
  reportedAt: number;
};
export type ConflictRecord = {
  seq: number;
  eventId: string;
  reason: string;
  heldHash: string;
  receivedHash: string;
  reportedAt: number;
};

/** The last sequence and the hub's acknowledgement: the backlog is the difference. */
export function outboxState(db: Database.Database): { headSeq: number; ackedSeq: number; ackedAt: number | null } {
  const head = prepared<[], number>(db, 'SELECT COALESCE(MAX(seq), 0) FROM events', { pluck: true }).get() ?? 0;
  const outbox = prepared<[], { acked_seq: number; acked_at: number | null }>(
    db,
    'SELECT acked_seq, acked_at FROM outbox',
  ).get()!;
  return { headSeq: head, ackedSeq: outbox.acked_seq, ackedAt: outbox.acked_at };
}

/** Keeps what the hub reported about a batch; reporting the same thing again adds nothing. */
export function recordOutcome(
  db: Database.Database,
  answer: Pick<PushResponse, 'rejected' | 'conflicts'>,
  at: number,
): void {
  const quarantine = prepared(
    db,
    'INSERT OR IGNORE INTO sync_quarantine (seq, event_id, code, message, reported_at) VALUES (?, ?, ?, ?, ?)',
  );
  const conflict = prepared(
    db,
    'INSERT OR IGNORE INTO sync_conflicts (seq, event_id, reason, held_hash, received_hash, reported_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of answer.rejected) quarantine.run(r.seq, r.eventId, r.code, r.message, at);
    for (const c of answer.conflicts) conflict.run(c.seq, c.eventId, c.reason, c.heldHash, c.receivedHash, at);
  })();
}

export function quarantinedEvents(db: Database.Database, limit: number): QuarantinedEvent[] {
  return prepared<[number], QuarantinedEvent>(
    db,
    `SELECT q.seq, q.event_id AS eventId, COALESCE(e.type, '') AS type, q.code, q.message, q.reported_at AS reportedAt
       FROM sync_quarantine q LEFT JOIN events e ON e.seq = q.seq ORDER BY q.seq DESC LIMIT ?`,
  ).all(limit);
}

export function conflictRecords(db: Database.Database, limit: number): ConflictRecord[] {
  return prepared<[number], ConflictRecord>(
    db,
    `SELECT seq, event_id AS eventId, reason, held_hash AS heldHash, received_hash AS receivedHash, reported_at AS reportedAt
       FROM sync_conflicts ORDER BY seq DESC, rowid DESC LIMIT ?`,
  ).all(limit);
}

export function syncOutcomeCounts(db: Database.Database): { quarantined: number; conflicts: number } {
  return {
    quarantined: prepared<[], number>(db, 'SELECT count(*) FROM sync_quarantine', { pluck: true }).get() ?? 0,
    conflicts: prepared<[], number>(db, 'SELECT count(*) FROM sync_conflicts', { pluck: true }).get() ?? 0,
  };
}

// A hub that refuses an event for these reasons says the station's own copy is not what was
// signed: the checkpoint must never vouch for it.
const LEDGER_FAULTS: readonly RejectionCode[] = ['event_bad_hash', 'event_bad_signature', 'chain_broken'];

/**
 * How far the hub's acknowledgement vouches for the ledger: up to `ackSeq`, but never past an
 * event the hub found unsigned, unhashed or unchained.
 */
export function vouchedSeq(db: Database.Database, ackSeq: number): number {
  const first = prepared<string[], number | null>(
    db,
    `SELECT MIN(seq) FROM sync_quarantine WHERE code IN (${LEDGER_FAULTS.map(() => '?').join(', ')})`,
    { pluck: true },
  ).get(...LEDGER_FAULTS);
  return first === null || first === undefined ? ackSeq : Math.min(ackSeq, first - 1);
}
