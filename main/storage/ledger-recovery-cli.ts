// Technician command: npm run ledger-recovery -- <status|restore FILE|start-fresh> [--data DIR]
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { recoveryStatus, restoreLedger, startFreshLedger } from './ledger-recovery.ts';

const { values, positionals } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: true });
const dataDir = values.data ?? defaultDataDir();
const [command, file] = positionals;

try {
  if (command === 'status' || command === undefined) {
    const status = recoveryStatus(dataDir);
    console.log(
      status.quarantined
        ? `Ledger QUARANTINED since ${status.marker.at}\n  damaged copy: ${status.marker.movedTo}\n  reason: ${status.marker.reason}\nRecover with: restore <backup.db>  or  start-fresh`
        : `Ledger is not quarantined (${dataDir}).`,
    );
  } else if (command === 'restore' && file) {
    restoreLedger(dataDir, file);
    console.log(`Restored the ledger from ${file}. Start the station again.`);
  } else if (command === 'start-fresh') {
    startFreshLedger(dataDir);
    console.log(
      'The quarantine is lifted; the station will create an empty ledger at its next start. The damaged copy stays in quarantine/.',
    );
  } else {
    console.error('Usage: ledger-recovery <status | restore FILE | start-fresh> [--data DIR]');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`ledger-recovery: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
