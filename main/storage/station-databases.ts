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
import { fsyncDirSync } from '../../common/node/durable-file.ts';
import type { Logger } from '../runtime/logger.ts';
import { databaseFiles, openAndCheck } from './integrity.ts';
import { createLedgerGate, guardLedgerWrites, type LedgerGate } from './ledger-gate.ts';
import { checkLedgerSchema, type SchemaCheck } from './ledger-schema.ts';
import { migrate, readMigrations, type Migration } from './migrate.ts';
import { readQuarantineMarker, writeQuarantineMarker } from './quarantine-marker.ts';

const MIGRATIONS_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenedDatabase {
  db: Database.Database | null;
  state: DatabaseState;
  /** The ledger's schema against its migrations (ledger only, when it could be opened). */
  schema?: SchemaCheck;
  /** Whether the ledger may be written (ledger only, when it could be opened): every write of `db` goes through it. */
  gate?: LedgerGate;
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

/** The ledger's verified checkpoint (main/ledger/checkpoint.ts): beside ledger.db, never inside it. */
export function ledgerCheckpointPath(dataDir: string): string {
  return path.join(dataDir, 'ledger-checkpoint.json');
}

function configure(db: Database.Database, durability: 'NORMAL' | 'FULL'): void {
  db.pragma('journal_mode = WAL');
  // FULL on the ledger: a confirmed tap must survive a power cut. NORMAL is enough for a cache.
  db.pragma(`synchronous = ${durability}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

let ledgerMigrationList: Migration[] | null = null;
/** The ledger's migrations, read once per process (the schema check compares with them). */
function ledgerMigrations(): Migration[] {
  return (ledgerMigrationList ??= readMigrations(migrationsDir('ledger')));
}

function migrateAndDescribe(
  db: Database.Database,
  file: string,
  label: 'catalog' | 'ledger',
  dataDir: string,
  log: Logger,
) {
  const migrations = label === 'ledger' ? ledgerMigrations() : readMigrations(migrationsDir(label));
  const result = migrate(db, migrations, path.join(dataDir, 'backups'), label);
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
    // A crash after the marker but before (or during) the move leaves files behind: finish it.
    if (finishQuarantine(file, marker.movedTo)) log.warn('db.ledger_quarantine_finished', { movedTo: marker.movedTo });
    log.warn('db.ledger_still_quarantined', { movedTo: marker.movedTo });
    return { db: null, state: { state: 'quarantined', schemaVersion: 0, path: file, movedTo: marker.movedTo } };
  }
  const checked = openAndCheck(file, 'quick_check');
  if (!checked.ok) {
    // The marker first, durably (file and folder), and only then the move: a power cut between
    // the two leaves a marker and the damaged file in place — still quarantined at the next
    // start, which finishes the move — and never a missing ledger without a marker, which the
    // next start would take for a new station and answer with an empty ledger.
    const movedTo = quarantineFolder(dataDir);
    writeQuarantineMarker(dataDir, { movedTo, reason: checked.reason, at: new Date().toISOString() });
    faults.betweenQuarantineSteps?.();
    finishQuarantine(file, movedTo);
    log.error('db.ledger_corrupt_quarantined', { file, movedTo, reason: checked.reason });
    return { db: null, state: { state: 'quarantined', schemaVersion: 0, path: file, movedTo } };
  }
  configure(checked.db, 'FULL');
  const schemaVersion = migrateAndDescribe(checked.db, file, 'ledger', dataDir, log);
  const schema = checkLedgerSchema(checked.db, ledgerMigrations());
  if (schema.state === 'repaired') log.warn('db.ledger_schema_repaired', { objects: schema.objects });
  if (schema.state === 'mismatch') log.error('db.ledger_schema_mismatch', { objects: schema.objects });
  const gate = createLedgerGate();
  guardLedgerWrites(checked.db, gate);
  if (schema.state === 'mismatch')
    gate.stop('schema_mismatch', `tables differ from the migrations: ${schema.objects.join(', ')}`);
  return { db: checked.db, state: { state: 'ok', schemaVersion, path: file }, schema, gate };
}

function quarantineFolder(dataDir: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, 'quarantine', `ledger-${stamp}`);
}

/**
 * Moves what is left of the ledger (the file, its -wal and -shm, and its checkpoint, which a
 * restored or fresh ledger must not be held to) into the quarantine folder a marker names,
 * durably: the new folders' entries, the new names and the old names' removal are all
 * fsynced. Returns whether anything was left to move. A marker too damaged to name its folder
 * leaves the files where they are: still quarantined, for the technician.
 */
export function finishQuarantine(file: string, movedTo: string): boolean {
  const parts = quarantinedParts(file).filter((part) => fs.existsSync(part));
  if (parts.length === 0 || !path.isAbsolute(movedTo)) return false;
  const created: string[] = [];
  for (let dir = movedTo; !fs.existsSync(dir); dir = path.dirname(dir)) created.push(dir);
  fs.mkdirSync(movedTo, { recursive: true });
  for (const dir of created) fsyncDirSync(path.dirname(dir));
  for (const part of parts) fs.renameSync(part, path.join(movedTo, path.basename(part)));
  fsyncDirSync(movedTo);
  fsyncDirSync(path.dirname(file));
  return true;
}

/** What a quarantine moves aside: the ledger's files and its checkpoint. */
export function quarantinedParts(file: string): string[] {
  return [...databaseFiles(file), ledgerCheckpointPath(path.dirname(file))];
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
