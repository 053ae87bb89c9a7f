// The authoritative hours report: recomputed from the events the hub holds, each session
// under the rule version its opening event names (protocol/hour-rules.ts, the same engine
// the station runs), totalled per learner against the annual target. A tap of a card the
// station did not know is counted for the learner the roster gives that card hash now, so a
// card enrolled after the class still earns its hours; until then it is listed, not guessed.
import { ProtocolError } from '../protocol/errors.ts';
import { computeHours, RuleSetSchema, summariseHours } from '../protocol/hour-rules.ts';
import type { HourEvent, IncompleteSession, LearnerHours, RuleSet, UnresolvedCard } from '../protocol/hour-rules.ts';
import type { Learner } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import { liveRecords } from './records.ts';

export type HoursReportRow = LearnerHours & { name: string; unit: string };
export type HoursReport = {
  from: string;
  to: string;
  siteCode: string | null;
  rulesVersion: number;
  learners: HoursReportRow[];
  /** Sessions that could not be computed (no opening event held yet, or an unknown rule version). */
  incomplete: IncompleteSession[];
  /** Cards tapped in a class that no roster learner has yet: counted for nobody until one does. */
  unresolvedCards: UnresolvedCard[];
  /** Conflicting events kept for review, and events with clock flags, at the site. */
  conflicts: number;
  flaggedEvents: number;
};

export function ruleSets(db: HubDb): RuleSet[] {
  // Parsed, so a version published before a field existed reads with that field's default.
  return liveRecords<unknown>(db, 'rules')
    .map((record) => RuleSetSchema.parse(record))
    .sort((a, b) => a.version - b.version);
}

export function currentRules(db: HubDb): RuleSet {
  const sets = ruleSets(db);
  const latest = sets[sets.length - 1];
  if (!latest) throw new ProtocolError('internal', 'No rule set is published yet (hub-admin publish-rules)');
  return latest;
}

export function hoursReport(db: HubDb, input: { siteCode?: string; from: string; to: string }): HoursReport {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(input.from) || !date.test(input.to)) throw new Error('from and to are YYYY-MM-DD dates');
  const siteFilter = input.siteCode === undefined ? '' : 'WHERE s.site_code = ?';
  const args = input.siteCode === undefined ? [] : [input.siteCode];
  const rows = db
    .prepare(`SELECT e.body FROM events e JOIN stations s ON s.id = e.station_id ${siteFilter}`)
    .all(...args) as { body: string }[];
  const events = rows.map((row) => JSON.parse(row.body) as HourEvent);
  const sets = ruleSets(db);
  const rules = currentRules(db);
  const roster =
    input.siteCode === undefined
      ? liveRecords<Learner>(db, 'roster')
      : liveRecords<Learner>(db, 'roster', input.siteCode);
  // Card hashes are keyed per site, so one map serves a report over every site.
  const byCardHash = new Map(roster.map((learner) => [learner.cardHash, learner.id]));
  const { entries, incomplete, unresolved } = computeHours(events, sets, {
    learnerByCardHash: (hash) => byCardHash.get(hash),
  });
  const byId = new Map(roster.map((learner) => [learner.id, learner]));
  const learners = summariseHours({ entries, learners: roster, rules, from: input.from, to: input.to }).map((row) => ({
    ...row,
    name: byId.get(row.learnerId)!.name,
    unit: byId.get(row.learnerId)!.unit,
  }));
  const count = (sql: string) => (db.prepare(sql).get(...args) as { n: number }).n;
  return {
    from: input.from,
    to: input.to,
    siteCode: input.siteCode ?? null,
    rulesVersion: rules.version,
    learners,
    incomplete,
    unresolvedCards: unresolved,
    conflicts: count(`SELECT COUNT(*) AS n FROM conflicts c JOIN stations s ON s.id = c.station_id ${siteFilter}`),
    flaggedEvents: count(
      `SELECT COUNT(DISTINCT f.event_id) AS n FROM event_flags f JOIN events e ON e.id = f.event_id JOIN stations s ON s.id = e.station_id ${siteFilter}`,
    ),
  };
}
