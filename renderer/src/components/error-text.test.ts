import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES, ContractError } from '../../../preload/contract/errors.ts';
import { REFUSALS } from '../../../preload/contract/channels/classroom.ts';
import { translate, type MessageKey } from '../i18n/messages.ts';
import { errorText, hubErrorText, refusalText } from './error-text.ts';

const zh = (key: MessageKey, params?: Record<string, string | number>) => translate('zh-CN', key, params);
const latin = /[A-Za-z]{3,}/;

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
    assert.doesNotMatch(hubErrorText(zh, code), latin, code);
  assert.equal(hubErrorText(zh, 'sequence_gap'), '同步失败（代码 sequence_gap）');
});
