import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CATEGORIES } from './categories.ts';

test('the platform has sixteen categories with stable ids in display order', () => {
  assert.equal(DEMO_CATEGORIES.length, 16);
  assert.deepEqual(
    DEMO_CATEGORIES.map((category) => category.id),
    Array.from({ length: 16 }, (_, index) => `cat-${String(index + 1).padStart(2, '0')}`),
  );
  assert.deepEqual(
    DEMO_CATEGORIES.map((category) => category.sort),
    Array.from({ length: 16 }, (_, index) => index + 1),
  );
  assert.equal(new Set(DEMO_CATEGORIES.map((category) => category.name)).size, 16);
});

test('the platform categories cadres know are all there', () => {
  const names = new Set(DEMO_CATEGORIES.map((category) => category.name));
  for (const name of [
    '政治理论',
    '时事热点与政策解读',
    '党史党建',
    '经济理论与经济管理',
    '公共管理与政府建设',
    '法治理论与法治建设',
    '领导科学',
    '国情省情',
    '应急管理',
    '社会管理',
    '国际政治与外交',
    '科学知识与文化艺术',
    '健康管理',
  ]) {
    assert.ok(names.has(name), `missing category ${name}`);
  }
});
