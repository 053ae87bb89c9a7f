// The hour-rule set in force: the newest the hub published (the `rules` stream, kept in
// catalog.db), or the protocol's default before the first pull.
import type Database from 'better-sqlite3';
import { DEFAULT_RULE_SET, RuleSetSchema, type RuleSet } from '../../../protocol/hour-rules.ts';
import { prepared } from '../../storage/sql.ts';

export function currentRuleSet(catalog: Database.Database): RuleSet {
  const row = prepared<[], { body: string }>(
    catalog,
    'SELECT body FROM hour_rules ORDER BY version DESC LIMIT 1',
  ).get();
  if (!row) return DEFAULT_RULE_SET;
  const parsed = RuleSetSchema.safeParse(JSON.parse(row.body));
  return parsed.success ? parsed.data : DEFAULT_RULE_SET;
}
