// What the station's own handlers need to know about the running station.
import type { LedgerCheck } from '../ledger/verification.ts';
import type { StationDatabases } from '../storage/station-databases.ts';
import type { GuardianState } from './ledger-guardian.ts';

export interface StationContext {
  version: string;
  runtime: 'electron' | 'web';
  dataDir: string;
  startedAt: Date;
  databases: StationDatabases;
  /** Monotonic milliseconds, injectable so uptime is testable. */
  now: () => number;
  startedAtMonotonic: number;
  /** The start-up verification of the ledger's chain; null when there was none (quarantined ledger). */
  ledgerCheck: LedgerCheck | null;
  /** What the ledger guardian knows since: schema, checkpoint, the full check, the disk (absent in bare tests). */
  ledgerState?: () => GuardianState;
  /** The disk was copied from another station's PC (machine-fingerprint.ts): recording is stopped. */
  cloned?: boolean;
  /** The hub refused the configured enrollment token at first contact. */
  enrollmentRefused?: boolean;
}
