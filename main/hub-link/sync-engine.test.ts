// The sync engine: against a stand-in client, that the coming week's scheduled lessons are
// queued from the station calendar's today (China time on hub-corrected time, not the UTC
// date); against the reference hub, delivery, quarantine, conflicts, backoff, revocation,
// the triggers and what goes on the wire.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { RetryLater } from '../../hub/admission.ts';
import { startHub, type HubOptions, type RunningHub } from '../../hub/server.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createEvent } from '../../protocol/events.ts';
import type { HeartbeatRequest } from '../../protocol/wire.ts';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { startFaultProxy } from '../../test/support/fault-proxy.ts';
import { readEnrollment } from '../station/identity.ts';
import { copyLedgerSync } from '../storage/ledger-backup.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './sync-engine.ts';
import {
  enrollTestStation,
  hoursByLearner,
  ledgerEvents,
  openTestStation,
  recordClass,
  recordClassDays,
  testEngine,
} from './test-station.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { createStationCalendar } from '../library/catalog/station-calendar.ts';
import { testCatalog } from '../library/media/test-support/catalog.ts';
import type { MediaRef, MediaService } from '../library/media/media-service.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openStationDatabases } from '../storage/station-databases.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

/** 00:05 on 27 November China time: 16:05 UTC on the 26th, 08:05 in Los Angeles. */
const AFTER_MIDNIGHT_CHINA = Date.UTC(2026, 10, 26, 16, 5);

test('scheduled media are queued from China today, in a station whose OS zone is elsewhere', async (t) => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  t.after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  const { db } = testCatalog(t);
  const lesson = db.prepare(
    `INSERT INTO lessons (id, course_id, title, teacher, summary, duration_sec, credit_hours, sort, media_sha256, media_size, media_type)
     VALUES (?, 'c', ?, 't', '', 2700, 1, 1, ?, 1000, 'video/mp4')`,
  );
  const entry = db.prepare(
    "INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, '', '', '县委党校', ?)",
  );
  // Yesterday China time (today in UTC and in Los Angeles), today, the sixth day ahead (the
  // last of the week looked ahead) and the seventh (beyond it).
  for (const [day, date] of [
    ['yesterday', '2026-11-26'],
    ['today', '2026-11-27'],
    ['sixth', '2026-12-03'],
    ['seventh', '2026-12-04'],
  ] as const) {
    lesson.run(`lesson-${day}`, day, crypto.createHash('sha256').update(day).digest('hex'));
    entry.run(`class-${day}`, day, date, JSON.stringify([`lesson-${day}`]));
  }
  const queued: string[] = [];
  const media = {
    enqueue: (ref: MediaRef) => {
      queued.push((db.prepare('SELECT id FROM lessons WHERE media_sha256 = ?').get(ref.sha256) as { id: string }).id);
      return { state: 'not-cached', pinned: false };
    },
    queue: () => [],
  } as unknown as MediaService;
  const client = {
    measureClock: async () => ({ hubTime: AFTER_MIDNIGHT_CHINA, clockOffsetMs: 0, roundTripMs: 1 }),
    push: async () => {
      throw new Error('nothing to push');
    },
    heartbeat: async () => ({ hubTime: AFTER_MIDNIGHT_CHINA, clockOffsetMs: 0, ackSeq: 0, rulesVersion: 0 }),
    pull: async (stream: string, cursor: string | null) => ({
      stream,
      items: [],
      cursor: cursor ?? '0',
      hasMore: false,
    }),
  } as unknown as HubClient;
  const dataDir = tempDir(t);
  const { ledger } = openStationDatabases(dataDir, silentLogger);
  t.after(() => ledger.db!.close());
  const sync = createSyncEngine({
    dataDir,
    catalog: db,
    ledger: ledger.db!,
    mode: 'configured',
    hubUrl: 'http://hub.invalid/',
    client: async () => client,
    media,
    bus: createEventBus(),
    log: silentLogger,
    appVersion: '0.1.0',
    now: () => AFTER_MIDNIGHT_CHINA,
    today: createStationCalendar({
      rules: () => ({ timeZoneOffsetMinutes: 480 }),
      hubOffsetMs: () => 0,
      wallTime: () => AFTER_MIDNIGHT_CHINA,
    }).today,
  });
  t.after(() => sync.stop());
  const status = await sync.syncNow();
  assert.equal(status.state, 'idle', JSON.stringify(status.lastError));
  assert.deepEqual(queued.sort(), ['lesson-sixth', 'lesson-today']);
});

// ---- against the reference hub

/** A station enrolled with `hub`, its ledger written by hand, and an engine on it. */
async function harness(t: TestContext, hub: RunningHub, clientUrl = hub.url) {
  const dataDir = tempDir(t);
  await enrollTestStation(dataDir, {
    url: hub.url,
    token: hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token,
  });
  const station = openTestStation(dataDir);
  t.after(() => station.close());
  const bus = createEventBus();
  const published: SyncStatus[] = [];
  bus.subscribe((event, payload) => event === 'sync.statusChanged' && published.push(payload as SyncStatus));
  const vouched: number[] = [];
  const engines: SyncEngine[] = [];
  const engine = (options: Partial<SyncEngineOptions> = {}) => {
    const created = testEngine(station, clientUrl, {
      timeoutMs: 3_000,
      bus,
      onAcknowledged: (seq) => vouched.push(seq),
      ...options,
    });
    engines.push(created);
    return created;
  };
  t.after(() => Promise.all(engines.map((e) => e.stop())));
  return { dataDir, station, engine, published, vouched };
}

const hubEvents = (hub: RunningHub, stationId: string) =>
  hubDb(hub).prepare('SELECT seq, hash FROM events WHERE station_id = ? ORDER BY seq').all(stationId) as {
    seq: number;
    hash: string;
  }[];

/** The hub's database, read directly (a second connection; WAL lets it read while the hub writes). */
function hubDb(hub: RunningHub & { dataDir?: string }): Database.Database {
  const db = new Database(path.join(hubDirs.get(hub)!, 'hub.db'), { readonly: true });
  setImmediate(() => db.close());
  return db;
}
const hubDirs = new WeakMap<RunningHub, string>();
async function hubFor(t: TestContext, options: Partial<HubOptions> = {}): Promise<RunningHub> {
  const dataDir = tempDir(t, 'lectern-hub-');
  const hub = await startHub({ dataDir, port: 0, demo: true, ...options });
  hubDirs.set(hub, dataDir);
  t.after(() => hub.close());
  return hub;
}

function classroomHours(hub: RunningHub): Map<string, number> {
  const report = hub.admin.hoursReport({ siteCode: 'DEMO', from: '2000-01-01', to: '2999-12-31' });
  return new Map(report.learners.filter((r) => r.classroomHours > 0).map((r) => [r.learnerId, r.classroomHours]));
}

test('a week of classes reaches the hub exactly once, hours equal learner by learner; the status says so and survives a restart', async (t) => {
  // The hub's clock runs 90 s ahead of the station's.
  const hub = await hubFor(t, { now: () => Date.now() + 90_000 });
  const h = await harness(t, hub);
  const written = recordClassDays(h.station, 5, 2);
  const engine = h.engine();
  const status = await engine.syncNow();

  assert.equal(status.state, 'idle', JSON.stringify(status.lastError));
  assert.equal(status.online, true);
  assert.deepEqual(status.pending, { events: 0, downloads: 0 });
  assert.deepEqual(status.lastMoved?.pushed, written);
  assert.ok(status.lastMoved!.pulled > 0, 'the catalogue came down in the same sync');
  const events = ledgerEvents(h.station.ledgerDb);
  assert.deepEqual(
    hubEvents(hub, h.station.stationId),
    events.map((e) => ({ seq: e.seq, hash: e.hash })),
    'the hub holds exactly the station’s events',
  );
  assert.deepEqual(classroomHours(hub), hoursByLearner(events, h.station.cardHashKey));
  assert.ok(h.vouched.at(-1) === written, 'the acknowledgement vouches for the whole ledger');
  const pushes = h.published.filter((s) => s.progress?.phase === 'push');
  assert.ok(pushes.length >= 2 && pushes.at(-1)!.progress!.done === written, 'push progress was published');

  const heartbeat = JSON.parse(
    (
      hubDb(hub).prepare('SELECT heartbeat FROM stations WHERE id = ?').get(h.station.stationId) as {
        heartbeat: string;
      }
    ).heartbeat,
  ) as HeartbeatRequest;
  assert.deepEqual(heartbeat.ledger, { state: 'ok', headSeq: written, quarantined: 0 });
  assert.deepEqual(heartbeat.pending, { events: 0, media: 0 });
  const savedOffset = readEnrollment(h.station.ledgerDb)!.clockOffsetMs;
  assert.ok(Math.abs(savedOffset - 90_000) < 2_000, `the measured clock offset is kept (${savedOffset} ms)`);

  const again = await engine.syncNow();
  assert.equal(again.lastMoved?.pushed, 0, 'nothing is sent twice');
  assert.equal(hubEvents(hub, h.station.stationId).length, written);
  await engine.stop();

  const restarted = h.engine().status();
  assert.equal(restarted.lastSuccessAt, again.lastSuccessAt, 'a restart still knows when it last synced');
  assert.equal(restarted.online, true);
  assert.deepEqual(restarted.lastMoved, again.lastMoved);
});

test('an event the hub refuses for good is quarantined with its code and reason; the events after it still go', async (t) => {
  const hub = await hubFor(t);
  const h = await harness(t, hub);
  recordClass(h.station, { learners: 3, minutes: 20 });
  // An event the station holds but did not sign with its key (a damaged or planted row).
  const head = h.station.writer.head();
  const planted = createEvent({
    stationId: h.station.stationId,
    seq: head.seq + 1,
    prevHash: head.hash,
    type: 'session.closed',
    payload: { sessionId: 'planted' },
    wallTime: Date.now(),
    bootId: 'b',
    monoMs: 1,
    hubOffsetMs: 0,
    ruleVersion: 1,
    privateKey: generateStationKeys().privateKey,
  });
  h.station.writer.append(planted);
  recordClass(h.station, { learners: 3, minutes: 20 });
  const last = h.station.writer.head().seq;

  const status = await h.engine().syncNow();
  assert.equal(status.state, 'idle');
  assert.equal(status.pending.events, 0, 'the queue is not blocked');
  assert.equal(status.quarantine.count, 1);
  const [quarantined] = status.quarantine.recent;
  assert.deepEqual(
    [quarantined!.seq, quarantined!.eventId, quarantined!.type, quarantined!.code],
    [planted.seq, planted.id, 'session.closed', 'event_bad_signature'],
  );
  assert.match(quarantined!.message, /not signed/);
  assert.equal(hubEvents(hub, h.station.stationId).length, last - 1, 'every other event is counted');
  assert.ok(
    h.vouched.every((seq) => seq < planted.seq),
    'the checkpoint is never moved past an event the hub found unsigned',
  );
  assert.deepEqual((await h.engine().syncNow()).quarantine.count, 1, 'reported once, kept');
});

test('a conflict is kept on both sides and shown; a ledger restored from an older copy is told the hub holds more', async (t) => {
  const hub = await hubFor(t);
  const h = await harness(t, hub);
  recordClass(h.station, { learners: 4, minutes: 10 });
  // An older copy of this station's data folder, as a restored backup would be.
  const older = tempDir(t);
  for (const file of ['station-key.json', 'catalog.db'])
    fs.copyFileSync(path.join(h.dataDir, file), path.join(older, file));
  copyLedgerSync(path.join(h.dataDir, 'ledger.db'), path.join(older, 'ledger.db'));
  const olderHead = h.station.writer.head().seq;
  recordClass(h.station, { learners: 4, minutes: 10 });
  await h.engine().syncNow();
  const hubSeq = h.station.writer.head().seq;

  const restored = openTestStation(older);
  t.after(() => restored.close());
  recordClass(restored, { learners: 2, minutes: 10 });
  const engine = testEngine(restored, hub.url);
  t.after(() => engine.stop());
  const status = await engine.syncNow();
  const diverged = restored.writer.head().seq - olderHead;
  assert.equal(status.conflicts.count, diverged);
  assert.ok(status.conflicts.recent.every((c) => c.reason === 'seq_taken' && c.seq > olderHead));
  assert.deepEqual(status.hubAhead, { hubSeq, headSeq: restored.writer.head().seq });
  assert.equal(hub.admin.listConflicts().length, diverged, 'the hub keeps the station’s version too');
  assert.deepEqual(
    hubEvents(hub, h.station.stationId).map((e) => e.hash),
    ledgerEvents(h.station.ledgerDb).map((e) => e.hash),
    'the hub’s events are not replaced',
  );
});

test('backoff: waits grow exponentially with jitter, and the hub’s Retry-After is never cut short', async (t) => {
  const hub = await hubFor(t, {
    beforeStationRequest: (route) => {
      if (route === 'push') throw new RetryLater('hub_busy', 'busy', 7);
    },
  });
  const h = await harness(t, hub);
  recordClass(h.station, { learners: 2, minutes: 10 });
  const timings = { retryBaseMs: 2_000, retryMaxMs: 60_000 };
  const busy = await h.engine({ random: () => 1, timings }).syncNow();
  assert.deepEqual([busy.state, busy.online, busy.lastError?.code], ['error', true, 'hub_busy']);
  const wait = (s: SyncStatus) => Date.parse(s.nextAttemptAt!) - Date.parse(s.lastAttemptAt!);
  assert.ok(Math.abs(wait(busy) - 7_000) < 100, `waited ${wait(busy)} ms for a Retry-After of 7 s`);

  // A hub that cannot be reached: 2, 4, 8 s (the longest draw of the jitter), never past the cap.
  const closed = await hubFor(t);
  const offline = await harness(t, closed);
  await closed.close();
  const engine = offline.engine({ random: () => 1, timings: { ...timings, retryMaxMs: 6_000 } });
  const waits = [];
  for (let i = 0; i < 4; i += 1) waits.push(wait(await engine.syncNow()));
  assert.deepEqual(
    waits.map((w) => Math.round(w / 100) * 100),
    [2_000, 4_000, 6_000, 6_000],
  );
  const status = engine.status();
  assert.deepEqual([status.state, status.online], ['offline', false]);
  const shortest = offline.engine({ random: () => 0, timings });
  assert.ok(Math.abs(wait(await shortest.syncNow()) - 1_000) < 100, 'the jitter spreads over half the wait');
});

test('a revoked key stops the push at once, with no retry planned', async (t) => {
  const hub = await hubFor(t);
  const h = await harness(t, hub);
  recordClass(h.station, { learners: 2, minutes: 10 });
  hub.admin.revokeStation(h.station.stationId);
  const engine = h.engine();
  const status = await engine.syncNow();
  assert.deepEqual([status.state, status.lastError?.code, status.nextAttemptAt], ['revoked', 'station_revoked', null]);
  assert.ok(status.pending.events > 0);
  await engine.stop();
  assert.equal(h.engine().status().state, 'revoked', 'still revoked after a restart');
});

test('taps recorded between syncs go within seconds; a closed class is sent soon after', async (t) => {
  const hub = await hubFor(t);
  const h = await harness(t, hub);
  const engine = h.engine({ timings: { backlogMs: 200, soonMs: 100, heartbeatMs: 3_600_000, pullMs: 3_600_000 } });
  engine.start();
  await waitFor(() => engine.status().lastSuccessAt !== null);
  recordClass(h.station, { learners: 3, minutes: 10 });
  await waitFor(() => engine.status().pending.events === 0 && engine.status().state === 'idle');
  assert.equal(hubEvents(hub, h.station.stationId).length, h.station.writer.head().seq);

  const slow = h.engine({ timings: { backlogMs: 60_000, soonMs: 100, heartbeatMs: 3_600_000, pullMs: 3_600_000 } });
  await engine.stop();
  slow.start();
  await waitFor(() => slow.status().state === 'idle');
  recordClass(h.station, { learners: 3, minutes: 10 });
  slow.syncSoon();
  await waitFor(() => slow.status().pending.events === 0, 3_000);
});

test('gzip on the wire: a busy day of events travels in under 200 bytes each, both ways and headers included', async (t) => {
  const hub = await hubFor(t);
  const proxy = await startFaultProxy(new URL(hub.url), { seed: 1 });
  t.after(() => proxy.close());
  const h = await harness(t, hub, proxy.url);
  const written = recordClassDays(h.station, 1, 22);
  const engine = h.engine({ timings: { heartbeatMs: 3_600_000, pullMs: 3_600_000 } });
  // The first sync also pulls the catalogue; count the push alone in the second.
  await engine.syncNow();
  recordClassDays(h.station, 1, 22);
  const before = proxy.stats.bytesUp + proxy.stats.bytesDown;
  const status = await h.engine({ timings: { heartbeatMs: 3_600_000, pullMs: 3_600_000 } }).syncNow();
  assert.equal(status.pending.events, 0);
  const perEvent = (proxy.stats.bytesUp + proxy.stats.bytesDown - before) / written;
  assert.ok(perEvent <= 200, `${perEvent.toFixed(1)} bytes per event`);
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
