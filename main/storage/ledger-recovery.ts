// What a technician can do about a quarantined ledger. Both ways keep the damaged copy in
// quarantine/ untouched; the hub still holds every event the station had pushed.
//   restore <source> — put back a sound copy after checking its integrity: `latest` (the
//                      newest daily backup), a daily backup or migration backup from backups/,
//                      an export folder from a removable drive (ledger-export.ts), or any
//                      ledger.db salvaged elsewhere. A listed copy must still have the sha256
//                      it was listed with.
//   start-fresh      — accept an empty ledger; events not yet pushed to the hub stay only in
//                      the quarantined copy, for the hub operator to salvage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { fsyncFileSync, renameDurablySync } from '../../common/node/durable-file.ts';
import { databaseFiles, openAndCheck } from './integrity.ts';
import { backupsDir, dailyBackups } from './ledger-backup.ts';
import { EXPORT_LEDGER, readExportManifest } from './ledger-export.ts';
import { clearQuarantineMarker, readQuarantineMarker, type QuarantineMarker } from './quarantine-marker.ts';
import { finishQuarantine, ledgerPath, quarantinedParts } from './station-databases.ts';

export type RecoveryStatus = { quarantined: false } | { quarantined: true; marker: QuarantineMarker };

export function recoveryStatus(dataDir: string): RecoveryStatus {
  const marker = readQuarantineMarker(dataDir);
  return marker ? { quarantined: true, marker } : { quarantined: false };
}

/**
 * The marker, once whatever a crash left of the damaged ledger beside it is moved into its
 * quarantine folder (the marker is written before the move): recovery never deletes it.
 */
function requireQuarantined(dataDir: string): QuarantineMarker {
  const marker = readQuarantineMarker(dataDir);
  if (!marker) throw new Error('The ledger is not quarantined; nothing to recover.');
  const file = ledgerPath(dataDir);
  if (quarantinedParts(file).some((part) => fs.existsSync(part)) && !finishQuarantine(file, marker.movedTo))
    throw new Error(
      `${file} is still in place and the quarantine marker does not say where it belongs; move it aside by hand first.`,
    );
  return marker;
}

/** What a restore put back: the file, its last event and the hub's acknowledgement in it. */
export type Restored = { file: string; headSeq: number; ackedSeq: number; madeAt: string | null };

/**
 * The file a restore source names, and the sha256 it must have when a backup list or an export
 * manifest vouches for it.
 */
function resolveSource(
  dataDir: string,
  source: string,
): { file: string; sha256: string | null; madeAt: string | null } {
  const daily = dailyBackups(dataDir);
  if (source === 'latest') {
    const newest = daily.at(-1);
    if (!newest) throw new Error(`There is no verified daily backup in ${backupsDir(dataDir)}.`);
    return { file: path.join(backupsDir(dataDir), newest.file), sha256: newest.sha256, madeAt: newest.at };
  }
  if (!fs.existsSync(source)) throw new Error(`No such file or folder: ${source}`);
  if (fs.statSync(source).isDirectory()) {
    const manifest = readExportManifest(source);
    if (!manifest) throw new Error(`${source} is not a ledger export folder (no readable manifest.json).`);
    return { file: path.join(source, EXPORT_LEDGER), sha256: manifest.ledger.sha256, madeAt: manifest.exportedAt };
  }
  const listed = daily.find((copy) => path.resolve(backupsDir(dataDir), copy.file) === path.resolve(source));
  return { file: source, sha256: listed?.sha256 ?? null, madeAt: listed?.at ?? null };
}

export function restoreLedger(dataDir: string, source: string): Restored {
  requireQuarantined(dataDir);
  const { file, sha256, madeAt } = resolveSource(dataDir, source);
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  if (sha256 !== null) {
    const actual = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    if (actual !== sha256)
      throw new Error(`Refusing to restore ${file}: it changed since it was made (sha256 ${actual}, listed ${sha256})`);
  }
  const checked = openAndCheck(file);
  if (!checked.ok) throw new Error(`Refusing to restore ${file}: it fails the integrity check (${checked.reason})`);
  const held = describeCopy(checked.db);
  checked.db.close();
  const target = ledgerPath(dataDir);
  for (const part of databaseFiles(target)) fs.rmSync(part, { force: true });
  fs.copyFileSync(file, `${target}.restoring`);
  fsyncFileSync(`${target}.restoring`);
  renameDurablySync(`${target}.restoring`, target);
  clearQuarantineMarker(dataDir);
  return { file, ...held, madeAt };
}

/** A copy's last event and acknowledgement; zeros for a file without the ledger's tables yet. */
function describeCopy(db: Database.Database): { headSeq: number; ackedSeq: number } {
  try {
    const head = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events').get() as { n: number }).n;
    const acked = (db.prepare('SELECT acked_seq AS n FROM outbox').get() as { n: number } | undefined)?.n ?? 0;
    return { headSeq: head, ackedSeq: acked };
  } catch {
    return { headSeq: 0, ackedSeq: 0 };
  }
}

export function startFreshLedger(dataDir: string): void {
  requireQuarantined(dataDir);
  clearQuarantineMarker(dataDir);
}
