// One wording for every failure a screen shows: the station's refusals and contract errors
// in the catalogue's words, anything else with its message.
import type { Refusal } from '../../../preload/contract/channels.ts';
import { ContractError } from '../../../preload/contract/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function refusalText(t: Translate, refused: Refusal): string {
  return t(`refused.${refused}`);
}

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ContractError && error.code === 'LEDGER_UNAVAILABLE')
    return t('error.LEDGER_UNAVAILABLE', { message: error.message });
  // The disk failed under the ledger: the catalogue's words alone, the code says it all.
  if (error instanceof ContractError && (error.code === 'LEDGER_WRITE_FAILED' || error.code === 'LEDGER_DISK_FULL'))
    return t(`error.${error.code}`);
  return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}
