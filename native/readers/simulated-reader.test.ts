import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedReader } from './simulated-reader.ts';

test('the simulated reader reports taps only while started and plugged in, and its connection changes', async () => {
  const reader = new SimulatedReader('desk');
  const seen: string[] = [];
  reader.on('card', (read) => seen.push(`card ${read.value}`));
  reader.on('connected', () => seen.push('connected'));
  reader.on('disconnected', () => seen.push('disconnected'));
  reader.on('error', (error) => seen.push(`error ${error.message}`));
  reader.tap('1111111111');
  await reader.start();
  assert.equal(reader.connected, true);
  reader.tap('2222222222');
  reader.unplug();
  reader.tap('3333333333');
  reader.plug();
  reader.fail(new Error('antenna'));
  await reader.stop();
  reader.tap('4444444444');
  assert.deepEqual(seen, [
    'connected',
    'card 2222222222',
    'disconnected',
    'connected',
    'error antenna',
    'disconnected',
  ]);
});
