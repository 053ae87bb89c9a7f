// npm run bench -- sync: delivering a station's learning records to the hub, through the
// station's own sync engine (main/hub-link/) and the reference hub, each figure beside a
// baseline measured in the same run. Data folders on a real disk (BENCH_DIR, else /var/tmp).
//   ed25519_verify_per_s_one_thread  context: signatures one thread verifies a second on this
//                                machine now (the hub verifies every event's)
//   push_events_per_s            100,000 events of class days pushed on loopback by the engine
//                                (batches of 500, gzip, signed requests and answers) to the hub in a
//                                child process of its own, until every one is acknowledged
//   push_cpu_us_per_event        CPU time of the hub process and of this one (the station, and the
//                                counting proxy) per event of that push: what the load of a
//                                shared machine does not change
//   ingest_direct_events_per_s   baseline: the same events through the hub's ingest (worker-thread
//                                check, one transaction per 500) called in-process, no HTTP, no station
//   ingest_direct_cpu_us_per_event  the CPU time (all threads) that ingest took per event: the
//                                figure a shared machine's load does not change
//   push_vs_direct_ratio         what the wire and the station add
//   wire_bytes_per_event         bytes both ways on the TCP connections (a counting proxy), request
//                                and answer heads included, per event of that push
//   wire_bytes_per_event_plain   baseline: 2,000 events pushed without compression
//   gzip_saving_ratio            plain ÷ gzip
//   day_backlog_256kbit_s        a busy station's day (2,000 events) sent by the engine over a line
//                                of 256 kbit/s both ways (the proxy holds both directions to it)
//   day_backlog_line_floor_s     baseline: the bytes that moved ÷ the line rate
//   catalog_pull_256kbit_s       the full demo catalogue (2,600 courses, ~30,000 lessons) pulled into
//                                an empty catalog.db over the same line; catalog_pull_loopback_s beside it
//   fifty_stations_converge_s    50 stations with a week's backlog each (5 class days of 30 learners)
//                                syncing at once, engines in 5 child processes at lower priority
//   heartbeat_p99_ms_under_load  a heartbeat every 100 ms meanwhile: the hub's answer time, p99
//   heartbeat_p99_ms_idle        baseline: the same with nothing else going on
//   start_after_sync_ms          a station with 100,000 events, all but the last 1,000 acknowledged
//                                (its checkpoint where the acknowledgement put it): startStationCore
//                                until its health answers (median of 5)
//   start_without_checkpoint_ms  baseline: the same station without its checkpoint file
import fs from 'node:fs';
import path from 'node:path';
import { createAdmin } from '../../hub/admin.ts';
import { openHubDb } from '../../hub/db.ts';
import { createEventChecker } from '../../hub/event-check.ts';
import { pushEvents } from '../../hub/ingest.ts';
import { startHub } from '../../hub/server.ts';
import { startStationCore } from '../../main/app/start-station.ts';
import { syncCatalog } from '../../main/hub-link/catalog-pull.ts';
import { stationHubClient } from '../../main/hub-link/enrollment.ts';
import {
  enrollTestStation,
  ledgerEvents,
  openTestStation,
  recordClassDays,
  testEngine,
  type SyncTestStation,
} from '../../main/hub-link/test-station.ts';
import { writeCheckpointSync } from '../../main/ledger/checkpoint.ts';
import { acknowledge } from '../../main/ledger/ledger.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { readSecrets } from '../../main/station/key-file.ts';
import { copyLedgerSync } from '../../main/storage/ledger-backup.ts';
import { ledgerCheckpointPath, ledgerPath, openCatalog } from '../../main/storage/station-databases.ts';
import { generateStationKeys, sign, verify } from '../../protocol/crypto.ts';
import { GENESIS_HASH } from '../../protocol/events.ts';
import { startFaultProxy } from '../../test/support/fault-proxy.ts';
import { percentile, runManyStations } from '../../test/support/many-stations.ts';
import { startHubProcess } from '../library/hub-process.ts';
import { workFolder } from '../library/work-folder.ts';

const PUSH_EVENTS = 100_000;
const DAY_EVENTS = 2_000;
const LINE_BYTES_PER_S = 256_000 / 8;
// A class of 40 learners for 90 minutes is 91 events; a busy station holds several a day.
const CLASS = { learners: 40, minutes: 90 };
const EVENTS_PER_CLASS = 91;

const median = (values: number[]) => percentile(values, 50);

/** A station with `events` events of class days (rounded up to whole classes). */
async function stationWith(folder: string, hub: { url: string; token: string }, events: number) {
  await enrollTestStation(folder, hub);
  const station = openTestStation(folder, { startMs: Date.now() - 200 * 86_400_000 });
  const classes = Math.ceil(events / EVENTS_PER_CLASS);
  recordClassDays(station, Math.ceil(classes / 8), 8, CLASS);
  return station;
}

function engineFor(station: SyncTestStation, url: string, options: { compress?: boolean } = {}) {
  // The catalogue and the heartbeat are measured apart: these syncs push.
  return testEngine(station, url, {
    ...options,
    timeoutMs: 120_000,
    timings: { pullMs: 86_400_000, heartbeatMs: 86_400_000 },
  });
}

/** One sync after the catalogue was pulled once: what a station back online does with its backlog. */
async function timedPush(station: SyncTestStation, url: string, options: { compress?: boolean } = {}) {
  const engine = engineFor(station, url, options);
  const started = performance.now();
  const status = await engine.syncNow();
  const seconds = (performance.now() - started) / 1000;
  await engine.stop();
  if (status.state !== 'idle' || status.pending.events !== 0)
    throw new Error(`the push did not finish: ${JSON.stringify(status.lastError)}`);
  return seconds;
}

/** Pulls the catalogue once, so later syncs of the station push only. */
async function pullOnce(station: SyncTestStation, url: string): Promise<void> {
  const client = stationHubClient(station.ledgerDb, station.dataDir, { baseUrl: url, timeoutMs: 600_000 })!;
  await syncCatalog(station.databases.catalog.db, client);
  fs.writeFileSync(
    path.join(station.dataDir, 'sync-status.json'),
    JSON.stringify({
      v: 1,
      lastAttempt: null,
      lastSuccessAt: null,
      lastMoved: null,
      lastPullAt: new Date().toISOString(),
      lastHeartbeatAt: new Date().toISOString(),
      hubAhead: null,
    }),
  );
}

async function pushFigures(work: string, figures: Record<string, number>): Promise<void> {
  const hubDir = path.join(work, 'hub');
  const hub = await startHubProcess(hubDir, 'small');
  const admin = openHubDb(hubDir);
  const token = () => createAdmin(admin, hubDir, Date.now).createEnrollmentToken({ siteCode: 'DEMO' }).token;
  try {
    // 100,000 events, pushed through a counting proxy.
    const big = await stationWith(path.join(work, 'big'), { url: hub.url, token: token() }, PUSH_EVENTS);
    const events = big.writer.head().seq;
    await pullOnce(big, hub.url);
    // The start figure's station: a copy of this one before its push (same key, same chain).
    const startDir = path.join(work, 'start');
    fs.mkdirSync(startDir);
    for (const file of ['station-key.json', 'catalog.db'])
      fs.copyFileSync(path.join(big.dataDir, file), path.join(startDir, file));
    copyLedgerSync(ledgerPath(big.dataDir), ledgerPath(startDir));
    const counting = await startFaultProxy(new URL(hub.url), { seed: 1 });
    const hubCpu = hub.cpuSeconds();
    const stationCpu = process.cpuUsage();
    const seconds = await timedPush(big, counting.url);
    const stationUsed = process.cpuUsage(stationCpu);
    figures.push_events = events;
    figures.push_events_per_s = events / seconds;
    figures.push_cpu_us_per_event =
      ((hub.cpuSeconds() - hubCpu) * 1e6 + stationUsed.user + stationUsed.system) / events;
    figures.wire_bytes_per_event = (counting.stats.bytesUp + counting.stats.bytesDown) / events;
    await counting.close();
    await startFigures(startDir, events - 1_000, figures);

    // Baseline: the hub's ingest of the same events, in-process.
    const all = ledgerEvents(big.ledgerDb);
    const direct = await directIngest(path.join(work, 'direct'), big, all);
    figures.ingest_direct_events_per_s = direct.perSecond;
    figures.ingest_direct_cpu_us_per_event = direct.cpuUsPerEvent;
    figures.push_vs_direct_ratio = figures.push_events_per_s / figures.ingest_direct_events_per_s;
    big.close();

    // 2,000 events without compression: the wire baseline.
    const plain = await stationWith(path.join(work, 'plain'), { url: hub.url, token: token() }, DAY_EVENTS);
    await pullOnce(plain, hub.url);
    const plainProxy = await startFaultProxy(new URL(hub.url), { seed: 2 });
    await timedPush(plain, plainProxy.url, { compress: false });
    figures.wire_bytes_per_event_plain =
      (plainProxy.stats.bytesUp + plainProxy.stats.bytesDown) / plain.writer.head().seq;
    figures.gzip_saving_ratio = figures.wire_bytes_per_event_plain / figures.wire_bytes_per_event;
    await plainProxy.close();
    plain.close();

    // A busy day over 256 kbit/s.
    const day = await stationWith(path.join(work, 'day'), { url: hub.url, token: token() }, DAY_EVENTS);
    await pullOnce(day, hub.url);
    const line = await startFaultProxy(new URL(hub.url), { seed: 3, plan: { bytesPerSecond: LINE_BYTES_PER_S } });
    figures.day_backlog_events = day.writer.head().seq;
    figures.day_backlog_256kbit_s = await timedPush(day, line.url);
    figures.day_backlog_line_floor_s = (line.stats.bytesUp + line.stats.bytesDown) / LINE_BYTES_PER_S;
    await line.close();
    day.close();
  } finally {
    admin.close();
    await hub.stop();
  }
}

/** The hub's ingest of `events` called directly on a fresh hub database: no HTTP, no station. */
async function directIngest(dir: string, station: SyncTestStation, events: ReturnType<typeof ledgerEvents>) {
  const db = openHubDb(dir);
  const admin = createAdmin(db, dir, Date.now);
  admin.createSite({ code: 'B', name: 'bench' });
  const publicKey = readSecrets(station.dataDir)!.publicKey;
  db.prepare(
    "INSERT INTO stations (id, site_code, public_key, name, app_version, enrolled_at, last_hash) VALUES (?, 'B', ?, 'b', '0', 0, ?)",
  ).run(station.stationId, publicKey, GENESIS_HASH);
  db.prepare('INSERT INTO station_keys (public_key, station_id, enrolled_at, first_seq) VALUES (?, ?, 0, 1)').run(
    publicKey,
    station.stationId,
  );
  const checker = createEventChecker();
  const row = () => db.prepare('SELECT * FROM stations WHERE id = ?').get(station.stationId) as never;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let at = 0; at < events.length; at += 500)
    await pushEvents(db, checker, row(), events.slice(at, at + 500), Date.now());
  const perSecond = events.length / ((performance.now() - started) / 1000);
  // CPU of every thread of this process (the main one and the check threads): what the
  // ingest costs whatever else the machine is doing.
  const used = process.cpuUsage(cpu);
  const cpuUsPerEvent = (used.user + used.system) / events.length;
  await checker.close();
  db.close();
  return { perSecond, cpuUsPerEvent };
}

/**
 * The start-up figure: the big station's ledger as it was before its push, acknowledged up to
 * all but its last 1,000 events — the checkpoint where that acknowledgement moved it — the
 * last 1,000 not acknowledged (recorded since, or a crash before the guardian's own checkpoint).
 */
async function startFigures(dir: string, ackedSeq: number, figures: Record<string, number>) {
  const station = openTestStation(dir);
  const hash = (station.ledgerDb.prepare('SELECT hash FROM events WHERE seq = ?').get(ackedSeq) as { hash: string })
    .hash;
  acknowledge(station.ledgerDb, ackedSeq, Date.now());
  station.close();
  writeCheckpointSync(dir, readSecrets(dir)!.privateKey, { seq: ackedSeq, hash });
  const checkpoint = fs.readFileSync(ledgerCheckpointPath(dir));
  const start = async () => {
    const started = performance.now();
    const core = startStationCore({ dataDir: dir, version: '0.0.0', runtime: 'web', log: silentLogger });
    const health = await core.router.dispatch('station.health', {});
    const ms = performance.now() - started;
    await core.close();
    if (!health.ok || (health.value as { ledgerWritable: boolean }).ledgerWritable !== true)
      throw new Error(`the station did not start sound: ${JSON.stringify(health)}`);
    return ms;
  };
  const withCheckpoint: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    fs.writeFileSync(ledgerCheckpointPath(dir), checkpoint);
    withCheckpoint.push(await start());
    fs.rmSync(ledgerCheckpointPath(dir));
    without.push(await start());
  }
  figures.start_events = ackedSeq + 1_000;
  figures.start_after_sync_ms = median(withCheckpoint);
  figures.start_without_checkpoint_ms = median(without);
}

async function catalogFigures(work: string, figures: Record<string, number>): Promise<void> {
  const hubDir = path.join(work, 'hub-full');
  const hub = await startHubProcess(hubDir, 'full');
  const admin = openHubDb(hubDir);
  try {
    const folder = path.join(work, 'catalog-station');
    await enrollTestStation(folder, {
      url: hub.url,
      token: createAdmin(admin, hubDir, Date.now).createEnrollmentToken({ siteCode: 'DEMO' }).token,
    });
    const station = openTestStation(folder);
    const client = (url: string) => stationHubClient(station.ledgerDb, folder, { baseUrl: url, timeoutMs: 600_000 })!;
    const pull = async (url: string) => {
      const dir = fs.mkdtempSync(path.join(work, 'catalog-'));
      const { db } = openCatalog(dir, silentLogger);
      const started = performance.now();
      const summary = await syncCatalog(db, client(url));
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return { seconds, records: Object.values(summary).reduce((n, s) => n + s.upserted, 0) };
    };
    const loopback = await pull(hub.url);
    figures.catalog_records = loopback.records;
    figures.catalog_pull_loopback_s = loopback.seconds;
    const line = await startFaultProxy(new URL(hub.url), { seed: 4, plan: { bytesPerSecond: LINE_BYTES_PER_S } });
    figures.catalog_pull_256kbit_s = (await pull(line.url)).seconds;
    figures.catalog_pull_wire_mb = (line.stats.bytesUp + line.stats.bytesDown) / 1e6;
    await line.close();
    station.close();
  } finally {
    admin.close();
    await hub.stop();
  }
}

async function manyStationFigures(work: string, figures: Record<string, number>): Promise<void> {
  const hub = await startHub({ dataDir: path.join(work, 'hub-many'), demo: true });
  try {
    // Idle baseline first: the same probe with nothing else going on.
    const idle = await runManyStations({
      hub,
      folder: path.join(work, 'idle'),
      stations: 1,
      processes: 1,
      days: 0,
      classesPerDay: 0,
      learners: 0,
      pushBatchMax: 500,
      probeForMs: 5_000,
    });
    figures.heartbeat_p99_ms_idle = percentile(idle.heartbeatMs, 99);
    const result = await runManyStations({
      hub,
      folder: path.join(work, 'many'),
      stations: 50,
      processes: 5,
      days: 5,
      classesPerDay: 1,
      learners: 30,
      pushBatchMax: 500,
    });
    figures.fifty_stations_events = result.events;
    figures.fifty_stations_converge_s = result.convergeMs / 1000;
    figures.heartbeat_p99_ms_under_load = percentile(result.heartbeatMs, 99);
    figures.heartbeat_p50_ms_under_load = percentile(result.heartbeatMs, 50);
    const done = result.stations.map((s) => s.doneMs);
    figures.fifty_stations_slowest_vs_median_ratio = Math.max(...done) / median(done);
  } finally {
    await hub.close();
  }
}

/**
 * Context: how many Ed25519 signatures one thread of this machine verifies a second, now —
 * the hub verifies one per event, so it bounds the push rate whatever else is done well.
 */
function verifyRate(): number {
  const keys = generateStationKeys();
  const data = 'a'.repeat(64);
  const signature = sign(data, keys.privateKey);
  const rounds = 3_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) verify(data, signature, keys.publicKey);
  return rounds / ((performance.now() - started) / 1000);
}

export async function run(): Promise<Record<string, number>> {
  const work = workFolder('lectern-bench-sync-');
  const figures: Record<string, number> = { ed25519_verify_per_s_one_thread: verifyRate() };
  try {
    await pushFigures(work, figures);
    await catalogFigures(work, figures);
    await manyStationFigures(work, figures);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
