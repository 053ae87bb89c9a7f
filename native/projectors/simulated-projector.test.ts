import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceError } from '../device-error.ts';
import { SimulatedProjector } from './simulated-projector.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the simulated projector warms up, cools down, refuses meanwhile and counts lamp hours', async () => {
  let now = 0;
  const projector = new SimulatedProjector({ warmupMs: 30, cooldownMs: 30, lampHours: 10, now: () => now });
  await projector.setPower(true);
  assert.equal((await projector.status()).power, 'warming');
  await assert.rejects(projector.selectInput('hdmi2'), (error: DeviceError) => error.code === 'busy');
  await sleep(50);
  await projector.selectInput('hdmi2');
  now += 2 * 3_600_000;
  assert.deepEqual(
    { ...(await projector.status()), health: undefined },
    { power: 'on', input: 'hdmi2', muted: false, lampHours: [12], filterHours: 12, health: undefined },
  );
  await projector.setPower(false);
  await assert.rejects(projector.setPower(true), (error: DeviceError) => error.code === 'busy');
  await sleep(50);
  assert.equal((await projector.status()).power, 'off');
  projector.fail(new DeviceError('unreachable', 'cable'));
  await assert.rejects(projector.status(), (error: DeviceError) => error.code === 'unreachable');
  await projector.close();
});
