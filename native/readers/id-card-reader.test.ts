import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, test } from 'node:test';
import { DEVICE_ERROR_CODES } from '../../common/devices.ts';
import type { DeviceError } from '../device-error.ts';
import { startPtyPair } from '../serial/test-support/pty-pair.ts';
import type { CardRead } from './card-reader.ts';
import { COMMANDS, Ga467Decoder, encodeRequest, isResidentIdNumber, parseBaseInformation } from './ga467.ts';
import { IdCardReader } from './id-card-reader.ts';
import { cardText, readerFrame, startFakeIdCardReader } from './test-support/fake-id-card-reader.ts';
import { until } from '../test-support/device-test.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ZHANG = { name: '张三', idNumber: '11010519491231002X' };
const LI = { name: '李四', idNumber: '430104199001011230' };

async function rig() {
  const pty = await startPtyPair();
  const fake = await startFakeIdCardReader(pty.device);
  const reader = new IdCardReader({
    name: 'ID desk',
    path: pty.station,
    pollMs: 20,
    reconnectMs: 50,
    replyTimeoutMs: 300,
  });
  const reads: CardRead[] = [];
  const errors: DeviceError[] = [];
  const states: string[] = [];
  reader.on('card', (read) => reads.push(read));
  reader.on('error', (error) => errors.push(error as DeviceError));
  reader.on('connected', () => states.push('connected'));
  reader.on('disconnected', () => states.push('disconnected'));
  cleanups.push(pty.close, fake.close, () => reader.stop());
  return { pty, fake, reader, reads, errors, states };
}

test('GA 467 requests are framed as the standard shows: find is AA AA AA 96 69 00 03 20 01 22', () => {
  assert.equal(encodeRequest(COMMANDS.find).toString('hex'), 'aaaaaa9669000320012' + '2');
  assert.equal(encodeRequest(COMMANDS.select).toString('hex'), 'aaaaaa96690003200221');
  assert.equal(encodeRequest(COMMANDS.readBase).toString('hex'), 'aaaaaa96690003300132');
  assert.ok(isResidentIdNumber('11010519491231002X') && !isResidentIdNumber('110105194912310021'));
});

test('the decoder finds frames split anywhere and after noise, and reports bad checksums and lengths', () => {
  const frames: number[] = [];
  const errors: string[] = [];
  const decoder = new Ga467Decoder(
    (response) => frames.push(response.status),
    (error) => errors.push(error.code),
  );
  const good = readerFrame(0x9f, Buffer.alloc(4));
  const stream = Buffer.concat([Buffer.from('noise'), good, good]);
  for (const byte of stream) decoder.push(Buffer.from([byte]));
  assert.deepEqual(frames, [0x9f, 0x9f]);
  const broken = Buffer.from(good);
  broken[broken.length - 1]! ^= 0xff;
  decoder.push(Buffer.concat([broken, good]));
  decoder.push(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]));
  decoder.push(good);
  assert.deepEqual(frames, [0x9f, 0x9f, 0x9f, 0x9f]);
  assert.deepEqual(errors, ['bad_checksum', 'bad_reply']);
});

test('the base information gives the number and name; a bad number or a cut text is a clear error', () => {
  const data = Buffer.concat([Buffer.from([0x01, 0x00, 0x04, 0x00]), cardText(ZHANG), Buffer.alloc(1024)]);
  assert.deepEqual(parseBaseInformation(data), { name: '张三', idNumber: '11010519491231002X' });
  assert.equal(
    (() => {
      try {
        parseBaseInformation(data.subarray(0, 100));
      } catch (error) {
        return (error as DeviceError).code;
      }
    })(),
    'bad_reply',
  );
  const wrong = Buffer.concat([
    Buffer.from([0x01, 0x00, 0x04, 0x00]),
    cardText({ ...ZHANG, idNumber: '110105194912310021' }),
  ]);
  assert.throws(
    () => parseBaseInformation(wrong),
    (error: DeviceError) => error.code === 'card_error',
  );
});

test('over a pty: a card placed is read once as id_card with its holder, another card is read too', async () => {
  const { fake, reader, reads, states } = await rig();
  await reader.start();
  await until(() => reader.connected);
  fake.card = ZHANG;
  await until(() => reads.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(reads.length, 1, 'a card left lying on the reader is read once');
  fake.card = LI;
  await until(() => reads.length === 2);
  assert.deepEqual(reads, [
    { kind: 'id_card', value: '11010519491231002X', reader: 'ID desk', holder: '张三' },
    { kind: 'id_card', value: '430104199001011230', reader: 'ID desk', holder: '李四' },
  ]);
  assert.deepEqual(states, ['connected']);
});

test('unplugged and plugged back: disconnected, then connected again and reading', async () => {
  const { pty, reader, reads, states } = await rig();
  await reader.start();
  await until(() => reader.connected);
  await pty.unplug();
  await until(() => !reader.connected);
  await pty.plug();
  const fake = await startFakeIdCardReader(pty.device);
  cleanups.push(fake.close);
  await until(() => reader.connected, 5000);
  fake.card = ZHANG;
  await until(() => reads.length === 1);
  assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
});

test('fuzzed, truncated and split answers never crash the reader: clear errors, and it reads after', async () => {
  const { fake, reader, reads, errors } = await rig();
  await reader.start();
  await until(() => reader.connected);
  fake.card = ZHANG;
  const good = readerFrame(0x9f, Buffer.alloc(4));
  const answers: (Buffer | Buffer[])[] = [
    crypto.randomBytes(40),
    good.subarray(0, 9),
    Buffer.concat([good.subarray(0, -1), Buffer.from([0x00])]),
    readerFrame(0x60),
    readerFrame(0x41),
    [good.subarray(0, 3), good.subarray(3, 8), good.subarray(8)],
  ];
  for (const noise of answers) {
    fake.override = (command) => (command === '2001' ? noise : null);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  fake.override = (command) => (command === '3001' ? readerFrame(0x90, Buffer.from([0x01, 0x00])) : null);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const codes = new Set(errors.map((error) => error.code));
  for (const code of codes) assert.ok((DEVICE_ERROR_CODES as readonly string[]).includes(code));
  for (const expected of ['timeout', 'bad_checksum', 'device_failure', 'card_error', 'bad_reply'])
    assert.ok(codes.has(expected as DeviceError['code']), `${expected} in ${[...codes].join()}`);
  fake.override = null;
  await until(() => reads.length >= 1);
  assert.equal(reads.at(-1)!.value, ZHANG.idNumber);
});
