// Media figures for the library bench suite. The reference hub runs in a child process (its
// CPU and buffers are not the station's); downloads go through the station's media service
// and its hub client (signed request, signed answer head, sha256 while streaming, write,
// fsync, rename, folder fsync, then the row). The data folders are on a real disk — BENCH_DIR,
// else /var/tmp (refused if it is tmpfs, where writes and fsync cost nothing).
//
//   download_link_efficiency       a 256 MiB lesson through a 100 Mbit/s line (throttle-proxy.ts
//                                  on 127.0.0.1): file bits ÷ (enqueue → ready) ÷ line rate; best of 2
//   download_cpu_vs_curl_sha_ratio CPU seconds (user + system) of our verified download of 1 GiB on
//                                  loopback (process.cpuUsage of this process, which is the whole
//                                  station side) ÷ those of `curl -o` followed by `sha256sum` of the
//                                  same file, run in the same session (bash `times`); best of 3 each
//   download_cpu_s, curl_sha_cpu_s the two CPU times
//   download_cpu_vs_curl_openssl_ratio  context: the same against curl + `openssl dgst -sha256`,
//                                  which hashes with the CPU's SHA instructions as Node does
//   download_vs_curl_ratio         reported only: curl's wall time ÷ ours for the 1 GiB (curl does not
//                                  hash or fsync); download_mb_s, curl_mb_s the two throughputs
//   client_drain_mb_s              context: the hub client's media body read and dropped (no hash,
//                                  no disk), the ceiling for our download
//   download_rss_growth_mb         peak RSS during our last 1 GiB download less RSS before it;
//                                  download_rss_growth_first_mb the same for the first, in a fresh process
//   media_first_byte_ms            the browser shell's media route over HTTP (web-shell-server.ts with
//                                  media-handler.ts, the session cookie): request to first body byte
//                                  of a full GET of the 1 GiB file, the file's pages dropped from the
//                                  page cache before each request (median of 100)
//   media_seek_ms                  the same for a Range request at a random offset (median of 100)
//   static_first_byte_ms, static_seek_ms  the same through a plain node:http + fs.createReadStream
//                                  server of the same file, requests alternating with the shell's
//   media_vs_static_ratio          (media_first_byte_ms + media_seek_ms) ÷ (static_first_byte_ms +
//                                  static_seek_ms)
// Dropping the pages: `dd if=FILE iflag=nocache count=0`, which is posix_fadvise(POSIX_FADV_DONTNEED)
// over the whole file (GNU dd) — only this file's clean pages, not the machine's page cache
// (drop_caches needs root and would slow everyone else on the machine). The downloaded file
// is fsynced, so all its pages are clean and can be dropped.
// The files are one random 1 MiB block repeated (quick to write, nothing to compress on
// loopback), generated in the work folder and deleted afterwards with everything else.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createHubClient, enrollStation } from '../../protocol/hub-client/hub-client.ts';
import { signRequest } from '../../protocol/request-auth.ts';
import type { Handlers } from '../../main/runtime/router.ts';
import { createRouter } from '../../main/runtime/router.ts';
import { createEventBus } from '../../main/runtime/event-bus.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { openCatalog } from '../../main/storage/station-databases.ts';
import type { FetchMedia } from '../../main/library/media/download.ts';
import { createMediaHandler } from '../../main/library/media/media-handler.ts';
import { createMediaService } from '../../main/library/media/media-service.ts';
import { startWebShell } from '../../main/web/web-shell-server.ts';
import { HTTP_SESSION_PATH } from '../../preload/contract/wire-names.ts';
import { startThrottleProxy } from './throttle-proxy.ts';
import { workFolder } from './work-folder.ts';

const MIB = 1024 * 1024;
const BIG_MIB = 1024;
const LINK_MIB = 256;
const LINK_BYTES_PER_S = 100e6 / 8;
const CPU_RUNS = 3;
const LINK_RUNS = 2;
const SERVE_REQUESTS = 100;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Credentials = { baseUrl: string; stationId: string; privateKey: string; hubPublicKey: string };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeTestFile(file: string, mib: number): string {
  const block = crypto.randomBytes(MIB);
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < mib; i++) {
    fs.writeSync(fd, block);
    hash.update(block);
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

interface HubChild {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** The reference hub in its own process, holding the files; answers with its URL and a token. */
async function startHubChild(dataDir: string, files: string[]): Promise<HubChild> {
  const script = `
    import { startHub } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'hub', 'server.ts')).href)};
    const { dataDir, files } = JSON.parse(process.env.BENCH_HUB);
    const hub = await startHub({ dataDir, demo: true });
    await hub.admin.publishCatalogChanges({ lessons: files.map((file, i) => ({ id: 'bench-' + i, courseId: 'bench', title: 'bench', teacher: 'bench', summary: '', durationSec: 1, sort: i, media: { file } })) });
    const { token } = hub.admin.createEnrollmentToken({ siteCode: 'DEMO' });
    process.stdout.write(JSON.stringify({ url: hub.url, token }) + '\\n');
    process.stdin.resume();
    process.stdin.on('end', () => hub.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, BENCH_HUB: JSON.stringify({ dataDir, files }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`The bench hub exited with ${code} before it was ready`)));
  });
  const ready = JSON.parse(first) as { url: string; token: string };
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** The station's hub client's media call, as the station downloads. */
function hubMediaFetch(credentials: Credentials): FetchMedia {
  const client = createHubClient(credentials);
  return (sha256, request) => client.media(sha256, request);
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** bash `times`' second line: user and system time of the shell's finished children. */
function childrenCpu(line: string): number {
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`Cannot read bash times: ${line}`);
  return seconds[0]! + seconds[1]!;
}

/**
 * curl -o of the media route, then sha256sum and openssl dgst of what it wrote, in one bash
 * that reports its children's CPU after each step; wall time of curl alone.
 */
function curlRun(
  credentials: Credentials,
  sha256: string,
  target: string,
): { curlSeconds: number; curlShaCpu: number; curlOpensslCpu: number } {
  const signed = signRequest({
    method: 'GET',
    path: `/v1/media/${sha256}`,
    privateKey: credentials.privateKey,
    stationId: credentials.stationId,
    now: Date.now(),
  });
  const headers = Object.entries(signed).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const script = [
    'set -e',
    'out="$1"; url="$2"; shift 2',
    'began=$EPOCHREALTIME',
    'curl -sS --fail -o "$out" "$@" "$url"',
    'ended=$EPOCHREALTIME',
    'echo "wall $began $ended"',
    'times',
    'sha256sum "$out"',
    'times',
    'openssl dgst -sha256 -r "$out"',
    'times',
  ].join('\n');
  const result = spawnSync(
    'bash',
    ['-c', script, 'bench', target, new URL(`v1/media/${sha256}`, credentials.baseUrl).href, ...headers],
    { encoding: 'utf8' },
  );
  if (result.error) throw new Error(`bash/curl could not be run (${result.error.message}); install curl`);
  if (result.status !== 0) throw new Error(`curl failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  const wall = /^wall ([\d.]+) ([\d.]+)$/.exec(lines[0]!)!;
  // Each `times` prints the shell's own line, then the children's.
  const afterCurl = childrenCpu(lines[2]!);
  if (!lines[3]!.startsWith(sha256) || !lines[6]!.startsWith(sha256))
    throw new Error(`curl fetched something else: ${lines[3]} / ${lines[6]}`);
  const afterSha = childrenCpu(lines[5]!);
  const afterOpenssl = childrenCpu(lines[8]!);
  fs.rmSync(target);
  return {
    curlSeconds: Number(wall[2]) - Number(wall[1]),
    curlShaCpu: afterSha,
    curlOpensslCpu: afterCurl + (afterOpenssl - afterSha),
  };
}

/** The hub client's media body read and dropped: the ceiling for a download. */
async function drainSeconds(credentials: Credentials, sha256: string, bytes: number): Promise<number> {
  const began = performance.now();
  const answer = await hubMediaFetch(credentials)(sha256, { signal: new AbortController().signal });
  let received = 0;
  for await (const chunk of answer.body) received += chunk.length;
  if (received !== bytes) throw new Error(`The client read ${received} bytes`);
  return (performance.now() - began) / 1000;
}

/** One verified download by the station's media service into a fresh data folder. */
async function ourDownload(
  dataDir: string,
  sha256: string,
  size: number,
  fetchMedia: FetchMedia,
): Promise<{ seconds: number; cpu: number; rssGrowthMb: number }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const { db } = openCatalog(dataDir, silentLogger);
  const service = createMediaService({ db, dataDir, fetchMedia });
  await service.updateSettings({ downloadWindow: null });
  await service.start();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const done = new Promise<void>((resolve, reject) =>
    service.subscribe((changed, state) => {
      if (changed !== sha256) return;
      if (state.state === 'ready') resolve();
      if (state.state === 'failed') reject(new Error(`Our download failed: ${state.reason} ${state.message}`));
    }),
  );
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  service.enqueue({ sha256, size });
  await done;
  const seconds = (performance.now() - began) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpuBefore));
  clearInterval(sampler);
  await service.stop();
  db.close();
  return { seconds, cpu, rssGrowthMb: (peak - baseline) / MIB };
}

/** A plain static file server: node:http and fs.createReadStream, one file, single ranges. */
async function startStaticServer(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const size = fs.statSync(file).size;
  const server = http.createServer((req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    res.writeHead(range ? 206 : 200, {
      'content-type': 'video/mp4',
      'content-length': size - start,
      ...(range ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    fs.createReadStream(file, { start, highWaterMark: 256 * 1024 }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Milliseconds from sending a GET to the first body byte; the rest is not read. */
function firstByteMs(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const request = http.get(url, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200 && response.statusCode !== 206)
        reject(new Error(`${url} answered ${response.statusCode}`));
      response.once('data', () => {
        const ms = performance.now() - began;
        response.destroy();
        resolve(ms);
      });
    });
    request.on('error', reject);
  });
}

/** The file's pages out of the page cache (see the header). */
function dropFromPageCache(file: string): void {
  execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
}

async function servingFigures(dataDir: string, sha256: string, size: number): Promise<Record<string, number>> {
  const { db } = openCatalog(dataDir, silentLogger);
  const service = createMediaService({ db, dataDir, fetchMedia: () => Promise.reject(new Error('not used')) });
  const file = service.store.paths.file(sha256);
  const rendererDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  const shell = await startWebShell({
    core: { router: createRouter({} as Handlers, silentLogger), bus: createEventBus() },
    rendererDir,
    mediaHandler: createMediaHandler(service.store),
    log: silentLogger,
  });
  const plain = await startStaticServer(file);
  try {
    const session = await fetch(new URL(HTTP_SESSION_PATH, shell.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${shell.token}` },
    });
    const cookie = session.headers.get('set-cookie')?.split(';')[0];
    if (session.status !== 204 || !cookie) throw new Error(`No media session: ${session.status}`);
    const random = mulberry32(7);
    const times = {
      shellFull: [] as number[],
      shellSeek: [] as number[],
      plainFull: [] as number[],
      plainSeek: [] as number[],
    };
    for (let i = 0; i < SERVE_REQUESTS; i++) {
      const range = `bytes=${Math.floor(random() * (size - MIB))}-`;
      const shellUrl = `${shell.origin}/media/${sha256}`;
      const plainUrl = `${plain.url}/media`;
      // Alternating which goes first, so neither always follows the other's disk reads.
      const order = i % 2 === 0 ? (['shell', 'plain'] as const) : (['plain', 'shell'] as const);
      for (const which of order) {
        const url = which === 'shell' ? shellUrl : plainUrl;
        const auth: Record<string, string> = which === 'shell' ? { cookie } : {};
        dropFromPageCache(file);
        (which === 'shell' ? times.shellFull : times.plainFull).push(await firstByteMs(url, auth));
        dropFromPageCache(file);
        (which === 'shell' ? times.shellSeek : times.plainSeek).push(await firstByteMs(url, { ...auth, range }));
      }
    }
    const figures = {
      media_first_byte_ms: median(times.shellFull),
      media_seek_ms: median(times.shellSeek),
      static_first_byte_ms: median(times.plainFull),
      static_seek_ms: median(times.plainSeek),
    };
    return {
      ...Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, Number(value.toFixed(3))])),
      media_vs_static_ratio: Number(
        (
          (figures.media_first_byte_ms + figures.media_seek_ms) /
          (figures.static_first_byte_ms + figures.static_seek_ms)
        ).toFixed(3),
      ),
    };
  } finally {
    await plain.close();
    await shell.close();
    db.close();
  }
}

export async function mediaFigures(): Promise<Record<string, number>> {
  const work = workFolder('lectern-bench-media-');
  let hub: HubChild | null = null;
  let proxy: Awaited<ReturnType<typeof startThrottleProxy>> | null = null;
  try {
    const bigSource = path.join(work, 'lesson-1g.mp4');
    const linkSource = path.join(work, 'lesson-256m.mp4');
    const bigSha = writeTestFile(bigSource, BIG_MIB);
    const linkSha = writeTestFile(linkSource, LINK_MIB);
    hub = await startHubChild(path.join(work, 'hub'), [bigSource, linkSource]);
    fs.rmSync(bigSource); // the hub keeps its own copies
    fs.rmSync(linkSource);
    const keys = generateStationKeys();
    const enrolled = await enrollStation({
      baseUrl: hub.url,
      siteCode: 'DEMO',
      token: hub.token,
      publicKey: keys.publicKey,
      name: 'bench',
      appVersion: '0.0.0',
    });
    const credentials: Credentials = {
      baseUrl: hub.url,
      stationId: enrolled.stationId,
      privateKey: keys.privateKey,
      hubPublicKey: enrolled.hubPublicKey,
    };

    // CPU and speed on loopback, ours and curl's alternating.
    const curl: Array<ReturnType<typeof curlRun>> = [];
    const ours: Array<Awaited<ReturnType<typeof ourDownload>>> = [];
    const station = path.join(work, 'station');
    for (let run = 0; run < CPU_RUNS; run++) {
      curl.push(curlRun(credentials, bigSha, path.join(work, 'curl.out')));
      ours.push(await ourDownload(station, bigSha, BIG_MIB * MIB, hubMediaFetch(credentials)));
    }
    const best = (values: number[]) => Math.min(...values);
    const oursCpu = best(ours.map((run) => run.cpu));
    const curlShaCpu = best(curl.map((run) => run.curlShaCpu));
    const curlOpensslCpu = best(curl.map((run) => run.curlOpensslCpu));
    const oursSeconds = best(ours.map((run) => run.seconds));
    const curlSeconds = best(curl.map((run) => run.curlSeconds));
    const drain = await drainSeconds(credentials, bigSha, BIG_MIB * MIB);

    // The browser shell serving the file the last download left, against a static server.
    const serving = await servingFigures(station, bigSha, BIG_MIB * MIB);

    // A 256 MiB lesson through a 100 Mbit/s line.
    proxy = await startThrottleProxy(new URL(hub.url), LINK_BYTES_PER_S);
    const throughLine = hubMediaFetch({ ...credentials, baseUrl: proxy.url });
    const link: number[] = [];
    for (let run = 0; run < LINK_RUNS; run++) {
      const { seconds } = await ourDownload(path.join(work, 'linked'), linkSha, LINK_MIB * MIB, throughLine);
      link.push((LINK_MIB * MIB) / seconds / LINK_BYTES_PER_S);
    }

    return {
      download_link_efficiency: Number(Math.max(...link).toFixed(3)),
      download_cpu_vs_curl_sha_ratio: Number((oursCpu / curlShaCpu).toFixed(3)),
      download_cpu_s: Number(oursCpu.toFixed(3)),
      curl_sha_cpu_s: Number(curlShaCpu.toFixed(3)),
      download_cpu_vs_curl_openssl_ratio: Number((oursCpu / curlOpensslCpu).toFixed(3)),
      download_vs_curl_ratio: Number((curlSeconds / oursSeconds).toFixed(3)),
      download_mb_s: Math.round(BIG_MIB / oursSeconds),
      curl_mb_s: Math.round(BIG_MIB / curlSeconds),
      client_drain_mb_s: Math.round(BIG_MIB / drain),
      download_rss_growth_mb: Number(ours.at(-1)!.rssGrowthMb.toFixed(1)),
      download_rss_growth_first_mb: Number(ours[0]!.rssGrowthMb.toFixed(1)),
      ...serving,
    };
  } finally {
    await proxy?.close();
    await hub?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
