// One wording for every failure a screen shows, from stable codes: the station's refusals,
// the contract's error codes (a call that never reached the station is INTERNAL); the hub's
// failure codes are worded in sync-text.ts. No English message from code is ever shown: the code says it.
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
