// Receiving learning events (protocol.md §7). A batch is checked whole before anything is
// written, inside one transaction: a batch with one bad event stores nothing and the
// station is told which event and why. What the hub verifies:
//   - every event names the station that signed the request;
//   - sequences ascend without holes inside the batch, and the first one the hub does not
//     hold yet is exactly ackSeq + 1;
//   - each new event's hash, signature and prevHash (chain continuity from the last event
//     the hub holds);
//   - an event the hub already holds: same hash → a no-op (the station resent after a lost
//     answer); different hash → a conflict, kept in `conflicts` and reported, never merged;
//   - clocks: an event claiming a hub time in the future, or whose wall clock moved
//     differently from its monotonic clock since the previous event of the same boot, is
//     stored and flagged for a person to look at — hours are measured on the monotonic
//     clock, so a flag never changes a figure by itself.
import { ProtocolError } from '../protocol/errors.ts';
import { verify } from '../protocol/crypto.ts';
import { hashEvent } from '../protocol/events.ts';
import type { SignedEvent } from '../protocol/events.ts';
import type { PushResponse } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import type { StationRow } from './stations.ts';

type Conflict = PushResponse['conflicts'][number];
type Flag = PushResponse['flagged'][number];

/** How far an event's clocks may disagree with the hub's view before it is flagged. */
export const DEFAULT_CLOCK_BOUND_MS = 2 * 60_000;

type Previous = { bootId: string; monoMs: number; hubTime: number } | null;

export function pushEvents(
  db: HubDb,
  station: StationRow,
  events: readonly SignedEvent[],
  now: number,
  clockBoundMs: number = DEFAULT_CLOCK_BOUND_MS,
): PushResponse {
  for (const event of events) {
    if (event.stationId !== station.id)
      throw new ProtocolError('station_mismatch', `Event ${event.id} names station ${event.stationId}`, {
        eventId: event.id,
        seq: event.seq,
      });
  }
  for (let i = 1; i < events.length; i += 1) {
    if (events[i]!.seq !== events[i - 1]!.seq + 1)
      throw new ProtocolError(
        'sequence_order',
        `Sequence ${events[i]!.seq} follows ${events[i - 1]!.seq} in the batch`,
        { seq: events[i]!.seq },
      );
  }
  const heldBySeq = db.prepare('SELECT id, hash FROM events WHERE station_id = ? AND seq = ?');
  const heldById = db.prepare('SELECT seq, hash FROM events WHERE id = ?');
  const insertEvent = db.prepare(
    'INSERT INTO events (id, station_id, seq, type, session_id, hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertConflict = db.prepare(
    'INSERT OR IGNORE INTO conflicts (station_id, event_id, seq, reason, held_hash, received_hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertFlag = db.prepare('INSERT OR IGNORE INTO event_flags (event_id, flag, detail) VALUES (?, ?, ?)');

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
    const keepConflict = (event: SignedEvent, reason: Conflict['reason'], held: string) => {
      conflicts.push({ eventId: event.id, seq: event.seq, reason, heldHash: held, receivedHash: event.hash });
      insertConflict.run(station.id, event.id, event.seq, reason, held, event.hash, JSON.stringify(event), now);
    };

    const firstNew = events.findIndex((event) => event.seq > heldSeq);
    for (const event of firstNew === -1 ? events : events.slice(0, firstNew)) {
      const held = heldBySeq.get(station.id, event.seq) as { id: string; hash: string };
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
        const sameId = heldById.get(event.id) as { seq: number; hash: string } | undefined;
        if (sameId) {
          // An id the hub already holds at another sequence: the station's ledger diverged.
          // Nothing after it can chain, so the batch stops here; earlier events stand.
          keepConflict(event, 'id_hash_differs', sameId.hash);
          break;
        }
        if (hashEvent(event) !== event.hash)
          throw new ProtocolError('event_bad_hash', `Event ${event.seq} does not hash to its hash`, {
            eventId: event.id,
            seq: event.seq,
          });
        if (!verify(event.hash, event.sig, station.public_key))
          throw new ProtocolError('event_bad_signature', `Event ${event.seq} is not signed by this station`, {
            eventId: event.id,
            seq: event.seq,
          });
        if (event.prevHash !== lastHash)
          throw new ProtocolError('chain_broken', `Event ${event.seq} does not chain to event ${ackSeq}`, {
            eventId: event.id,
            seq: event.seq,
          });
        insertEvent.run(
          event.id,
          station.id,
          event.seq,
          event.type,
          event.payload.sessionId,
          event.hash,
          JSON.stringify(event),
          now,
        );
        for (const flag of clockFlags(event, previous, now, clockBoundMs)) {
          flagged.push(flag);
          insertFlag.run(flag.eventId, flag.flag, flag.detail);
        }
        previous = { bootId: event.bootId, monoMs: event.monoMs, hubTime: event.wallTime + event.hubOffsetMs };
        ackSeq = event.seq;
        lastHash = event.hash;
        accepted += 1;
      }
      db.prepare('UPDATE stations SET ack_seq = ?, last_hash = ? WHERE id = ?').run(ackSeq, lastHash, station.id);
    }
    return { ackSeq, accepted, duplicates, conflicts, flagged };
  })();
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
