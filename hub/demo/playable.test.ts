import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { isFaststart } from './mp4-boxes.ts';
import { PLAYABLE_LESSONS } from './playable.ts';

const run = promisify(execFile);

async function ffprobeAvailable(): Promise<boolean> {
  try {
    await run('ffprobe', ['-version']);
    return true;
  } catch {
    return false;
  }
}

test('every fixture has the sha256 and size playable.ts announces', () => {
  for (const lesson of PLAYABLE_LESSONS) {
    const data = fs.readFileSync(lesson.file);
    assert.equal(data.length, lesson.size, `size of ${lesson.file}`);
    assert.equal(
      createHash('sha256').update(data).digest('hex'),
      lesson.sha256,
      `sha256 of ${lesson.file} (regenerated? run make-media.ts and copy its figures)`,
    );
  }
});

test('the fixtures are small enough to commit: a few hundred KB in all', () => {
  const total = PLAYABLE_LESSONS.reduce((sum, lesson) => sum + fs.statSync(lesson.file).size, 0);
  assert.ok(PLAYABLE_LESSONS.length >= 4 && PLAYABLE_LESSONS.length <= 6);
  assert.ok(total < 600 * 1024, `${total} bytes`);
});

test('every fixture is faststart: moov before mdat', () => {
  for (const lesson of PLAYABLE_LESSONS)
    assert.ok(isFaststart(fs.readFileSync(lesson.file)), `${lesson.file} has moov after mdat`);
});

test('ffprobe sees H.264 video and AAC audio of the announced duration', async (t) => {
  if (!(await ffprobeAvailable())) {
    t.skip('ffprobe not installed');
    return;
  }
  for (const lesson of PLAYABLE_LESSONS) {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,codec_name:format=duration',
      '-of',
      'json',
      lesson.file,
    ]);
    const probe = JSON.parse(stdout) as {
      streams: { codec_type: string; codec_name: string }[];
      format: { duration: string };
    };
    assert.deepEqual(
      probe.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort(),
      ['audio:aac', 'video:h264'],
      lesson.file,
    );
    assert.ok(
      Math.abs(Number(probe.format.duration) - lesson.durationSec) < 0.25,
      `${lesson.file} lasts ${probe.format.duration} s, announced ${lesson.durationSec} s`,
    );
  }
});
