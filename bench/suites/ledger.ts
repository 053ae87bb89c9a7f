// Suite `ledger`: the learning-records ledger on a real ledger.db (WAL, synchronous=FULL) in
// the OS temp folder, each figure beside a baseline measured in the same run.
//   tap_durable_p50_ms / _p99_ms   a card tap in the core — hash, roster lookup, alternation
//                                  query, event built, signed, committed and fsynced — until
//                                  the result the screen confirms (10,000 taps, 500 cards)
//   taps_sustained_per_s           those 10,000 taps back to back
//   plain_insert_full_p50_ms / _p99_ms  baseline: one INSERT of a row of the same size per
//                                  transaction, same pragmas, no hashing, signing or lookup
//   tap_vs_plain_insert_p50_ratio  what the tap costs beyond the fsync it cannot avoid
//   hours_year_500_learners_ms     a year of one classroom (200 classes, 120 of 500 learners
//                                  each, a segment a minute) through computeHours and
//                                  summariseHours (median of 5)
//   hours_year_events              how many events that year is
//   chain_verify_100k_ms           verifyLedger over 100,000 signed events read from disk,
//                                  none acknowledged by the hub: every signature checked
//   chain_verify_per_event_us      the same per event
//   chain_verify_100k_acked_ms     the same ledger once the hub acknowledged it all: hashes and
//                                  chain, one anchoring signature (see verifyLedger)
//   acked_vs_every_signature_ratio the two side by side
// Debounce is off for the taps (a real classroom never re-taps 500 cards within seconds).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyedCardHash } from '../../protocol/card-hash.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createEvent, GENESIS_HASH } from '../../protocol/events.ts';
import {
  computeHours,
  DEFAULT_RULE_SET,
  summariseHours,
  type HourEvent,
  type LearnerLevel,
} from '../../protocol/hour-rules.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { tap } from '../../main/classroom/attendance.ts';
import { createClassroom } from '../../main/classroom/classroom.ts';
import { createClass } from '../../main/classroom/sessions.ts';
import { systemClock } from '../../main/ledger/clock.ts';
import { acknowledge, openLedgerWriter, verifyLedger } from '../../main/ledger/ledger.ts';
import { openCatalog, openLedger } from '../../main/storage/station-databases.ts';

const TAPS = 10_000;
const PLAIN_INSERTS = 3000;
const LEARNERS = 500;
const VERIFY_EVENTS = 100_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
}

function openBenchLedger(dir: string) {
  const { db } = openLedger(dir, silentLogger);
  if (!db) throw new Error('ledger.db could not be opened');
  return db;
}

function benchTaps(): { latencies: number[]; perSecond: number } {
  const dir = freshDir();
  const db = openBenchLedger(dir);
  const { db: catalog } = openCatalog(dir, silentLogger);
  const keys = generateStationKeys();
  const siteKey = crypto.randomBytes(32).toString('base64');
  const cards = Array.from({ length: LEARNERS }, (_, i) => String(3_000_000_000 + i * 7919));
  const insert = catalog.prepare('INSERT INTO learners (id, name, unit, level, card_hash) VALUES (?, ?, ?, ?, ?)');
  catalog.transaction(() =>
    cards.forEach((card, i) =>
      insert.run(
        `learner-${i}`,
        `学员${i}`,
        '县直单位',
        i % 3 ? 'section_below' : 'county_division',
        keyedCardHash(siteKey, card),
      ),
    ),
  )();
  const ledger = openLedgerWriter(db, {
    stationId: 'bench-station',
    privateKey: keys.privateKey,
    clock: systemClock(),
    hubOffsetMs: () => 0,
    ruleVersion: () => 1,
  });
  const classroom = createClassroom({ ledger, catalog, cardHashKey: siteKey, debounceMs: 0 });
  createClass(classroom, { title: 'bench', lessonIds: [], endsAt: null });

  const latencies: number[] = [];
  const began = performance.now();
  for (let i = 0; i < TAPS; i += 1) {
    const t0 = performance.now();
    const result = tap(classroom, cards[i % LEARNERS]!);
    latencies.push(performance.now() - t0);
    if (result.kind !== 'checked_in' && result.kind !== 'checked_out') throw new Error(`tap ${i}: ${result.kind}`);
  }
  const perSecond = TAPS / ((performance.now() - began) / 1000);
  db.close();
  catalog.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { latencies, perSecond };
}

function benchPlainInserts(): number[] {
  const dir = freshDir();
  const db = openBenchLedger(dir);
  db.exec('CREATE TABLE plain (n INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO plain (body) VALUES (?)');
  const body = 'x'.repeat(600); // about the size of an events row
  const latencies: number[] = [];
  for (let i = 0; i < PLAIN_INSERTS; i += 1) {
    const t0 = performance.now();
    db.transaction(() => insert.run(body)).immediate();
    latencies.push(performance.now() - t0);
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return latencies;
}

/** A year of one classroom as the hours engine sees it (no signatures: it does not read them). */
function yearOfEvents(): { events: HourEvent[]; learners: { id: string; level: LearnerLevel }[] } {
  const learners = Array.from({ length: LEARNERS }, (_, i) => ({
    id: `learner-${i}`,
    level: (i % 3 ? 'section_below' : 'county_division') as LearnerLevel,
  }));
  const events: HourEvent[] = [];
  let seq = 0;
  let random = 42;
  const next = () => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const start = Date.UTC(2026, 0, 5, 1, 0);
  for (let day = 0; day < 200; day += 1) {
    const wall0 = start + Math.floor(day * 1.75) * 86_400_000;
    const bootId = `boot-${day}`;
    const sessionId = `class-${day}`;
    const push = (type: HourEvent['type'], payload: object, offsetMs: number) => {
      seq += 1;
      events.push({
        id: uuidv7(wall0 + offsetMs),
        stationId: 'bench-station',
        seq,
        type,
        payload,
        wallTime: wall0 + offsetMs,
        bootId,
        monoMs: 1000 + offsetMs,
        hubOffsetMs: 0,
        ruleVersion: 1,
      } as HourEvent);
    };
    push('session.opened', { sessionId, mode: 'class', scheduleId: null, title: 'bench' }, 0);
    const present = new Set<number>();
    while (present.size < 120) present.add(Math.floor(next() * LEARNERS));
    for (const i of present)
      push(
        'check_in',
        { sessionId, learnerId: learners[i]!.id, cardHash: 'ab'.repeat(32) },
        Math.floor(next() * 600_000),
      );
    for (let minute = 10; minute < 100; minute += 1) {
      push(
        'playback.segment',
        {
          sessionId,
          lessonId: 'lesson',
          channelId: null,
          startMonoMs: 1000 + minute * 60_000,
          endMonoMs: 1000 + (minute + 1) * 60_000,
        },
        (minute + 1) * 60_000,
      );
    }
    for (const i of present)
      push('check_out', { sessionId, learnerId: learners[i]!.id }, 100 * 60_000 + Math.floor(next() * 600_000));
    push('session.closed', { sessionId }, 115 * 60_000);
  }
  return { events, learners };
}

function benchHours(): { ms: number; events: number } {
  const { events, learners } = yearOfEvents();
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const t0 = performance.now();
    const { entries } = computeHours(events, DEFAULT_RULE_SET);
    const summary = summariseHours({
      entries,
      learners,
      rules: DEFAULT_RULE_SET,
      from: '2026-01-01',
      to: '2026-12-31',
    });
    times.push(performance.now() - t0);
    if (summary.length !== LEARNERS || !summary.some((learner) => learner.classroomHours > 0))
      throw new Error('the year computed to nothing');
  }
  return { ms: percentile(times, 50), events: events.length };
}

function benchVerify(): { every: number; acknowledged: number } {
  const dir = freshDir();
  const db = openBenchLedger(dir);
  const keys = generateStationKeys();
  const ledger = openLedgerWriter(db, {
    stationId: 'bench-station',
    privateKey: keys.privateKey,
    clock: systemClock(),
    hubOffsetMs: () => 0,
    ruleVersion: () => 1,
  });
  // Set-up, not measured: 100,000 signed events written in one transaction.
  let prevHash = GENESIS_HASH;
  const wall0 = Date.now();
  db.transaction(() => {
    for (let seq = 1; seq <= VERIFY_EVENTS; seq += 1) {
      const event = createEvent({
        stationId: 'bench-station',
        seq,
        prevHash,
        type: 'check_in',
        payload: { sessionId: `class-${seq >> 9}`, learnerId: `learner-${seq % LEARNERS}`, cardHash: 'ab'.repeat(32) },
        wallTime: wall0 + seq,
        bootId: 'bench',
        monoMs: seq,
        hubOffsetMs: 0,
        ruleVersion: 1,
        privateKey: keys.privateKey,
      });
      ledger.append(event);
      prevHash = event.hash;
    }
  })();
  const timeVerify = () => {
    const t0 = performance.now();
    const check = verifyLedger(db, keys.publicKey);
    const ms = performance.now() - t0;
    if (!check.ok || check.events !== VERIFY_EVENTS) throw new Error(`verification failed: ${JSON.stringify(check)}`);
    return ms;
  };
  const every = timeVerify();
  acknowledge(db, VERIFY_EVENTS, Date.now());
  const acknowledged = timeVerify();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { every, acknowledged };
}

export async function run(): Promise<Record<string, number>> {
  const taps = benchTaps();
  const plain = benchPlainInserts();
  const hours = benchHours();
  const verify = benchVerify();
  const tap_durable_p50_ms = percentile(taps.latencies, 50);
  const plain_insert_full_p50_ms = percentile(plain, 50);
  return {
    tap_durable_p50_ms,
    tap_durable_p99_ms: percentile(taps.latencies, 99),
    taps_sustained_per_s: taps.perSecond,
    plain_insert_full_p50_ms,
    plain_insert_full_p99_ms: percentile(plain, 99),
    tap_vs_plain_insert_p50_ratio: tap_durable_p50_ms / plain_insert_full_p50_ms,
    hours_year_500_learners_ms: hours.ms,
    hours_year_events: hours.events,
    chain_verify_100k_ms: verify.every,
    chain_verify_per_event_us: (verify.every * 1000) / VERIFY_EVENTS,
    chain_verify_100k_acked_ms: verify.acknowledged,
    acked_vs_every_signature_ratio: verify.acknowledged / verify.every,
  };
}
