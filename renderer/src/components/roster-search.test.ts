import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { rosterMatches } from './roster-search.ts';

type Row = AttendanceView['rows'][number];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
];

function roster(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 400; i += 1)
    rows.push({
      learnerId: `L${i}`,
      name: `${SURNAMES[i % 20]}${GIVEN[Math.floor(i / 20)]}`,
      unit: i % 2 ? '县委组织部' : '县人民政府办公室',
      status: 'absent',
      late: false,
      manual: false,
      earlyLeaveReason: null,
      firstInAt: null,
      outAt: null,
      lastAt: null,
      presentMinutes: 0,
      creditedMinutes: 0,
      hours: 0,
    });
  return rows;
}

test('the roster of 400 is searched by name, unit, and pinyin initials or full pinyin, at once', () => {
  const rows = roster();
  assert.deepEqual(
    rosterMatches(rows, '张秀英').map((row) => row.name),
    ['张秀英'],
  );
  assert.equal(rosterMatches(rows, '组织部').length, 200);
  assert.deepEqual(
    rosterMatches(rows, 'zxy').map((row) => row.name),
    ['张秀英', '赵秀英', '周秀英', '朱秀英'],
    'initials: every z- surname',
  );
  assert.deepEqual(
    rosterMatches(rows, 'zhangxy').map((row) => row.name),
    ['张秀英'],
  );
  assert.ok(rosterMatches(rows, 'zhangw').some((row) => row.name === '张伟'));
  assert.deepEqual(rosterMatches(rows, ''), []);
  assert.deepEqual(rosterMatches(rows, 'qqq'), []);
  const started = performance.now();
  for (const query of ['w', 'wa', 'wan', 'wang', 'wangw']) rosterMatches(rows, query);
  assert.ok(performance.now() - started < 500, 'five keystrokes over 400 names well under a second');
});
