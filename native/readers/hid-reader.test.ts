import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { DEVICE_ERROR_CODES } from '../../common/devices.ts';
import type { DeviceError } from '../device-error.ts';
import type { CardRead } from './card-reader.ts';
import { createHidDecoder } from './hid-report.ts';
import { HidReader, type HidBackend, type HidDevice, type HidDeviceInfo } from './hid-reader.ts';
import { formatUid } from './uid.ts';
import { until } from '../test-support/device-test.ts';

/** A HID device this machine cannot have (no /dev/uhid): reports are pushed by the test. */
class FakeHidDevice extends EventEmitter implements HidDevice {
  closed = false;
  async close() {
    this.closed = true;
  }
  send(bytes: number[] | Buffer) {
    this.emit('data', Buffer.from(bytes));
  }
}

function fakeBackend() {
  const plugged: HidDeviceInfo[] = [];
  const opened: FakeHidDevice[] = [];
  const backend: HidBackend = {
    devices: async () => [...plugged],
    open: async (path) => {
      if (!plugged.some((device) => device.path === path))
        throw Object.assign(new Error('could not open'), { code: 'EIO' });
      const device = new FakeHidDevice();
      opened.push(device);
      return device;
    },
  };
  return { backend, plugged, opened };
}

/** Key-down and key-up boot-keyboard reports typing `text` and Enter. */
function typed(text: string): number[][] {
  const usage = (c: string) =>
    c === '0' ? 0x27 : /\d/.test(c) ? 0x1d + Number(c) : 0x04 + c.toLowerCase().charCodeAt(0) - 0x61;
  const shift = (c: string) => (/[A-Z]/.test(c) ? 0x02 : 0);
  return [...text]
    .flatMap((c) => [
      [shift(c), 0, usage(c), 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ])
    .concat([
      [0, 0, 0x28, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ]);
}

test('UIDs: hex, or the ten-digit decimal printed on many cards', () => {
  assert.equal(formatUid(Buffer.from('04a1b2c3', 'hex'), 'hex'), '04A1B2C3');
  assert.equal(formatUid(Buffer.from('d2029649', 'hex'), 'decimal-le'), '1234567890');
  assert.equal(formatUid(Buffer.from('499602d2', 'hex'), 'decimal-be'), '1234567890');
});

test('report formats: keyboard usages with shift and held keys, ASCII lines, UID bytes', () => {
  const keyboard = createHidDecoder({ kind: 'keyboard', offset: 0 });
  const outcomes = typed('00123X5678').map((report) => keyboard.report(Buffer.from(report)));
  assert.deepEqual(outcomes.filter(Boolean), [{ card: '00123X5678' }]);
  const held = [
    [0, 0, 0x1e, 0, 0, 0, 0, 0],
    [0, 0, 0x1e, 0x1f, 0, 0, 0, 0],
  ];
  for (const report of [...held, ...held.slice(1)]) keyboard.report(Buffer.from(report));
  const after = typed('3456').map((report) => keyboard.report(Buffer.from(report)));
  assert.deepEqual(
    after.filter(Boolean),
    [{ card: '123456' }],
    '1 and 2 went down once, however often reports repeat them',
  );
  const ascii = createHidDecoder({ kind: 'ascii', offset: 1 });
  assert.equal(ascii.report(Buffer.from('\x010012', 'latin1')), null);
  assert.deepEqual(ascii.report(Buffer.from('\x01345678\r\0\0', 'latin1')), { card: '0012345678' });
  const uid = createHidDecoder({ kind: 'uid', offset: 1, length: 4, uidFormat: 'decimal-le' });
  assert.deepEqual(uid.report(Buffer.from('01d2029649', 'hex')), { card: '1234567890' });
  assert.equal(uid.report(Buffer.from('0100000000', 'hex')), null, 'an all-zero report is no card');
});

test('a HID reader reads through the injected device, follows unplugging and plugging back', async () => {
  const { backend, plugged, opened } = fakeBackend();
  const reader = new HidReader({
    name: 'HID desk',
    vendorId: 0xffff,
    productId: 0x0035,
    format: { kind: 'keyboard', offset: 0 },
    backend,
    rescanMs: 10,
  });
  const reads: CardRead[] = [];
  const events: string[] = [];
  reader.on('card', (read) => reads.push(read));
  reader.on('connected', () => events.push('connected'));
  reader.on('disconnected', () => events.push('disconnected'));
  reader.on('error', (error) => events.push(`error ${(error as DeviceError).code}`));
  await reader.start();
  await until(() => events.length > 0);
  assert.deepEqual(events, ['error not_found'], 'said once, though it looks again and again');
  plugged.push({ vendorId: 0xffff, productId: 0x0035, path: '/dev/hidraw7' }, { vendorId: 1, productId: 2, path: 'x' });
  await until(() => reader.connected);
  for (const report of typed('0012345678')) opened[0]!.send(report);
  assert.deepEqual(reads, [{ kind: 'card', value: '0012345678', reader: 'HID desk' }]);
  plugged.splice(0, 1);
  opened[0]!.emit('error', new Error('could not read from HID device'));
  await until(() => !reader.connected);
  assert.ok(opened[0]!.closed);
  plugged.unshift({ vendorId: 0xffff, productId: 0x0035, path: '/dev/hidraw8' });
  await until(() => reader.connected);
  for (const report of typed('99887766')) opened[1]!.send(report);
  await reader.stop();
  assert.deepEqual(
    reads.map((read) => read.value),
    ['0012345678', '99887766'],
  );
  assert.deepEqual(events, [
    'error not_found',
    'connected',
    'disconnected',
    'error unreachable',
    'connected',
    'disconnected',
  ]);
});

test('fuzzed, truncated and split reports never crash the HID reader: errors with known codes, then reads', async () => {
  for (const kind of ['keyboard', 'ascii', 'uid'] as const) {
    const { backend, plugged, opened } = fakeBackend();
    plugged.push({ vendorId: 1, productId: 2, path: 'p' });
    const format = kind === 'uid' ? { kind, offset: 0, length: 4, uidFormat: 'hex' as const } : { kind, offset: 0 };
    const reader = new HidReader({ name: kind, vendorId: 1, productId: 2, format, backend, rescanMs: 10 });
    const errors: string[] = [];
    reader.on('error', (error) => errors.push((error as DeviceError).code));
    await reader.start();
    await until(() => reader.connected);
    for (let i = 0; i < 300; i++) opened[0]!.send(crypto.randomBytes(i % 17));
    for (const code of errors) assert.ok((DEVICE_ERROR_CODES as readonly string[]).includes(code), code);
    assert.ok(reader.connected, `${kind}: still reading after the noise`);
    await reader.stop();
  }
});
