// Provisional learning hours from this station's ledger, through the protocol's hours
// engine (protocol/hour-rules.ts) — the same code the hub runs, so the figure a learner sees
// here is the hub's figure for what happened at this station. It is provisional: the hub
// also counts other stations, and may publish another rule version. A tap of a card the
// roster did not know counts for the learner the last pulled roster gives its hash.
//
// One learner's year (learner.summary, after every tap) must not read the whole ledger: at
// 100,000 events that took a second. Hours are computed per session, and a learner's figure
// depends only on the sessions they appear in. So learnerYearHours finds those sessions
// through two indexes (migration 003: sessions naming the learner, sessions where a card
// the roster now gives them was tapped while unknown), and keeps each session's computed
// entries — for all its learners — until the session changes (a new last event), the rule
// set changes, or the roster resolves one of its unknown cards differently. The figure is the
// one computeHours gives over the whole ledger (hours.test.ts checks that, event for event).
import type Database from 'better-sqlite3';
import {
  computeHours,
  type HourEvent,
  summariseHours,
  type HoursOptions,
  type LearnerHours,
  type RuleSet,
  type SessionHours,
} from '../../protocol/hour-rules.ts';
import { readEvents } from '../ledger/ledger.ts';
import { learnerByCardHash, type Classroom, type Learner } from './classroom.ts';
import { prepared } from '../storage/sql.ts';

/** Each learner's hours in one session. */
export function sessionHours(classroom: Classroom, sessionId: string, rules: RuleSet): SessionHours[] {
  return computeHours(readEvents(classroom.db, { sessionId }), rules, resolver(classroom)).entries;
}

/**
 * The class screen's live figure for one session: as sessionHours, and while the session is
 * open, with what its player has played since its last recorded segment and presence up to
 * now. Provisional twice over: nothing here is stored or sent.
 */
export function liveSessionHours(
  classroom: Classroom,
  sessionId: string,
  rules: RuleSet,
): { playedMinutes: number; entries: SessionHours[] } {
  const events: HourEvent[] = readEvents(classroom.db, { sessionId });
  const clock = classroom.ledger.clock;
  const now = { wallTime: clock.wallTime(), bootId: clock.bootId, monoMs: clock.monoMs(), hubOffsetMs: 0 };
  const player = classroom.players.get(sessionId);
  const running = player?.tracker.running();
  const opened = events.find((event) => event.type === 'session.opened');
  if (running && opened)
    events.push({
      ...now,
      id: '',
      stationId: opened.stationId,
      seq: Number.MAX_SAFE_INTEGER - 1,
      type: 'playback.segment',
      payload: { sessionId, ...player!.source, ...running },
      ruleVersion: opened.ruleVersion,
    });
  const { entries, played } = computeHours(events, rules, { ...resolver(classroom), openUntil: now });
  return { playedMinutes: played[0]?.playedMinutes ?? 0, entries };
}

/**
 * Each learner's year so far against the target of their level: `learners` by default is
 * the whole roster. The year is the calendar year in the rule set's time zone.
 */
export function yearHours(
  classroom: Classroom,
  rules: RuleSet,
  year: number,
  learners?: readonly Pick<Learner, 'id' | 'level'>[],
): LearnerHours[] {
  const roster =
    learners ??
    (prepared(classroom.catalog, 'SELECT id, level FROM learners ORDER BY id').all() as Pick<
      Learner,
      'id' | 'level'
    >[]);
  const rulesKey = JSON.stringify(rules);
  const resolve = cachedResolver(classroom);
  const memo = currentMemo(classroom.db);
  // Only the sessions that can fall in the year: those opened from a day before it began on
  // the station clock (slack for any zone and hub offset); each computed once until it changes.
  const since = Date.parse(`${year}-01-01T00:00:00Z`) - DAY_MS;
  const sessions = prepared(
    classroom.db,
    "SELECT session_id FROM events WHERE type = 'session.opened' AND wall_time >= ? ORDER BY session_id",
    { pluck: true },
  ).all(since) as string[];
  const entries: SessionHours[] = [];
  for (const sessionId of sessions)
    entries.push(...sessionEntries(classroom, memo, sessionId, rules, rulesKey, resolve).values());
  return summariseHours({ entries, learners: roster, rules, from: `${year}-01-01`, to: `${year}-12-31` });
}

type SessionMemo = {
  rules: string;
  /** The unknown cards tapped in the session and the learner the roster gave each (undefined: nobody). */
  unknown: Map<string, string | undefined>;
  /** The session's entries by learner. */
  byLearner: Map<string, SessionHours>;
};

/** Computed sessions of one ledger connection, and the last sequence they account for. */
type LedgerMemo = { headSeq: number; sessions: Map<string, SessionMemo> };

const DAY_MS = 86_400_000;

const memos = new WeakMap<Database.Database, LedgerMemo>();

const UNKNOWN_CARD_TYPES = new Set(['check_in.unknown_card', 'check_out.unknown_card']);

/**
 * The computed sessions, with those that gained events since the last call forgotten: the
 * ledger only grows, so the sessions the events after the last head name are the only ones
 * whose entries can have changed.
 */
function currentMemo(db: Database.Database): LedgerMemo {
  const head =
    (prepared(db, 'SELECT seq FROM events ORDER BY seq DESC LIMIT 1', { pluck: true }).get() as number | undefined) ??
    0;
  let memo = memos.get(db);
  if (!memo || head < memo.headSeq) memos.set(db, (memo = { headSeq: 0, sessions: new Map() }));
  if (head > memo.headSeq) {
    const changed = prepared(db, 'SELECT DISTINCT session_id FROM events WHERE seq > ?', { pluck: true }).all(
      memo.headSeq,
    ) as (string | null)[];
    for (const sessionId of changed) if (sessionId !== null) memo.sessions.delete(sessionId);
    memo.headSeq = head;
  }
  return memo;
}

/** The sessions in which `learner` may have earned hours: named in them, or their card tapped while unknown. */
function sessionsOf(classroom: Classroom, learnerId: string): string[] {
  const named = prepared(classroom.db, 'SELECT DISTINCT session_id FROM events WHERE learner_id = ?', {
    pluck: true,
  }).all(learnerId) as string[];
  const card = prepared(classroom.catalog, 'SELECT card_hash FROM learners WHERE id = ?', { pluck: true }).get(
    learnerId,
  ) as string | null | undefined;
  if (!card) return named;
  const tapped = prepared(
    classroom.db,
    `SELECT DISTINCT session_id FROM events WHERE type IN ('check_in.unknown_card', 'check_out.unknown_card') AND json_extract(payload, '$.cardHash') = ?`,
    { pluck: true },
  ).all(card) as string[];
  return tapped.length === 0 ? named : [...new Set([...named, ...tapped])];
}

/** A session's entries by learner, computed now or kept from before if nothing they depend on changed. */
function sessionEntries(
  classroom: Classroom,
  memo: LedgerMemo,
  sessionId: string,
  rules: RuleSet,
  rulesKey: string,
  resolve: (cardHash: string) => string | undefined,
): Map<string, SessionHours> {
  const kept = memo.sessions.get(sessionId);
  if (
    kept &&
    kept.rules === rulesKey &&
    [...kept.unknown].every(([cardHash, learnerId]) => resolve(cardHash) === learnerId)
  )
    return kept.byLearner;
  const events = readEvents(classroom.db, { sessionId });
  const unknown = new Map<string, string | undefined>();
  for (const event of events)
    if (UNKNOWN_CARD_TYPES.has(event.type)) {
      const cardHash = (event.payload as { cardHash: string }).cardHash;
      if (!unknown.has(cardHash)) unknown.set(cardHash, resolve(cardHash));
    }
  const { entries } = computeHours(events, rules, { learnerByCardHash: (cardHash) => unknown.get(cardHash) });
  const byLearner = new Map(entries.map((entry) => [entry.learnerId, entry]));
  memo.sessions.set(sessionId, { rules: rulesKey, unknown, byLearner });
  return byLearner;
}

/**
 * One learner's year so far against the target of their level — what yearHours gives for
 * them — reading only their sessions, each computed once until it changes.
 */
export function learnerYearHours(
  classroom: Classroom,
  rules: RuleSet,
  year: number,
  learner: Pick<Learner, 'id' | 'level'>,
): LearnerHours {
  const rulesKey = JSON.stringify(rules);
  const resolve = cachedResolver(classroom);
  const memo = currentMemo(classroom.db);
  const entries: SessionHours[] = [];
  // In session id order, as computeHours lists them: the same sums in the same order.
  for (const sessionId of sessionsOf(classroom, learner.id).sort()) {
    const entry = sessionEntries(classroom, memo, sessionId, rules, rulesKey, resolve).get(learner.id);
    if (entry) entries.push(entry);
  }
  const [hours] = summariseHours({ entries, learners: [learner], rules, from: `${year}-01-01`, to: `${year}-12-31` });
  return hours!;
}

/** The learner's sessions of the year at this station with what each earned, newest first ("我的学时"). */
export function learnerYearSessions(
  classroom: Classroom,
  rules: RuleSet,
  year: number,
  learnerId: string,
): { date: string; title: string; mode: 'class' | 'self_study'; creditedMinutes: number; hours: number }[] {
  const memo = currentMemo(classroom.db);
  const resolve = (cardHash: string) => learnerByCardHash(classroom, cardHash)?.id;
  const rulesKey = JSON.stringify(rules);
  const out = [];
  for (const sessionId of sessionsOf(classroom, learnerId).sort().reverse()) {
    const entry = sessionEntries(classroom, memo, sessionId, rules, rulesKey, resolve).get(learnerId);
    if (!entry || !entry.date.startsWith(`${year}-`)) continue;
    const title = prepared(
      classroom.db,
      "SELECT json_extract(payload, '$.title') FROM events WHERE session_id = ? AND type = 'session.opened'",
      { pluck: true },
    ).get(sessionId) as string;
    out.push({
      date: entry.date,
      title,
      mode: entry.mode,
      creditedMinutes: entry.creditedMinutes,
      hours: entry.hours,
    });
  }
  return out;
}

const warming = new WeakMap<Database.Database, Promise<number>>();

/**
 * Computes, in the background, every session learnerYearHours has not computed yet, so even
 * a learner's first tap after a start is answered from memory: slices of about 10 ms with a
 * turn of the event loop between them, so taps go first. Once per ledger connection; resolves
 * with how many sessions it computed.
 */
export function warmLearnerHours(classroom: Classroom, rules: () => RuleSet, sliceMs = 10): Promise<number> {
  let running = warming.get(classroom.db);
  if (!running) {
    running = (async () => {
      const sessions = prepared(classroom.db, 'SELECT DISTINCT session_id FROM events WHERE session_id IS NOT NULL', {
        pluck: true,
      }).all() as string[];
      let computed = 0;
      let started = performance.now();
      for (const sessionId of sessions) {
        if (performance.now() - started > sliceMs) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!classroom.db.open || !classroom.catalog.open) break;
          started = performance.now();
        }
        // Afresh at every step: events appended meanwhile forget the sessions they belong to.
        const memo = currentMemo(classroom.db);
        if (memo.sessions.has(sessionId)) continue;
        const current = rules();
        sessionEntries(
          classroom,
          memo,
          sessionId,
          current,
          JSON.stringify(current),
          (cardHash) => learnerByCardHash(classroom, cardHash)?.id,
        );
        computed += 1;
      }
      return computed;
    })();
    warming.set(classroom.db, running);
  }
  return running;
}

/** The roster as it is now, asked once per card: the same unknown cards recur in many sessions. */
function cachedResolver(classroom: Classroom): (cardHash: string) => string | undefined {
  const resolved = new Map<string, string | undefined>();
  return (cardHash) => {
    if (!resolved.has(cardHash)) resolved.set(cardHash, learnerByCardHash(classroom, cardHash)?.id);
    return resolved.get(cardHash);
  };
}

function resolver(classroom: Classroom): HoursOptions {
  return { learnerByCardHash: (cardHash) => learnerByCardHash(classroom, cardHash)?.id };
}

/** The calendar year now on the station calendar (the rule set's time zone, hub time). */
export function currentYear(classroom: Classroom): number {
  return Number(classroom.calendar.today().slice(0, 4));
}
