// npm run web [-- --port N --data DIR --kiosk]: the station core and renderer on 127.0.0.1 —
// for tests, development, and a Chromium kiosk where Electron cannot run. The port is the
// configuration's kioskPort (18640 by default) and the token is kept in the data folder
// (launch-secret.ts), so a kiosk browser's page finds the station again after a restart.
// --kiosk starts that browser too (kiosk-browser.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, parseCommandLine, runCli, usageError } from '../../common/node/cli.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { createLogger } from '../runtime/logger.ts';
import { stderrAndFile } from '../runtime/rotating-log.ts';
import { LOGS_DIR } from '../station/diagnostics.ts';
import { startStationCore } from '../app/start-station.ts';
import { DEFAULT_KIOSK_PORT, readStationConfig } from '../station/station-config.ts';
import { loadOrCreateLaunchSecret } from './launch-secret.ts';
import { findChromium, launchKioskBrowser, type KioskBrowser } from './kiosk-browser.ts';
import { startWebShell } from './web-shell-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `用法 / Usage: npm run web -- [--port N] [--data DIR] [--kiosk] [--renderer DIR]

  浏览器模式的站点机，监听 127.0.0.1；端口取自配置的 kioskPort（默认 ${DEFAULT_KIOSK_PORT}），--port 0 为任一空闲端口。
  --kiosk 同时以全屏应用模式启动 Chromium（独立配置目录，关闭后自动重开）。
  The browser-shell station on 127.0.0.1; the port is the configuration's kioskPort (default
  ${DEFAULT_KIOSK_PORT}), --port 0 any free port. --kiosk also starts Chromium full screen in app mode
  on a profile of its own, started again whenever it closes. LECTERN_CHROMIUM names the browser.`;

await runCli('lectern web', USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    port: { type: 'string' },
    data: { type: 'string' },
    kiosk: { type: 'boolean', default: false },
    renderer: { type: 'string', default: path.join(repoRoot, 'dist', 'renderer') },
  });
  if (positionals.length > 0) throw usageError(`多余的参数 ${positionals[0]}`, `unexpected argument ${positionals[0]}`);
  if (!fs.existsSync(path.join(values.renderer, 'index.html')))
    throw new CliError(
      `${values.renderer} 中没有构建好的界面，请先运行 npm run build:renderer`,
      `no built renderer in ${values.renderer}; run: npm run build:renderer`,
    );
  const dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
  let configuredPort: number;
  try {
    configuredPort = readStationConfig(dataDir)?.kioskPort ?? DEFAULT_KIOSK_PORT;
  } catch (error) {
    throw new CliError('本机配置文件有误', (error as Error).message);
  }
  const port = values.port === undefined ? configuredPort : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535)
    throw usageError('--port 须为 0–65535', `--port must be a number from 0 to 65535, got "${values.port}"`);
  const browser = values.kiosk ? findChromium() : null;
  if (values.kiosk && !browser)
    throw new CliError(
      '找不到 Chromium：请安装 chromium，或用 LECTERN_CHROMIUM 指定浏览器',
      'no Chromium found: install chromium, or name the browser with LECTERN_CHROMIUM',
    );

  let token: string;
  try {
    token = loadOrCreateLaunchSecret(dataDir).token;
  } catch (error) {
    throw new CliError(
      `无法写入数据目录 ${dataDir}`,
      `cannot write the data folder ${dataDir}: ${(error as Error).message}`,
    );
  }
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  const log = createLogger(stderrAndFile(path.join(dataDir, LOGS_DIR)));
  let stopping = false;

  // One run of the station: its core and the shell serving it. A new configuration (the
  // first-run wizard) starts a new run on the same port with the same token; the kiosk
  // browser stays, and its page reloads when the station answers again.
  type Run = { core: ReturnType<typeof startStationCore>; shell: Awaited<ReturnType<typeof startWebShell>> };
  let run: Run;
  const startRun = async (): Promise<Run> => {
    const core = startStationCore({
      dataDir,
      version,
      runtime: 'web',
      log,
      requestRestart: () =>
        void restart().catch((error: unknown) => {
          // Whatever keeps the station running (systemd, the Windows shell launcher) starts it again.
          log.error('station.restart_failed', { error: error instanceof Error ? error.message : String(error) });
          process.exit(1);
        }),
    });
    const shell = await startWebShell({
      core,
      rendererDir: values.renderer,
      mediaHandler: core.mediaHandler,
      port: run?.shell.port ?? port,
      token,
      log,
    }).catch(async (error: unknown) => {
      await core.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'EADDRINUSE' ? `端口 ${port} 已被占用（是否已有一个站点机在运行？）` : `无法监听 127.0.0.1:${port}`,
        `cannot listen on 127.0.0.1:${port}: ${String(error)}`,
      );
    });
    // The hub (configured, or the embedded demo) is reached after the screen is up: a station
    // with no network still starts at once and works from its cache.
    core
      .connect()
      .catch((error: unknown) =>
        log.error('hub.connect_failed', { error: error instanceof Error ? error.message : String(error) }),
      );
    return { core, shell };
  };
  let restarting = false;
  const restart = async () => {
    if (restarting || stopping) return;
    restarting = true;
    log.info('station.restarting', {});
    await run.shell.close();
    await run.core.close();
    run = await startRun();
    restarting = false;
  };
  run = await startRun();
  const shell = run.shell;

  let kiosk: KioskBrowser | null = null;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (kiosk?.stop() ?? Promise.resolve())
      .then(() => run.shell.close())
      .then(() => run.core.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // Announced only once a stop signal closes the databases cleanly: whoever reads the URL
  // may stop the station at once.
  console.log(`Lectern station (browser shell) at ${shell.launchUrl}`);
  console.log(`Data folder: ${dataDir}. Ctrl+C stops.`);
  if (browser) {
    const extraArgs = process.env.LECTERN_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [];
    kiosk = launchKioskBrowser({ binary: browser, url: shell.launchUrl, dataDir, log, extraArgs });
  } else console.log(`Open the URL above in Chromium (kiosk: npm start, or npm run web -- --kiosk).`);
});
