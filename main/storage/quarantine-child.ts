// Run by station-databases.test.ts as a separate process: opens the ledger in the data folder
// given as argv[2] the way the station does, and kills itself with SIGKILL between the two
// steps of quarantining a damaged ledger (the marker and the move), as a power cut would.
import { silentLogger } from '../runtime/logger.ts';
import { openLedger } from './station-databases.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: quarantine-child.ts <dataDir>');
openLedger(dataDir, silentLogger, { betweenQuarantineSteps: () => process.kill(process.pid, 'SIGKILL') });
// Reached only when the ledger was sound: nothing to quarantine.
process.stdout.write('opened\n');
