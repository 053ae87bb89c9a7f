// The Electron shell: lifecycle and wiring only. The station core is the same one the browser
// shell runs; every kiosk decision comes from main/station/kiosk/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, protocol, session, type BrowserWindow } from 'electron';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { createLogger } from '../runtime/logger.ts';
import { stderrAndFile } from '../runtime/rotating-log.ts';
import { LOGS_DIR } from '../station/diagnostics.ts';
import { startStationCore, type StationCore } from '../app/start-station.ts';
import { contentSecurityPolicy } from '../station/kiosk/content-security-policy.ts';
import {
  APP_SCHEME,
  decideDownload,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
} from '../station/kiosk/window-policy.ts';
import { createAppRequestHandler } from '../app/app-request-handler.ts';
import { createRendererAssetHandler } from '../app/serve-renderer.ts';
import { wireAudienceWindow, type AudienceWindow } from './audience-window.ts';
import { wireDisplayPower } from './display-power.ts';
import { registerIpcTransport } from './ipc-transport.ts';
import { createKioskWindow } from './kiosk-window.ts';
import { startUpdates } from './updater.ts';

// dist/main/electron/main.js → the app's root is three folders up (dist/ sits in it).
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// One JSON line per event to standard error and to <data>/logs/lectern.log (rotated by size).
const log = createLogger(stderrAndFile(path.join(defaultDataDir(), LOGS_DIR)));
// Kiosk off and DevTools on for a developer — never in an installed build, whatever the
// environment of a classroom PC says.
const devMode = process.env.LECTERN_DEV === '1' && !app.isPackaged;
if (process.env.LECTERN_DEV === '1' && app.isPackaged) log.warn('kiosk.dev_mode_refused', {});
// Every renderer, of every window, runs sandboxed.
app.enableSandbox();

// Must happen before 'ready': the app scheme behaves like https (secure, fetch, streaming
// media) so the renderer never needs file://.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
  },
]);

if (!app.requestSingleInstanceLock()) {
  // Another station is already running on this PC; it gets focus (below) and we leave.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let core: StationCore | null = null;
  let stopUpdates = () => {};
  let audience: AudienceWindow | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  // Every web contents — the kiosk window's and any other that appears — gets the same
  // navigation and window-open rules; every session the same permission rules.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    const refuse = (event: { preventDefault(): void }, url: string) => {
      if (decideNavigation(url) === 'allow') return;
      event.preventDefault();
      log.warn('kiosk.navigation_denied', { url: url.slice(0, 200) });
    };
    contents.on('will-navigate', (event) => refuse(event, event.url));
    contents.on('will-redirect', (event) => refuse(event, event.url));
    contents.on('will-frame-navigate', (event) => refuse(event, event.url));
    contents.setWindowOpenHandler(({ url }) => ({ action: decideWindowOpen(url) }));
  });
  app.on('session-created', (created) => {
    created.setPermissionRequestHandler((_contents, permission, callback) => callback(decidePermission(permission)));
    created.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  });

  app
    .whenReady()
    .then(() => {
      // The same folder the browser shell uses, so either shell on one PC is the same station.
      const dataDir = defaultDataDir();
      core = startStationCore({
        dataDir,
        version: app.getVersion(),
        runtime: 'electron',
        log,
        // A new configuration (the first-run wizard): the app starts again and takes it.
        requestRestart: () => {
          app.relaunch();
          app.quit();
        },
      });

      const serveRenderer = createRendererAssetHandler({
        rootDir: path.join(appRoot, 'dist', 'renderer'),
        csp: contentSecurityPolicy(),
      });
      protocol.handle(APP_SCHEME, createAppRequestHandler({ renderer: serveRenderer, media: core.mediaHandler }));

      session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
        callback(decidePermission(permission)),
      );
      session.defaultSession.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
      session.defaultSession.on('will-download', (_event, item) => {
        const decision = decideDownload(item.getURL(), item.getFilename());
        if (decision.action === 'cancel') return item.cancel();
        const exportsDir = path.join(dataDir, 'exports');
        fs.mkdirSync(exportsDir, { recursive: true });
        item.setSavePath(path.join(exportsDir, decision.fileName));
        log.info('kiosk.export_saved', { file: path.join(exportsDir, decision.fileName) });
      });

      const preloadPath = path.join(appRoot, 'dist', 'preload', 'preload.cjs');
      if (!fs.existsSync(preloadPath)) throw new Error(`Preload missing at ${preloadPath}; run npm run build`);
      registerIpcTransport(core, () => [window, audience?.window() ?? null]);
      stopUpdates = startUpdates(core, app.getVersion(), log);
      wireDisplayPower(core.playing);
      window = createKioskWindow({
        preloadPath,
        devMode,
        log,
        onOpenAdmin: () => {
          log.info('kiosk.admin_chord');
          core?.bus.publish('technician.open', {});
        },
        onQuit: () => app.quit(),
      });
      window.on('closed', () => {
        window = null;
        // The projector window does not outlive the station's own.
        audience?.close();
      });
      // The projector window on the external display, opened after the station's own.
      audience = wireAudienceWindow({ displays: core.displays, preloadPath, log });
      core
        .connect()
        .catch((error: unknown) =>
          log.error('hub.connect_failed', { error: error instanceof Error ? error.message : String(error) }),
        );
    })
    .catch((error: unknown) => {
      log.error('station.start_failed', { error: String(error) });
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !core) return;
    stopUpdates();
    audience?.close();
    // Stop downloads and close the databases cleanly before the process goes.
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
