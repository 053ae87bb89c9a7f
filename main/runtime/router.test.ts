import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channels } from '../../preload/contract/channels.ts';
import { ContractError } from '../../preload/contract/errors.ts';
import { createLogger, silentLogger } from './logger.ts';
import { createRouter, type Handlers } from './router.ts';

const info = {
  version: '1.0.0',
  stationId: null,
  dataDir: '/data',
  runtime: 'web' as const,
  startedAt: new Date(0).toISOString(),
  uptimeSec: 1,
  databases: {
    catalog: { state: 'ok' as const, schemaVersion: 1, path: '/data/catalog.db' },
    ledger: { state: 'ok' as const, schemaVersion: 1, path: '/data/ledger.db' },
  },
};
const health = { status: 'ok' as const, ledgerWritable: true, checks: [], checkedAt: new Date(0).toISOString() };

// Channels these tests do not call answer with an error that would fail the test.
const unused = Object.fromEntries(
  Object.keys(channels).map((name) => [
    name,
    () => {
      throw new Error(`${name} is not part of this test`);
    },
  ]),
) as unknown as Handlers;

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...unused,
    'station.info': () => info,
    'station.health': () => health,
    'display.setPlaying': (input) => ({ keepAwake: input.playing }),
    ...overrides,
  };
}

test('a valid call returns the handler value', async () => {
  const router = createRouter(handlers(), silentLogger);
  assert.deepEqual(await router.dispatch('station.info', {}), { ok: true, value: info });
  assert.deepEqual(await router.dispatch('display.setPlaying', { playing: true }), {
    ok: true,
    value: { keepAwake: true },
  });
});

test('a malformed payload gets a VALIDATION error naming the field, and the handler never runs', async () => {
  let ran = false;
  const router = createRouter(
    handlers({ 'display.setPlaying': () => ((ran = true), { keepAwake: true }) }),
    silentLogger,
  );
  for (const bad of [{ playing: 'yes' }, {}, { playing: true, extra: 1 }, 'text', 42, [true]]) {
    const result = await router.dispatch('display.setPlaying', bad);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'VALIDATION', JSON.stringify(bad));
  }
  const named = await router.dispatch('display.setPlaying', { playing: 'yes' });
  assert.ok(!named.ok && named.error.issues?.some((issue) => issue.path === 'playing'));
  assert.equal(ran, false);
});

test('an unknown channel gets UNKNOWN_CHANNEL, including names on Object.prototype', async () => {
  const router = createRouter(handlers(), silentLogger);
  for (const name of ['station.nope', 'constructor', '__proto__', 'toString', '']) {
    const result = await router.dispatch(name, {});
    assert.ok(!result.ok && result.error.code === 'UNKNOWN_CHANNEL', name);
  }
});

test('a handler that throws gives INTERNAL without its internals; a ContractError keeps its code', async () => {
  const lines: string[] = [];
  const router = createRouter(
    handlers({
      'station.info': () => {
        throw new Error('secret path /root/x');
      },
      'station.health': () => {
        throw new ContractError({ code: 'LEDGER_UNAVAILABLE', message: 'ledger quarantined' });
      },
    }),
    createLogger((line) => lines.push(line)),
  );
  const failed = await router.dispatch('station.info', {});
  assert.ok(!failed.ok && failed.error.code === 'INTERNAL');
  assert.ok(!failed.ok && !failed.error.message.includes('secret'));
  assert.ok(
    lines.some((line) => line.includes('contract.handler_failed')),
    'the failure is logged for the technician',
  );
  const typed = await router.dispatch('station.health', {});
  assert.deepEqual(typed, { ok: false, error: { code: 'LEDGER_UNAVAILABLE', message: 'ledger quarantined' } });
});

test('an output that breaks the contract is refused, not passed on', async () => {
  const router = createRouter(handlers({ 'station.info': () => ({ ...info, version: 7 }) as never }), silentLogger);
  const result = await router.dispatch('station.info', {});
  assert.ok(!result.ok && result.error.code === 'INTERNAL');
});
