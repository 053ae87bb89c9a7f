import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWedgeCollector, type WedgeDecision } from './wedge.ts';

function feed(keys: string, startMs: number, gapMs: number, collector = createWedgeCollector()): WedgeDecision[] {
  return [...keys.split(''), 'Enter'].map((key, i) => collector.key(key, startMs + i * gapMs));
}

test("a reader's fast digits and Enter make a card, and every key is swallowed", () => {
  const decisions = feed('0012345678', 1000, 8);
  assert.ok(decisions.slice(0, -1).every((d) => d.action === 'hold' && d.release === ''));
  assert.deepEqual(decisions.at(-1), { action: 'card', card: '0012345678' });
});

test('a person typing is released into the field, key by key, and their Enter passes', () => {
  const collector = createWedgeCollector();
  assert.deepEqual(collector.key('2', 0), { action: 'hold', release: '' });
  assert.equal(collector.flush(20), '', 'not before the gap');
  assert.equal(collector.flush(60), '2');
  assert.deepEqual(collector.key('4', 200), { action: 'hold', release: '' });
  assert.equal(collector.flush(260), '4');
  assert.deepEqual(collector.key('Enter', 400), { action: 'pass', release: '' });
});

test('a slow Enter or too few keys are not a card; the held keys are typed first', () => {
  const collector = createWedgeCollector();
  for (const [i, key] of [...'12345678'].entries()) collector.key(key, i * 5);
  assert.deepEqual(collector.key('Enter', 35 + 200), { action: 'pass', release: '12345678' });
  const short = createWedgeCollector();
  short.key('1', 0);
  short.key('2', 5);
  assert.deepEqual(short.key('Enter', 10), { action: 'pass', release: '12' });
});

test('other keys release what is held before they act; a slow key after held ones starts over', () => {
  const collector = createWedgeCollector();
  collector.key('a', 0);
  collector.key('b', 10);
  assert.deepEqual(collector.key('Backspace', 20), { action: 'pass', release: 'ab' });
  collector.key('c', 100);
  assert.deepEqual(collector.key('d', 300), { action: 'hold', release: 'c' });
  assert.equal(collector.flush(400), 'd');
});
