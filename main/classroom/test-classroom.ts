// For the classroom tests: a real ledger.db and catalog.db in a temp folder, a roster of
// three learners with known card numbers, an organiser PIN, and a hand-moved clock.
import crypto from 'node:crypto';
import type { TestContext } from 'node:test';
import { keyedCardHash } from '../../protocol/card-hash.ts';
import { DEFAULT_RULE_SET, type RuleSet } from '../../protocol/hour-rules.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openTestLedger, type TestLedger } from '../ledger/test-ledger.ts';
import { openCatalog } from '../storage/station-databases.ts';
import { createClassroom, type Classroom, type ClassroomOptions, type Organiser } from './classroom.ts';
import { hashPin } from '../../protocol/pin-hash.ts';

export const CARDS = { zhang: '0012345678', li: '0087654321', wang: '0055550000', organiser: '0077770000' } as const;
export const ORGANISER_PIN = '2468';
/** The roster's organiser (organiser-pin.ts): unlocks with CARDS.organiser and ORGANISER_PIN. */
export const ORGANISER: Organiser = { name: '王老师' };
export const ORGANISER_ID = 'organiser-wang';

// Hashed once: scrypt costs tens of milliseconds, and every classroom test opens a fixture.
const ORGANISER_PIN_HASH = hashPin(ORGANISER_PIN);

/**
 * The rules of most classroom tests: the default, without the attendance windows, since they
 * tap in and out within minutes. The windows have their own tests (attendance.test.ts).
 */
export const NO_WINDOWS: RuleSet = { ...DEFAULT_RULE_SET, retapWindowMinutes: 0, minPresenceMinutes: 0 };

/** 2026-11-27 09:00 China time. */
export const MORNING = Date.UTC(2026, 10, 27, 1, 0);

export type TestClassroom = TestLedger & {
  classroom: Classroom;
  siteKey: string;
  addLearner(id: string, cardNumber: string, level?: string): void;
};

export function openTestClassroom(
  t: TestContext,
  options: Partial<ClassroomOptions> = {},
  wallStart = MORNING,
): TestClassroom {
  const opened = openTestLedger(t, wallStart);
  const { db: catalog } = openCatalog(opened.dir, silentLogger);
  t.after(() => catalog.close());
  const siteKey = crypto.randomBytes(32).toString('base64');
  const insert = catalog.prepare('INSERT INTO learners (id, name, unit, level, card_hash) VALUES (?, ?, ?, ?, ?)');
  const addLearner = (id: string, cardNumber: string, level = 'section_below') =>
    insert.run(id, `学员${id}`, '县委组织部', level, keyedCardHash(siteKey, cardNumber));
  addLearner('zhang', CARDS.zhang, 'county_division');
  addLearner('li', CARDS.li);
  const classroom = createClassroom({
    ledger: opened.ledger,
    catalog,
    cardHashKey: siteKey,
    attention: { random: () => 0.5 },
    rules: () => NO_WINDOWS,
    ...options,
  });
  return { ...opened, classroom, siteKey, addLearner };
}

/** Puts the organiser on the roster: a learner with the organiser role and the hub's hash of ORGANISER_PIN. */
export function addOrganiser(tc: TestClassroom): void {
  tc.classroom.catalog
    .prepare(
      'INSERT INTO learners (id, name, unit, level, card_hash, organiser, organiser_pin_hash) VALUES (?, ?, ?, ?, ?, 1, ?)',
    )
    .run(
      ORGANISER_ID,
      ORGANISER.name,
      '县委党校',
      'section_below',
      keyedCardHash(tc.siteKey, CARDS.organiser),
      ORGANISER_PIN_HASH,
    );
}
