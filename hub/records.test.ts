import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { openHubDb } from './db.ts';
import { liveRecords, publishRecords, pullPage } from './records.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
const db = openHubDb(dir);
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const category = (id: string, name: string) => ({
  stream: 'categories' as const,
  scope: '',
  id,
  data: { id, name, sort: 1 },
});
const pull = (stream: 'categories' | 'roster', site: string, cursor: number, limit?: number) =>
  JSON.parse(pullPage(db, stream, site, cursor, limit)) as {
    items: { id: string; rev: number; deleted: boolean; data: unknown }[];
    cursor: string;
    hasMore: boolean;
  };

test('republishing identical data writes nothing; a change or a deletion gets a new rev', () => {
  const first = publishRecords(db, [category('a', '政治理论'), category('b', '党史党建')]);
  assert.equal(publishRecords(db, [category('a', '政治理论')]), 0);
  const changed = publishRecords(db, [category('a', '政治理论（新）')]);
  assert.ok(changed > first);
  const removed = publishRecords(db, [{ stream: 'categories', scope: '', id: 'b', data: null }]);
  assert.equal(
    publishRecords(db, [{ stream: 'categories', scope: '', id: 'b', data: null }]),
    0,
    'deleting twice writes once',
  );
  assert.equal(publishRecords(db, [{ stream: 'categories', scope: '', id: 'never', data: null }]), 0);
  const page = pull('categories', 'X', 0);
  assert.deepEqual(
    page.items.map((i) => [i.id, i.rev, i.deleted]),
    [
      ['a', changed, false],
      ['b', removed, true],
    ],
  );
  assert.deepEqual(
    liveRecords(db, 'categories').map((c) => (c as { name: string }).name),
    ['政治理论（新）'],
  );
});

test('invalid data is refused and the whole publication rolls back', () => {
  const before = pull('categories', 'X', 0);
  assert.throws(() =>
    publishRecords(db, [category('c', '新'), { stream: 'categories', scope: '', id: 'd', data: { id: 'd' } }]),
  );
  assert.deepEqual(pull('categories', 'X', 0), before);
});

test('site streams are seen only by their site', () => {
  const learner = (id: string) => ({
    id,
    name: '张三',
    unit: '县委办',
    level: 'section_below',
    cardHash: 'f'.repeat(64),
  });
  publishRecords(db, [
    { stream: 'roster', scope: 'A', id: 'l1', data: learner('l1') },
    { stream: 'roster', scope: 'B', id: 'l2', data: learner('l2') },
  ]);
  assert.deepEqual(
    pull('roster', 'A', 0).items.map((i) => i.id),
    ['l1'],
  );
  assert.deepEqual(
    pull('roster', 'B', 0).items.map((i) => i.id),
    ['l2'],
  );
  assert.throws(
    () => publishRecords(db, [{ stream: 'roster', scope: '', id: 'l3', data: learner('l3') }]),
    /belong to a site/,
  );
});

test('pages hold `limit` items and say whether more follow', () => {
  const one = pull('categories', 'X', 0, 1);
  assert.equal(one.items.length, 1);
  assert.equal(one.hasMore, true);
  const rest = pull('categories', 'X', Number(one.cursor), 10);
  assert.equal(rest.hasMore, false);
  assert.deepEqual([...one.items, ...rest.items], pull('categories', 'X', 0).items);
});
