// A generated live lecture for the demo hub's live channel: one ffmpeg process draws a colour
// card with the channel title and a China Standard Time clock, adds a tone, and encodes it in
// real time (-re) as MPEG-TS with H.264 Baseline + AAC, low resolution and bitrate,
// zerolatency and a keyframe every second — what the station's mpegts.js player expects
// from a provincial live channel. Its bytes fan out to every subscribed HTTP response.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JoinPoint, PMT_PID, VIDEO_PID, createPacketAligner } from './ts-packets.ts';

export interface DemoLiveSource {
  format: 'ts';
  /** Sends the live stream to `res` from a recent keyframe on; returns the unsubscribe function. */
  stream(res: NodeJS.WritableStream): () => void;
  /** Stops ffmpeg and ends every subscriber. */
  close(): Promise<void>;
}

export interface DemoLiveOptions {
  /** Defaults to the first `ffmpeg` on PATH. */
  ffmpegPath?: string;
}

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const FIRST_BYTES_TIMEOUT_MS = 10_000;
const KILL_GRACE_MS = 2_000;
/** A GOP at this bitrate is ~40 KB; the cap only matters if keyframes stop coming. */
const JOIN_POINT_MAX_BYTES = 2 * 1024 * 1024;

function findOnPath(command: string): string | null {
  const names = process.platform === 'win32' ? [`${command}.exe`] : [command];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here; try the next PATH entry
      }
    }
  }
  return null;
}

/**
 * H.264 for live at 25 fps: baseline, no B-frames or lookahead (zerolatency), a keyframe every
 * second so a viewer can join within one. Shared with the player's test live source.
 */
export const H264_LOW_LATENCY = [
  '-c:v',
  'libx264',
  '-profile:v',
  'baseline',
  '-preset',
  'veryfast',
  '-tune',
  'zerolatency',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '25',
  '-keyint_min',
  '25',
  '-sc_threshold',
  '0',
];

function ffmpegArguments(): string[] {
  // Without the Noto CJK file (e.g. on Windows) drawtext falls back to fontconfig's default font.
  const font = fs.existsSync(FONT) ? `fontfile=${FONT}:` : '';
  const text = (value: string, options: string) => `drawtext=${font}text='${value}':${options}`;
  const video = [
    'color=c=0x0b3d6b:s=426x240:r=25',
    text('直播演示\u3000县处级干部专题培训班', 'fontsize=18:fontcolor=white:x=(w-tw)/2:y=60'),
    text('%{localtime\\:%Y-%m-%d}', 'fontsize=16:fontcolor=0xffe9a8:x=(w-tw)/2:y=110'),
    text('%{localtime\\:%X}', 'fontsize=32:fontcolor=white:box=1:boxcolor=black@0.4:boxborderw=6:x=(w-tw)/2:y=145'),
  ].join(',');
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    video,
    '-re',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=330:sample_rate=44100,volume=0.2',
    ...H264_LOW_LATENCY,
    '-b:v',
    '250k',
    '-maxrate',
    '250k',
    '-bufsize',
    '250k',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-ac',
    '1',
    // Fixed PIDs let ts-packets.ts find PAT, PMT and video keyframes without parsing the PSI.
    '-f',
    'mpegts',
    '-mpegts_pmt_start_pid',
    String(PMT_PID),
    '-mpegts_start_pid',
    String(VIDEO_PID),
    '-muxdelay',
    '0',
    '-muxpreload',
    '0',
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}

/** Resolves once ffmpeg has produced its first bytes; rejects if it exits or stays silent. */
function firstBytes(child: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ffmpeg produced no live stream within ${FIRST_BYTES_TIMEOUT_MS} ms: ${stderr()}`));
    }, FIRST_BYTES_TIMEOUT_MS);
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`ffmpeg exited (${signal ?? code}) before producing a live stream: ${stderr()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Starts the live source, or gives null when there is no ffmpeg to run. */
export async function startDemoLiveSource(options: DemoLiveOptions = {}): Promise<DemoLiveSource | null> {
  const ffmpeg = options.ffmpegPath ?? findOnPath('ffmpeg');
  if (!ffmpeg || !fs.existsSync(ffmpeg)) return null;

  // TZ makes drawtext's localtime China Standard Time on any machine; 'CST-8' is POSIX and
  // needs no tz database.
  const child = spawn(ffmpeg, ffmpegArguments(), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'CST-8' },
  });
  let stderrText = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderrText = (stderrText + text).slice(-2000);
  });
  // If this process ends without close(), ffmpeg must not outlive it: kill it on exit. (If this
  // process is killed outright, ffmpeg's next write to the dead pipe ends it.)
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const align = createPacketAligner();
  const joinPoint = new JoinPoint(JOIN_POINT_MAX_BYTES);
  // A subscriber whose socket buffer is full skips whole packets until it drains, so a slow
  // client costs no memory; mpegts.js resyncs on the next packets.
  const subscribers = new Map<NodeJS.WritableStream, { draining: boolean }>();
  let closed = false;

  const endAll = () => {
    closed = true;
    process.removeListener('exit', killOnExit);
    for (const res of subscribers.keys()) res.end();
    subscribers.clear();
  };
  child.on('exit', endAll);
  child.stdout!.on('data', (chunk: Buffer) => {
    const packets = align(chunk);
    if (packets.length === 0) return;
    joinPoint.push(packets);
    for (const [res, state] of subscribers) {
      if (state.draining) continue;
      if (!res.write(packets)) {
        state.draining = true;
        res.once('drain', () => (state.draining = false));
      }
    }
  });

  try {
    await firstBytes(child, () => stderrText);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    throw error;
  }

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  return {
    format: 'ts',
    stream(res) {
      if (closed) {
        res.end();
        return () => {};
      }
      const snapshot = joinPoint.snapshot();
      if (snapshot.length > 0) res.write(snapshot);
      subscribers.set(res, { draining: false });
      const unsubscribe = () => {
        subscribers.delete(res);
        res.removeListener('close', unsubscribe);
      };
      res.once('close', unsubscribe);
      return unsubscribe;
    },
    async close() {
      if (!closed) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
