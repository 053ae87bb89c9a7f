// Suite `core`: how fast the station core starts and answers a contract call, each beside a
// baseline measured in the same run.
//   core_cold_start_ms       first start on an empty data folder: open, check, migrate both
//                            databases, router ready (median of 15)
//   core_warm_start_ms       the same on an existing data folder (integrity_check included)
//   bare_open_two_dbs_ms     baseline: open two empty SQLite files in WAL mode, nothing else
//   contract_roundtrip_us    median browser-shell call of station.info (HTTP keep-alive,
//                            token check, validation both ways)
//   bare_http_roundtrip_us   baseline: the same client against a bare node:http server
//                            answering a fixed JSON body of the same size
//   contract_vs_bare_http_ratio  contract_roundtrip_us / bare_http_roundtrip_us
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../main/runtime/logger.ts';
import { startStationCore } from '../../main/app/start-station.ts';
import { startWebShell } from '../../main/web/web-shell-server.ts';

const START_RUNS = 15;
const CALLS = 3000;
const WARMUP_CALLS = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
}

async function timeStarts(reuse: boolean): Promise<number> {
  const times: number[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const dir = reuse && dirs[0] ? dirs[0] : freshDir();
    dirs.push(dir);
    if (reuse && i === 0)
      await startStationCore({ dataDir: dir, version: '0', runtime: 'web', log: silentLogger }).close();
    const began = performance.now();
    const core = startStationCore({ dataDir: dir, version: '0', runtime: 'web', log: silentLogger });
    times.push(performance.now() - began);
    await core.close();
  }
  for (const dir of new Set(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  return median(times);
}

function timeBareOpen(): number {
  const times: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const dir = freshDir();
    const began = performance.now();
    for (const name of ['a.db', 'b.db']) {
      const db = new Database(path.join(dir, name));
      db.pragma('journal_mode = WAL');
      db.close();
    }
    times.push(performance.now() - began);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return median(times);
}

async function timeCalls(url: string, init: RequestInit): Promise<number> {
  for (let i = 0; i < WARMUP_CALLS; i++) await (await fetch(url, init)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const began = performance.now();
    await (await fetch(url, init)).arrayBuffer();
    times.push((performance.now() - began) * 1000);
  }
  return median(times);
}

export async function run(): Promise<Record<string, number>> {
  const core_cold_start_ms = await timeStarts(false);
  const core_warm_start_ms = await timeStarts(true);
  const bare_open_two_dbs_ms = timeBareOpen();

  const dataDir = freshDir();
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  const shell = await startWebShell({ core, rendererDir: dataDir, log: silentLogger });
  const contractUrl = `${shell.origin}/api/invoke/station.info`;
  const init: RequestInit = {
    method: 'POST',
    headers: { authorization: `Bearer ${shell.token}`, 'content-type': 'application/json' },
    body: '{}',
  };
  const sampleBody = await (await fetch(contractUrl, init)).text();
  const contract_roundtrip_us = await timeCalls(contractUrl, init);
  await shell.close();
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(sampleBody));
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bare_http_roundtrip_us = await timeCalls(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, init);
  bare.closeAllConnections();
  await new Promise((resolve) => bare.close(resolve));

  return {
    core_cold_start_ms,
    core_warm_start_ms,
    bare_open_two_dbs_ms,
    contract_roundtrip_us,
    bare_http_roundtrip_us,
    contract_vs_bare_http_ratio: contract_roundtrip_us / bare_http_roundtrip_us,
  };
}
