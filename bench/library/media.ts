// Media figures for the library bench suite.
//   download_vs_curl_ratio   throughput of our verified download of a 1 GiB file from the
//                            reference hub's media route on loopback (signed request, sha256
//                            while streaming, write, fsync, rename, fsync dir, row) divided by
//                            curl -o of the same route in the same run, alternating; best of three each
//   download_mb_s, curl_mb_s the two throughputs (MiB/s)
//   fetch_drain_mb_s         context: fetch() of the same route, bytes read and dropped (no
//                            hash, no disk) — the ceiling for a FetchMedia built on fetch()
//   hub_fetch_drain_mb_s     the same through hubMediaFetch (media-http.ts on a bare socket),
//                            the ceiling for our download
//   download_rss_growth_mb   peak RSS of this process during our second download less RSS
//                            before it (a station that has been running); the hub runs in a
//                            child process so its buffers do not count
//   download_rss_growth_first_mb  the same for the first download in a fresh process, which
//                            also pays for loading and warming up fetch() once
//   media_first_byte_ms      the cached-media handler: Request to first body chunk of a full
//                            GET of the 1 GiB file (median of 200)
//   media_seek_ms            the same for a Range request at a random offset (median of 200)
// The 1 GiB file is one random 1 MiB block repeated (quick to write, nothing to compress on
// loopback), generated in a temp folder and deleted afterwards with everything else.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { signRequest } from '../../protocol/request-auth.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { openCatalog } from '../../main/storage/station-databases.ts';
import { createMediaHandler } from '../../main/library/media/media-handler.ts';
import { createMediaService } from '../../main/library/media/media-service.ts';
import { createHubClient, enrollStation } from '../../protocol/hub-client/hub-client.ts';
import type { FetchMedia } from '../../main/library/media/download.ts';

type Credentials = { baseUrl: string; stationId: string; privateKey: string; hubPublicKey: string };
/** The station's hub client's media call, as the station downloads. */
function hubMediaFetch(credentials: Credentials): FetchMedia {
  const client = createHubClient(credentials);
  return (sha256, request) => client.media(sha256, request);
}

const MIB = 1024 * 1024;
const FILE_MIB = 1024;
const RUNS = 3;
const HANDLER_REQUESTS = 200;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function writeTestFile(file: string): string {
  const block = crypto.randomBytes(MIB);
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < FILE_MIB; i++) {
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

/** The reference hub in its own process, holding the file; answers with its URL and a token. */
async function startHubChild(dataDir: string, file: string): Promise<HubChild> {
  const script = `
    import { startHub } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'hub', 'server.ts')).href)};
    const { dataDir, file } = JSON.parse(process.env.BENCH_HUB);
    const hub = await startHub({ dataDir, demo: true });
    await hub.admin.publishCatalogChanges({ lessons: [{ id: 'bench-1g', courseId: 'bench', title: 'bench', teacher: 'bench', summary: '', durationSec: 1, sort: 1, media: { file } }] });
    const { token } = hub.admin.createEnrollmentToken({ siteCode: 'DEMO' });
    process.stdout.write(JSON.stringify({ url: hub.url, token }) + '\\n');
    process.stdin.resume();
    process.stdin.on('end', () => hub.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, BENCH_HUB: JSON.stringify({ dataDir, file }) },
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

async function enroll(url: string, token: string, publicKey: string) {
  return enrollStation({ baseUrl: url, siteCode: 'DEMO', token, publicKey, name: 'bench', appVersion: '0.0.0' });
}

function curlSeconds(url: string, sha256: string, stationId: string, privateKey: string, target: string): number {
  const signed = signRequest({ method: 'GET', path: `/v1/media/${sha256}`, privateKey, stationId, now: Date.now() });
  const headers = Object.entries(signed).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const began = performance.now();
  const result = spawnSync('curl', [
    '-sS',
    '--fail',
    '-o',
    target,
    ...headers,
    new URL(`v1/media/${sha256}`, url).href,
  ]);
  const seconds = (performance.now() - began) / 1000;
  if (result.error)
    throw new Error(
      `curl could not be run (${result.error.message}); the download bench compares against curl, so install it`,
    );
  if (result.status !== 0) throw new Error(`curl failed: ${result.stderr.toString()}`);
  if (fs.statSync(target).size !== FILE_MIB * MIB) throw new Error('curl fetched a file of the wrong size');
  fs.rmSync(target);
  return seconds;
}

/** Reads the whole body and drops it: fetch() itself, or the hub FetchMedia the station uses. */
async function drainSeconds(
  sha256: string,
  credentials: Credentials,
  via: 'fetch' | 'hub-media-fetch',
): Promise<number> {
  const began = performance.now();
  let body: AsyncIterable<Uint8Array>;
  if (via === 'fetch') {
    const headers = signRequest({
      method: 'GET',
      path: `/v1/media/${sha256}`,
      privateKey: credentials.privateKey,
      stationId: credentials.stationId,
      now: Date.now(),
    });
    body = (await fetch(new URL(`v1/media/${sha256}`, credentials.baseUrl), { headers }))
      .body as unknown as AsyncIterable<Uint8Array>;
  } else {
    body = (await hubMediaFetch(credentials)(sha256, { signal: new AbortController().signal })).body;
  }
  let bytes = 0;
  for await (const chunk of body) bytes += chunk.length;
  if (bytes !== FILE_MIB * MIB) throw new Error(`${via} read ${bytes} bytes`);
  return (performance.now() - began) / 1000;
}

async function ourDownload(
  dataDir: string,
  sha256: string,
  credentials: Credentials,
): Promise<{ seconds: number; rssGrowthMb: number }> {
  const { db } = openCatalog(dataDir, silentLogger);
  const service = createMediaService({ db, dataDir, fetchMedia: hubMediaFetch(credentials) });
  await service.updateSettings({ downloadWindow: null });
  await service.start();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const began = performance.now();
  const done = new Promise<void>((resolve, reject) =>
    service.subscribe((changed, state) => {
      if (changed !== sha256) return;
      if (state.state === 'ready') resolve();
      if (state.state === 'failed') reject(new Error(`Our download failed: ${state.reason} ${state.message}`));
    }),
  );
  service.enqueue({ sha256, size: FILE_MIB * MIB });
  await done;
  const seconds = (performance.now() - began) / 1000;
  clearInterval(sampler);
  await service.stop();
  db.close();
  return { seconds, rssGrowthMb: (peak - baseline) / MIB };
}

async function handlerFigures(dataDir: string, sha256: string): Promise<{ firstByteMs: number; seekMs: number }> {
  const { db } = openCatalog(dataDir, silentLogger);
  const service = createMediaService({ db, dataDir, fetchMedia: () => Promise.reject(new Error('not used')) });
  const handle = createMediaHandler(service.store);
  const firstChunk = async (headers: Record<string, string>) => {
    const began = performance.now();
    const response = await handle(new Request(`http://station/media/${sha256}`, { headers }));
    const reader = response.body!.getReader();
    await reader.read();
    const ms = performance.now() - began;
    await reader.cancel();
    return ms;
  };
  const full: number[] = [];
  const seek: number[] = [];
  for (let i = 0; i < HANDLER_REQUESTS; i++) {
    full.push(await firstChunk({}));
    const offset = Math.floor(Math.random() * (FILE_MIB * MIB - MIB));
    seek.push(await firstChunk({ range: `bytes=${offset}-` }));
  }
  db.close();
  return { firstByteMs: median(full), seekMs: median(seek) };
}

export async function mediaFigures(): Promise<Record<string, number>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-media-'));
  let hub: HubChild | null = null;
  try {
    const source = path.join(work, 'lesson-1g.mp4');
    const sha256 = writeTestFile(source);
    hub = await startHubChild(path.join(work, 'hub'), source);
    fs.rmSync(source); // the hub keeps its own copy
    const keys = generateStationKeys();
    const { stationId, hubPublicKey } = await enroll(hub.url, hub.token, keys.publicKey);
    const credentials = { baseUrl: hub.url, stationId, privateKey: keys.privateKey, hubPublicKey };

    const curl: number[] = [];
    const ours: Array<{ seconds: number; rssGrowthMb: number }> = [];
    const station = path.join(work, 'station');
    for (let run = 0; run < RUNS; run++) {
      curl.push(curlSeconds(hub.url, sha256, stationId, keys.privateKey, path.join(work, 'curl.out')));
      fs.rmSync(station, { recursive: true, force: true });
      fs.mkdirSync(station);
      ours.push(await ourDownload(station, sha256, credentials));
    }
    const best = (values: number[]) => Math.min(...values);
    const oursSeconds = best(ours.map((run) => run.seconds));
    const curlBest = best(curl);
    const handler = await handlerFigures(station, sha256);
    const fetchDrain = await drainSeconds(sha256, credentials, 'fetch');
    const hubDrain = await drainSeconds(sha256, credentials, 'hub-media-fetch');
    return {
      download_vs_curl_ratio: Number((curlBest / oursSeconds).toFixed(3)),
      download_mb_s: Math.round(FILE_MIB / oursSeconds),
      curl_mb_s: Math.round(FILE_MIB / curlBest),
      fetch_drain_mb_s: Math.round(FILE_MIB / fetchDrain),
      hub_fetch_drain_mb_s: Math.round(FILE_MIB / hubDrain),
      download_rss_growth_mb: Number(ours.at(-1)!.rssGrowthMb.toFixed(1)),
      download_rss_growth_first_mb: Number(ours[0]!.rssGrowthMb.toFixed(1)),
      media_first_byte_ms: Number(handler.firstByteMs.toFixed(3)),
      media_seek_ms: Number(handler.seekMs.toFixed(3)),
    };
  } finally {
    await hub?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
