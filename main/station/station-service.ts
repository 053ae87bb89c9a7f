// The station itself as one lifecycle object: what it is (version, data folder, databases),
// whether its ledger passed the start-up check, its health — published whenever the verdict
// changes, so screens update without polling — and whether a lecture is playing (the
// Electron shell keeps the display awake while it is).
import type Database from 'better-sqlite3';
import { verifyLedger, type LedgerCheck } from '../ledger/ledger.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { prepared } from '../storage/sql.ts';
import type { StationDatabases } from '../storage/station-databases.ts';
import { stationHealth } from './health.ts';
import { readSecrets } from './key-file.ts';
import { createPlayingState, type PlayingState } from './kiosk/playing-state.ts';
import type { StationContext } from './station-context.ts';

const HEALTH_INTERVAL_MS = 30_000;

/**
 * The ledger's chain, checked with the station's public key before anything is appended. A
 * station with no key yet has no events either; events without the key that signed them
 * cannot be verified, so the first is the problem. A key file too damaged to read leaves
 * the ledger unverified (null): the station starts and shows it, but records nothing.
 */
export function checkLedgerAtStart(ledger: Database.Database, dataDir: string, log: Logger): LedgerCheck | null {
  try {
    const secrets = readSecrets(dataDir);
    if (secrets) return verifyLedger(ledger, secrets.publicKey);
    const { n } = prepared<[], { n: number }>(ledger, 'SELECT count(*) AS n FROM events').get()!;
    return n === 0 ? verifyLedger(ledger, '') : { ok: false, seq: 1, problem: 'signature' };
  } catch (error) {
    log.error('ledger.verify_impossible', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export type StationServiceOptions = {
  databases: StationDatabases;
  dataDir: string;
  version: string;
  runtime: 'electron' | 'web';
  bus: EventBus;
  log: Logger;
};

export interface StationService {
  readonly context: StationContext;
  readonly playing: PlayingState;
  /** True when the ledger may be written: present and its chain verified at start. */
  readonly ledgerVerified: boolean;
  /** Publishes station.healthChanged if the verdict changed since the last time. */
  publishHealth(): void;
  close(): void;
}

export function createStationService(options: StationServiceOptions): StationService {
  const { databases, log } = options;
  const ledgerDb = databases.ledger.db;
  const context: StationContext = {
    version: options.version,
    runtime: options.runtime,
    dataDir: options.dataDir,
    startedAt: new Date(),
    databases,
    now: () => performance.now(),
    startedAtMonotonic: performance.now(),
    ledgerCheck: ledgerDb ? checkLedgerAtStart(ledgerDb, options.dataDir, log) : null,
  };
  if (context.ledgerCheck && !context.ledgerCheck.ok)
    log.error('ledger.verify_failed', { seq: context.ledgerCheck.seq, problem: context.ledgerCheck.problem });

  let lastHealth = '';
  const publishHealth = () => {
    const health = stationHealth(context);
    const summary = `${health.status}:${health.checks.map((check) => check.status).join(',')}`;
    if (summary === lastHealth) return;
    lastHealth = summary;
    options.bus.publish('station.healthChanged', health);
  };
  const timer = setInterval(publishHealth, HEALTH_INTERVAL_MS);
  timer.unref();
  publishHealth();

  return {
    context,
    playing: createPlayingState(),
    ledgerVerified: ledgerDb !== null && context.ledgerCheck?.ok === true,
    publishHealth,
    close: () => clearInterval(timer),
  };
}
