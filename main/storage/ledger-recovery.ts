// What a technician can do about a quarantined ledger. Both ways keep the damaged copy in
// quarantine/ untouched; the hub still holds every event the station had pushed.
//   restore <file>  — put back a sound copy (a backups/ file or one salvaged elsewhere),
//                     after checking its integrity.
//   start-fresh     — accept an empty ledger; events not yet pushed to the hub stay only in
//                     the quarantined copy, for the hub operator to salvage.
import fs from 'node:fs';
import { fsyncFileSync, renameDurablySync } from '../../common/node/durable-file.ts';
import { databaseFiles, openAndCheck } from './integrity.ts';
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

export function restoreLedger(dataDir: string, source: string): void {
  requireQuarantined(dataDir);
  if (!fs.existsSync(source)) throw new Error(`No such file: ${source}`);
  const checked = openAndCheck(source);
  if (!checked.ok) throw new Error(`Refusing to restore ${source}: it fails the integrity check (${checked.reason})`);
  checked.db.close();
  const target = ledgerPath(dataDir);
  for (const part of databaseFiles(target)) fs.rmSync(part, { force: true });
  fs.copyFileSync(source, `${target}.restoring`);
  fsyncFileSync(`${target}.restoring`);
  renameDurablySync(`${target}.restoring`, target);
  clearQuarantineMarker(dataDir);
}

export function startFreshLedger(dataDir: string): void {
  requireQuarantined(dataDir);
  clearQuarantineMarker(dataDir);
}
