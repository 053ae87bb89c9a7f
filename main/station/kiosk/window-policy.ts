// Kiosk decisions about what the window may do. Pure functions: the Electron adapter in
// main/electron/ only forwards events here and carries out the answer.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const APP_SCHEME = 'lectern';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/`;

// Built from protocol and host because WHATWG URL reports origin "null" for custom schemes
// outside a browser that registered them as standard.
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Only pages of the app itself; anything else (links, injected redirects) is refused. */
export function decideNavigation(url: string): 'allow' | 'deny' {
  return originOf(url) === APP_ORIGIN ? 'allow' : 'deny';
}

/** A kiosk never opens a second window or hands a URL to the OS browser. */
export function decideWindowOpen(_url: string): 'deny' {
  return 'deny';
}

/** Camera, microphone, notifications, geolocation, …: none is needed, all are refused. */
export function decidePermission(_permission: string): boolean {
  return false;
}

export type DownloadDecision = { action: 'cancel' } | { action: 'save-to-exports'; fileName: string };

/**
 * Nothing from outside is saved through the browser (media arrives through the station's own
 * store). What the app itself hands over — an attendance report it built as a blob — is saved
 * without a dialog into the data folder's exports/, under a name that cannot leave it.
 */
export function decideDownload(url: string, suggestedName: string): DownloadDecision {
  if (!url.startsWith('blob:') || originOf(url.slice('blob:'.length)) !== APP_ORIGIN) return { action: 'cancel' };
  return { action: 'save-to-exports', fileName: safeFileName(suggestedName) };
}

/** A file name without folders, control characters or characters Windows refuses. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters are exactly what this removes.
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 120)
    .trim();
  return cleaned.length > 0 ? cleaned : 'export';
}

/** IPC is answered only for frames showing the app, never for a frame that navigated away. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  return originOf(frameUrl) === APP_ORIGIN;
}

export interface KioskWindowOptions {
  preloadPath: string;
  /** A technician's development run: windowed, devtools allowed. */
  devMode: boolean;
}

export function kioskWindowOptions({ preloadPath, devMode }: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
    kiosk: !devMode,
    fullscreen: !devMode,
    width: 1280,
    height: 800,
    autoHideMenuBar: true,
    backgroundColor: '#f4f1ea',
    show: false,
    // A lecture keeps playing when another window (an OS dialog) covers the kiosk.
    webPreferences: lockedWebPreferences(preloadPath, devMode),
  };
}

/**
 * Every window's renderer: isolated, sandboxed, no Node, no webviews, DevTools only for a
 * developer; never throttled in the background, so a lecture plays on whatever covers it.
 */
export function lockedWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools,
    backgroundThrottling: false,
  };
}
