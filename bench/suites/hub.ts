// Suite `hub`: the reference hub in its own process on a copy of the fixture's hub folder (the
// full demo catalogue, site BENCH with 500 learners and a year of classes, the fixture's
// station enrolled; bench/fixtures/station-year.ts), each figure beside a baseline measured in
// the same run.
//   hub_start_ms              spawn `node hub/cli.ts --demo full` on that folder until it
//                             listens
//   bare_fastify_start_ms     baseline: spawn `node -e` with a bare Fastify server until it listens
//   station_catalog_sync_ms   a newly enrolled station's first catalogue pull, the station's own
//                             way (syncCatalog: clock, then every stream page by page into its
//                             catalog.db on disk) (median of SYNC_RUNS)
//   station_catalog_records   how many records that pull carried
//   hub_catalog_full_pull_ms  the same pages through the station's hub client without applying
//                             them: signed requests, signed answers checked, zod-validated
//   plain_fetch_same_bytes_ms baseline: plain fetch() of the same bytes, page by page in the same
//                             order, from a bare node:http server in its own process
//   pull_vs_plain_fetch_ratio the two side by side
//   hub_ingest_events_per_s   100 stations push 1,000 signed events each, concurrently, in
//                             batches of 250: the hub verifies every request and every event's
//                             hash, chain and signature and stores them; a push it asks to come
//                             back later (admission control) comes back after its Retry-After
//   sqlite_insert_same_rows_per_s  baseline: the same 100,000 rows inserted into a fresh hub.db's
//                             events table, 250 per transaction, in this process
//   ingest_vs_insert_ratio    the two side by side
//   hub_backlog_year_events_per_s  the fixture's station pushes its whole unacknowledged year
//                             (~50,000 events) in batches of pushBatchMax, one after another
//   sqlite_insert_year_rows_per_s  baseline: the same rows inserted as above
//   hub_hours_report_year_ms  the hub's hours report (hub-admin hours) for site BENCH over this
//                             calendar year once the backlog is in: events read from hub.db,
//                             parsed, computed and summed per learner (median of REPORT_RUNS)
//   hub_hours_in_memory_ms    baseline: computeHours + summariseHours on the same events already
//                             parsed in memory
//   hub_hours_report_events   how many events that report reads
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createAdmin } from '../../hub/admin.ts';
import { openHubDb } from '../../hub/db.ts';
import { hoursReport, ruleSets, currentRules } from '../../hub/hours.ts';
import { liveRecords } from '../../hub/records.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createEvent, GENESIS_HASH, type SignedEvent } from '../../protocol/events.ts';
import { computeHours, localDate, summariseHours, type HourEvent } from '../../protocol/hour-rules.ts';
import { createHubClient, enrollStation } from '../../protocol/hub-client/hub-client.ts';
import type { HubClient, PulledPage } from '../../protocol/hub-client/hub-client.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import { signRequest } from '../../protocol/request-auth.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { LIMITS, STREAMS, type Learner } from '../../protocol/wire.ts';
import { syncCatalog } from '../../main/hub-link/catalog-pull.ts';
import { enrollThisStation, stationHubClient } from '../../main/hub-link/enrollment.ts';
import { readEvents } from '../../main/ledger/ledger.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { readSecrets } from '../../main/station/key-file.ts';
import { openStationDatabases } from '../../main/storage/station-databases.ts';
import { removeFolder, runFolder } from '../support/disk.ts';
import { median, round } from '../support/stats.ts';
import { copyHub, SITE, stationFixture, YEAR } from '../fixtures/station-year.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.join(here, '..', '..');
const STATIONS = 100;
const EVENTS_PER_STATION = 1000;
const BATCH = 250;
// All stations enroll and push at once into one hub process, which answers them one after
// another: on a busy machine the last answer takes longer than a station's usual 15 s limit.
const TIMEOUT_MS = 300_000;
const SYNC_RUNS = 3;
const PULL_RUNS = 3;
const REPORT_RUNS = 3;

type Spawned = { child: ChildProcess; url: string; ms: number };

async function spawnUntil(args: string[], ready: RegExp): Promise<Spawned> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: repoRoot });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, url, ms: performance.now() - began };
}

/**
 * A push as a station makes it: when the hub's admission control says to come back later
 * (503 hub_busy, 429 station_busy), it comes back after the Retry-After it was given.
 */
async function pushAsStationsDo(client: HubClient, events: SignedEvent[]) {
  for (;;) {
    try {
      return await client.push(events);
    } catch (error) {
      if (!(error instanceof HubClientError) || error.retryAfterMs === null) throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs!));
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function startHubProcess(dataDir: string): Promise<Spawned> {
  return spawnUntil(
    [path.join(repoRoot, 'hub', 'cli.ts'), '--port', '0', '--data', dataDir, '--demo', 'full'],
    /Lectern hub: (http:\/\/\S+)/,
  );
}

function bareFastify(): Promise<Spawned> {
  const script = `
    const app = require('fastify')();
    app.get('/', async () => ({ ok: true }));
    app.listen({ port: 0, host: '127.0.0.1' }).then((url) => console.log('bare at ' + url + '/'));
    process.on('SIGTERM', () => app.close().then(() => process.exit(0)));`;
  return spawnUntil(['-e', script], /bare at (http:\/\/\S+)/);
}

/** A bare node:http server in its own process answering each recorded path with its recorded bytes. */
function bareServer(pagesFile: string): Promise<Spawned> {
  const script = `
    const http = require('node:http');
    const pages = new Map(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(pagesFile)}, 'utf8'))
      .map(([key, body]) => [key, Buffer.from(body, 'base64')]));
    const server = http.createServer((req, res) => {
      const body = pages.get(req.url);
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log('bare at http://127.0.0.1:' + server.address().port + '/'));
    process.on('SIGTERM', () => process.exit(0));`;
  return spawnUntil(['-e', script], /bare at (http:\/\/\S+)/);
}

/** Enrollment tokens for site `siteCode`, made by the administrator beside the running hub. */
function tokens(hubDir: string, siteCode: string, count: number): string[] {
  const db = openHubDb(hubDir);
  try {
    const admin = createAdmin(db, hubDir, Date.now);
    return Array.from({ length: count }, () => admin.createEnrollmentToken({ siteCode }).token);
  } finally {
    db.close();
  }
}

/** A new station: enrolled with the hub through the station's own enrollment, nothing pulled yet. */
async function newStation(hubUrl: string, token: string, label: string) {
  const dir = runFolder(label);
  const databases = openStationDatabases(dir, silentLogger);
  await enrollThisStation({
    baseUrl: hubUrl,
    dataDir: dir,
    ledger: databases.ledger.db!,
    siteCode: SITE.code,
    token,
    name: label,
    appVersion: '0.1.0',
  });
  return { dir, databases };
}

/** Every stream from the start through the station's hub client, pages of pullPageMax, not applied. */
/** Every stream from the start, page by page; `onPage` hears each page's path (to record it). */
async function pullAll(client: HubClient, onPage?: (pathAndQuery: string) => Promise<void>): Promise<number> {
  let records = 0;
  for (const stream of STREAMS) {
    let cursor: string | null = null;
    for (;;) {
      const query = new URLSearchParams({ ...(cursor === null ? {} : { cursor }), limit: String(LIMITS.pullPageMax) });
      await onPage?.(`v1/streams/${stream}?${query}`);
      const page: PulledPage<typeof stream> = await client.pull(stream, cursor, LIMITS.pullPageMax);
      records += page.items.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  }
  return records;
}

/** A station's day, repeated: sessions of an opening, twenty check-ins, playback, twenty check-outs, a close. */
function stationEvents(stationId: string, privateKey: string): SignedEvent[] {
  const events: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  let mono = 1000;
  const start = Date.now() - 86_400_000;
  let sessionId = '';
  for (let seq = 1; seq <= EVENTS_PER_STATION; seq += 1) {
    const slot = (seq - 1) % 50;
    mono += 30_000;
    const common = {
      stationId,
      seq,
      prevHash,
      wallTime: start + mono,
      bootId: 'bench-boot',
      monoMs: mono,
      hubOffsetMs: 0,
      ruleVersion: 1,
      privateKey,
    };
    let event: SignedEvent;
    if (slot === 0) {
      sessionId = uuidv7(start + mono);
      event = createEvent({
        ...common,
        type: 'session.opened',
        payload: { sessionId, mode: 'class', scheduleId: null, title: '专题培训' },
      });
    } else if (slot <= 20) {
      event = createEvent({
        ...common,
        type: 'check_in',
        payload: { sessionId, learnerId: `learner-${String(slot).padStart(4, '0')}`, cardHash: 'ab'.repeat(32) },
      });
    } else if (slot <= 28) {
      event = createEvent({
        ...common,
        type: 'playback.segment',
        payload: {
          sessionId,
          lessonId: 'course-0001-l01',
          channelId: null,
          startMonoMs: mono - 30_000,
          endMonoMs: mono,
        },
      });
    } else if (slot <= 48) {
      event = createEvent({
        ...common,
        type: 'check_out',
        payload: { sessionId, learnerId: `learner-${String(slot - 28).padStart(4, '0')}` },
      });
    } else {
      event = createEvent({ ...common, type: 'session.closed', payload: { sessionId } });
    }
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

/** Baseline: the hub's events rows for `events`, inserted into a fresh hub.db, `batch` per transaction. */
function insertRate(events: readonly SignedEvent[], batch: number): number {
  const dir = runFolder('hub-insert');
  const db = openHubDb(dir);
  const insert = db.prepare(
    'INSERT INTO events (id, station_id, seq, type, session_id, hash, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const began = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const now = Date.now();
    db.transaction(() => {
      for (const event of events.slice(i, i + batch))
        insert.run(
          event.id,
          event.stationId,
          event.seq,
          event.type,
          event.payload.sessionId,
          event.hash,
          JSON.stringify(event),
          now,
        );
    })();
  }
  const perSecond = events.length / ((performance.now() - began) / 1000);
  db.close();
  removeFolder(dir);
  return perSecond;
}

export async function run(): Promise<Record<string, number>> {
  const fixture = await stationFixture(YEAR);
  const figures: Record<string, number> = {};
  const hubDir = copyHub(fixture, 'hub');
  const fastify = await bareFastify();
  figures.bare_fastify_start_ms = round(fastify.ms, 1);
  await stop(fastify.child);
  const hub = await startHubProcess(hubDir);
  figures.hub_start_ms = round(hub.ms, 1);
  const cleanups: (() => void)[] = [];
  try {
    // The catalogue pull of a new station, the station's way, and the same pages without applying.
    const enrollTokens = tokens(hubDir, SITE.code, SYNC_RUNS + 1);
    const syncTimes: number[] = [];
    for (let i = 0; i < SYNC_RUNS; i += 1) {
      const station = await newStation(hub.url, enrollTokens[i]!, `hub-sync-${i}`);
      cleanups.push(() => removeFolder(station.dir));
      const client = stationHubClient(station.databases.ledger.db!, station.dir)!;
      const began = performance.now();
      await client.measureClock();
      const summary = await syncCatalog(station.databases.catalog.db, client);
      syncTimes.push(performance.now() - began);
      figures.station_catalog_records = Object.values(summary).reduce((sum, s) => sum + s.upserted + s.deleted, 0);
      station.databases.close();
    }
    figures.station_catalog_sync_ms = round(median(syncTimes), 1);

    const puller = await newStation(hub.url, enrollTokens[SYNC_RUNS]!, 'hub-pull');
    cleanups.push(() => removeFolder(puller.dir));
    const client = stationHubClient(puller.databases.ledger.db!, puller.dir)!;
    await client.measureClock();
    // The bytes of every page the client pulls, fetched once more with the same signed
    // request (a plain fetch), for the baseline server to serve as they are.
    const secrets = readSecrets(puller.dir)!;
    const recorded: [string, string][] = [];
    const records = await pullAll(client, async (pathAndQuery) => {
      const url = new URL(pathAndQuery, hub.url);
      const headers = signRequest({
        method: 'GET',
        path: url.pathname + url.search,
        privateKey: secrets.privateKey,
        stationId: client.stationId,
        now: Date.now() + client.clockOffsetMs,
      });
      const response = await fetch(url, { headers });
      recorded.push([url.pathname + url.search, Buffer.from(await response.arrayBuffer()).toString('base64')]);
    });
    const pullTimes: number[] = [];
    for (let i = 0; i < PULL_RUNS; i += 1) {
      const began = performance.now();
      if ((await pullAll(client)) !== records) throw new Error('two pulls of the same catalogue differ');
      pullTimes.push(performance.now() - began);
    }
    puller.databases.close();
    const pagesFile = path.join(puller.dir, 'pages.json');
    fs.writeFileSync(pagesFile, JSON.stringify(recorded));
    const bare = await bareServer(pagesFile);
    const plainTimes: number[] = [];
    try {
      for (let i = 0; i < PULL_RUNS + 1; i += 1) {
        const began = performance.now();
        for (const [key] of recorded) {
          const response = await fetch(new URL(key, bare.url));
          if (!response.ok) throw new Error(`bare server: ${response.status} for ${key}`);
          await response.arrayBuffer();
        }
        if (i > 0) plainTimes.push(performance.now() - began); // the first pass warms the connection
      }
    } finally {
      await stop(bare.child);
    }
    figures.hub_catalog_records = records;
    figures.hub_catalog_bytes = recorded.reduce((sum, [, body]) => sum + Buffer.from(body, 'base64').length, 0);
    figures.hub_catalog_full_pull_ms = round(median(pullTimes), 1);
    figures.plain_fetch_same_bytes_ms = round(median(plainTimes), 1);
    figures.pull_vs_plain_fetch_ratio = round(median(pullTimes) / median(plainTimes), 2);

    // Ingest: many stations at once, beside the same rows inserted directly.
    const ingestTokens = tokens(hubDir, 'DEMO', STATIONS);
    const stations = await Promise.all(
      ingestTokens.map(async (token, i) => {
        const keys = generateStationKeys();
        const enrolled = await enrollStation({
          baseUrl: hub.url,
          siteCode: 'DEMO',
          token,
          publicKey: keys.publicKey,
          name: `bench-${i}`,
          appVersion: '0.1.0',
          timeoutMs: TIMEOUT_MS,
        });
        const station = createHubClient({
          baseUrl: hub.url,
          stationId: enrolled.stationId,
          privateKey: keys.privateKey,
          hubPublicKey: enrolled.hubPublicKey,
          clockOffsetMs: enrolled.clockOffsetMs,
          timeoutMs: TIMEOUT_MS,
        });
        return { client: station, events: stationEvents(enrolled.stationId, keys.privateKey) };
      }),
    );
    let began = performance.now();
    const acks = await Promise.all(
      stations.map(async ({ client: station, events }) => {
        let ack = 0;
        for (let i = 0; i < events.length; i += BATCH)
          ack = (await pushAsStationsDo(station, events.slice(i, i + BATCH))).ackSeq;
        return ack;
      }),
    );
    const ingestRate = (STATIONS * EVENTS_PER_STATION) / ((performance.now() - began) / 1000);
    if (acks.some((ack) => ack !== EVENTS_PER_STATION)) throw new Error(`not every station was acknowledged: ${acks}`);
    const insertSame = insertRate(
      stations.flatMap((station) => station.events),
      BATCH,
    );
    figures.hub_ingest_events_per_s = round(ingestRate, 0);
    figures.sqlite_insert_same_rows_per_s = round(insertSame, 0);
    figures.ingest_vs_insert_ratio = round(ingestRate / insertSame, 3);

    // The fixture station's unacknowledged year, pushed when the hub is back.
    const ledger = new Database(path.join(fixture.stationDir, 'ledger.db'), { readonly: true });
    const backlog = readEvents(ledger);
    const hubPublicKey = (
      ledger.prepare("SELECT value FROM station_meta WHERE key = 'hub_public_key'").get() as { value: string }
    ).value;
    ledger.close();
    const backlogClient = createHubClient({
      baseUrl: hub.url,
      stationId: fixture.manifest.stationId,
      privateKey: readSecrets(fixture.stationDir)!.privateKey,
      hubPublicKey,
      timeoutMs: TIMEOUT_MS,
    });
    await backlogClient.measureClock();
    began = performance.now();
    let ack = 0;
    for (let i = 0; i < backlog.length; i += LIMITS.pushBatchMax)
      ack = (await pushAsStationsDo(backlogClient, backlog.slice(i, i + LIMITS.pushBatchMax))).ackSeq;
    const backlogRate = backlog.length / ((performance.now() - began) / 1000);
    if (ack !== backlog.length) throw new Error(`the backlog was acknowledged up to ${ack} of ${backlog.length}`);
    figures.hub_backlog_year_events_per_s = round(backlogRate, 0);
    figures.sqlite_insert_year_rows_per_s = round(insertRate(backlog, LIMITS.pushBatchMax), 0);
    figures.backlog_vs_insert_ratio = round(backlogRate / figures.sqlite_insert_year_rows_per_s, 3);
  } finally {
    await stop(hub.child);
    for (const cleanup of cleanups) cleanup();
  }

  // The hours report of the site once the year is in, as hub-admin hours runs it.
  const db = openHubDb(hubDir);
  try {
    const rules = currentRules(db);
    const year = localDate(Date.now(), rules.timeZoneOffsetMinutes).slice(0, 4);
    const input = { siteCode: SITE.code, from: `${year}-01-01`, to: `${year}-12-31` };
    const times: number[] = [];
    for (let i = 0; i < REPORT_RUNS; i += 1) {
      const began = performance.now();
      const report = hoursReport(db, input);
      times.push(performance.now() - began);
      if (report.learners.length !== 500 || !report.learners.some((learner) => learner.countedHours > 0))
        throw new Error('the hours report of the year is empty');
    }
    const events = (
      db
        .prepare('SELECT e.body FROM events e JOIN stations s ON s.id = e.station_id WHERE s.site_code = ?')
        .all(SITE.code) as { body: string }[]
    ).map((row) => JSON.parse(row.body) as HourEvent);
    const roster = liveRecords<Learner>(db, 'roster', SITE.code);
    const byCardHash = new Map(roster.map((learner) => [learner.cardHash, learner.id]));
    const sets = ruleSets(db);
    const inMemory: number[] = [];
    for (let i = 0; i < REPORT_RUNS; i += 1) {
      const began = performance.now();
      const { entries } = computeHours(events, sets, { learnerByCardHash: (hash) => byCardHash.get(hash) });
      summariseHours({ entries, learners: roster, rules, from: input.from, to: input.to });
      inMemory.push(performance.now() - began);
    }
    figures.hub_hours_report_year_ms = round(median(times), 1);
    figures.hub_hours_in_memory_ms = round(median(inMemory), 1);
    figures.hub_hours_report_events = events.length;
  } finally {
    db.close();
    removeFolder(hubDir);
  }
  return figures;
}
