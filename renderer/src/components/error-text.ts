// One wording for every failure a screen shows, from stable codes: the station's refusals,
// the contract's error codes (a call that never reached the station is INTERNAL), and the
// hub's failure codes (sync). No English message from code is ever shown: the code says it.
import type { Refusal } from '../../../preload/contract/channels.ts';
import { ContractError } from '../../../preload/contract/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function refusalText(t: Translate, refused: Refusal): string {
  return t(`refused.${refused}`);
}

/** The error's code in the catalogue's words; an error without one (a bug) is worded generically. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ContractError) return t(`error.${error.code}`);
  return t('error.unknown');
}

const HUB_CODES = new Set<string>([
  'connection_refused',
  'connection_lost',
  'dns',
  'timeout',
  'tls',
  'network',
  'unreachable',
  'station_revoked',
  'station_unknown',
  'auth_stale_timestamp',
  'refused',
  'untrusted',
  'bad_answer',
  'hub_error',
  'internal',
]);

/** A sync failure by its code (main/hub-link/sync-service.ts), in the catalogue's words. */
export function hubErrorText(t: Translate, code: string): string {
  return HUB_CODES.has(code) ? t(`hubError.${code}` as MessageKey) : t('hubError.other', { code });
}
