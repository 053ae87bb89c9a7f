// Test support: a station process that only downloads media, for the crash test. It is run
// with `process.execPath download-child.ts <json>`, killed with SIGKILL mid-download, and
// run again; everything it knows after a restart comes from the data folder.
//   json: { dataDir, url, capBytesPerSecond, enqueue?: { sha256, size } , waitFor: sha256 }
// Prints one JSON line per state change; exits 0 when the file is ready, 1 if it failed.
import { silentLogger } from '../../../runtime/logger.ts';
import { openCatalog } from '../../../storage/station-databases.ts';
import { mediaGet } from '../media-http.ts';
import { createMediaService } from '../media-service.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  url: string;
  capBytesPerSecond: number;
  enqueue?: { sha256: string; size: number };
  waitFor: string;
};

const { db } = openCatalog(job.dataDir, silentLogger);
const service = createMediaService({
  db,
  dataDir: job.dataDir,
  // The request goes out the way hubMediaFetch sends it (media-http.ts), unsigned.
  fetchMedia: (sha256, options) =>
    mediaGet(new URL(`${job.url}/media/${sha256}`), {
      headers: {
        ...(options.range ? { range: options.range } : {}),
        ...(options.ifRange ? { 'if-range': options.ifRange } : {}),
      },
      signal: options.signal,
    }),
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
