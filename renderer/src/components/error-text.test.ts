import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES, ContractError } from '../../../preload/contract/errors.ts';
import { REFUSALS } from '../../../preload/contract/channels/classroom.ts';
import { translate, type MessageKey } from '../i18n/messages.ts';
import { errorText, refusalText } from './error-text.ts';
import { syncErrorText, syncTime } from './sync-text.ts';

const zh = (key: MessageKey, params?: Record<string, string | number>) => translate('zh-CN', key, params);
// English words (an acronym such as DNS may stay in a Chinese sentence).
const latin = /[a-z]{3,}/;

test('every contract error code and refusal has Chinese words with no English inside', () => {
  for (const code of ERROR_CODES) {
    const text = errorText(zh, new ContractError({ code, message: 'The ledger is quarantined; call someone' }));
    assert.doesNotMatch(text, latin, `${code}: ${text}`);
    assert.ok(!text.includes('error.'), `${code} has words`);
  }
  for (const refusal of REFUSALS) {
    const text = refusalText(zh, refusal);
    assert.ok(!text.startsWith('refused.'), `${refusal} has words`);
  }
});

test('an error without a code is worded generically, without its English text', () => {
  assert.doesNotMatch(errorText(zh, new TypeError('Failed to fetch')), latin);
});

test('sync failures read by their code; an unknown code is named, not explained in English', () => {
  for (const code of ['timeout', 'dns', 'station_revoked', 'hub_error', 'connection_refused'])
    assert.doesNotMatch(syncErrorText(zh, code), latin, code);
  assert.equal(syncErrorText(zh, 'sequence_gap'), '同步失败（代码 sequence_gap）');
});

test("sync times are the station zone's: the time alone today, month and day before", () => {
  const now = Date.parse('2026-11-29T10:00:00+08:00');
  assert.equal(syncTime('2026-11-29T01:30:00Z', now), '09:30');
  assert.equal(syncTime('2026-11-28T15:59:00Z', now), '11-28 23:59');
});
