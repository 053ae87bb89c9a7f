// For tests that need a station's year: a roster of 500 learners and a ledger of classes
// written straight into ledger.db — 120 learners present per class, a playback segment a
// minute, 20 learners whose cards the roster learnt only later (their taps are
// *.unknown_card events), a reboot in the middle of every tenth class. The rows continue the
// chain (the triggers insist) but their hashes and signatures are stand-ins: the hours engine
// reads neither, and signing 100,000 events would take the test most of a minute.
import crypto from 'node:crypto';
import { keyedCardHash } from '../../protocol/card-hash.ts';
import { GENESIS_HASH } from '../../protocol/events.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import type { TestClassroom } from './test-classroom.ts';

export const YEAR_LEARNERS = 500;

export function yearCard(i: number): string {
  return String(3_000_000_000 + i * 7919);
}

/** Adds the 500 learners (learner-0 … learner-499) and whole classes in 2026 until the ledger holds `total` events or a few more. */
export function fillYear(tc: TestClassroom, total: number): void {
  for (let i = 0; i < YEAR_LEARNERS; i += 1)
    tc.addLearner(`learner-${i}`, yearCard(i), i % 3 ? 'section_below' : 'county_division');
  const db = tc.ledger.db;
  const insert = db.prepare(
    `INSERT INTO events (seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, 'stand-in')`,
  );
  let seq = (db.prepare('SELECT count(*) FROM events').pluck().get() as number) ?? 0;
  let prevHash =
    (db.prepare('SELECT hash FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined) ??
    GENESIS_HASH;
  let random = 42;
  const next = () => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const start = Date.UTC(2026, 0, 5, 1, 0);
  db.transaction(() => {
    for (let day = 0; seq < total; day += 1) {
      const wall0 = start + Math.floor(day * 1.1) * 86_400_000;
      let bootId = `boot-${day}`;
      let monoBase = 1000;
      let wallBase = wall0;
      const sessionId = `class-${String(day).padStart(4, '0')}`;
      const emit = (type: string, payload: object, at: number) => {
        const offset = Math.floor(at);
        seq += 1;
        const hash = crypto.createHash('sha256').update(`${seq}`).digest('hex');
        insert.run(
          seq,
          uuidv7(wallBase + offset),
          tc.ledger.stationId,
          type,
          JSON.stringify({ sessionId, ...payload }),
          wallBase + offset,
          bootId,
          monoBase + offset,
          prevHash,
          hash,
        );
        prevHash = hash;
      };
      emit('session.opened', { mode: 'class', scheduleId: null, title: '学习' }, 0);
      const present = new Set<number>();
      while (present.size < 120) present.add(Math.floor(next() * YEAR_LEARNERS));
      const unknownCard = (i: number) => i >= YEAR_LEARNERS - 20;
      for (const i of present)
        if (unknownCard(i))
          emit('check_in.unknown_card', { cardHash: keyedCardHash(tc.siteKey, yearCard(i)) }, next() * 600_000);
        else emit('check_in', { learnerId: `learner-${i}`, cardHash: 'ab'.repeat(32) }, next() * 600_000);
      for (let minute = 10; minute < 100; minute += 1) {
        if (minute === 55 && day % 10 === 0) {
          // The station restarts: a new boot, its monotonic clock from near zero.
          bootId = `boot-${day}-again`;
          wallBase = wall0 + 2 * 60_000;
          monoBase = 500 - 55 * 60_000;
        }
        emit(
          'playback.segment',
          {
            lessonId: 'lesson-1',
            channelId: null,
            startMonoMs: monoBase + minute * 60_000,
            endMonoMs: monoBase + (minute + 1) * 60_000,
          },
          (minute + 1) * 60_000,
        );
      }
      for (const i of present)
        if (unknownCard(i))
          emit(
            'check_out.unknown_card',
            { cardHash: keyedCardHash(tc.siteKey, yearCard(i)) },
            100 * 60_000 + next() * 600_000,
          );
        else emit('check_out', { learnerId: `learner-${i}` }, 100 * 60_000 + next() * 600_000);
      emit('session.closed', {}, 115 * 60_000);
    }
  })();
}
