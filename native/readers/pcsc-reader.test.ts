import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceError } from '../device-error.ts';
import type { CardRead } from './card-reader.ts';
import { PcscReader } from './pcsc-reader.ts';
import { pcscMissing, startPcscRig } from './test-support/pcscd.ts';
import { until } from '../test-support/device-test.ts';

// A real pcscd with the vpcd driver and a card emulator, in a network namespace of this test.
const missing = pcscMissing();

test(
  'PC/SC through pcscd and vpcd: the UID of each card put on, an error for a bad answer, pcscd going away and coming back',
  { skip: missing ?? false },
  async () => {
    const rig = await startPcscRig();
    const reader = new PcscReader({ name: 'IC desk', readerName: 'lectern test pcd 00 00', restartMs: 200 });
    const reads: CardRead[] = [];
    const events: string[] = [];
    reader.on('card', (read) => reads.push(read));
    reader.on('connected', () => events.push('connected'));
    reader.on('disconnected', () => events.push('disconnected'));
    reader.on('error', (error) => events.push(`error ${(error as DeviceError).code}`));
    try {
      // pcscd is not running yet: the reader says so and keeps trying.
      await reader.start();
      await until(() => events.includes('error service_unavailable'), 8000);
      await rig.startPcscd();
      await until(() => reader.connected, 8000);

      await rig.insert('04a1b2c3d4e5f6');
      await until(() => reads.length === 1, 8000);
      await rig.remove();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await rig.insert('d2029649');
      await until(() => reads.length === 2, 8000);
      assert.deepEqual(reads, [
        { kind: 'card', value: '04A1B2C3D4E5F6', reader: 'IC desk' },
        { kind: 'card', value: 'D2029649', reader: 'IC desk' },
      ]);

      // Answers that are no UID: an error status, one byte, too long. Each is a card error.
      for (const answer of ['6a81', 'ff', '0102030405060708090a0b0c9000']) {
        await rig.remove();
        await rig.override(answer);
        await new Promise((resolve) => setTimeout(resolve, 400));
        const before = events.length;
        await rig.insert('01020304');
        await until(() => events.slice(before).includes('error card_error'), 8000);
      }
      await rig.remove();
      await rig.override(null);
      assert.equal(reads.length, 2, 'no read from a card that did not give its UID');

      await rig.stopPcscd();
      await until(() => !reader.connected, 8000);
      await rig.startPcscd();
      await until(() => reader.connected, 8000);
      await rig.insert('0a0b0c0d');
      await until(() => reads.length === 3, 8000);
      assert.equal(reads[2]!.value, '0A0B0C0D');
    } finally {
      await reader.stop();
      await rig.close();
    }
  },
);
