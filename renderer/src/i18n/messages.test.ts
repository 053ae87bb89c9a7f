import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AREAS, translate } from './messages.ts';

test('every code is defined once, with non-empty words in both languages', () => {
  const seen = new Map<string, string>();
  for (const [area, table] of Object.entries(AREAS)) {
    for (const [key, words] of Object.entries(table)) {
      assert.equal(seen.get(key), undefined, `${key} is defined in ${seen.get(key)} and ${area}`);
      seen.set(key, area);
      assert.ok(words.zh.trim().length > 0 && words.en.trim().length > 0, `${area} ${key}`);
    }
  }
});

test('parameters are the same in both languages', () => {
  const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  for (const table of Object.values(AREAS)) {
    for (const [key, words] of Object.entries(table)) assert.deepEqual(names(words.en), names(words.zh), key);
  }
});

test('parameters are filled in and an unknown one is left visible', () => {
  assert.equal(translate('zh-CN', 'duration.hms', { h: 1, m: 2, s: 3 }), '1小时2分3秒');
  assert.equal(translate('en', 'ledger.blocked.body', {}).includes('{movedTo}'), true);
});
