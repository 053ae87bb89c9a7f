import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES, translate } from './messages.ts';

test('every message exists and is non-empty in both languages', () => {
  const zh = Object.keys(LOCALES['zh-CN']);
  assert.deepEqual(Object.keys(LOCALES.en).sort(), [...zh].sort());
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const [key, text] of Object.entries(LOCALES[locale])) assert.ok(text.trim().length > 0, `${locale} ${key}`);
  }
});

test('parameters are filled in and an unknown one is left visible', () => {
  assert.equal(translate('zh-CN', 'duration.hms', { h: 1, m: 2, s: 3 }), '1小时2分3秒');
  assert.equal(translate('en', 'ledger.blocked.body', {}).includes('{movedTo}'), true);
});
