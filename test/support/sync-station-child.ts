// A station's sync engine in a process of its own, for the tests that kill it with SIGKILL in
// the middle of a push: node sync-station-child.ts <dataDir> <hubUrl>. It syncs until nothing
// waits, printing "push <sent>/<total>" as batches are acknowledged and "done" at the end.
import { openTestStation, testEngine } from '../../main/hub-link/test-station.ts';
import { createEventBus } from '../../main/runtime/event-bus.ts';
import type { SyncStatus } from '../../preload/contract/channels.ts';

const [dataDir, hubUrl] = process.argv.slice(2);
if (!dataDir || !hubUrl) {
  console.error('usage: sync-station-child.ts <dataDir> <hubUrl>');
  process.exit(2);
}
const station = openTestStation(dataDir);
const bus = createEventBus();
bus.subscribe((event, payload) => {
  const progress = (payload as SyncStatus).progress;
  if (event === 'sync.statusChanged' && progress?.phase === 'push')
    console.log(`push ${progress.done}/${progress.total}`);
});
const engine = testEngine(station, hubUrl, {
  bus,
  timeoutMs: 1_500,
  pushBatchMax: 50,
  timings: { retryBaseMs: 50, retryMaxMs: 500, backlogMs: 50 },
});
for (;;) {
  const status = await engine.syncNow();
  if (status.state === 'idle' && status.pending.events === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log('done');
await engine.stop();
station.close();
