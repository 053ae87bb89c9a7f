// Delivering the ledger to the hub (protocol §7): the events after the outbox cursor, in
// sequence order, in batches; after each answer the cursor moves to the hub's acknowledgement
// (its highest contiguous sequence), and what the hub held apart or found in conflict is kept
// beside the events (outbox.ts). The cursor moves only on an answer the hub signed, in one
// ledger transaction with the outcome, so a station killed at any moment resumes exactly
// where the last acknowledgement left it; resending after a lost answer is always safe
// (the hub counts duplicates, never twice).
import type Database from 'better-sqlite3';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { acknowledge, readEvents } from '../ledger/ledger.ts';
import { outboxState, recordOutcome } from './outbox.ts';

export type PushProgress = { sent: number; total: number; ackSeq: number };

export type PushSummary = {
  /** Events the hub counted for the first time in this run. */
  accepted: number;
  /** Events sent (duplicates and rejected ones included). */
  sent: number;
  rejected: number;
  conflicts: number;
  /** The hub's acknowledgement after the last answer. */
  ackSeq: number;
  /** The hub holds events beyond the ledger's last one (a ledger restored from an older copy). */
  hubAhead: { hubSeq: number; headSeq: number } | null;
};

export type PushOptions = {
  batchSize: number;
  signal?: AbortSignal;
  now?: () => number;
  onProgress?: (progress: PushProgress) => void;
  /** After each acknowledgement: the cursor moved to `ackSeq`. */
  onAcknowledged?: (ackSeq: number) => void;
};

/** The hub's sequence in a sequence_gap refusal, or null. */
function gapAt(error: unknown): number | null {
  if (!(error instanceof HubClientError) || error.code !== 'sequence_gap') return null;
  const ackSeq = (error.details as { ackSeq?: unknown } | undefined)?.ackSeq;
  return typeof ackSeq === 'number' && Number.isInteger(ackSeq) && ackSeq >= 0 ? ackSeq : null;
}

/**
 * Pushes until the hub holds every event the ledger had when the batch was read (events
 * recorded meanwhile go too). Throws what the client throws; everything acknowledged before
 * the failure stays acknowledged.
 */
export async function pushBacklog(
  db: Database.Database,
  client: HubClient,
  options: PushOptions,
): Promise<PushSummary> {
  const now = options.now ?? Date.now;
  const start = outboxState(db);
  // Where the next batch starts. Usually the outbox cursor; lower when the hub holds less than
  // it acknowledged once (a hub restored from a backup says so with sequence_gap).
  let from = start.ackedSeq;
  const summary: PushSummary = { accepted: 0, sent: 0, rejected: 0, conflicts: 0, ackSeq: from, hubAhead: null };
  let total = start.headSeq - start.ackedSeq;
  let restarts = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = readEvents(db, { afterSeq: from, limit: options.batchSize });
    if (batch.length === 0) return summary;
    let answer;
    try {
      answer = await client.push(batch);
    } catch (error) {
      const hubSeq = gapAt(error);
      // The hub holds up to hubSeq and our batch started elsewhere: continue from its word,
      // within what this ledger holds. Twice in a row without progress is a real fault.
      if (hubSeq === null || restarts >= 2) throw error;
      restarts += 1;
      const head = outboxState(db).headSeq;
      from = Math.min(hubSeq, head);
      if (hubSeq > head) summary.hubAhead = { hubSeq, headSeq: head };
      total = Math.max(total, head - from);
      continue;
    }
    restarts = 0;
    summary.sent += batch.length;
    summary.accepted += answer.accepted;
    summary.rejected += answer.rejected.length;
    summary.conflicts += answer.conflicts.length;
    summary.ackSeq = answer.ackSeq;
    const head = outboxState(db).headSeq;
    // The hub may acknowledge beyond what this ledger holds (events it received from an earlier
    // copy of it): the cursor stops at the ledger's last event, and the technician is told.
    const acked = Math.min(answer.ackSeq, head);
    summary.hubAhead = answer.ackSeq > head ? { hubSeq: answer.ackSeq, headSeq: head } : summary.hubAhead;
    db.transaction(() => {
      recordOutcome(db, answer, now());
      if (acked > 0) acknowledge(db, acked, now());
    })();
    options.onAcknowledged?.(acked);
    options.onProgress?.({ sent: summary.sent, total: Math.max(total, summary.sent), ackSeq: answer.ackSeq });
    const last = batch[batch.length - 1]!.seq;
    if (acked <= from && acked < last) {
      // An answer that acknowledges nothing new cannot be worked past by sending the same again.
      throw new HubClientError({
        kind: 'bad_answer',
        url: client.baseUrl,
        message: `The hub acknowledged ${answer.ackSeq} for a batch of events ${batch[0]!.seq}–${last}: no progress`,
      });
    }
    from = Math.max(acked, from);
  }
}
