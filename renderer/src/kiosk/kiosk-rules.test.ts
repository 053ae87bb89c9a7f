import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDLE_RETURN_MS, idleReturnDue, isTechnicianChord } from './kiosk-rules.ts';

const chord = (key: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>>) => ({
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

test('Ctrl+Alt+Shift+T (Cmd on a Mac keyboard) is the technician chord, nothing less', () => {
  assert.equal(isTechnicianChord(chord('T', { ctrlKey: true, altKey: true, shiftKey: true })), true);
  assert.equal(isTechnicianChord(chord('t', { metaKey: true, altKey: true, shiftKey: true })), true);
  assert.equal(isTechnicianChord(chord('t', { ctrlKey: true, shiftKey: true })), false);
  assert.equal(isTechnicianChord(chord('t', {})), false);
});

test('an idle screen returns home, except home itself and a lecture playing', () => {
  assert.equal(idleReturnDue('library', 0, IDLE_RETURN_MS - 1), false);
  assert.equal(idleReturnDue('library', 0, IDLE_RETURN_MS), true);
  assert.equal(idleReturnDue('technician', 0, IDLE_RETURN_MS), true);
  assert.equal(idleReturnDue('organiser', 0, IDLE_RETURN_MS), true);
  assert.equal(idleReturnDue('home', 0, 10 * IDLE_RETURN_MS), false);
  assert.equal(idleReturnDue('player', 0, 10 * IDLE_RETURN_MS), false);
});
