// Test support: a station process that only downloads media, for the crash test. It is run
// with `process.execPath download-child.ts <json>`, killed with SIGKILL mid-download, and
// run again; everything it knows after a restart comes from the data folder.
//   json: { dataDir, url, hubPublicKey, capBytesPerSecond, enqueue?: { sha256, size }, waitFor: sha256 }
// Prints one JSON line per state change; exits 0 when the file is ready, 1 if it failed.
import { generateStationKeys } from '../../../../protocol/crypto.ts';
import { createHubClient } from '../../../../protocol/hub-client/hub-client.ts';
import { silentLogger } from '../../../runtime/logger.ts';
import { openCatalog } from '../../../storage/station-databases.ts';
import { createMediaService } from '../media-service.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  url: string;
  hubPublicKey: string;
  capBytesPerSecond: number;
  enqueue?: { sha256: string; size: number };
  waitFor: string;
};

// The station's hub client, as the station downloads; the fault server does not check who asks.
const client = createHubClient({
  baseUrl: job.url,
  stationId: 'crash-test-station',
  privateKey: generateStationKeys().privateKey,
  hubPublicKey: job.hubPublicKey,
});
const { db } = openCatalog(job.dataDir, silentLogger);
const service = createMediaService({
  db,
  dataDir: job.dataDir,
  fetchMedia: (sha256, options) => client.media(sha256, options),
});
await service.updateSettings({ downloadWindow: null, bandwidthCapBytesPerSecond: job.capBytesPerSecond });
service.subscribe((sha256, state) => {
  process.stdout.write(JSON.stringify({ sha256, ...state }) + '\n');
  if (sha256 !== job.waitFor) return;
  if (state.state === 'ready' || state.state === 'failed') {
    void service.stop().then(() => {
      db.close();
      process.exit(state.state === 'ready' ? 0 : 1);
    });
  }
});
await service.start();
if (job.enqueue) service.enqueue(job.enqueue);
if (service.state(job.waitFor).state === 'ready') process.exit(0);
