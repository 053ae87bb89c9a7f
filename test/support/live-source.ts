// A live lecture source for the player's tests and benchmarks: one ffmpeg process encodes a
// test card with a running clock and a tone as H.264 + AAC in real time, muxed at once as
// MPEG-TS and as FLV (ffmpeg's tee muxer), and an HTTP server on 127.0.0.1 serves both
// (GET /live.ts, /live.flv) to every viewer from a recent keyframe on, like a live server's
// GOP cache. The faults a test triggers:
//
//   endStreams()    every open stream ends cleanly (what a live server does when the encoder stops)
//   abortStreams()  every open connection is reset mid-stream
//   stallStreams()  every open stream stops sending, its socket left open; new viewers are served
//   down(ms)        the source is gone for ms: open connections reset, new ones refused; then back
//
// It only listens on 127.0.0.1, and close() (or the test process ending) stops ffmpeg.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { H264_LOW_LATENCY } from '../../hub/demo/live.ts';
import { createPacketAligner, JoinPoint, PMT_PID, VIDEO_PID } from '../../hub/demo/ts-packets.ts';
import { createFlvReader, FlvJoinPoint } from './flv-tags.ts';

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const FIRST_BYTES_TIMEOUT_MS = 15_000;

export type LiveFormat = 'ts' | 'flv';

export interface LiveSource {
  url(format: LiveFormat): string;
  /** Streams served so far (a reconnecting player makes a new one each time). */
  served(format?: LiveFormat): number;
  /** Streams open now. */
  open(): number;
  endStreams(): void;
  abortStreams(): void;
  stallStreams(): void;
  /** Down for `ms`; resolves once the source serves again. */
  down(ms: number): Promise<void>;
  close(): Promise<void>;
}

function ffmpegArguments(): string[] {
  const font = fs.existsSync(FONT) ? `fontfile=${FONT}:` : '';
  const video = [
    'testsrc2=s=426x240:r=25',
    `drawtext=${font}text='%{localtime\\:%X}':fontsize=28:fontcolor=white:box=1:boxcolor=black@0.5:x=(w-tw)/2:y=h-48`,
  ].join(',');
  const ts = `[f=mpegts:mpegts_pmt_start_pid=${PMT_PID}:mpegts_start_pid=${VIDEO_PID}:max_delay=0]pipe\\:1`;
  const flv = '[f=flv:flvflags=no_duration_filesize]pipe\\:3';
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
    'sine=frequency=440:sample_rate=44100,volume=0.1',
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...H264_LOW_LATENCY,
    '-b:v',
    '300k',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-ac',
    '1',
    // Codec configuration out of band: FLV carries it only in its sequence headers (without
    // it x264 writes Annex B that no FLV demuxer reads), and the TS muxer still puts it
    // before every keyframe.
    '-flags:v',
    '+global_header',
    '-flags:a',
    '+global_header',
    '-flush_packets',
    '1',
    '-f',
    'tee',
    `${ts}|${flv}`,
  ];
}

type Viewer = { res: http.ServerResponse; socket: Socket; format: LiveFormat; stalled: boolean; draining: boolean };

export async function startLiveSource(options: { ffmpegPath?: string; port?: number } = {}): Promise<LiveSource> {
  const child: ChildProcess = spawn(options.ffmpegPath ?? 'ffmpeg', ffmpegArguments(), {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'CST-8' },
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));

  const viewers = new Set<Viewer>();
  const counts = { ts: 0, flv: 0 };
  const alignTs = createPacketAligner();
  const tsJoin = new JoinPoint(2 * 1024 * 1024);
  const readFlv = createFlvReader();
  const flvJoin = new FlvJoinPoint();

  const fanOut = (format: LiveFormat, bytes: Buffer) => {
    if (bytes.length === 0) return;
    for (const viewer of viewers) {
      if (viewer.format !== format || viewer.stalled || viewer.draining) continue;
      if (!viewer.res.write(bytes)) {
        viewer.draining = true;
        viewer.res.once('drain', () => (viewer.draining = false));
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    const packets = alignTs(chunk);
    tsJoin.push(packets);
    fanOut('ts', packets);
  });
  const flvOut = child.stdio[3] as NodeJS.ReadableStream;
  flvOut.on('data', (chunk: Buffer) => {
    const { header, tags } = readFlv(chunk);
    flvJoin.push(header, tags);
    fanOut('flv', Buffer.concat(tags.map((tag) => tag.bytes)));
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ffmpeg gave no live stream within ${FIRST_BYTES_TIMEOUT_MS} ms: ${stderr}`));
    }, FIRST_BYTES_TIMEOUT_MS);
    // Ready once both formats can start a viewer at a keyframe.
    const check = setInterval(() => {
      if (tsJoin.snapshot().length > 0 && flvJoin.snapshot().length > 0) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code, signal) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`ffmpeg exited (${signal ?? code}): ${stderr}`));
    });
  });

  const server = http.createServer((req, res) => {
    const format: LiveFormat | null = req.url === '/live.ts' ? 'ts' : req.url === '/live.flv' ? 'flv' : null;
    if (!format) {
      res.writeHead(404).end();
      return;
    }
    counts[format] += 1;
    res.writeHead(200, {
      'content-type': format === 'ts' ? 'video/mp2t' : 'video/x-flv',
      'cache-control': 'no-store',
    });
    const viewer: Viewer = { res, socket: req.socket, format, stalled: false, draining: false };
    res.write(format === 'ts' ? tsJoin.snapshot() : flvJoin.snapshot());
    viewers.add(viewer);
    res.once('close', () => viewers.delete(viewer));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);

  const resetAll = () => {
    for (const viewer of viewers) viewer.socket.resetAndDestroy();
    viewers.clear();
  };

  return {
    url: (format) => `http://127.0.0.1:${port}/live.${format}`,
    served: (format) => (format ? counts[format] : counts.ts + counts.flv),
    open: () => viewers.size,
    endStreams() {
      for (const viewer of viewers) viewer.res.end();
      viewers.clear();
    },
    abortStreams: resetAll,
    stallStreams() {
      for (const viewer of viewers) viewer.stalled = true;
    },
    async down(ms) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        resetAll();
        for (const socket of sockets) socket.destroy();
      });
      await new Promise((resolve) => setTimeout(resolve, ms));
      await listen(port);
    },
    async close() {
      process.removeListener('exit', killOnExit);
      resetAll();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
