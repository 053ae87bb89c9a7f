// Card attendance. A tap's card number is hashed with the site key at once and goes no
// further; the roster is searched by that hash. In an open class a tap checks the learner in
// or out, forgiving the way people tap (the rule set's windows, tapDecision): a card checked
// in less than retapWindowMinutes ago answers "already checked in" and records nothing, and a
// check-out before minPresenceMinutes waits for a second tap to confirm it. Outside a class,
// a tap belongs to self-study (self-study.ts). The same card again within the debounce window
// is ignored: readers repeat a card left on them. An unknown card tapped in a class is a
// signed `check_in.unknown_card` / `check_out.unknown_card` event (alternating per card hash,
// with the same windows) carrying only the keyed hash, which the hours engine credits to the
// learner the roster later gives that hash, here and at the hub. The tap is also kept as
// pending — its hash and a masked number, never the number — for the organiser's list.
// An organiser's corrections are events too, naming them and the reason: a manual check-in,
// an early leave (check_out.manual) and the undoing of a check-out (a `void` correction).
import { keyedCardHash } from '../../protocol/card-hash.ts';
import { tapDecision } from '../../protocol/hour-rules.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { learnerByCardHash, learnerById, record, type Classroom, type Learner, type Organiser } from './classroom.ts';
import { Refused } from '../runtime/refusal.ts';
import { prepared } from '../storage/sql.ts';
import { maskCardNumber } from './privacy.ts';
import { selfStudyTap, type SelfStudyTapResult } from './self-study.ts';
import { currentClass, getSession } from './sessions.ts';

export type TapResult =
  | { kind: 'ignored' }
  | {
      kind: 'checked_in' | 'checked_out' | 'already_checked_in' | 'confirm_check_out';
      sessionId: string;
      learner: Learner;
    }
  | { kind: 'unknown_card'; sessionId: string | null; masked: string; pendingId: string }
  | SelfStudyTapResult;

/** How long a first check-out tap waits for the second one that confirms it. */
export const CONFIRM_CHECK_OUT_MS = 60_000;

type AttendanceType = 'check_in' | 'check_in.manual' | 'check_out' | 'check_out.manual';
type UnknownCardType = 'check_in.unknown_card' | 'check_out.unknown_card';
type LastAttendance = {
  id: string;
  type: AttendanceType | UnknownCardType;
  wallTime: number;
  bootId: string;
  monoMs: number;
};

// Events an organiser voided (an undone check-out) count for nothing, here as in the hours engine.
const NOT_VOIDED = `id NOT IN (SELECT json_extract(payload, '$.targetEventId') FROM events
  WHERE session_id = @session AND type = 'correction' AND json_extract(payload, '$.action') = 'void')`;
const LAST_COLUMNS = 'SELECT id, type, wall_time AS wallTime, boot_id AS bootId, mono_ms AS monoMs FROM events';

/**
 * The learner's last check-in or check-out in the session that still counts. With their card
 * hash, taps of that card made while the roster did not know it count too (they are the learner's).
 */
function lastAttendance(
  classroom: Classroom,
  sessionId: string,
  learnerId: string,
  cardHash?: string,
): LastAttendance | null {
  if (cardHash === undefined)
    return (
      (prepared(
        classroom.db,
        `${LAST_COLUMNS} WHERE session_id = @session AND learner_id = @learner AND type IN ('check_in', 'check_in.manual', 'check_out', 'check_out.manual') AND ${NOT_VOIDED} ORDER BY seq DESC LIMIT 1`,
      ).get({ session: sessionId, learner: learnerId }) as LastAttendance | undefined) ?? null
    );
  return (
    (prepared(
      classroom.db,
      `${LAST_COLUMNS} WHERE session_id = @session AND (
        (learner_id = @learner AND type IN ('check_in', 'check_in.manual', 'check_out', 'check_out.manual'))
        OR (type IN ('check_in.unknown_card', 'check_out.unknown_card') AND json_extract(payload, '$.cardHash') = @card)
      ) AND ${NOT_VOIDED} ORDER BY seq DESC LIMIT 1`,
    ).get({ session: sessionId, learner: learnerId, card: cardHash }) as LastAttendance | undefined) ?? null
  );
}

function lastUnknownCardTap(classroom: Classroom, sessionId: string, cardHash: string): LastAttendance | null {
  return (
    (prepared(
      classroom.db,
      `${LAST_COLUMNS} WHERE session_id = @session AND type IN ('check_in.unknown_card', 'check_out.unknown_card') AND json_extract(payload, '$.cardHash') = @card ORDER BY seq DESC LIMIT 1`,
    ).get({ session: sessionId, card: cardHash }) as LastAttendance | undefined) ?? null
  );
}

const isOrganiser = (classroom: Classroom, learnerId: string) =>
  prepared(classroom.catalog, 'SELECT organiser FROM learners WHERE id = ?', { pluck: true }).get(learnerId) === 1;

const isCheckIn = (last: LastAttendance | null) => last !== null && last.type.startsWith('check_in');

/** Minutes from an event to now: on the monotonic clock within a boot, on the wall clock across a reboot. */
function minutesSince(classroom: Classroom, event: LastAttendance): number {
  const clock = classroom.ledger.clock;
  const ms = event.bootId === clock.bootId ? clock.monoMs() - event.monoMs : clock.wallTime() - event.wallTime;
  return Math.max(0, ms) / 60_000;
}

/**
 * A card read by a reader. The result is what the screen confirms; by the time it returns,
 * the event behind it (if any) is durable in the ledger.
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
  const attendance = lastAttendance(classroom, sessionId, learner.id, cardHash);
  const asked = classroom.confirmingCheckOut.get(cardHash);
  classroom.confirmingCheckOut.delete(cardHash);
  const decision = tapDecision(
    {
      present: isCheckIn(attendance),
      minutesSinceCheckIn: attendance ? minutesSince(classroom, attendance) : 0,
      confirming: asked !== undefined && asked.sessionId === sessionId && now - asked.atMono <= CONFIRM_CHECK_OUT_MS,
    },
    classroom.rules(),
  );
  // An organiser's card also opens the class screen (organiser.unlock takes this tap): while
  // they are in the class it only names them, never checks them out — they leave with the
  // class's close, or an early leave they mark by hand.
  if ((decision === 'check_out' || decision === 'confirm_check_out') && isOrganiser(classroom, learner.id))
    return { kind: 'already_checked_in', sessionId, learner };
  switch (decision) {
    case 'already_checked_in':
      return { kind: 'already_checked_in', sessionId, learner };
    case 'confirm_check_out':
      classroom.confirmingCheckOut.set(cardHash, { sessionId, atMono: now });
      return { kind: 'confirm_check_out', sessionId, learner };
    case 'check_out':
      record(classroom, { type: 'check_out', payload: { sessionId, learnerId: learner.id } });
      return { kind: 'checked_out', sessionId, learner };
    case 'check_in':
      record(classroom, { type: 'check_in', payload: { sessionId, learnerId: learner.id, cardHash } });
      return { kind: 'checked_in', sessionId, learner };
  }
}

function pending(classroom: Classroom, sessionId: string | null, cardHash: string, masked: string): TapResult {
  const clock = classroom.ledger.clock;
  const last = sessionId === null ? null : lastUnknownCardTap(classroom, sessionId, cardHash);
  // An unknown card tapped again "to be sure" is answered the same way and records nothing.
  if (isCheckIn(last) && minutesSince(classroom, last!) < classroom.rules().retapWindowMinutes) {
    const kept = prepared(
      classroom.db,
      'SELECT id FROM pending_cards WHERE session_id = ? AND card_hash = ? ORDER BY id DESC LIMIT 1',
      { pluck: true },
    ).get(sessionId, cardHash) as string;
    return { kind: 'unknown_card', sessionId, masked, pendingId: kept };
  }
  const pendingId = uuidv7(clock.wallTime());
  classroom.db
    .transaction(() => {
      if (sessionId !== null) {
        const type = isCheckIn(last) ? 'check_out.unknown_card' : 'check_in.unknown_card';
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

/** The roster's card hash of a learner (their taps made while unknown are theirs too). */
function cardHashOf(classroom: Classroom, learnerId: string): string | undefined {
  return (
    (prepared(classroom.catalog, 'SELECT card_hash FROM learners WHERE id = ?', { pluck: true }).get(learnerId) as
      string | null | undefined) ?? undefined
  );
}

/** An organiser's correction to a learner in a class still open: the learner's last attendance that counts. */
function correctable(classroom: Classroom, input: { sessionId: string; learnerId: string }): LastAttendance | null {
  const session = getSession(classroom, input.sessionId);
  if (session.status === 'closed') throw new Refused('session_closed', `Session ${input.sessionId} is closed`);
  if (!learnerById(classroom, input.learnerId))
    throw new Refused('unknown_learner', `Learner ${input.learnerId} is not on the roster`);
  return lastAttendance(classroom, input.sessionId, input.learnerId, cardHashOf(classroom, input.learnerId));
}

export type OrganiserCorrection = { sessionId: string; learnerId: string; reason: string };

/**
 * An organiser checks a learner in by hand (forgotten card, broken reader, a card still
 * pending), with a reason; the event names the organiser, so it is audited like any record.
 */
export function manualCheckIn(classroom: Classroom, input: OrganiserCorrection, organiser: Organiser): void {
  if (isCheckIn(correctable(classroom, input)))
    throw new Refused('already_present', `Learner ${input.learnerId} is already checked in`);
  record(classroom, {
    type: 'check_in.manual',
    payload: { sessionId: input.sessionId, learnerId: input.learnerId, reason: input.reason, operator: organiser.name },
  });
}

/** A present learner left without tapping (called away, unwell): their presence ends now, with the reason. */
export function markEarlyLeave(classroom: Classroom, input: OrganiserCorrection, organiser: Organiser): void {
  if (!isCheckIn(correctable(classroom, input)))
    throw new Refused('not_present', `Learner ${input.learnerId} is not checked in`);
  classroom.confirmingCheckOut.clear();
  record(classroom, {
    type: 'check_out.manual',
    payload: { sessionId: input.sessionId, learnerId: input.learnerId, reason: input.reason, operator: organiser.name },
  });
}

/**
 * A check-out by mistake (a tap on the way to the washroom, the wrong card) is undone: the
 * check-out is voided, so the learner is present again as if it had not happened.
 */
export function undoCheckOut(classroom: Classroom, input: OrganiserCorrection, organiser: Organiser): void {
  const last = correctable(classroom, input);
  if (last === null || isCheckIn(last))
    throw new Refused('not_checked_out', `Learner ${input.learnerId} has no check-out to undo`);
  record(classroom, {
    type: 'correction',
    payload: {
      sessionId: input.sessionId,
      learnerId: input.learnerId,
      action: 'void',
      targetEventId: last.id,
      reason: input.reason,
      operator: organiser.name,
    },
  });
}

/** `learner` is null for someone no longer on the roster. */
export type AttendanceRow = {
  learnerId: string;
  learner: Learner | null;
  present: boolean;
  manual: boolean;
  /** The reason an organiser gave for an early leave, when that is how the learner left. */
  earlyLeave: string | null;
  firstInWall: number;
  /** The last check-out that counts, while the learner is not present. */
  outWall: number | null;
  lastWall: number;
};

/**
 * Who came to a session, and who is still there: the organiser's list. Taps of a card the
 * roster has learned since count for its learner; those still unknown are in pendingCards.
 * Voided events (undone check-outs) count for nothing.
 */
export function attendanceOf(classroom: Classroom, sessionId: string): AttendanceRow[] {
  const events = prepared(
    classroom.db,
    `SELECT learner_id, type, json_extract(payload, '$.cardHash') AS card_hash, json_extract(payload, '$.reason') AS reason, wall_time FROM events
      WHERE session_id = @session AND type IN ('check_in', 'check_in.manual', 'check_out', 'check_out.manual', 'check_in.unknown_card', 'check_out.unknown_card')
      AND ${NOT_VOIDED} ORDER BY seq`,
  ).all({ session: sessionId }) as {
    learner_id: string | null;
    type: AttendanceType | UnknownCardType;
    card_hash: string | null;
    reason: string | null;
    wall_time: number;
  }[];
  const byLearner = new Map<string, AttendanceRow>();
  for (const event of events) {
    let learnerId = event.learner_id;
    let type = event.type;
    if (type === 'check_in.unknown_card' || type === 'check_out.unknown_card') {
      learnerId = learnerByCardHash(classroom, event.card_hash!)?.id ?? null;
      type = type === 'check_in.unknown_card' ? 'check_in' : 'check_out';
    }
    if (learnerId === null) continue;
    let entry = byLearner.get(learnerId);
    if (!entry) {
      const learner = learnerById(classroom, learnerId);
      entry = {
        learnerId,
        learner,
        present: false,
        manual: false,
        earlyLeave: null,
        firstInWall: event.wall_time,
        outWall: null,
        lastWall: event.wall_time,
      };
      byLearner.set(learnerId, entry);
    }
    entry.present = type.startsWith('check_in');
    entry.manual ||= type === 'check_in.manual';
    entry.earlyLeave = type === 'check_out.manual' ? event.reason : null;
    entry.outWall = entry.present ? null : event.wall_time;
    entry.lastWall = event.wall_time;
  }
  return [...byLearner.values()];
}
