// Numbered .sql migrations (001_name.sql, 002_name.sql, …) tracked by PRAGMA user_version.
// Before an existing database is changed, a copy is written with VACUUM INTO, so a migration
// that goes wrong on a technician's station can be undone by hand.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationResult {
  from: number;
  to: number;
  backup: string | null;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const BACKUPS_KEPT = 3;

export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file name must look like 001_name.sql: ${path.join(dir, file)}`);
      return { version: Number(match[1]), name: match[2]!, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migrations in ${dir} must be numbered 001, 002, … without gaps; found ${migration.version} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(
  db: Database.Database,
  migrations: Migration[],
  backupDir: string,
  label: string,
): MigrationResult {
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new Error(
      `${label} has schema version ${from}, newer than this software knows (${latest}). Install the newer Lectern version or restore a backup.`,
    );
  }
  const pending = migrations.slice(from);
  if (pending.length === 0) return { from, to: from, backup: null };

  const backup = from > 0 ? backupBeforeMigrating(db, backupDir, label, from) : null;
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: latest, backup };
}

function backupBeforeMigrating(db: Database.Database, backupDir: string, label: string, version: number): string {
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(backupDir, `${label}-v${version}-${stamp}.db`);
  db.prepare('VACUUM INTO ?').run(target);
  pruneBackups(backupDir, label);
  return target;
}

function pruneBackups(backupDir: string, label: string): void {
  const ours = fs
    .readdirSync(backupDir)
    .filter((file) => file.startsWith(`${label}-v`) && file.endsWith('.db'))
    .sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - BACKUPS_KEPT))) {
    fs.rmSync(path.join(backupDir, old));
  }
}
