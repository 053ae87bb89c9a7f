// Helpers the driver tests share: the DeviceError a call fails with, and waiting for a device's
// state to change (a reader seeing a card, a port coming back).
import assert from 'node:assert/strict';
import { DeviceError } from '../device-error.ts';

export async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeviceError, `a DeviceError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

export async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const began = Date.now();
  while (!condition()) {
    if (Date.now() - began > ms) assert.fail(`timed out waiting for ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
