import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideKeyChord, type KeyInput } from './key-chords.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

test('reload, close, quit, devtools, zoom and history chords are swallowed', () => {
  for (const input of [
    key('F5'),
    key('F12'),
    key('F11'),
    key('r', { control: true }),
    key('R', { control: true, shift: true }),
    key('w', { control: true }),
    key('q', { meta: true }),
    key('i', { control: true, shift: true }),
    key('+', { control: true }),
    key('0', { control: true }),
    key('F4', { alt: true }),
    key('ArrowLeft', { alt: true }),
  ]) {
    assert.equal(decideKeyChord(input), 'block', JSON.stringify(input));
  }
});

test('ordinary typing, a card reader wedge and attention-check keys pass', () => {
  for (const input of [
    key('a'),
    key('7'),
    key('Enter'),
    key(' '),
    key('A', { shift: true }),
    key('c', { control: true }),
    key('v', { control: true }),
    key('Escape'),
  ]) {
    assert.equal(decideKeyChord(input), 'pass', JSON.stringify(input));
  }
});

test('the technician chord Ctrl+Alt+Shift+T opens the admin screen; key-up events are ignored', () => {
  assert.equal(decideKeyChord(key('T', { control: true, alt: true, shift: true })), 'open-admin');
  assert.equal(decideKeyChord({ ...key('F5'), type: 'keyUp' }), 'pass');
});
