// Words for what the hub link reports: its error and refusal codes through the catalogue,
// and its times as a classroom reads them (a time today, a date and time before).
import { REJECTION_CODES } from '../../../common/rejection-codes.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { clockTime, dayOf } from './time.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const ERROR_CODES = new Set([
  'connection_refused',
  'connection_lost',
  'dns',
  'timeout',
  'tls',
  'network',
  'unreachable',
  'auth_stale_timestamp',
  'refused',
  'untrusted',
  'bad_answer',
  'hub_error',
  'internal',
  'hub_busy',
  'station_busy',
  'station_revoked',
  'station_unknown',
  'auth_bad_signature',
  'ledger_unavailable',
]);
const REJECTION_WORDS: ReadonlySet<string> = new Set(REJECTION_CODES);

export function syncErrorText(t: Translate, code: string): string {
  return ERROR_CODES.has(code) ? t(`sync.error.${code}` as MessageKey) : t('sync.error.other', { code });
}

export function rejectedText(t: Translate, code: string): string {
  return REJECTION_WORDS.has(code) ? t(`sync.rejected.${code}` as MessageKey) : t('sync.rejected.other', { code });
}

const EVENT_TYPES = new Set([
  'session.opened',
  'session.closed',
  'check_in',
  'check_in.manual',
  'check_out',
  'check_in.unknown_card',
  'check_out.unknown_card',
  'playback.segment',
  'attention.passed',
  'attention.missed',
  'correction',
]);

/** A record's kind in words; one this screen does not know (a newer station's) as it is. */
export function eventTypeText(t: Translate, type: string): string {
  return EVENT_TYPES.has(type)
    ? t(`sync.eventType.${type}` as MessageKey)
    : t('sync.eventType.other', { type: type || '?' });
}

export function conflictText(t: Translate, reason: string): string {
  return reason === 'id_hash_differs' || reason === 'seq_taken' ? t(`sync.conflict.${reason}`) : reason;
}

/** `14:05` today, `11-27 14:05` before — in the station's zone (time.ts), like every time on screen. */
export function syncTime(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  return dayOf(at) === dayOf(now) ? clockTime(at) : `${dayOf(at).slice(5)} ${clockTime(at)}`;
}
