// `npm start` without Electron: the browser shell starts Chromium itself, in kiosk/app mode,
// on a profile of its own in the data folder (no bookmarks, no sync, no restore bubble, no
// translation bar), pointed at the station's fixed address. The station restarting leaves the
// page to reconnect (web-client.ts); the browser closing — a learner found Ctrl+W or Alt+F4 —
// starts it again at once, so the kiosk cannot be left. A browser that keeps dying at start is
// given up after a few tries with a clear log line, rather than spun forever.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../runtime/logger.ts';

const CANDIDATES: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

/** The Chromium to run: LECTERN_CHROMIUM, else the first one installed. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = fs.existsSync,
): string | null {
  if (env.LECTERN_CHROMIUM) return exists(env.LECTERN_CHROMIUM) ? env.LECTERN_CHROMIUM : null;
  return (CANDIDATES[platform] ?? []).find(exists) ?? null;
}

export function kioskProfileDir(dataDir: string): string {
  return path.join(dataDir, 'kiosk-browser');
}

/** Chromium's arguments for the kiosk: the URL in app mode, full screen, a profile of its own. */
export function kioskBrowserArgs(url: string, profileDir: string, extra: string[] = []): string[] {
  return [
    `--user-data-dir=${profileDir}`,
    '--kiosk',
    `--app=${url}`,
    '--no-first-run',
    // The browser's own words and formats (date fields, media controls) in Chinese, whatever the PC's locale.
    '--lang=zh-CN',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-infobars',
    '--disable-features=Translate,TranslateUI,HardwareMediaKeyHandling',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    '--password-store=basic',
    // Under a Wayland kiosk compositor (cage) Chromium draws on Wayland; under X it stays on X.
    '--ozone-platform-hint=auto',
    ...extra,
  ];
}

/** How long to wait before starting the browser again: at once, then slower while it keeps failing fast. */
export function relaunchDelayMs(fastFailuresInRow: number): number | null {
  if (fastFailuresInRow >= 5) return null;
  return fastFailuresInRow === 0 ? 0 : 1000 * 2 ** (fastFailuresInRow - 1);
}

export interface KioskBrowser {
  readonly child: ChildProcess | null;
  stop(): Promise<void>;
}

export function launchKioskBrowser(options: {
  binary: string;
  url: string;
  dataDir: string;
  log: Logger;
  /** Added to the arguments (LECTERN_CHROMIUM_ARGS, e.g. --headless=new in a test). */
  extraArgs?: string[];
}): KioskBrowser {
  const profile = kioskProfileDir(options.dataDir);
  fs.mkdirSync(profile, { recursive: true });
  let child: ChildProcess | null = null;
  let stopping = false;
  let fastFailures = 0;
  let timer: NodeJS.Timeout | null = null;

  const start = () => {
    const startedAt = Date.now();
    const current = spawn(options.binary, kioskBrowserArgs(options.url, profile, options.extraArgs), {
      stdio: 'ignore',
    });
    child = current;
    options.log.info('kiosk.browser_started', { binary: options.binary, pid: current.pid });
    current.once('error', (error) => options.log.error('kiosk.browser_failed', { error: error.message }));
    current.once('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      fastFailures = Date.now() - startedAt < 10_000 ? fastFailures + 1 : 0;
      const delay = relaunchDelayMs(fastFailures);
      options.log.warn('kiosk.browser_exited', { code, signal, relaunchInMs: delay });
      if (delay === null) {
        options.log.error('kiosk.browser_gave_up', { failures: fastFailures });
        return;
      }
      timer = setTimeout(start, delay);
    });
  };
  start();

  return {
    get child() {
      return child;
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
        setTimeout(() => running.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
