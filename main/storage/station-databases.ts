// The station's two databases and what happens when one is found damaged at start.
//   catalog.db — a cache of the hub's catalogue. Damaged: deleted and rebuilt empty; the
//                next pull refills it.
//   ledger.db  — attendance, playback and hours: what must never be lost. Damaged: moved
//                aside intact (with its -wal and -shm) into quarantine/, a marker is left,
//                and the station refuses to write learning records until a technician acts
//                (see ledger-recovery.ts). A fresh ledger is never created silently.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { DatabaseState } from '../../preload/contract/channels.ts';
import type { Logger } from '../runtime/logger.ts';
import { databaseFiles, openAndCheck } from './integrity.ts';
import { migrate, readMigrations } from './migrate.ts';
import { readQuarantineMarker, writeQuarantineMarker } from './quarantine-marker.ts';

const MIGRATIONS_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenedDatabase {
  db: Database.Database | null;
  state: DatabaseState;
}

export interface StationDatabases {
  catalog: OpenedDatabase & { db: Database.Database };
  ledger: OpenedDatabase;
  close(): void;
}

export function migrationsDir(label: 'catalog' | 'ledger'): string {
  return path.join(MIGRATIONS_ROOT, label);
}

export function catalogPath(dataDir: string): string {
  return path.join(dataDir, 'catalog.db');
}

export function ledgerPath(dataDir: string): string {
  return path.join(dataDir, 'ledger.db');
}

function configure(db: Database.Database, durability: 'NORMAL' | 'FULL'): void {
  db.pragma('journal_mode = WAL');
  // FULL on the ledger: a confirmed tap must survive a power cut. NORMAL is enough for a cache.
  db.pragma(`synchronous = ${durability}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function migrateAndDescribe(
  db: Database.Database,
  file: string,
  label: 'catalog' | 'ledger',
  dataDir: string,
  log: Logger,
) {
  const result = migrate(db, readMigrations(migrationsDir(label)), path.join(dataDir, 'backups'), label);
  if (result.from !== result.to)
    log.info('db.migrated', { db: label, from: result.from, to: result.to, backup: result.backup });
  return result.to;
}

export function openCatalog(dataDir: string, log: Logger): OpenedDatabase & { db: Database.Database } {
  const file = catalogPath(dataDir);
  let checked = openAndCheck(file);
  let state: DatabaseState['state'] = 'ok';
  if (!checked.ok) {
    log.warn('db.catalog_corrupt_rebuilding', { file, reason: checked.reason });
    for (const part of databaseFiles(file)) fs.rmSync(part, { force: true });
    checked = openAndCheck(file);
    if (!checked.ok) throw new Error(`Cannot create ${file}: ${checked.reason}`);
    state = 'rebuilt';
  }
  configure(checked.db, 'NORMAL');
  const schemaVersion = migrateAndDescribe(checked.db, file, 'catalog', dataDir, log);
  return { db: checked.db, state: { state, schemaVersion, path: file } };
}

/**
 * Test seams for the steps of a quarantine: a test kills the process here to prove that a
 * crash between two steps can never leave the station with a fresh, empty ledger.
 */
export type QuarantineFaults = { betweenQuarantineSteps?: () => void };

export function openLedger(dataDir: string, log: Logger, faults: QuarantineFaults = {}): OpenedDatabase {
  const file = ledgerPath(dataDir);
  const marker = readQuarantineMarker(dataDir);
  if (marker) {
    log.warn('db.ledger_still_quarantined', { movedTo: marker.movedTo });
    return { db: null, state: { state: 'quarantined', schemaVersion: 0, path: file, movedTo: marker.movedTo } };
  }
  const checked = openAndCheck(file);
  if (!checked.ok) {
    const movedTo = moveAside(dataDir, file);
    faults.betweenQuarantineSteps?.();
    writeQuarantineMarker(dataDir, { movedTo, reason: checked.reason, at: new Date().toISOString() });
    log.error('db.ledger_corrupt_quarantined', { file, movedTo, reason: checked.reason });
    return { db: null, state: { state: 'quarantined', schemaVersion: 0, path: file, movedTo } };
  }
  configure(checked.db, 'FULL');
  const schemaVersion = migrateAndDescribe(checked.db, file, 'ledger', dataDir, log);
  return { db: checked.db, state: { state: 'ok', schemaVersion, path: file } };
}

function moveAside(dataDir: string, file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dataDir, 'quarantine', `ledger-${stamp}`);
  fs.mkdirSync(target, { recursive: true });
  for (const part of databaseFiles(file)) {
    if (fs.existsSync(part)) fs.renameSync(part, path.join(target, path.basename(part)));
  }
  return target;
}

export function openStationDatabases(dataDir: string, log: Logger): StationDatabases {
  fs.mkdirSync(dataDir, { recursive: true });
  const catalog = openCatalog(dataDir, log);
  const ledger = openLedger(dataDir, log);
  return {
    catalog,
    ledger,
    close() {
      catalog.db.close();
      ledger.db?.close();
    },
  };
}
