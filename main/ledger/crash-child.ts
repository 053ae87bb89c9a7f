// Run by ledger.crash.test.ts as a separate process: opens the ledger in the data folder
// given as argv[2] the way the station does, appends check-in taps as fast as it can, and
// prints `confirmed <seq> <id>` after each appendEvent returns — the moment the station
// would show the confirmation. The test kills it with SIGKILL mid-burst and checks that
// every confirmed tap is in the ledger. The key arrives in LECTERN_TEST_PRIVATE_KEY.
import { silentLogger } from '../runtime/logger.ts';
import { openLedger } from '../storage/station-databases.ts';
import { systemClock } from './clock.ts';
import { appendEvent, openLedgerWriter } from './ledger.ts';

const dataDir = process.argv[2];
const privateKey = process.env.LECTERN_TEST_PRIVATE_KEY;
if (!dataDir || !privateKey) throw new Error('usage: LECTERN_TEST_PRIVATE_KEY=… crash-child.ts <dataDir>');

const { db } = openLedger(dataDir, silentLogger);
if (!db) throw new Error('ledger.db is quarantined');
const ledger = openLedgerWriter(db, {
  stationId: 'station-crash-test',
  privateKey,
  clock: systemClock(),
  hubOffsetMs: () => 0,
  ruleVersion: () => 1,
});
const cardHash = 'ab'.repeat(32);
for (let i = 0; ; i += 1) {
  const event = appendEvent(ledger, {
    type: 'check_in',
    payload: { sessionId: 'class-crash', learnerId: `learner-${i % 40}`, cardHash },
  });
  // Synchronous write: the line is out of this process before the next tap starts.
  process.stdout.write(`confirmed ${event.seq} ${event.id}\n`);
}
