// Provisional learning hours from this station's ledger, through the protocol's hours
// engine (protocol/hour-rules.ts) — the same code the hub runs, so the figure a learner sees
// here is the hub's figure for what happened at this station. It is provisional: the hub
// also counts other stations, and may publish another rule version. A tap of a card the
// roster did not know counts for the learner the last pulled roster gives its hash.
import {
  computeHours,
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
  const { entries } = computeHours(readEvents(classroom.db), rules, resolver(classroom));
  return summariseHours({ entries, learners: roster, rules, from: `${year}-01-01`, to: `${year}-12-31` });
}

function resolver(classroom: Classroom): HoursOptions {
  return { learnerByCardHash: (cardHash) => learnerByCardHash(classroom, cardHash)?.id };
}

/** The calendar year now on the station calendar (the rule set's time zone, hub time). */
export function currentYear(classroom: Classroom): number {
  return Number(classroom.calendar.today().slice(0, 4));
}
