// Receiving learning events (protocol.md §7) in two halves: the events checked on worker
// threads (event-check.ts: schema, hash, which key signs), then one transaction on the main
// thread that places them in the station's chain. What the hub decides there:
//   - events it holds already (seq ≤ ackSeq): same id and hash → a no-op (the station resent
//     after a lost answer); anything else → a conflict, kept in `conflicts` and reported,
//     never merged;
//   - the first new event must be exactly ackSeq + 1 (sequence_gap otherwise: nothing stored);
//   - each new event is counted, or — if it fails its schema, names another station, does not
//     hash to its hash, does not chain to the event before it, is not signed by a key of the
//     station valid at its sequence, or reuses an id held elsewhere — held apart in
//     `rejected_events` with the reason, reported, and the chain goes on from its hash. So one
//     bad event never blocks the events after it, and nothing a station sends is lost;
//   - clocks: an event claiming a hub time in the future, or whose wall clock moved
//     differently from its monotonic clock since the previous event of the same boot, is
//     stored and flagged for a person to look at — hours are measured on the monotonic
//     clock, so a flag never changes a figure by itself.
// Sending the same batch twice changes nothing: every event of it is then a duplicate.
import { ProtocolError } from '../protocol/errors.ts';
import type { SignedEvent } from '../protocol/events.ts';
import type { PushResponse, RejectionCode } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import type { EventChecker, EventVerdict } from './event-check.ts';
import { stationKeys, type StationKey, type StationRow } from './stations.ts';

type Conflict = PushResponse['conflicts'][number];
type Flag = PushResponse['flagged'][number];
type Rejected = PushResponse['rejected'][number];

/** What the hub needs of an event to place it (wire.ts EventPlacementSchema); the rest is checked. */
export type PlacedEvent = { id: string; seq: number; prevHash: string; hash: string } & Record<string, unknown>;

/** How far an event's clocks may disagree with the hub's view before it is flagged. */
export const DEFAULT_CLOCK_BOUND_MS = 2 * 60_000;

type Previous = { bootId: string; monoMs: number; hubTime: number } | null;

/** A batch's order inside itself: contiguous and ascending, or nothing is looked at. */
function checkOrder(events: readonly PlacedEvent[]): void {
  for (let i = 1; i < events.length; i += 1) {
    if (events[i]!.seq !== events[i - 1]!.seq + 1)
      throw new ProtocolError(
        'sequence_order',
        `Sequence ${events[i]!.seq} follows ${events[i - 1]!.seq} in the batch`,
        { seq: events[i]!.seq },
      );
  }
}

/**
 * Receives a batch: the new events checked by `checker` (worker threads), then placed in one
 * transaction. `events` passed the envelope schema (PushEnvelopeSchema).
 */
export async function pushEvents(
  db: HubDb,
  checker: EventChecker,
  station: StationRow,
  events: readonly PlacedEvent[],
  now: number,
  clockBoundMs: number = DEFAULT_CLOCK_BOUND_MS,
): Promise<PushResponse> {
  checkOrder(events);
  // Only events beyond what the hub holds need checking; the transaction re-reads the
  // sequence, and it can only have grown, so nothing unchecked is ever counted.
  const heldSeq = (db.prepare('SELECT ack_seq FROM stations WHERE id = ?').get(station.id) as { ack_seq: number })
    .ack_seq;
  const fresh = events.filter((event) => event.seq > heldSeq);
  const keys = stationKeys(db, station.id);
  const verdicts = fresh.length
    ? await checker.check(
        fresh,
        keys.map((key) => key.publicKey),
      )
    : [];
  const bySeq = new Map(fresh.map((event, i) => [event.seq, verdicts[i]!]));
  return placeEvents(db, station, events, bySeq, keys, now, clockBoundMs);
}

/** Whether the key at `index` (newest first) may sign event `seq`: no newer key took over by then. */
function keyValidAt(keys: readonly StationKey[], index: number, seq: number): boolean {
  const key = keys[index];
  if (!key || (key.firstSeq !== null && key.firstSeq > seq)) return false;
  return keys.slice(0, index).every((newer) => newer.firstSeq === null || newer.firstSeq > seq);
}

function placeEvents(
  db: HubDb,
  station: StationRow,
  events: readonly PlacedEvent[],
  verdicts: ReadonlyMap<number, EventVerdict>,
  keys: StationKey[],
  now: number,
  clockBoundMs: number,
): PushResponse {
  const heldEvent = db.prepare('SELECT id, hash FROM events WHERE station_id = ? AND seq = ?');
  const heldRejected = db.prepare('SELECT event_id AS id, hash FROM rejected_events WHERE station_id = ? AND seq = ?');
  const heldById = db.prepare('SELECT seq, hash FROM events WHERE id = ?');
  const rejectedById = db.prepare('SELECT seq, hash FROM rejected_events WHERE event_id = ?');
  const insertEvent = db.prepare(
    'INSERT INTO events (id, station_id, seq, type, session_id, hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertRejected = db.prepare(
    'INSERT INTO rejected_events (station_id, seq, event_id, hash, code, message, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertConflict = db.prepare(
    'INSERT OR IGNORE INTO conflicts (station_id, event_id, seq, reason, held_hash, received_hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertFlag = db.prepare('INSERT OR IGNORE INTO event_flags (event_id, flag, detail) VALUES (?, ?, ?)');
  const startKey = db.prepare('UPDATE station_keys SET first_seq = ? WHERE public_key = ? AND first_seq IS NULL');

  return db.transaction((): PushResponse => {
    // Re-read inside the transaction: another request of the same station may have moved it.
    const { ack_seq: heldSeq, last_hash: heldHash } = db
      .prepare('SELECT ack_seq, last_hash FROM stations WHERE id = ?')
      .get(station.id) as { ack_seq: number; last_hash: string };
    let ackSeq = heldSeq;
    let lastHash = heldHash;
    let accepted = 0;
    let duplicates = 0;
    const conflicts: Conflict[] = [];
    const flagged: Flag[] = [];
    const rejected: Rejected[] = [];
    const keepConflict = (event: PlacedEvent, reason: Conflict['reason'], held: string) => {
      conflicts.push({ eventId: event.id, seq: event.seq, reason, heldHash: held, receivedHash: event.hash });
      insertConflict.run(station.id, event.id, event.seq, reason, held, event.hash, JSON.stringify(event), now);
    };
    const reject = (event: PlacedEvent, code: RejectionCode, message: string) => {
      rejected.push({ eventId: event.id, seq: event.seq, code, message });
      insertRejected.run(station.id, event.seq, event.id, event.hash, code, message, JSON.stringify(event), now);
    };

    const firstNew = events.findIndex((event) => event.seq > heldSeq);
    for (const event of firstNew === -1 ? events : events.slice(0, firstNew)) {
      const held = (heldEvent.get(station.id, event.seq) ?? heldRejected.get(station.id, event.seq)) as {
        id: string;
        hash: string;
      };
      if (held.id === event.id && held.hash === event.hash) duplicates += 1;
      else keepConflict(event, held.id === event.id ? 'id_hash_differs' : 'seq_taken', held.hash);
    }
    if (firstNew !== -1) {
      if (events[firstNew]!.seq !== heldSeq + 1) {
        throw new ProtocolError(
          'sequence_gap',
          `The hub holds up to ${heldSeq}; the batch continues at ${events[firstNew]!.seq}`,
          { ackSeq: heldSeq },
        );
      }
      let previous = previousClock(db, station.id, heldSeq);
      for (const event of events.slice(firstNew)) {
        const verdict = verdicts.get(event.seq);
        if (!verdict) throw new Error(`event ${event.seq} reached the transaction unchecked`);
        const sameId = (heldById.get(event.id) ?? rejectedById.get(event.id)) as { hash: string } | undefined;
        const problem = sameId
          ? // An id the hub already holds at another sequence: the station's ledger diverged.
            { code: 'id_conflict' as const, message: `The hub holds event ${event.id} at another sequence` }
          : (verdict.problem ?? chainProblem(event, verdict, station, lastHash, keys));
        if (sameId) keepConflict(event, 'id_hash_differs', sameId.hash);
        if (problem) {
          // Its clocks are not compared with anything: the next event is, with the last counted one.
          reject(event, problem.code, problem.message);
        } else {
          const signed = event as unknown as SignedEvent;
          const key = keys[verdict.keyIndex]!;
          if (key.firstSeq === null) {
            // The first event signed by a station's new key: from here on only it is valid.
            startKey.run(event.seq, key.publicKey);
            key.firstSeq = event.seq;
          }
          insertEvent.run(
            signed.id,
            station.id,
            signed.seq,
            signed.type,
            signed.payload.sessionId,
            signed.hash,
            JSON.stringify(signed),
            now,
          );
          for (const flag of clockFlags(signed, previous, now, clockBoundMs)) {
            flagged.push(flag);
            insertFlag.run(flag.eventId, flag.flag, flag.detail);
          }
          previous = { bootId: signed.bootId, monoMs: signed.monoMs, hubTime: signed.wallTime + signed.hubOffsetMs };
          accepted += 1;
        }
        ackSeq = event.seq;
        lastHash = event.hash;
      }
      db.prepare('UPDATE stations SET ack_seq = ?, last_hash = ? WHERE id = ?').run(ackSeq, lastHash, station.id);
    }
    return { ackSeq, accepted, duplicates, conflicts, flagged, rejected };
  })();
}

/** What is wrong with a well-formed event in its place in the chain, or null. */
function chainProblem(
  event: PlacedEvent,
  verdict: EventVerdict,
  station: StationRow,
  lastHash: string,
  keys: readonly StationKey[],
): { code: RejectionCode; message: string } | null {
  if (event.stationId !== station.id)
    return { code: 'station_mismatch', message: `Event ${event.seq} names station ${String(event.stationId)}` };
  if (event.prevHash !== lastHash)
    return { code: 'chain_broken', message: `Event ${event.seq} does not chain to event ${event.seq - 1}` };
  if (verdict.keyIndex === -1 || !keyValidAt(keys, verdict.keyIndex, event.seq))
    return {
      code: 'event_bad_signature',
      message: `Event ${event.seq} is not signed by the key of this station for that sequence`,
    };
  return null;
}

function previousClock(db: HubDb, stationId: string, seq: number): Previous {
  if (seq === 0) return null;
  const row = db.prepare('SELECT body FROM events WHERE station_id = ? AND seq = ?').get(stationId, seq) as
    { body: string } | undefined;
  if (!row) return null;
  const event = JSON.parse(row.body) as SignedEvent;
  return { bootId: event.bootId, monoMs: event.monoMs, hubTime: event.wallTime + event.hubOffsetMs };
}

function clockFlags(event: SignedEvent, previous: Previous, now: number, bound: number): Flag[] {
  const flags: Flag[] = [];
  const hubTime = event.wallTime + event.hubOffsetMs;
  if (hubTime > now + bound) {
    flags.push({
      eventId: event.id,
      seq: event.seq,
      flag: 'clock_future',
      detail: `claims hub time ${new Date(hubTime).toISOString()}, ${Math.round((hubTime - now) / 1000)} s ahead of the hub`,
    });
  }
  if (previous && previous.bootId === event.bootId) {
    const drift = hubTime - previous.hubTime - (event.monoMs - previous.monoMs);
    if (Math.abs(drift) > bound) {
      flags.push({
        eventId: event.id,
        seq: event.seq,
        flag: 'clock_jump',
        detail: `wall clock moved ${Math.round(drift / 1000)} s more than the monotonic clock since the previous event`,
      });
    }
  }
  return flags;
}
