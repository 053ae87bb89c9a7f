// Creates the kiosk window and wires its events to the pure kiosk policy. Nothing is decided
// here: every answer comes from main/station/kiosk/.
import { BrowserWindow } from 'electron';
import type { Logger } from '../runtime/logger.ts';
import { decideKeyChord } from '../station/kiosk/key-chords.ts';
import {
  INITIAL_RECOVERY,
  nextRecovery,
  type RecoveryAction,
  type RecoveryEvent,
} from '../station/kiosk/crash-recovery.ts';
import { APP_URL, kioskWindowOptions } from '../station/kiosk/window-policy.ts';

export interface KioskWindowDeps {
  preloadPath: string;
  devMode: boolean;
  log: Logger;
  onOpenAdmin: () => void;
  onQuit: () => void;
}

export function createKioskWindow(deps: KioskWindowDeps): BrowserWindow {
  const window = new BrowserWindow(kioskWindowOptions({ preloadPath: deps.preloadPath, devMode: deps.devMode }));
  const contents = window.webContents;
  let recovery = INITIAL_RECOVERY;
  let pending: NodeJS.Timeout | null = null;

  const apply = (event: RecoveryEvent) => {
    const result = nextRecovery(recovery, event);
    recovery = result.state;
    carryOut(result.action);
  };

  const carryOut = (action: RecoveryAction) => {
    if (action.type === 'none') return;
    if (action.type === 'quit') return deps.onQuit();
    if (pending) clearTimeout(pending);
    if (action.type === 'check-again') {
      pending = setTimeout(() => apply({ type: 'grace-expired', at: Date.now() }), action.delayMs);
      return;
    }
    deps.log.warn('kiosk.renderer_reload', {
      delayMs: action.delayMs,
      faultScreen: action.showFaultScreen,
      failures: recovery.failuresInRow,
    });
    pending = setTimeout(() => {
      if (window.isDestroyed()) return;
      const target = action.showFaultScreen ? `${APP_URL}#fault` : APP_URL;
      if (contents.isCrashed()) contents.reload();
      void window.loadURL(target);
    }, action.delayMs);
  };

  // Navigation and window-open rules are main.ts's, for every web contents (web-contents-created).
  contents.on('before-input-event', (event, input) => {
    const decision = decideKeyChord(input);
    if (decision === 'pass') return;
    event.preventDefault();
    if (decision === 'open-admin') deps.onOpenAdmin();
  });
  contents.on('did-finish-load', () => apply({ type: 'loaded', at: Date.now() }));
  contents.on('render-process-gone', (_event, details) => {
    deps.log.error('kiosk.renderer_gone', { reason: details.reason, exitCode: details.exitCode });
    apply({ type: 'gone', at: Date.now(), reason: details.reason });
  });
  window.on('unresponsive', () => apply({ type: 'unresponsive', at: Date.now() }));
  window.on('responsive', () => apply({ type: 'responsive', at: Date.now() }));
  window.once('ready-to-show', () => window.show());

  void window.loadURL(APP_URL);
  return window;
}
