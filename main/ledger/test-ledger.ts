// For tests of the ledger and of the domains that write to it: a real ledger.db in a temp
// folder, opened the way the station opens it, and a clock the test moves by hand.
import type { TestContext } from 'node:test';
import { generateStationKeys, type KeyPair } from '../../protocol/crypto.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openLedger } from '../storage/station-databases.ts';
import type { LedgerClock } from './clock.ts';
import { openLedgerWriter, type Ledger } from './ledger.ts';

export interface ManualClock extends LedgerClock {
  /** Moves both clocks forward by `ms` (time really passing). */
  advance(ms: number): void;
  /** Sets the wall clock alone, as a user or NTP would; the monotonic clock is untouched. */
  setWall(ms: number): void;
  /** A new boot: a new boot id, the monotonic clock restarted near zero. */
  reboot(wallMs: number): void;
  bootId: string;
}

export function manualClock(wallStart: number, monoStart = 1000): ManualClock {
  let wall = wallStart;
  let mono = monoStart;
  let boot = 1;
  return {
    bootId: 'boot-1',
    wallTime: () => wall,
    monoMs: () => mono,
    advance(ms) {
      wall += ms;
      mono += ms;
    },
    setWall(ms) {
      wall = ms;
    },
    reboot(wallMs) {
      boot += 1;
      this.bootId = `boot-${boot}`;
      wall = wallMs;
      mono = 500;
    },
  };
}

export type TestLedger = { dir: string; ledger: Ledger; keys: KeyPair; clock: ManualClock };

export function openTestLedger(t: TestContext, wallStart = Date.UTC(2026, 10, 27, 1, 0)): TestLedger {
  const dir = tempDir(t);
  const { db } = openLedger(dir, silentLogger);
  if (!db) throw new Error('the test ledger could not be opened');
  t.after(() => db.close());
  const keys = generateStationKeys();
  const clock = manualClock(wallStart);
  const ledger = openLedgerWriter(db, {
    stationId: 'station-test',
    privateKey: keys.privateKey,
    clock,
    hubOffsetMs: () => 0,
    ruleVersion: () => 1,
  });
  return { dir, ledger, keys, clock };
}
