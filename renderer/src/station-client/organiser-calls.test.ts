import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { createOrganiserCaller } from './organiser-calls.ts';

const SESSION = { organiserSession: 's'.repeat(43), name: '王老师', idleTimeoutMs: 600_000 };

function fakeStation(answer: (channel: string) => unknown) {
  const calls: { channel: string; input: unknown }[] = [];
  const station = {
    invoke: async (channel: string, input: unknown) => {
      calls.push({ channel, input });
      return answer(channel);
    },
    on: () => () => undefined,
  } as unknown as LecternApi;
  return { station, calls };
}

/** Timers the test fires by hand. */
function manualTimers() {
  let pending: { run: () => void; ms: number } | null = null;
  return {
    timers: {
      set: ((run: () => void, ms: number) => {
        pending = { run, ms };
        return 1;
      }) as unknown as typeof setTimeout,
      clear: (() => {
        pending = null;
      }) as typeof clearTimeout,
    },
    fire() {
      const due = pending;
      pending = null;
      due?.run();
    },
    pending: () => pending,
  };
}

test('every call carries the organiser session, never a PIN', async () => {
  const { station, calls } = fakeStation(() => ({ date: '2026-11-27', entries: [], sessions: [] }));
  const clock = manualTimers();
  const caller = createOrganiserCaller(station, SESSION, () => assert.fail('not expired'), clock.timers);
  await caller.call('organiser.schedule', {});
  await caller.call('organiser.attendance', { sessionId: 'class-1' });
  assert.deepEqual(calls, [
    { channel: 'organiser.schedule', input: { organiserSession: SESSION.organiserSession } },
    { channel: 'organiser.attendance', input: { sessionId: 'class-1', organiserSession: SESSION.organiserSession } },
  ]);
  assert.equal(clock.pending()?.ms, SESSION.idleTimeoutMs, 'the idle timer runs for the station’s idle time');
});

test('a session the station says has ended sends the organiser back, once', async () => {
  const { station } = fakeStation(() => ({ refused: 'organiser_session_expired' }));
  let expired = 0;
  const caller = createOrganiserCaller(station, SESSION, () => (expired += 1), manualTimers().timers);
  assert.deepEqual(await caller.call('organiser.schedule', {}), { refused: 'organiser_session_expired' });
  await caller.call('organiser.attendance', { sessionId: 'class-1' });
  assert.equal(expired, 1);
});

test('the idle time without a call sends the organiser back and frees the session; locking stops the timer', async () => {
  const { station, calls } = fakeStation(() => ({ locked: true }));
  const clock = manualTimers();
  let expired = 0;
  createOrganiserCaller(station, SESSION, () => (expired += 1), clock.timers);
  clock.fire();
  assert.equal(expired, 1, 'idle since unlock');
  assert.deepEqual(calls.at(-1), { channel: 'organiser.lock', input: { organiserSession: SESSION.organiserSession } });
  calls.length = 0;

  const other = createOrganiserCaller(station, SESSION, () => (expired += 1), clock.timers);
  await other.lock();
  assert.equal(clock.pending(), null, 'no timer after locking');
  assert.deepEqual(calls.at(-1), { channel: 'organiser.lock', input: { organiserSession: SESSION.organiserSession } });
  assert.equal(expired, 1);
});

test('the default timers call setTimeout as a plain function, as a browser demands', async (t) => {
  const real = globalThis.setTimeout;
  t.mock.method(globalThis, 'setTimeout', function (this: unknown, ...args: Parameters<typeof setTimeout>) {
    // What Chromium does when setTimeout is called as another object's method.
    if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
    return real(...args);
  });
  const { station } = fakeStation(() => ({ locked: true }));
  const caller = createOrganiserCaller(station, SESSION, () => assert.fail('not expired'));
  await caller.lock();
});
