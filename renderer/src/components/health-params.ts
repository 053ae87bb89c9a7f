// A health check's parameters as its message shows them: the ledger problem's code in the
// station's words, instants as clock times.
import type { StationHealth } from '../../../preload/contract/channels.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { clockTime } from './time.ts';

const LEDGER_PROBLEMS = [
  'sequence',
  'station',
  'chain',
  'hash',
  'signature',
  'unreadable',
  'truncated',
  'checkpoint',
] as const;

/** Parameters that are instants (ISO times). */
const TIME_PARAMS = ['at', 'resumedAt'];

export function checkParams(
  check: StationHealth['checks'][number],
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): Record<string, string | number> {
  const params = { ...check.params };
  for (const key of TIME_PARAMS) {
    const value = params[key];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) params[key] = clockTime(Date.parse(value));
  }
  const problem = LEDGER_PROBLEMS.find((code) => code === check.params.problem);
  return problem ? { ...params, problem: t(`ledger.problem.${problem}`) } : params;
}
