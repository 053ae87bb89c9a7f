// Card attendance. A tap's card number is hashed with the site key at once and goes no
// further; the roster is searched by that hash. In an open class, check-in and check-out
// alternate per learner. Outside a class, a tap belongs to self-study (self-study.ts).
// The same card again within the debounce window is ignored: readers repeat a card left on
// them, and a learner taps twice to be sure. An unknown card tapped in a class is a signed
// `check_in.unknown_card` / `check_out.unknown_card` event (alternating per card hash, with
// the same debounce) carrying only the keyed hash, which the hours engine credits to the
// learner the roster later gives that hash, here and at the hub. The tap is also kept as
// pending — its hash and a masked number, never the number — for the organiser's list.
import { keyedCardHash } from '../../protocol/card-hash.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { learnerByCardHash, learnerById, record, type Classroom, type Learner, type Organiser } from './classroom.ts';
import { Refused } from '../runtime/refusal.ts';
import { prepared } from '../storage/sql.ts';
import { maskCardNumber } from './privacy.ts';
import { selfStudyTap, type SelfStudyTapResult } from './self-study.ts';
import { currentClass, getSession } from './sessions.ts';

export type TapResult =
  | { kind: 'ignored' }
  | { kind: 'checked_in' | 'checked_out'; sessionId: string; learner: Learner }
  | { kind: 'unknown_card'; sessionId: string | null; masked: string; pendingId: string }
  | SelfStudyTapResult;

type AttendanceType = 'check_in' | 'check_in.manual' | 'check_out';
type UnknownCardType = 'check_in.unknown_card' | 'check_out.unknown_card';

/**
 * The learner's last check-in or check-out in the session. With their card hash, taps of
 * that card made while the roster did not know it count too (they are the learner's).
 */
function lastAttendance(
  classroom: Classroom,
  sessionId: string,
  learnerId: string,
  cardHash?: string,
): AttendanceType | UnknownCardType | null {
  if (cardHash === undefined) {
    const row = prepared(
      classroom.db,
      `SELECT type FROM events WHERE session_id = ? AND learner_id = ? AND type IN ('check_in', 'check_in.manual', 'check_out') ORDER BY seq DESC LIMIT 1`,
    ).get(sessionId, learnerId) as { type: AttendanceType } | undefined;
    return row?.type ?? null;
  }
  const row = prepared(
    classroom.db,
    `SELECT type FROM events WHERE session_id = ? AND (
      (learner_id = ? AND type IN ('check_in', 'check_in.manual', 'check_out'))
      OR (type IN ('check_in.unknown_card', 'check_out.unknown_card') AND json_extract(payload, '$.cardHash') = ?)
    ) ORDER BY seq DESC LIMIT 1`,
  ).get(sessionId, learnerId, cardHash) as { type: AttendanceType | UnknownCardType } | undefined;
  return row?.type ?? null;
}

function lastUnknownCardTap(classroom: Classroom, sessionId: string, cardHash: string): UnknownCardType | null {
  const row = prepared(
    classroom.db,
    `SELECT type FROM events WHERE session_id = ? AND type IN ('check_in.unknown_card', 'check_out.unknown_card') AND json_extract(payload, '$.cardHash') = ? ORDER BY seq DESC LIMIT 1`,
  ).get(sessionId, cardHash) as { type: UnknownCardType } | undefined;
  return row?.type ?? null;
}

/**
 * A card read by a reader. The result is what the screen confirms; by the time it returns,
 * the event behind it is durable in the ledger.
 */
export function tap(classroom: Classroom, cardNumber: string): TapResult {
  const cardHash = keyedCardHash(classroom.cardHashKey, cardNumber);
  const now = classroom.ledger.clock.monoMs();
  const last = classroom.lastTapMono.get(cardHash);
  // Sliding: a card held on the reader keeps being ignored for as long as it is held.
  classroom.lastTapMono.set(cardHash, now);
  if (last !== undefined && now - last < classroom.debounceMs) return { kind: 'ignored' };

  const session = currentClass(classroom);
  const learner = learnerByCardHash(classroom, cardHash);
  if (!learner) return pending(classroom, session?.sessionId ?? null, cardHash, maskCardNumber(cardNumber));
  if (!session) return selfStudyTap(classroom, learner, cardHash);
  const sessionId = session.sessionId;
  if (lastAttendance(classroom, sessionId, learner.id, cardHash)?.startsWith('check_in')) {
    record(classroom, { type: 'check_out', payload: { sessionId, learnerId: learner.id } });
    return { kind: 'checked_out', sessionId, learner };
  }
  record(classroom, { type: 'check_in', payload: { sessionId, learnerId: learner.id, cardHash } });
  return { kind: 'checked_in', sessionId, learner };
}

function pending(classroom: Classroom, sessionId: string | null, cardHash: string, masked: string): TapResult {
  const clock = classroom.ledger.clock;
  const pendingId = uuidv7(clock.wallTime());
  classroom.db
    .transaction(() => {
      if (sessionId !== null) {
        const type =
          lastUnknownCardTap(classroom, sessionId, cardHash) === 'check_in.unknown_card'
            ? 'check_out.unknown_card'
            : 'check_in.unknown_card';
        record(classroom, { type, payload: { sessionId, cardHash } });
      }
      prepared(
        classroom.db,
        'INSERT INTO pending_cards (id, session_id, card_hash, masked, wall_time, boot_id, mono_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(pendingId, sessionId, cardHash, masked, clock.wallTime(), clock.bootId, clock.monoMs());
    })
    .immediate();
  return { kind: 'unknown_card', sessionId, masked, pendingId };
}

export type PendingCard = {
  id: string;
  sessionId: string | null;
  masked: string;
  wallTime: number;
  resolvedLearnerId: string | null;
};

export function pendingCards(classroom: Classroom, sessionId?: string): PendingCard[] {
  const rows = prepared(
    classroom.db,
    `SELECT id, session_id, masked, wall_time, resolved_learner_id FROM pending_cards ${sessionId === undefined ? '' : 'WHERE session_id = ?'} ORDER BY id`,
  ).all(...(sessionId === undefined ? [] : [sessionId])) as {
    id: string;
    session_id: string | null;
    masked: string;
    wall_time: number;
    resolved_learner_id: string | null;
  }[];
  return rows.map((row) => ({
    id: row.id,
    sessionId: row.session_id,
    masked: row.masked,
    wallTime: row.wall_time,
    resolvedLearnerId: row.resolved_learner_id,
  }));
}

/**
 * After a roster pull: pending taps whose card the hub has since put on the roster are
 * marked with their learner, for the organiser's screen. Returns how many were resolved.
 */
export function resolvePendingCards(classroom: Classroom): number {
  const open = prepared(
    classroom.db,
    'SELECT id, card_hash FROM pending_cards WHERE resolved_learner_id IS NULL',
  ).all() as { id: string; card_hash: string }[];
  const resolve = prepared(
    classroom.db,
    'UPDATE pending_cards SET resolved_learner_id = ?, resolved_at = ? WHERE id = ?',
  );
  let resolved = 0;
  for (const row of open) {
    const learner = learnerByCardHash(classroom, row.card_hash);
    if (!learner) continue;
    resolve.run(learner.id, classroom.ledger.clock.wallTime(), row.id);
    resolved += 1;
  }
  return resolved;
}

/**
 * An organiser checks a learner in by hand (forgotten card, broken reader, a card still
 * pending), with a reason; the event names the organiser, so it is audited like any record.
 */
export function manualCheckIn(
  classroom: Classroom,
  input: { sessionId: string; learnerId: string; reason: string },
  organiser: Organiser,
): void {
  const session = getSession(classroom, input.sessionId);
  if (session.status === 'closed') throw new Refused('session_closed', `Session ${input.sessionId} is closed`);
  if (!learnerById(classroom, input.learnerId))
    throw new Refused('unknown_learner', `Learner ${input.learnerId} is not on the roster`);
  const cardHash =
    (
      prepared(classroom.catalog, 'SELECT card_hash FROM learners WHERE id = ?').get(input.learnerId) as
        { card_hash: string | null } | undefined
    )?.card_hash ?? undefined;
  if (lastAttendance(classroom, input.sessionId, input.learnerId, cardHash)?.startsWith('check_in'))
    throw new Refused('already_present', `Learner ${input.learnerId} is already checked in`);
  record(classroom, {
    type: 'check_in.manual',
    payload: { sessionId: input.sessionId, learnerId: input.learnerId, reason: input.reason, operator: organiser.name },
  });
}

/** `learner` is null for someone no longer on the roster. */
export type AttendanceRow = {
  learnerId: string;
  learner: Learner | null;
  present: boolean;
  manual: boolean;
  firstInWall: number;
  lastWall: number;
};

/**
 * Who came to a session, and who is still there: the organiser's list. Taps of a card the
 * roster has learned since count for its learner; those still unknown are in pendingCards.
 */
export function attendanceOf(classroom: Classroom, sessionId: string): AttendanceRow[] {
  const events = prepared(
    classroom.db,
    `SELECT learner_id, type, json_extract(payload, '$.cardHash') AS card_hash, wall_time FROM events
      WHERE session_id = ? AND type IN ('check_in', 'check_in.manual', 'check_out', 'check_in.unknown_card', 'check_out.unknown_card') ORDER BY seq`,
  ).all(sessionId) as {
    learner_id: string | null;
    type: AttendanceType | UnknownCardType;
    card_hash: string | null;
    wall_time: number;
  }[];
  const rows: { learner_id: string; type: AttendanceType; wall_time: number }[] = [];
  for (const event of events) {
    if (event.type === 'check_in.unknown_card' || event.type === 'check_out.unknown_card') {
      const learner = learnerByCardHash(classroom, event.card_hash!);
      if (learner)
        rows.push({
          learner_id: learner.id,
          type: event.type === 'check_in.unknown_card' ? 'check_in' : 'check_out',
          wall_time: event.wall_time,
        });
    } else {
      rows.push({ learner_id: event.learner_id!, type: event.type, wall_time: event.wall_time });
    }
  }
  const byLearner = new Map<string, AttendanceRow>();
  for (const row of rows) {
    let entry = byLearner.get(row.learner_id);
    if (!entry) {
      const learner = learnerById(classroom, row.learner_id);
      byLearner.set(
        row.learner_id,
        (entry = {
          learnerId: row.learner_id,
          learner,
          present: false,
          manual: false,
          firstInWall: row.wall_time,
          lastWall: row.wall_time,
        }),
      );
    }
    entry.present = row.type !== 'check_out';
    entry.manual ||= row.type === 'check_in.manual';
    entry.lastWall = row.wall_time;
  }
  return [...byLearner.values()];
}
