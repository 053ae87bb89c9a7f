// Suite `core`: how long a station takes from process start to its first screen, with a year
// of data, beside baselines measured in the same run (rounds interleave the variants, so the
// machine's noise falls on all of them alike).
//   core_start_year_ms        spawn `node main/web/cli.ts --port 0 --data <copy of the year
//                             fixture>` until the first screen's five calls (station.info,
//                             station.health, classroom.status, sync.status,
//                             library.categories) are answered over the real HTTP contract
//                             with the token (median of STARTS). Goal ≤ 1,500 ms.
//   core_listen_year_ms       the part of it until the shell printed its URL (listening)
//   core_start_empty_ms       baseline: the same on an empty data folder (configured for a hub,
//                             not enrolled: nothing to verify, empty catalogue)
//   bare_node_http_start_ms   baseline: spawn `node -e` with a bare node:http server until the
//                             same five POSTs are answered
//   ledger_verify_year_ms     what start-up spends checking the ledger: verifyLedger on the
//                             year's ledger.db, every signature (nothing is acknowledged)
//   integrity_check_year_ms   what it spends on integrity_check of catalog.db and ledger.db
//   contract_roundtrip_year_us  a station.info call to the year station once started
//                             (HTTP keep-alive, token check, validation both ways), median
//   bare_http_roundtrip_us    baseline: the same client against the bare server of the same
//                             answer size, in its own process too
//   contract_vs_bare_http_ratio  the two side by side
// The station's hub is unreachable in every variant (fixture: its recorded address is a
// closed port; empty: station-config.json names that port), so no embedded demo hub starts
// and the sync's first attempt fails fast, after the first screen. Copies are made before
// the clock starts, so the files are in the page cache: a cold boot reads them from disk too.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_INVOKE_PREFIX } from '../../preload/contract/wire-names.ts';
import { verifyLedger } from '../../main/ledger/ledger.ts';
import { readSecrets } from '../../main/station/key-file.ts';
import { writeStationConfig } from '../../main/station/station-config.ts';
import { openAndCheck } from '../../main/storage/integrity.ts';
import { dataRoot, removeFolder, runFolder } from '../support/disk.ts';
import { median, round } from '../support/stats.ts';
import { copyStation, SITE, stationFixture, UNREACHABLE_HUB_URL, YEAR } from '../fixtures/station-year.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '..', '..', 'main', 'web', 'cli.ts');
const STARTS = 5;
const ROUNDTRIPS = 2000;
const WARMUP = 200;
export const FIRST_SCREEN = [
  'station.info',
  'station.health',
  'classroom.status',
  'sync.status',
  'library.categories',
] as const;

type Started = { child: ChildProcess; origin: string; token: string; listenMs: number; firstScreenMs: number };

/** The shell needs a renderer folder with an index.html; the first screen's data does not. */
function stubRenderer(): string {
  const dir = dataRoot('renderer-stub', 'stub renderer');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>bench</title>\n');
  return dir;
}

async function call(origin: string, token: string, channel: string): Promise<unknown> {
  const response = await fetch(`${origin}${HTTP_INVOKE_PREFIX}${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel} answered ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/**
 * Spawns a process that prints a line matching `ready` (with the origin and token in it) once
 * it listens, then asks the first screen's five calls at once, as the renderer does.
 */
async function startAndAsk(
  args: string[],
  ready: RegExp,
  check: (answers: unknown[]) => void = () => undefined,
): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = ready.exec(stdout);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${stdout}\n${stderr}`)));
  });
  try {
    const listenMs = performance.now() - began;
    const url = new URL(match[1]!);
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const answers = await Promise.all(FIRST_SCREEN.map((channel) => call(url.origin, token, channel)));
    const firstScreenMs = performance.now() - began;
    check(answers);
    return { child, origin: url.origin, token, listenMs, firstScreenMs };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const STATION_READY = /Lectern station \(browser shell\) at (http:\/\/\S+)/;

function stationArgs(dataDir: string, renderer: string): string[] {
  return [CLI, '--port', '0', '--data', dataDir, '--renderer', renderer];
}

/** A bare node:http server answering every POST with a fixed body; prints its URL like the station. */
function bareServerArgs(body: string): string[] {
  const script = `
    const http = require('node:http');
    const body = ${JSON.stringify(body)};
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body));
    });
    server.listen(0, '127.0.0.1', () => console.log('bare at http://127.0.0.1:' + server.address().port + '/#token=x'));
    process.on('SIGTERM', () => process.exit(0));`;
  return ['-e', script];
}
const BARE_READY = /bare at (http:\/\/\S+)/;

async function roundtrips(origin: string, token: string, channel: string): Promise<number> {
  const ask = () => call(origin, token, channel);
  for (let i = 0; i < WARMUP; i += 1) await ask();
  const times: number[] = [];
  for (let i = 0; i < ROUNDTRIPS; i += 1) {
    const began = performance.now();
    await ask();
    times.push((performance.now() - began) * 1000);
  }
  return median(times);
}

export async function run(): Promise<Record<string, number>> {
  const fixture = await stationFixture(YEAR);
  const renderer = stubRenderer();
  const year: Started[] = [];
  const empty: Started[] = [];
  const bare: Started[] = [];
  const verifyTimes: number[] = [];
  const integrityTimes: number[] = [];
  let sampleInfo = '';

  for (let round = 0; round < STARTS; round += 1) {
    const yearDir = copyStation(fixture, 'core-year');
    const started = await startAndAsk(stationArgs(yearDir, renderer), STATION_READY, (answers) => {
      const status = answers[2] as { state: string };
      const categories = answers[4] as { categories: unknown[] };
      if (status.state !== 'ready' || categories.categories.length === 0)
        throw new Error(`the year station is not ready: ${status.state}, ${categories.categories.length} categories`);
      sampleInfo = JSON.stringify({ ok: true, value: answers[0] });
    });
    year.push(started);
    await stop(started.child);
    removeFolder(yearDir);

    const emptyDir = runFolder('core-empty');
    writeStationConfig(emptyDir, {
      hubUrl: UNREACHABLE_HUB_URL,
      siteCode: SITE.code,
      enrollmentToken: 'bench-token-never-accepted',
      name: 'bench empty station',
    });
    const fresh = await startAndAsk(stationArgs(emptyDir, renderer), STATION_READY, (answers) => {
      if ((answers[2] as { state: string }).state !== 'not_enrolled') throw new Error('the empty station is enrolled?');
    });
    empty.push(fresh);
    await stop(fresh.child);
    removeFolder(emptyDir);

    const plain = await startAndAsk(bareServerArgs(sampleInfo), BARE_READY);
    bare.push(plain);
    await stop(plain.child);

    // What start-up does first, one piece at a time, in this process.
    const checkDir = copyStation(fixture, 'core-check');
    let began = performance.now();
    for (const file of ['catalog.db', 'ledger.db']) {
      const opened = openAndCheck(path.join(checkDir, file));
      if (!opened.ok) throw new Error(`${file}: ${opened.reason}`);
      opened.db.close();
    }
    integrityTimes.push(performance.now() - began);
    const opened = openAndCheck(path.join(checkDir, 'ledger.db'));
    if (!opened.ok) throw new Error(opened.reason);
    began = performance.now();
    const verdict = verifyLedger(opened.db, readSecrets(checkDir)!.publicKey);
    verifyTimes.push(performance.now() - began);
    opened.db.close();
    if (!verdict.ok || verdict.events !== fixture.manifest.events)
      throw new Error(`the fixture's ledger did not verify: ${JSON.stringify(verdict)}`);
    removeFolder(checkDir);
    console.log(
      `bench: core round ${round + 1}/${STARTS}: year ${year.at(-1)!.firstScreenMs.toFixed(0)} ms, empty ${empty.at(-1)!.firstScreenMs.toFixed(0)} ms, bare ${bare.at(-1)!.firstScreenMs.toFixed(0)} ms, verify ${verifyTimes.at(-1)!.toFixed(0)} ms`,
    );
  }

  // Round trips once started: the year station, then the bare server with the same answer.
  const yearDir = copyStation(fixture, 'core-roundtrip');
  const station = await startAndAsk(stationArgs(yearDir, renderer), STATION_READY);
  const contractUs = await roundtrips(station.origin, station.token, 'station.info');
  await stop(station.child);
  removeFolder(yearDir);
  const plain = await startAndAsk(bareServerArgs(sampleInfo), BARE_READY);
  const bareUs = await roundtrips(plain.origin, plain.token, 'station.info');
  await stop(plain.child);

  return {
    core_start_year_ms: round(median(year.map((s) => s.firstScreenMs)), 1),
    core_listen_year_ms: round(median(year.map((s) => s.listenMs)), 1),
    core_start_empty_ms: round(median(empty.map((s) => s.firstScreenMs)), 1),
    bare_node_http_start_ms: round(median(bare.map((s) => s.firstScreenMs)), 1),
    year_vs_empty_start_ratio: round(
      median(year.map((s) => s.firstScreenMs)) / median(empty.map((s) => s.firstScreenMs)),
      2,
    ),
    ledger_verify_year_ms: round(median(verifyTimes), 1),
    integrity_check_year_ms: round(median(integrityTimes), 1),
    year_events: fixture.manifest.events,
    contract_roundtrip_year_us: round(contractUs, 1),
    bare_http_roundtrip_us: round(bareUs, 1),
    contract_vs_bare_http_ratio: round(contractUs / bareUs, 2),
  };
}
