// The projector window in the Electron shell: the displays Electron sees go to the pure
// planner (station/kiosk/audience-display.ts), and its answer — open, move, close — is
// carried out here. Asked again whenever a display is plugged, unplugged or changes, and when
// the technician chooses another display; what the window is on is reported to the station
// so the technician's card shows it.
import { BrowserWindow, screen, type Display } from 'electron';
import type { Logger } from '../runtime/logger.ts';
import type { AudienceDisplays } from '../station/audience-displays.ts';
import {
  audienceWindowOptions,
  nextAudienceAction,
  type AudienceWindowPlace,
  type DisplayInfo,
} from '../station/kiosk/audience-display.ts';
import { APP_URL } from '../station/kiosk/window-policy.ts';

const AUDIENCE_URL = `${APP_URL}?view=audience`;

export interface AudienceWindow {
  /** The window now, for the events it must receive too; null when there is none. */
  window(): BrowserWindow | null;
  close(): void;
}

export function wireAudienceWindow(deps: {
  displays: AudienceDisplays;
  preloadPath: string;
  log: Logger;
}): AudienceWindow {
  let window: BrowserWindow | null = null;
  let place: AudienceWindowPlace = null;
  let choice = deps.displays.choice();

  const seen = (): DisplayInfo[] => {
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((display: Display) => ({
      id: display.id,
      label: display.label,
      bounds: display.bounds,
      primary: display.id === primary,
      internal: display.internal,
    }));
  };

  const update = () => {
    const displays = seen();
    const action = nextAudienceAction(place, displays, choice);
    if (action.type === 'open') {
      const opened = new BrowserWindow(audienceWindowOptions(action.display, deps.preloadPath));
      opened.once('ready-to-show', () => opened.showInactive());
      opened.on('closed', () => {
        if (window !== opened) return;
        window = null;
        place = null;
        deps.displays.report(seen(), null);
      });
      void opened.loadURL(AUDIENCE_URL);
      window = opened;
      place = { key: action.display.key, bounds: action.display.bounds };
      deps.log.info('display.audience_opened', { display: action.display.key });
    } else if (action.type === 'move' && window) {
      window.setFullScreen(false);
      window.setBounds(action.display.bounds);
      window.setFullScreen(true);
      place = { key: action.display.key, bounds: action.display.bounds };
      deps.log.info('display.audience_moved', { display: action.display.key });
    } else if (action.type === 'close') {
      const closing = window;
      window = null;
      place = null;
      closing?.destroy();
      deps.log.info('display.audience_closed', {});
    }
    deps.displays.report(displays, place?.key ?? null);
  };

  screen.on('display-added', update);
  screen.on('display-removed', update);
  screen.on('display-metrics-changed', update);
  // Reports come back through the same subscription: only a new choice asks again.
  const unsubscribe = deps.displays.subscribe((view) => {
    if (view.choice === choice) return;
    choice = view.choice;
    update();
  });
  update();

  return {
    window: () => window,
    close() {
      unsubscribe();
      screen.off('display-added', update);
      screen.off('display-removed', update);
      screen.off('display-metrics-changed', update);
      const closing = window;
      window = null;
      closing?.destroy();
    },
  };
}
