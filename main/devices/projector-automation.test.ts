import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PowerState } from '../../native/projectors/projector.ts';
import {
  createAutomationMemory,
  nextAutomation,
  planProjector,
  type AutomationMemory,
  type ClassDay,
} from './projector-automation.ts';

const MIN = 60_000;
const NINE = Date.UTC(2026, 10, 30, 1, 0); // 09:00 in China
const settings = { enabled: true, leadMs: 10 * MIN, offDelayMs: 5 * MIN, input: 'hdmi1' };
const morning = { id: 's1', title: '党课', startsAt: NINE, endsAt: NINE + 90 * MIN };
const afternoon = { id: 's2', title: '专题讲座', startsAt: NINE + 5 * 60 * MIN, endsAt: NINE + 6 * 60 * MIN };
const day: ClassDay = { slots: [morning, afternoon], openClass: null };

function plan(now: number, power: PowerState, memory: AutomationMemory, input: string | null = null, today = day) {
  return planProjector(now, today, { power, input }, settings, memory)?.action ?? null;
}

test('on at the lead time before a class, then its input once warm; nothing before', () => {
  const memory = createAutomationMemory();
  assert.equal(plan(NINE - 11 * MIN, 'off', memory), null);
  assert.deepEqual(nextAutomation(NINE - 11 * MIN, day, settings, memory), {
    action: 'power_on',
    at: NINE - 10 * MIN,
    title: '党课',
  });
  assert.equal(plan(NINE - 10 * MIN, 'off', memory), 'power_on');
  memory.poweredOn.add('s1');
  assert.equal(plan(NINE - 9 * MIN, 'warming', memory), 'wait', 'the input waits for the warm-up');
  assert.equal(plan(NINE - 8 * MIN, 'on', memory, 'computer1'), 'select_input');
  memory.inputSet.add('s1');
  assert.equal(plan(NINE, 'on', memory, 'computer1'), null, 'a person who picks another input is not overruled');
});

test('a projector switched off by hand during a class stays off; cooling is waited out before switching on', () => {
  const memory = createAutomationMemory();
  memory.poweredOn.add('s1');
  assert.equal(plan(NINE + 10 * MIN, 'off', memory), null);
  const fresh = createAutomationMemory();
  assert.equal(plan(NINE - 5 * MIN, 'cooling', fresh), 'wait');
  assert.equal(plan(NINE - 4 * MIN, 'off', fresh), 'power_on');
});

test('off after the class with the delay, never while a class is open, not when another follows soon', () => {
  const memory = createAutomationMemory();
  memory.poweredOn.add('s1');
  const end = morning.endsAt;
  assert.equal(plan(end + 4 * MIN, 'on', memory), null, 'the delay first');
  assert.deepEqual(nextAutomation(end + 4 * MIN, day, settings, memory)?.action, 'power_off');
  assert.equal(plan(end + 5 * MIN, 'on', memory), 'power_off');
  assert.equal(plan(end + 5 * MIN, 'warming', memory), 'wait', 'not while warming up');

  const open: ClassDay = { ...day, openClass: { id: 's1', title: '党课' } };
  assert.equal(plan(end + 30 * MIN, 'on', memory, 'hdmi1', open), null, 'the class runs over: it stays on');
  assert.equal(nextAutomation(end + 30 * MIN, open, settings, memory), null);

  const next = { ...afternoon, startsAt: end + 25 * MIN, endsAt: end + 60 * MIN };
  const followed: ClassDay = { slots: [morning, next], openClass: null };
  assert.equal(plan(end + 5 * MIN, 'on', createAutomationMemory(), 'hdmi1', followed), null, 'the next class is near');
  assert.equal(nextAutomation(end - MIN, followed, settings, memory), null, 'and no switch-off is announced');
});

test('an organiser class closed late is switched off after its close, and only once', () => {
  const memory = createAutomationMemory();
  const closedAt = morning.endsAt + 20 * MIN;
  memory.closed.push({ ...morning, endsAt: closedAt });
  assert.equal(plan(closedAt + 1 * MIN, 'on', memory), null, 'the delay counts from the close');
  assert.equal(plan(closedAt + 5 * MIN, 'on', memory), 'power_off');
  memory.poweredOff.add('s1');
  assert.equal(plan(closedAt + 6 * MIN, 'on', memory), null, 'switched on again by hand: left on');
  const adhoc = createAutomationMemory();
  const room: ClassDay = { slots: [], openClass: { id: 'session-1', title: '临时会议' } };
  assert.equal(plan(NINE - 3 * 60 * MIN, 'off', adhoc, null, room), 'power_on', 'an organiser opens a class: on');
  assert.equal(plan(NINE - 3 * 60 * MIN, 'cooling', adhoc, null, room), 'wait');
});

test('disabled automation does nothing', () => {
  assert.equal(
    planProjector(NINE, day, { power: 'off', input: null }, { ...settings, enabled: false }, createAutomationMemory()),
    null,
  );
});
