// The classroom domain's shared state: the ledger it records into, the catalogue it reads the
// roster and schedule from, the site's card-hash key, and the little that lives only in
// memory (debounce times, attention checks of self-study sessions, running players). All
// that matters is in the ledger, so a restart loses nothing but a debounce window and a
// running attention timer (a self-study session found open at start is closed).
import type Database from 'better-sqlite3';
import type { LearnerLevel, RuleSet } from '../../protocol/hour-rules.ts';
import { appendEvent, type AppendInput, type Ledger } from '../ledger/ledger.ts';
import type { EventType, SignedEvent } from '../../protocol/events.ts';
import { DEFAULT_ATTENTION, type AttentionOptions, type AttentionState } from './attention.ts';
import { prepared } from '../storage/sql.ts';
import type { PlaybackTracker } from './playback-tracker.ts';
import { catalogCalendar, type StationCalendar } from '../library/catalog/station-calendar.ts';
import { currentRuleSet } from '../library/catalog/rule-sets.ts';
import { logPlayback } from './playback-rows.ts';

export type ClassroomOptions = {
  ledger: Ledger;
  /** catalog.db: the roster (learners) and the schedule as last pulled from the hub. */
  catalog: Database.Database;
  /** The site's card-hash key, base64 (the key file's cardHashKey, given at enrollment). */
  cardHashKey: string;
  /** The same card again within this time is ignored (a card left on the reader). */
  debounceMs?: number;
  /** A scheduled class closes by itself this long after its scheduled end. */
  graceMs?: number;
  attention?: Partial<AttentionOptions>;
  /** The rule set in force; by default the newest the hub published (catalog.db), else the protocol's default. */
  rules?: () => RuleSet;
};

export type Player = { tracker: PlaybackTracker; source: { lessonId: string | null; channelId: string | null } };

export type Classroom = {
  ledger: Ledger;
  db: Database.Database;
  catalog: Database.Database;
  /** Today and the rule set's zone on the ledger's clock, hub-corrected: the station calendar. */
  calendar: StationCalendar;
  cardHashKey: string;
  debounceMs: number;
  graceMs: number;
  attention: AttentionOptions;
  lastTapMono: Map<string, number>;
  /** The rule set in force: hours, and the windows that forgive a second tap. */
  rules: () => RuleSet;
  /** A first check-out tap waiting for its confirmation, by card hash (monotonic time). */
  confirmingCheckOut: Map<string, { sessionId: string; atMono: number }>;
  /** Self-study sessions running now: sessionId → learner and attention check. */
  selfStudy: Map<string, { learnerId: string; attention: AttentionState }>;
  /** The player of each session that is playing something, by sessionId. */
  players: Map<string, Player>;
  /** After a session's close is recorded (the hub link sends the class's records soon after). */
  onSessionClosed?: (sessionId: string) => void;
};

export function createClassroom(options: ClassroomOptions): Classroom {
  return {
    ledger: options.ledger,
    db: options.ledger.db,
    catalog: options.catalog,
    calendar: catalogCalendar(options.catalog, options.ledger.hubOffsetMs, options.ledger.clock.wallTime),
    cardHashKey: options.cardHashKey,
    debounceMs: options.debounceMs ?? 5000,
    graceMs: options.graceMs ?? 15 * 60_000,
    attention: { ...DEFAULT_ATTENTION, random: Math.random, ...options.attention },
    lastTapMono: new Map(),
    rules: options.rules ?? (() => currentRuleSet(options.catalog)),
    confirmingCheckOut: new Map(),
    selfStudy: new Map(),
    players: new Map(),
  };
}

/**
 * Who does an organiser's action, by the name the audit trail shows. The channel layer
 * checked their organiser session (organiser-sessions.ts) before the domain sees them; the
 * domain's functions do not check again.
 */
export type Organiser = { name: string };

export function record<T extends EventType>(classroom: Classroom, input: AppendInput<T>): SignedEvent {
  return appendEvent(classroom.ledger, input);
}

export type Learner = { id: string; name: string; unit: string; level: LearnerLevel };

export function learnerByCardHash(classroom: Classroom, cardHash: string): Learner | null {
  return (
    (prepared(classroom.catalog, 'SELECT id, name, unit, level FROM learners WHERE card_hash = ?').get(cardHash) as
      Learner | undefined) ?? null
  );
}

export function learnerById(classroom: Classroom, learnerId: string): Learner | null {
  return (
    (prepared(classroom.catalog, 'SELECT id, name, unit, level FROM learners WHERE id = ?').get(learnerId) as
      Learner | undefined) ?? null
  );
}

/**
 * Records what the session's player played up to its last position, and forgets the player.
 * Stopped while playing, the stop is in the playback log as a pause where it stood.
 */
export function stopPlayback(classroom: Classroom, sessionId: string): void {
  const player = classroom.players.get(sessionId);
  if (!player) return;
  classroom.players.delete(sessionId);
  const { playing, mediaS } = player.tracker.state();
  if (playing) logPlayback(classroom, sessionId, player.source, 'pause', mediaS, classroom.ledger.clock.monoMs());
  for (const segment of player.tracker.stop())
    record(classroom, { type: 'playback.segment', payload: { sessionId, ...player.source, ...segment } });
}
