// Regenerates the playable demo lessons in hub/demo/media/ with ffmpeg.
//
//   npx node hub/demo/make-media.ts
//
// Each file is a lecture placeholder a person recognises at a glance: a coloured card with the
// course title, the lesson title and the teacher in Chinese (Noto Sans CJK), a running
// mm:ss timecode so seeking is visible, and a quiet pulsing tone for sound. Encoding is H.264 Main +
// AAC-LC mono in MP4 with faststart (moov before mdat), 426×240 at 15 fps with a keyframe every
// 2 s, tiny bitrates: 70–100 KB a file. Bit-exact flags and one encoder thread make the
// output reproducible with the same ffmpeg build.
//
// The files are committed, and their sha256 and size are constants in playable.ts. This script
// prints the figures of what it wrote and exits with status 1 when they differ from those
// constants (another ffmpeg version encodes differently): then copy the printed figures into
// playable.ts, so that playable.test.ts passes again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isFaststart } from './mp4-boxes.ts';
import { PLAYABLE_COURSE, PLAYABLE_LESSONS, type PlayableLesson } from './playable.ts';

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
// One background colour and one tone per lesson, so the five files are told apart at once.
const LOOKS = [
  { background: '0x8c1c13', toneHz: 196 },
  { background: '0x1f3a5f', toneHz: 220 },
  { background: '0x2e5e3a', toneHz: 247 },
  { background: '0x5b3a78', toneHz: 262 },
  { background: '0x6b4a12', toneHz: 294 },
] as const;

/** The texts are constants of this project; refuse anything that would need filtergraph escaping. */
function drawtext(text: string, options: string): string {
  if (/[\\':%,;[\]]/.test(text)) throw new Error(`drawtext text needs escaping, change it: ${text}`);
  return `drawtext=fontfile=${FONT}:text='${text}':${options}`;
}

function ffmpegArguments(lesson: PlayableLesson, look: (typeof LOOKS)[number], output: string): string[] {
  const centred = 'x=(w-tw)/2';
  const video = [
    drawtext(PLAYABLE_COURSE.title, `fontsize=14:fontcolor=0xffe9a8:${centred}:y=34`),
    drawtext(lesson.title, `fontsize=20:fontcolor=white:${centred}:y=80`),
    drawtext(lesson.teacher, `fontsize=12:fontcolor=0xdddddd:${centred}:y=126`),
    // %{pts:hms} is drawtext's own expansion, hence written here rather than through drawtext().
    `drawtext=fontfile=${FONT}:text='%{eif\\:trunc(t/60)\\:d\\:2}\\:%{eif\\:mod(t\\,60)\\:d\\:2}':fontsize=18:fontcolor=white:box=1:boxcolor=black@0.45:boxborderw=4:${centred}:y=176`,
    drawtext('讲台 Lectern 演示视频', `fontsize=10:fontcolor=white@0.6:x=w-tw-8:y=h-th-8`),
  ].join(',');
  // A 3 Hz tremolo on the tone gives it a syllable-like rhythm rather than a test beep.
  const audio = `sine=frequency=${look.toneHz}:sample_rate=22050:duration=${lesson.durationSec},volume=0.25,tremolo=f=3:d=0.6`;
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=${look.background}:s=426x240:r=15:d=${lesson.durationSec}`,
    '-f',
    'lavfi',
    '-i',
    audio,
    '-vf',
    video,
    '-c:v',
    'libx264',
    '-profile:v',
    'main',
    '-preset',
    'veryslow',
    '-crf',
    '34',
    '-g',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-threads',
    '1',
    '-c:a',
    'aac',
    '-b:a',
    '24k',
    '-ac',
    '1',
    '-movflags',
    '+faststart',
    '-map_metadata',
    '-1',
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    '-f',
    'mp4',
    output,
  ];
}

function makeLesson(lesson: PlayableLesson, look: (typeof LOOKS)[number]): { sha256: string; size: number } {
  fs.mkdirSync(path.dirname(lesson.file), { recursive: true });
  // Written beside the target and renamed, so an interrupted run never leaves half a fixture.
  const partial = `${lesson.file}.partial`;
  const result = spawnSync('ffmpeg', ffmpegArguments(lesson, look, partial), {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw new Error(`Could not run ffmpeg (is it installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ffmpeg failed with status ${result.status} for ${lesson.file}`);
  const data = fs.readFileSync(partial);
  if (!isFaststart(data)) throw new Error(`${partial} does not have moov before mdat`);
  fs.renameSync(partial, lesson.file);
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

let changed = false;
PLAYABLE_LESSONS.forEach((lesson, index) => {
  const { sha256, size } = makeLesson(lesson, LOOKS[index % LOOKS.length]!);
  const matches = sha256 === lesson.sha256 && size === lesson.size;
  changed ||= !matches;
  console.log(
    `${path.basename(lesson.file)}  sha256: '${sha256}', size: ${size}  ${matches ? 'matches playable.ts' : 'DIFFERS from playable.ts'}`,
  );
});
if (changed) {
  console.log('Copy the figures above into hub/demo/playable.ts.');
  process.exitCode = 1;
}
