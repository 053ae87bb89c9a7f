import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyboardWedgeReader, createWedgeParser, type WedgeParser } from './keyboard-wedge.ts';

function type(parser: WedgeParser, text: string, start: number, gapMs: number): (string | null)[] {
  return [...text.split(''), 'Enter'].map((key, i) => parser.key(key, start + i * gapMs));
}

test('digits arriving fast and ending with Enter are a card', () => {
  const parser = createWedgeParser();
  assert.deepEqual(type(parser, '0012345678', 1000, 8).at(-1), '0012345678');
  assert.equal(
    type(parser, '43010219900101123x', 5000, 5).at(-1),
    '43010219900101123x',
    'an ID number with its check letter',
  );
});

test('a person typing digits and Enter slowly is not a card', () => {
  const parser = createWedgeParser();
  assert.deepEqual(type(parser, '0012345678', 1000, 150), Array(11).fill(null));
});

test('a card read right after slow typing is still found', () => {
  const parser = createWedgeParser();
  ['1', '2', '3'].forEach((key, i) => parser.key(key, i * 200)); // a person stops before Enter
  assert.equal(type(parser, '9988776655', 5000, 6).at(-1), '9988776655');
});

test('a pause in the middle, a stray key, or too few digits breaks a card', () => {
  const parser = createWedgeParser();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8'];
  keys.forEach((key, i) => parser.key(key, 100 + i * 5 + (i >= 4 ? 500 : 0)));
  assert.equal(parser.key('Enter', 100 + 8 * 5 + 500), null, 'only the 4 keys after the pause were fast: too short');
  type(parser, '1234', 2000, 5);
  assert.equal(type(parser, '12345', 3000, 5).at(-1), null, 'five digits are too few');
  ['1', '2', '3', 'Tab', '4', '5', '6', '7'].forEach((key, i) => parser.key(key, 4000 + i * 5));
  assert.equal(parser.key('Enter', 4040), null, 'a Tab in the middle breaks the run');
  assert.equal(type(parser, '123456', 6000, 5).at(-1), '123456');
});

test('the wedge reader emits cards only while started', async () => {
  const reader = new KeyboardWedgeReader();
  const cards: string[] = [];
  const states: string[] = [];
  reader.on('card', (read) => cards.push(read.value));
  reader.on('connected', () => states.push('connected'));
  reader.on('disconnected', () => states.push('disconnected'));
  [...'11223344', 'Enter'].forEach((key, i) => reader.key(key, i * 5));
  await reader.start();
  const completed = [...'55667788', 'Enter'].map((key, i) => reader.key(key, 1000 + i * 5));
  await reader.stop();
  assert.deepEqual(cards, ['55667788']);
  assert.deepEqual(completed.map(Number), [0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(states, ['connected', 'disconnected']);
});

test('a card the renderer recognised is delivered as a read of this reader, synchronously', async () => {
  const reader = new KeyboardWedgeReader('front desk');
  const reads: unknown[] = [];
  reader.on('card', (read) => reads.push(read));
  assert.equal(reader.deliver('0012345678'), false, 'nothing while stopped');
  await reader.start();
  assert.equal(reader.deliver('12-34'), false, 'not a card number');
  assert.equal(reader.deliver('0012345678'), true);
  assert.deepEqual(reads, [{ kind: 'card', value: '0012345678', reader: 'front desk' }]);
});
