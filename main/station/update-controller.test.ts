// Updates through electron-updater itself, on its app-adapter seam (no Electron): a real
// DebUpdater reads a real hub's feed on 127.0.0.1 — the latest-linux.yml and installer that
// `hub-admin publish-update` wrote, and the release document it signed — downloads in the
// background, and installs only what the hub signed, only outside class hours. Installing a
// package is the one true edge: quitAndInstall is recorded, not run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { startTestHub } from '../../test/support/test-hub.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { createLogger } from '../runtime/logger.ts';
import { checkUpdateFeed } from './update-check.ts';
import { createUpdateController, START_WINDOW_MS } from './update-controller.ts';

/**
 * electron-updater's HTTP on Node's http module: its own executor needs Electron's net. The
 * download is electron-updater's (ElectronHttpExecutor.download), on this transport.
 */
class NodeHttpExecutor extends HttpExecutor<http.ClientRequest> {
  createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    return http.request(options, callback);
  }
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

function testAdapter(dir: string, version: string): AppAdapter {
  return {
    version,
    name: 'Lectern',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: path.join(dir, 'user-data'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

async function feedWithRelease(t: TestContext, sites?: string[]) {
  const hub = await startTestHub(t);
  const installer = path.join(tempDir(t), 'Lectern-0.2.0.deb');
  fs.writeFileSync(installer, Buffer.alloc(64 * 1024, 7));
  hub.admin.publishUpdate({ platform: 'linux', version: '0.2.0', files: [installer], sites });
  return { hub, updatesUrl: `${hub.url}v1/updates/` };
}

function updaterFor(t: TestContext, version = '0.1.0') {
  const dir = tempDir(t);
  // What electron-builder writes into an installed app's resources (the publish settings).
  fs.writeFileSync(
    path.join(dir, 'app-update.yml'),
    'provider: generic\nurl: http://127.0.0.1:9/\nupdaterCacheDirName: lectern-updater\n',
  );
  const updater = new DebUpdater(null, testAdapter(dir, version));
  (updater as unknown as { httpExecutor: HttpExecutor<http.ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  updater.logger = null;
  const installs = t.mock.method(updater, 'quitAndInstall', () => undefined);
  return { updater, installs };
}

const NINE = Date.UTC(2026, 10, 30, 1, 0);

test('a signed release for this site is downloaded in the background and installed outside class hours', async (t) => {
  const { hub, updatesUrl } = await feedWithRelease(t);
  const { updater, installs } = updaterFor(t);
  let clock = NINE + 10 * 60_000;
  let classOpen = true;
  const controller = createUpdateController({
    updater,
    station: { updatesUrl, hubPublicKey: hub.hubPublicKey, siteCode: 'DEMO', platform: 'linux', version: '0.1.0' },
    classroom: () => ({ classOpen, classes: [{ startsAt: NINE, endsAt: NINE + 90 * 60_000 }] }),
    log: createLogger(() => undefined),
    now: () => clock,
  });
  assert.equal(controller.tick(), 'nothing', 'nothing downloaded yet');
  // The station has been up a while: the start's window is over.
  clock += START_WINDOW_MS;
  const downloaded = new Promise((resolve, reject) => {
    updater.once('update-downloaded', resolve);
    updater.once('error', reject);
  });
  await controller.check();
  await downloaded;
  assert.deepEqual(controller.state(), { state: 'ready', version: '0.2.0' });
  assert.equal(controller.tick(), 'waiting', 'a class is open');
  classOpen = false;
  assert.equal(controller.tick(), 'waiting', 'still within the class hours');
  clock = NINE + 91 * 60_000;
  assert.equal(controller.tick(), 'installing');
  assert.equal(installs.mock.callCount(), 1);
});

test('a release downloaded before is installed at the next start, even within class hours', async (t) => {
  const { hub, updatesUrl } = await feedWithRelease(t);
  const { updater, installs } = updaterFor(t);
  const clock = NINE + 10 * 60_000;
  const controller = createUpdateController({
    updater,
    station: { updatesUrl, hubPublicKey: hub.hubPublicKey, siteCode: 'DEMO', platform: 'linux', version: '0.1.0' },
    classroom: () => ({ classOpen: false, classes: [{ startsAt: NINE, endsAt: NINE + 90 * 60_000 }] }),
    log: createLogger(() => undefined),
    now: () => clock,
  });
  const downloaded = new Promise((resolve, reject) => {
    updater.once('update-downloaded', resolve);
    updater.once('error', reject);
  });
  await controller.check();
  await downloaded;
  assert.equal(controller.tick(), 'installing', 'the station is just starting: nobody uses it yet');
  assert.equal(installs.mock.callCount(), 1);
});

test('a rollout for other sites, an unsigned feed and a yml that differs from the signed release are not installed', async (t) => {
  const base = { siteCode: 'DEMO', platform: 'linux' as const, version: '0.1.0' };
  const staged = await feedWithRelease(t, ['DEMO']);
  // The rollout names DEMO only: another site's station is not offered it.
  const other = updaterFor(t);
  const forOther = createUpdateController({
    updater: other.updater,
    station: { ...base, siteCode: 'QS', updatesUrl: staged.updatesUrl, hubPublicKey: staged.hub.hubPublicKey },
    classroom: () => ({ classOpen: false, classes: [] }),
    log: createLogger(() => undefined),
  });
  staged.hub.admin.createSite({ code: 'QS', name: '青山' });
  await forOther.check();
  assert.deepEqual(forOther.state(), { state: 'idle' });

  // A feed whose signature is not this hub's (a station enrolled elsewhere, a forged document).
  const foreign = await startTestHub(t);
  assert.equal(
    (await checkUpdateFeed({ ...base, updatesUrl: staged.updatesUrl, hubPublicKey: foreign.hubPublicKey })).state,
    'untrusted',
  );

  // The yml is swapped for another installer after signing: downloaded, but refused.
  const feedDir = path.join(tempDir(t), 'feed');
  fs.mkdirSync(feedDir);
  const swapped = Buffer.alloc(64 * 1024, 9);
  const original = await (await fetch(`${staged.updatesUrl}latest-linux.release.json`)).text();
  const yml = (await (await fetch(`${staged.updatesUrl}latest-linux.yml`)).text()).replaceAll(
    /sha512: .*/g,
    `sha512: ${(await import('node:crypto')).createHash('sha512').update(swapped).digest('base64')}`,
  );
  const server = http.createServer((req, res) => {
    const name = new URL(req.url!, 'http://127.0.0.1').pathname.split('/').pop()!;
    const body = name === 'latest-linux.yml' ? yml : name === 'latest-linux.release.json' ? original : swapped;
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const { updater, installs } = updaterFor(t);
  const controller = createUpdateController({
    updater,
    station: {
      ...base,
      updatesUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
      hubPublicKey: staged.hub.hubPublicKey,
    },
    classroom: () => ({ classOpen: false, classes: [] }),
    log: createLogger(() => undefined),
  });
  const downloaded = new Promise((resolve, reject) => {
    updater.once('update-downloaded', resolve);
    updater.once('error', reject);
  });
  await controller.check();
  await downloaded;
  assert.equal(controller.state().state, 'rejected');
  assert.equal(controller.tick(), 'nothing');
  assert.equal(installs.mock.callCount(), 0);
});
