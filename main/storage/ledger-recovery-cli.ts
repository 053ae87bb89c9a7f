// Technician command: npm run ledger-recovery -- <status|backups|restore SOURCE|start-fresh> [--data DIR]
// SOURCE: latest (the newest daily backup), a backup file, or an export folder.
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { dailyBackups } from './ledger-backup.ts';
import { recoveryStatus, restoreLedger, startFreshLedger } from './ledger-recovery.ts';

const { values, positionals } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: true });
const dataDir = values.data ?? defaultDataDir();
const [command, file] = positionals;

try {
  if (command === 'status' || command === undefined) {
    const status = recoveryStatus(dataDir);
    console.log(
      status.quarantined
        ? `Ledger QUARANTINED since ${status.marker.at}\n  damaged copy: ${status.marker.movedTo}\n  reason: ${status.marker.reason}\nRecover with: restore latest | restore <backup.db or export folder>  or  start-fresh`
        : `Ledger is not quarantined (${dataDir}).`,
    );
  } else if (command === 'backups') {
    const copies = dailyBackups(dataDir);
    if (copies.length === 0) console.log(`No verified daily backup in ${dataDir}/backups.`);
    for (const copy of copies)
      console.log(
        `${copy.file}  ${copy.at}  events 1…${copy.headSeq}  hub acknowledged ${copy.ackedSeq}  ${copy.bytes} bytes`,
      );
  } else if (command === 'restore' && file) {
    const restored = restoreLedger(dataDir, file);
    console.log(
      `Restored the ledger from ${restored.file}${restored.madeAt ? ` (made ${restored.madeAt})` : ''}: events 1…${restored.headSeq}, the hub had acknowledged ${restored.ackedSeq}.\nEvents recorded after that copy are only in the quarantined ledger (and at the hub, if they were pushed). Start the station again.`,
    );
  } else if (command === 'start-fresh') {
    startFreshLedger(dataDir);
    console.log(
      'The quarantine is lifted; the station will create an empty ledger at its next start. The damaged copy stays in quarantine/.',
    );
  } else {
    console.error(
      'Usage: ledger-recovery <status | backups | restore latest|FILE|EXPORT-FOLDER | start-fresh> [--data DIR]',
    );
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`ledger-recovery: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
