import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  JoinPoint,
  PACKET_SIZE,
  PAT_PID,
  PMT_PID,
  SYNC_BYTE,
  VIDEO_PID,
  createPacketAligner,
  packetPid,
} from './ts-packets.ts';

const AUDIO_PID = 0x0101;

/** A TS packet on `pid`; with `randomAccess`, an adaptation field flags a keyframe start. */
function packet(pid: number, options: { randomAccess?: boolean; fill?: number } = {}): Buffer {
  const data = Buffer.alloc(PACKET_SIZE, options.fill ?? 0xff);
  data[0] = SYNC_BYTE;
  data[1] = 0x40 | (pid >> 8);
  data[2] = pid & 0xff;
  data[3] = options.randomAccess ? 0x30 : 0x10;
  if (options.randomAccess) {
    data[4] = 7;
    data[5] = 0x40;
  }
  return data;
}

const pids = (data: Buffer): number[] => {
  const result: number[] = [];
  for (let offset = 0; offset < data.length; offset += PACKET_SIZE)
    result.push(packetPid(data.subarray(offset, offset + PACKET_SIZE)));
  return result;
};

test('the aligner passes on whole packets only and loses no byte', () => {
  const stream = Buffer.concat([
    packet(PAT_PID, { fill: 1 }),
    packet(PMT_PID, { fill: 2 }),
    packet(VIDEO_PID, { fill: 3 }),
  ]);
  const align = createPacketAligner();
  const outputs = [align(stream.subarray(0, 100)), align(stream.subarray(100, 400)), align(stream.subarray(400))];
  assert.deepEqual(
    outputs.map((output) => output.length),
    [0, 376, 188],
  );
  assert.deepEqual(Buffer.concat(outputs), stream);
});

test('a late joiner gets PAT, PMT and the packets since the last video keyframe', () => {
  const joinPoint = new JoinPoint(1024 * 1024);
  joinPoint.push(Buffer.concat([packet(PAT_PID), packet(PMT_PID), packet(AUDIO_PID, { randomAccess: true })]));
  assert.equal(joinPoint.snapshot().length, 0, 'nothing to join before the first keyframe');

  joinPoint.push(
    Buffer.concat([
      packet(VIDEO_PID, { randomAccess: true, fill: 1 }),
      packet(VIDEO_PID),
      packet(AUDIO_PID, { randomAccess: true }),
    ]),
  );
  assert.deepEqual(
    pids(joinPoint.snapshot()),
    [PAT_PID, PMT_PID, VIDEO_PID, VIDEO_PID, AUDIO_PID],
    'audio frames do not restart the join point',
  );

  joinPoint.push(
    Buffer.concat([packet(PAT_PID), packet(VIDEO_PID, { randomAccess: true, fill: 2 }), packet(AUDIO_PID)]),
  );
  const snapshot = joinPoint.snapshot();
  assert.deepEqual(pids(snapshot), [PAT_PID, PMT_PID, VIDEO_PID, AUDIO_PID]);
  assert.equal(snapshot[2 * PACKET_SIZE + 6], 2, 'starts at the newest keyframe');
});

test('without keyframes the join point gives up at its size cap instead of growing', () => {
  const joinPoint = new JoinPoint(10 * PACKET_SIZE);
  joinPoint.push(Buffer.concat([packet(PAT_PID), packet(PMT_PID), packet(VIDEO_PID, { randomAccess: true })]));
  joinPoint.push(Buffer.concat(Array.from({ length: 20 }, () => packet(VIDEO_PID))));
  assert.equal(joinPoint.snapshot().length, 0);
});
