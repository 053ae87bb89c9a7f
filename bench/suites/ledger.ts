// Suite `ledger`: card taps, a learner's summary and the year's hours on a station with a
// year of data (bench/fixtures/station-year.ts), through the paths the screens take: the
// station core started on a copy of the fixture (startStationCore, as both shells do; the
// hub is not contacted) and its router and event bus. Each figure has a baseline measured
// beside it in the same run.
//   tap_to_confirmation_p50_ms / _p99_ms  a card arrives, the renderer's reader.tap call goes
//                             through the router → classroom → ledger (signed, chained,
//                             fsynced) until the 'classroom.tapped' event is seen on the bus,
//                             counted from when the card arrived — while an organiser's
//                             attendance list reloads ('organiser.attendance', with the
//                             organiser's credentials) after every tap, as AttendancePanel
//                             does on 'classroom.attendanceChanged'. Cards arrive at random
//                             (exponential gaps, mean TAP_MEAN_INTERVAL_MS: a rush at the
//                             door), TAP_CLASSES classes of CLASS_SIZE learners and
//                             UNKNOWN_PER_CLASS unknown cards tapping in. Goal p99 ≤ 20.
//   tap_service_p99_ms        the same taps from the call to the event: the tap's own cost,
//                             without the wait behind the organiser's reload
//   organiser_attendance_p50_ms / _p99_ms  one reload of the organiser's list
//   plain_insert_full_p50_ms / _p99_ms  baseline: one INSERT of a 600-byte row per
//                             transaction, WAL, synchronous=FULL, in the same folder
//   learner_summary_ms        'learner.summary' after the learner's tap outside a class, on the
//                             fixture's two years (~100,000 events), median of SUMMARY_TAPS
//                             learners. Goal ≤ 5.
//   learner_summary_year_ms   the same on the one-year fixture (~50,000 events)
//   learner_own_events_ms     baseline: reading and parsing that learner's own events through
//                             the events_by_learner index (two years)
//   hours_year_500_learners_ms  yearHours (main/classroom/hours.ts) through the started
//                             station's classroom for its roster of 500: the year's sessions'
//                             events read from ledger.db and parsed, hours computed and summed
//                             up: the first call on a station just started (nothing kept yet),
//                             median over HOURS_RUNS stations. Goal ≤ 200. The second call, with
//                             the sessions kept, is hours_year_500_learners_kept_ms.
//   hours_read_parse_ms       the reading and parsing part alone (readEvents)
//   hours_in_memory_ms        baseline: computeHours + summariseHours on the same events
//                             already in memory
//   hours_events              how many events that is
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Envelope } from '../../preload/contract/errors.ts';
import { computeHours, summariseHours } from '../../protocol/hour-rules.ts';
import { startStationCore, type StationCore } from '../../main/app/start-station.ts';
import { learnerByCardHash } from '../../main/classroom/classroom.ts';
import { currentYear, yearHours } from '../../main/classroom/hours.ts';
import { readEvents } from '../../main/ledger/ledger.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import type { Router } from '../../main/runtime/router.ts';
import { prepared } from '../../main/storage/sql.ts';
import { createRandom, shuffled } from '../../hub/demo/random.ts';
import { removeFolder } from '../support/disk.ts';
import { median, percentile, round } from '../support/stats.ts';
import {
  copyStation,
  stationFixture,
  TWO_YEARS,
  YEAR,
  type FixtureManifest,
  type StationFixture,
} from '../fixtures/station-year.ts';

const TAP_CLASSES = 5;
const CLASS_SIZE = 40;
const UNKNOWN_PER_CLASS = 2;
const TAP_MEAN_INTERVAL_MS = 400;
const SUMMARY_TAPS = 15;
const HOURS_RUNS = 3;
const PLAIN_INSERTS = 2000;

/** The answer of a call that must succeed and not be refused. */
function valueOf<T>(envelope: Envelope, what: string): T {
  if (!envelope.ok) throw new Error(`${what}: ${JSON.stringify(envelope.error)}`);
  const value = envelope.value as T;
  if (value && typeof value === 'object' && 'refused' in value)
    throw new Error(`${what}: refused ${String(value.refused)}`);
  return value;
}

type OrganiserChannel = 'organiser.createClass' | 'organiser.closeClass' | 'organiser.attendance';
export type OrganiserCall = (channel: OrganiserChannel, input: Record<string, unknown>) => Promise<Envelope>;

/**
 * How the organiser's screen authenticates its calls, the one place that knows: it unlocks
 * once (the PIN checked once) and every later call carries the organiser session.
 */
export async function organiserSession(
  router: Router,
  organiser: FixtureManifest['organiser'],
): Promise<OrganiserCall> {
  // The roster's organiser taps their card (outside a class: it only identifies them), then
  // gives their PIN: checked once, here.
  const tapped = await router.dispatch('reader.tap', { cardNumber: organiser.cardNumber });
  if (!tapped.ok) throw new Error(`reader.tap: ${JSON.stringify(tapped)}`);
  const { tapId } = tapped.value as { tapId: string };
  const unlocked = await router.dispatch('organiser.unlock', { tapId, pin: organiser.pin });
  if (!unlocked.ok || !('organiserSession' in (unlocked.value as object)))
    throw new Error(`organiser.unlock: ${JSON.stringify(unlocked)}`);
  const { organiserSession: session } = unlocked.value as { organiserSession: string };
  return (channel, input) => router.dispatch(channel, { ...input, organiserSession: session });
}

function startOn(dataDir: string): StationCore {
  const core = startStationCore({ dataDir, version: '0.1.0', runtime: 'web', log: silentLogger });
  const state = core.classroom.host.status().state;
  if (state !== 'ready') throw new Error(`the station on ${dataDir} is ${state}, not ready`);
  return core;
}

type TapFigures = { latencies: number[]; service: number[]; refreshes: number[] };

async function tapsWithOrganiser(core: StationCore, manifest: FixtureManifest): Promise<TapFigures> {
  const organiser = await organiserSession(core.router, manifest.organiser);
  const random = createRandom(8);
  const figures: TapFigures = { latencies: [], service: [], refreshes: [] };
  let waiting: { arrived: number; called: number } | null = null;
  let sessionId: string | null = null;
  const reloads = new Set<Promise<void>>();

  const unsubscribe = core.bus.subscribe((event, payload) => {
    const now = performance.now();
    if (event === 'classroom.tapped' && waiting) {
      figures.latencies.push(now - waiting.arrived);
      figures.service.push(now - waiting.called);
      waiting = null;
    }
    if (event === 'classroom.attendanceChanged' && (payload as { sessionId: string }).sessionId === sessionId) {
      const session = sessionId;
      // The organiser's screen hears the change and reloads its list.
      const reload = new Promise<void>((resolve) => setImmediate(resolve))
        .then(async () => {
          const began = performance.now();
          valueOf(await organiser('organiser.attendance', { sessionId: session }), 'organiser.attendance');
          figures.refreshes.push(performance.now() - began);
        })
        .finally(() => reloads.delete(reload));
      reloads.add(reload);
    }
  });

  try {
    for (let c = 0; c < TAP_CLASSES; c += 1) {
      const opened = valueOf<{ sessionId: string }>(
        await organiser('organiser.createClass', { title: `基准课 第${c + 1}讲`, lessonIds: [], endsAt: null }),
        'organiser.createClass',
      );
      sessionId = opened.sessionId;
      // The organiser's own card unlocked the screen (a tap moments ago): the learners are the others.
      const learnerCards = manifest.cards.filter((card) => card !== manifest.organiser.cardNumber);
      const cards = [
        ...learnerCards.slice(c * CLASS_SIZE, (c + 1) * CLASS_SIZE),
        ...manifest.unknownCards.slice(c * UNKNOWN_PER_CLASS, (c + 1) * UNKNOWN_PER_CLASS),
      ];
      // Everyone arrives, in random order: each tap a check-in (or an unknown card's tap), a
      // signed event made durable. A second tap of the same card within minutes would only be
      // answered 已签到 (the re-tap window) and write nothing, so it would flatter the figure.
      const order = shuffled(random, cards);
      let arrival = performance.now();
      for (const cardNumber of order) {
        arrival += -Math.log(1 - random()) * TAP_MEAN_INTERVAL_MS;
        const wait = arrival - performance.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
        waiting = { arrived: arrival, called: performance.now() };
        const tapped = valueOf<{ kind: string }>(
          await core.router.dispatch('reader.tap', { cardNumber }),
          'reader.tap',
        );
        if (!['checked_in', 'unknown_card'].includes(tapped.kind)) throw new Error(`a tap in class was ${tapped.kind}`);
        if (waiting) throw new Error('reader.tap answered but no classroom.tapped event was published');
      }
      await Promise.all(reloads);
      valueOf(await organiser('organiser.closeClass', { sessionId }), 'organiser.closeClass');
      await Promise.all(reloads);
    }
  } finally {
    unsubscribe();
  }
  return figures;
}

function plainInserts(dir: string): number[] {
  const db = new Database(path.join(dir, 'plain.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE plain (n INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO plain (body) VALUES (?)');
  const body = 'x'.repeat(600); // about the size of an events row
  const times: number[] = [];
  for (let i = 0; i < PLAIN_INSERTS; i += 1) {
    const began = performance.now();
    db.transaction(() => insert.run(body)).immediate();
    times.push(performance.now() - began);
  }
  db.close();
  return times;
}

/** learner.summary after the learner's own tap (outside a class: the tap only identifies). */
async function summaries(core: StationCore, manifest: FixtureManifest): Promise<{ times: number[]; own: number[] }> {
  const times: number[] = [];
  const own: number[] = [];
  let someHours = false;
  const ownEvents = prepared(core.databases.ledger.db!, 'SELECT payload FROM events WHERE learner_id = ? ORDER BY seq');
  for (let i = 0; i < SUMMARY_TAPS; i += 1) {
    const index = (i * 37 + 11) % manifest.cards.length;
    const tapped = valueOf<{ kind: string; tapId: string }>(
      await core.router.dispatch('reader.tap', { cardNumber: manifest.cards[index]! }),
      'reader.tap',
    );
    if (tapped.kind !== 'identified') throw new Error(`a tap outside a class was ${tapped.kind}`);
    const began = performance.now();
    const summary = valueOf<{ countedHours: number }>(
      await core.router.dispatch('learner.summary', { tapId: tapped.tapId }),
      'learner.summary',
    );
    times.push(performance.now() - began);
    someHours ||= summary.countedHours > 0;
    const t = performance.now();
    const rows = ownEvents.all(manifest.learnerIds[index]!) as { payload: string }[];
    for (const row of rows) JSON.parse(row.payload);
    own.push(performance.now() - t);
  }
  if (!someHours) throw new Error('no learner had any hours this year: the fixture is not what it should be');
  return { times, own };
}

/**
 * The year's hours of the whole roster on a station just started: the first call reads and
 * parses the year's sessions from ledger.db (the figure the goal is about); the second finds
 * them kept. Then the baselines: the whole ledger read, and the same computation in memory.
 */
function hours(core: StationCore): {
  coldMs: number;
  warmMs: number;
  readMs: number;
  inMemoryMs: number;
  events: number;
} {
  const classroom = core.classroom.host.attached()!;
  const rules = core.classroom.host.rules();
  const year = currentYear(classroom);
  const roster = prepared(classroom.catalog, 'SELECT id, level FROM learners ORDER BY id').all() as {
    id: string;
    level: 'county_division' | 'section_below';
  }[];
  const timed = () => {
    const began = performance.now();
    const rows = yearHours(classroom, rules, year);
    if (rows.length !== roster.length || !rows.some((row) => row.countedHours > 0))
      throw new Error('the year computed to nothing');
    return performance.now() - began;
  };
  const coldMs = timed();
  const warmMs = timed();
  let began = performance.now();
  const all = readEvents(classroom.db);
  const readMs = performance.now() - began;
  began = performance.now();
  const { entries } = computeHours(all, rules, {
    learnerByCardHash: (cardHash) => learnerByCardHash(classroom, cardHash)?.id,
  });
  summariseHours({ entries, learners: roster, rules, from: `${year}-01-01`, to: `${year}-12-31` });
  return { coldMs, warmMs, readMs, inMemoryMs: performance.now() - began, events: all.length };
}

async function onCopy<T>(fixture: StationFixture, label: string, work: (core: StationCore, dir: string) => Promise<T>) {
  const dir = copyStation(fixture, label);
  const began = performance.now();
  const core = startOn(dir);
  console.log(
    `bench: ${label}: station started on ${fixture.manifest.events} events in ${(performance.now() - began).toFixed(0)} ms`,
  );
  try {
    return await work(core, dir);
  } finally {
    await core.close();
    removeFolder(dir);
  }
}

export async function run(): Promise<Record<string, number>> {
  const year = await stationFixture(YEAR);
  const twoYears = await stationFixture(TWO_YEARS);

  // Each on a station just started, so the first year's hours find nothing kept.
  const hoursRuns = [];
  for (let i = 0; i < HOURS_RUNS; i += 1)
    hoursRuns.push(await onCopy(year, `ledger-hours-${i}`, async (core) => hours(core)));
  const onYear = await onCopy(year, 'ledger-year', async (core, dir) => {
    const summary = await summaries(core, year.manifest);
    // Cards the summaries just tapped come back in the first class: a card within 5 s of its
    // last tap is taken for one held on the reader and ignored, so let that pass first.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const taps = await tapsWithOrganiser(core, year.manifest);
    const plain = plainInserts(dir);
    fs.rmSync(path.join(dir, 'plain.db'), { force: true });
    return { summary, taps, plain };
  });
  const onTwoYears = await onCopy(twoYears, 'ledger-two-years', async (core) => summaries(core, twoYears.manifest));

  const { taps, plain } = onYear;
  const p99 = percentile(taps.latencies, 99);
  const plainP99 = percentile(plain, 99);
  return {
    tap_to_confirmation_p50_ms: round(percentile(taps.latencies, 50)),
    tap_to_confirmation_p99_ms: round(p99),
    tap_service_p99_ms: round(percentile(taps.service, 99)),
    taps: taps.latencies.length,
    organiser_attendance_p50_ms: round(percentile(taps.refreshes, 50)),
    organiser_attendance_p99_ms: round(percentile(taps.refreshes, 99)),
    plain_insert_full_p50_ms: round(percentile(plain, 50)),
    plain_insert_full_p99_ms: round(plainP99),
    tap_vs_plain_insert_p99_ratio: round(p99 / plainP99, 1),
    learner_summary_ms: round(median(onTwoYears.times)),
    learner_summary_events: twoYears.manifest.events,
    learner_summary_year_ms: round(median(onYear.summary.times)),
    learner_own_events_ms: round(median(onTwoYears.own)),
    hours_year_500_learners_ms: round(median(hoursRuns.map((run) => run.coldMs))),
    hours_year_500_learners_kept_ms: round(median(hoursRuns.map((run) => run.warmMs))),
    hours_read_parse_ms: round(median(hoursRuns.map((run) => run.readMs))),
    hours_in_memory_ms: round(median(hoursRuns.map((run) => run.inMemoryMs))),
    hours_events: hoursRuns[0]!.events,
  };
}
