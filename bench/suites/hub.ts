// npm run bench -- hub
//   hub_ingest_events_per_s     100 stations push 1,000 signed events each, concurrently, to a
//                               hub in its own process on loopback (batches of 250); the hub
//                               verifies every request and every event's hash, chain and
//                               signature and stores them; a push it asks to come back later
//                               (admission control) comes back after its Retry-After
//   hub_catalog_full_pull_ms    one station pulls categories, courses and lessons of the
//                               2,600-course catalogue from cursor 0 (pages of 1,000; median of 3)
//   hub_catalog_records         how many records that pull carried
//   hub_demo_start_ms           startHub with the small demo dataset on an empty folder
//   rules_year_500_learners_ms  computeHours + summariseHours over a year of events for 500
//                               learners (median of 5)
//   rules_year_events           how many events that year has
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAdmin } from '../../hub/admin.ts';
import { openHubDb } from '../../hub/db.ts';
import { startHub } from '../../hub/server.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createEvent, GENESIS_HASH } from '../../protocol/events.ts';
import type { SignedEvent } from '../../protocol/events.ts';
import { computeHours, DEFAULT_RULE_SET, summariseHours } from '../../protocol/hour-rules.ts';
import type { HourEvent, LearnerLevel } from '../../protocol/hour-rules.ts';
import { createHubClient, enrollStation } from '../../protocol/hub-client/hub-client.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { startHubProcess } from '../library/hub-process.ts';
import type { StreamName } from '../../protocol/wire.ts';

const STATIONS = 100;
const EVENTS_PER_STATION = 1000;
const BATCH = 250;
// All stations enroll and push at once into one hub process, which answers them one after
// another: on a busy machine the last answer takes longer than a station's usual 15 s limit.
const TIMEOUT_MS = 300_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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

/** A station's day: sessions of one opening, twenty check-ins, playback, twenty check-outs, a close. */
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
        payload: { sessionId, learnerId: `learner-${slot}`, cardHash: 'ab'.repeat(32) },
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
      event = createEvent({ ...common, type: 'check_out', payload: { sessionId, learnerId: `learner-${slot - 28}` } });
    } else {
      event = createEvent({ ...common, type: 'session.closed', payload: { sessionId } });
    }
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

async function pullCatalog(client: HubClient): Promise<number> {
  let records = 0;
  for (const stream of ['categories', 'courses', 'lessons'] as StreamName[]) {
    let cursor: string | undefined;
    for (;;) {
      const page = await client.pull(stream, cursor, 1000);
      records += page.items.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  }
  return records;
}

/** A year for 500 learners: ten classes of fifty with two sessions a week, and self-study. */
export function yearOfEvents(): { events: HourEvent[]; learners: { id: string; level: LearnerLevel }[] } {
  const events: HourEvent[] = [];
  const learners = Array.from({ length: 500 }, (_, i) => ({
    id: `L${i}`,
    level: (i % 8 === 0 ? 'county_division' : 'section_below') as LearnerLevel,
  }));
  const minute = 60_000;
  let seq = 0;
  const emit = (stationId: string, type: HourEvent['type'], payload: object, wall: number, mono: number) => {
    seq += 1;
    events.push({
      id: `e${seq}`,
      stationId,
      seq,
      type,
      payload,
      wallTime: wall,
      bootId: `${stationId}-boot`,
      monoMs: mono,
      hubOffsetMs: 0,
      ruleVersion: 1,
    } as HourEvent);
  };
  const yearStart = Date.UTC(2026, 0, 5, 1, 0);
  for (let week = 0; week < 50; week += 1) {
    for (let day = 0; day < 2; day += 1) {
      for (let klass = 0; klass < 10; klass += 1) {
        const stationId = `st-${klass}`;
        const sessionId = `class-${klass}-${week}-${day}`;
        const wall = yearStart + (week * 7 + day * 2) * 86_400_000;
        const mono = (week * 7 + day * 2) * 86_400_000;
        emit(stationId, 'session.opened', { sessionId, mode: 'class', scheduleId: null, title: '专题' }, wall, mono);
        for (let i = 0; i < 50; i += 1)
          emit(
            stationId,
            'check_in',
            { sessionId, learnerId: `L${klass * 50 + i}`, cardHash: 'ab'.repeat(32) },
            wall + i * 1000,
            mono + i * 1000,
          );
        for (let part = 0; part < 3; part += 1) {
          const end = mono + (5 + (part + 1) * 45) * minute;
          emit(
            stationId,
            'playback.segment',
            { sessionId, lessonId: 'x', channelId: null, startMonoMs: end - 45 * minute, endMonoMs: end },
            wall + (end - mono),
            end,
          );
        }
        for (let i = 0; i < 50; i += 1) {
          if (i % 10 === 9) continue; // some forget to check out
          emit(
            stationId,
            'check_out',
            { sessionId, learnerId: `L${klass * 50 + i}` },
            wall + 150 * minute + i * 1000,
            mono + 150 * minute + i * 1000,
          );
        }
        emit(stationId, 'session.closed', { sessionId }, wall + 160 * minute, mono + 160 * minute);
      }
    }
    for (let i = week % 5; i < 500; i += 5) {
      const stationId = `st-${Math.floor(i / 50)}`;
      const sessionId = `self-${i}-${week}`;
      const wall = yearStart + (week * 7 + 5) * 86_400_000 + i * minute;
      const mono = (week * 7 + 5) * 86_400_000 + i * minute;
      emit(stationId, 'session.opened', { sessionId, mode: 'self_study', scheduleId: null, title: '自学' }, wall, mono);
      emit(stationId, 'check_in', { sessionId, learnerId: `L${i}`, cardHash: 'ab'.repeat(32) }, wall, mono);
      emit(
        stationId,
        'playback.segment',
        { sessionId, lessonId: 'y', channelId: null, startMonoMs: mono, endMonoMs: mono + 50 * minute },
        wall + 50 * minute,
        mono + 50 * minute,
      );
      emit(stationId, 'check_out', { sessionId, learnerId: `L${i}` }, wall + 51 * minute, mono + 51 * minute);
      emit(stationId, 'session.closed', { sessionId }, wall + 52 * minute, mono + 52 * minute);
    }
  }
  return { events, learners };
}

export async function run(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};

  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
  const startAt = performance.now();
  const demoHub = await startHub({ dataDir: demoDir });
  figures.hub_demo_start_ms = performance.now() - startAt;
  await demoHub.close();
  fs.rmSync(demoDir, { recursive: true, force: true });

  const year = yearOfEvents();
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    const { entries } = computeHours(year.events, [DEFAULT_RULE_SET]);
    summariseHours({ entries, learners: year.learners, rules: DEFAULT_RULE_SET, from: '2026-01-01', to: '2026-12-31' });
    runs.push(performance.now() - t);
  }
  figures.rules_year_500_learners_ms = median(runs);
  figures.rules_year_events = year.events.length;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
  const hub = await startHubProcess(dataDir);
  try {
    const db = openHubDb(dataDir);
    const admin = createAdmin(db, dataDir, Date.now);
    const tokens = Array.from({ length: STATIONS }, () => admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
    db.close();

    const stations = await Promise.all(
      tokens.map(async (token, i) => {
        const keys = generateStationKeys();
        const enrolled = await enrollStation({
          baseUrl: hub.url,
          timeoutMs: TIMEOUT_MS,
          siteCode: 'DEMO',
          token,
          publicKey: keys.publicKey,
          name: `bench-${i}`,
          appVersion: '0.0.0',
        });
        const client = createHubClient({
          baseUrl: hub.url,
          stationId: enrolled.stationId,
          privateKey: keys.privateKey,
          hubPublicKey: enrolled.hubPublicKey,
          clockOffsetMs: enrolled.clockOffsetMs,
          timeoutMs: TIMEOUT_MS,
        });
        return { client, events: stationEvents(enrolled.stationId, keys.privateKey) };
      }),
    );

    const pullRuns: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const t = performance.now();
      figures.hub_catalog_records = await pullCatalog(stations[0]!.client);
      pullRuns.push(performance.now() - t);
    }
    figures.hub_catalog_full_pull_ms = median(pullRuns);

    const t = performance.now();
    const acks = await Promise.all(
      stations.map(async ({ client, events }) => {
        let ack = 0;
        for (let i = 0; i < events.length; i += BATCH)
          ack = (await pushAsStationsDo(client, events.slice(i, i + BATCH))).ackSeq;
        return ack;
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    if (acks.some((ack) => ack !== EVENTS_PER_STATION))
      throw new Error(`Not every station was acknowledged in full: ${acks.join(',')}`);
    figures.hub_ingest_events_per_s = (STATIONS * EVENTS_PER_STATION) / seconds;
  } finally {
    await hub.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
