// npm run web [-- --port N --data DIR]: the station core and renderer on 127.0.0.1, for tests,
// development, and a Chromium kiosk where Electron cannot run.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { createLogger } from '../runtime/logger.ts';
import { startStationCore } from '../app/start-station.ts';
import { startWebShell } from './web-shell-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message: string): never {
  console.error(`lectern web: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    renderer: { type: 'string', default: path.join(repoRoot, 'dist', 'renderer') },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a number from 0 to 65535, got "${values.port}"`);
if (!fs.existsSync(path.join(values.renderer, 'index.html')))
  fail(`no built renderer in ${values.renderer}; run: npm run build:renderer`);

const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;
const log = createLogger();
const dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
const core = startStationCore({ dataDir, version, runtime: 'web', log });
const shell = await startWebShell({
  core,
  rendererDir: values.renderer,
  mediaHandler: core.mediaHandler,
  port,
  log,
}).catch(async (error: unknown) => {
  await core.close();
  fail(`cannot listen on 127.0.0.1:${port}: ${String(error)}`);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void shell
    .close()
    .then(() => core.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Announced only once a stop signal closes the databases cleanly: whoever reads the URL
// may stop the station at once.
console.log(`Lectern station (browser shell) at ${shell.launchUrl}`);
console.log(`Data folder: ${dataDir}. Open the URL above in Chromium (kiosk: chromium --kiosk '<url>'). Ctrl+C stops.`);

// The hub (configured, or the embedded demo) is reached after the screen is up: a station
// with no network still starts at once and works from its cache.
core
  .connect()
  .catch((error: unknown) =>
    log.error('hub.connect_failed', { error: error instanceof Error ? error.message : String(error) }),
  );
