// For the sync tests, the fault and many-station tests and the sync bench: a station data
// folder enrolled with a real hub, its ledger written the way the classroom writes it
// (appendEvent, signed, chained) with class days of the demo roster, and the figures to
// compare afterwards — the station's events and its provisional hours by the protocol's
// engine. Works without a TestContext, so worker threads and child processes use it too.
import type Database from 'better-sqlite3';
import { keyedCardHash } from '../../protocol/card-hash.ts';
import type { SignedEvent } from '../../protocol/events.ts';
import { computeHours, PROVINCE_RULE_SET, summariseHours, type RuleSet } from '../../protocol/hour-rules.ts';
import { generateDemoRoster, type DemoLearner } from '../../hub/demo/roster.ts';
import { appendEvent, openLedgerWriter, readEvents, type Ledger } from '../ledger/ledger.ts';
import { manualClock, type ManualClock } from '../ledger/test-ledger.ts';
import { silentLogger, type Logger } from '../runtime/logger.ts';
import { readEnrollment } from '../station/identity.ts';
import { readSecrets } from '../station/key-file.ts';
import { openStationDatabases, type StationDatabases } from '../storage/station-databases.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { enrollThisStation, stationHubClient } from './enrollment.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './sync-engine.ts';

export const DEMO_ROSTER: readonly DemoLearner[] = generateDemoRoster();

export type SyncTestStation = {
  dataDir: string;
  databases: StationDatabases;
  ledgerDb: Database.Database;
  writer: Ledger;
  clock: ManualClock;
  stationId: string;
  cardHashKey: string;
  close(): void;
};

/** Enrolls the station in `dataDir` (made if missing) with the hub, with a one-time token of site DEMO. */
export async function enrollTestStation(
  dataDir: string,
  hub: { url: string; token: string },
  log: Logger = silentLogger,
): Promise<void> {
  const databases = openStationDatabases(dataDir, log);
  try {
    await enrollThisStation({
      baseUrl: hub.url,
      dataDir,
      ledger: databases.ledger.db!,
      siteCode: 'DEMO',
      token: hub.token,
      name: '测试教室',
      appVersion: '0.1.0',
    });
  } finally {
    databases.close();
  }
}

/**
 * Opens an enrolled station's databases and a ledger writer on a hand-moved clock that starts
 * `startMs` (default: a week ago), so a backlog of past class days can be written in moments.
 */
export function openTestStation(dataDir: string, options: { startMs?: number; log?: Logger } = {}): SyncTestStation {
  const databases = openStationDatabases(dataDir, options.log ?? silentLogger);
  const ledgerDb = databases.ledger.db!;
  const enrollment = readEnrollment(ledgerDb);
  const secrets = readSecrets(dataDir);
  if (!enrollment || !secrets?.cardHashKey) throw new Error(`${dataDir} holds no enrolled station`);
  const clock = manualClock(options.startMs ?? Date.now() - 7 * 86_400_000);
  const writer = openLedgerWriter(ledgerDb, {
    stationId: enrollment.stationId,
    privateKey: secrets.privateKey,
    clock,
    hubOffsetMs: () => 0,
    ruleVersion: () => PROVINCE_RULE_SET.version,
  });
  return {
    dataDir,
    databases,
    ledgerDb,
    writer,
    clock,
    stationId: enrollment.stationId,
    cardHashKey: secrets.cardHashKey,
    close: () => databases.close(),
  };
}

/**
 * The station's own sync engine against `hubUrl` (the hub, or a proxy in front of it), with
 * no media and a silent log; `options` override any engine option, `timeoutMs` and
 * `compress` go to its hub client.
 */
export function testEngine(
  station: SyncTestStation,
  hubUrl: string,
  options: Partial<SyncEngineOptions> & { timeoutMs?: number; compress?: boolean } = {},
): SyncEngine {
  const { timeoutMs, compress, ...engine } = options;
  const client = stationHubClient(station.ledgerDb, station.dataDir, { baseUrl: hubUrl, timeoutMs, compress })!;
  return createSyncEngine({
    dataDir: station.dataDir,
    catalog: station.databases.catalog.db,
    ledger: station.ledgerDb,
    mode: 'configured',
    hubUrl,
    client: async () => client,
    media: null,
    bus: createEventBus(),
    log: silentLogger,
    appVersion: '0.1.0',
    today: () => new Date().toISOString().slice(0, 10),
    ...engine,
  });
}

export type ClassPlan = {
  /** Learners of the demo roster who attend (from the first). */
  learners: number;
  /** Minutes the lecture plays, in segments of ten minutes. */
  minutes: number;
};

/**
 * One class as the classroom records it: opened, every learner's card tap, the lecture's
 * playback segments, the check-outs, closed. Returns how many events it wrote. One
 * transaction (one fsync) for the class, where the classroom commits each tap: the tests
 * measure delivery, not recording.
 */
export function recordClass(station: SyncTestStation, plan: ClassPlan, title = '党史专题'): number {
  return station.ledgerDb.transaction(() => writeClass(station, plan, title))();
}

function writeClass(station: SyncTestStation, plan: ClassPlan, title: string): number {
  const { writer, clock } = station;
  const sessionId = crypto.randomUUID();
  const attendees = DEMO_ROSTER.slice(0, plan.learners);
  let written = 0;
  const append: typeof appendEvent = (ledger, input) => {
    written += 1;
    return appendEvent(ledger, input);
  };
  append(writer, { type: 'session.opened', payload: { sessionId, mode: 'class', scheduleId: null, title } });
  for (const learner of attendees) {
    clock.advance(5_000);
    append(writer, {
      type: 'check_in',
      payload: { sessionId, learnerId: learner.id, cardHash: keyedCardHash(station.cardHashKey, learner.cardNumber) },
    });
  }
  for (let played = 0; played < plan.minutes; played += 10) {
    const start = clock.monoMs();
    clock.advance(Math.min(10, plan.minutes - played) * 60_000);
    append(writer, {
      type: 'playback.segment',
      payload: {
        sessionId,
        lessonId: 'lesson-0001-01',
        channelId: null,
        startMonoMs: start,
        endMonoMs: clock.monoMs(),
      },
    });
  }
  for (const learner of attendees) {
    clock.advance(3_000);
    append(writer, { type: 'check_out', payload: { sessionId, learnerId: learner.id } });
  }
  append(writer, { type: 'session.closed', payload: { sessionId } });
  return written;
}

/** Writes `days` class days (a reboot each morning) of `classesPerDay` classes; returns the events written. */
export function recordClassDays(
  station: SyncTestStation,
  days: number,
  classesPerDay: number,
  plan: ClassPlan = { learners: 40, minutes: 90 },
): number {
  let written = 0;
  for (let day = 0; day < days; day += 1) {
    station.clock.reboot(station.clock.wallTime() + 12 * 3_600_000);
    for (let n = 0; n < classesPerDay; n += 1) {
      written += recordClass(station, plan);
      station.clock.advance(20 * 60_000);
    }
  }
  return written;
}

export function ledgerEvents(ledgerDb: Database.Database): SignedEvent[] {
  return readEvents(ledgerDb);
}

/** Classroom hours per learner over all time, by the protocol's engine (what the hub computes too). */
export function hoursByLearner(
  events: readonly SignedEvent[],
  cardHashKey: string,
  rules: RuleSet = PROVINCE_RULE_SET,
): Map<string, number> {
  const byCardHash = new Map(DEMO_ROSTER.map((l) => [keyedCardHash(cardHashKey, l.cardNumber), l.id]));
  const { entries } = computeHours(events, rules, { learnerByCardHash: (hash) => byCardHash.get(hash) });
  const rows = summariseHours({ entries, learners: DEMO_ROSTER, rules, from: '2000-01-01', to: '2999-12-31' });
  return new Map(rows.filter((row) => row.classroomHours > 0).map((row) => [row.learnerId, row.classroomHours]));
}
