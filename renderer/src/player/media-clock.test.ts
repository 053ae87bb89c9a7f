import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../i18n/messages.ts';
import { formatLength, mediaClock } from './media-clock.ts';

test('a place in the media reads as a clock', () => {
  assert.deepEqual([0, 7.9, 65, 725, 3725, -3, Number.NaN].map(mediaClock), [
    '0:00',
    '0:07',
    '1:05',
    '12:05',
    '1:02:05',
    '0:00',
    '0:00',
  ]);
});

test("a lesson's length is its real duration: a ten-second clip is not a minute", () => {
  const zh = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('zh-CN', key, params);
  const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('en', key, params);
  assert.deepEqual(
    [10, 12, 59.4, 90, 45 * 60, 65 * 60, 2 * 3600].map((s) => formatLength(zh, s)),
    ['10 秒', '12 秒', '59 秒', '2 分钟', '45 分钟', '1 小时 5 分钟', '2 小时 0 分钟'],
  );
  assert.equal(formatLength(en, 12), '12 s');
  assert.equal(formatLength(en, 45 * 60), '45 min');
});
