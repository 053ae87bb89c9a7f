import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFaststart, topLevelBoxes } from './mp4-boxes.ts';

/** A box with a 32-bit size header and `payload` zero bytes. */
function box(type: string, payload: number): Uint8Array {
  const data = new Uint8Array(8 + payload);
  new DataView(data.buffer).setUint32(0, data.length);
  data.set(Buffer.from(type, 'latin1'), 4);
  return data;
}

const join = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

test('lists top-level boxes in file order with offsets and sizes', () => {
  assert.deepEqual(topLevelBoxes(join(box('ftyp', 12), box('moov', 100), box('mdat', 1000))), [
    { type: 'ftyp', offset: 0, size: 20 },
    { type: 'moov', offset: 20, size: 108 },
    { type: 'mdat', offset: 128, size: 1008 },
  ]);
});

test('reads 64-bit sizes and a last box that runs to the end of the file', () => {
  const large = new Uint8Array(16 + 4);
  const view = new DataView(large.buffer);
  view.setUint32(0, 1);
  large.set(Buffer.from('mdat', 'latin1'), 4);
  view.setBigUint64(8, 20n);
  const open = box('free', 6);
  new DataView(open.buffer).setUint32(0, 0);
  assert.deepEqual(topLevelBoxes(join(box('moov', 0), large, open)), [
    { type: 'moov', offset: 0, size: 8 },
    { type: 'mdat', offset: 8, size: 20 },
    { type: 'free', offset: 28, size: 14 },
  ]);
});

test('refuses a box that claims more bytes than the file has', () => {
  assert.throws(() => topLevelBoxes(box('mdat', 100).subarray(0, 50)), /past the end/);
});

test('faststart means moov before mdat', () => {
  assert.equal(isFaststart(join(box('ftyp', 4), box('moov', 4), box('mdat', 4))), true);
  assert.equal(isFaststart(join(box('ftyp', 4), box('mdat', 4), box('moov', 4))), false);
  assert.equal(isFaststart(join(box('ftyp', 4), box('mdat', 4))), false);
});
