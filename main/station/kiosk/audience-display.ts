// Where the projector window (the audience view) goes. Pure: the Electron adapter
// (main/electron/audience-window.ts) reports the displays it sees and carries out the answer.
//
// The station's own window stays on the primary display; the projector window opens
// full-screen on another one — the technician's choice if it is connected, else the first
// external display (a projector or monitor rather than a laptop's panel, the largest first).
// A technician who wires the projector as a mirror chooses "none": then there is no second
// window and the presenter's view shows the lecture itself.
//
// Displays are named by a key that survives unplugging: the monitor's name and size (with
// its place among identical monitors), not the id the OS hands out again at each replug.
// Unplugged, the window closes; plugged back, it opens again on it.
import type { BrowserWindowConstructorOptions } from 'electron';
import { lockedWebPreferences } from './window-policy.ts';

export type DisplayInfo = {
  /** The OS's id for now (changes across replug). */
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  primary: boolean;
  internal: boolean;
};

export type KeyedDisplay = DisplayInfo & { key: string };

/** 'auto', 'none', or a display's key. */
export type AudienceChoice = string;
export const AUTO = 'auto';
export const NONE = 'none';

/** Each display with its stable key, in the order given. */
export function keyDisplays(displays: readonly DisplayInfo[]): KeyedDisplay[] {
  const base = (display: DisplayInfo) =>
    `${display.label.trim() || (display.internal ? 'internal' : 'display')}|${display.bounds.width}x${display.bounds.height}`;
  // Identical monitors are told apart by their place from left to right.
  const byPlace = [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y);
  const seen = new Map<string, number>();
  const keys = new Map<DisplayInfo, string>();
  for (const display of byPlace) {
    const name = base(display);
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    keys.set(display, count === 1 ? name : `${name}#${count}`);
  }
  return displays.map((display) => ({ ...display, key: keys.get(display)! }));
}

/** The display the projector window belongs on, or null: none connected, or the technician said none. */
export function chooseAudienceDisplay(displays: readonly DisplayInfo[], choice: AudienceChoice): KeyedDisplay | null {
  if (choice === NONE) return null;
  const others = keyDisplays(displays).filter((display) => !display.primary);
  const chosen = others.find((display) => display.key === choice);
  if (chosen) return chosen;
  const area = (display: DisplayInfo) => display.bounds.width * display.bounds.height;
  return (
    [...others].sort(
      (a, b) => Number(a.internal) - Number(b.internal) || area(b) - area(a) || a.bounds.x - b.bounds.x,
    )[0] ?? null
  );
}

export type AudienceWindowAction =
  | { type: 'none' }
  | { type: 'open'; display: KeyedDisplay }
  | { type: 'move'; display: KeyedDisplay }
  | { type: 'close' };

/** The window now: the display it was put on (key and bounds), or null when there is none. */
export type AudienceWindowPlace = { key: string; bounds: DisplayInfo['bounds'] } | null;

const sameBounds = (a: DisplayInfo['bounds'], b: DisplayInfo['bounds']) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** What to do with the projector window after the displays or the choice changed. */
export function nextAudienceAction(
  place: AudienceWindowPlace,
  displays: readonly DisplayInfo[],
  choice: AudienceChoice,
): AudienceWindowAction {
  const target = chooseAudienceDisplay(displays, choice);
  if (!target) return place ? { type: 'close' } : { type: 'none' };
  if (!place) return { type: 'open', display: target };
  // Another display, or the same one resized or moved (a resolution change): put it there.
  if (place.key !== target.key || !sameBounds(place.bounds, target.bounds)) return { type: 'move', display: target };
  return { type: 'none' };
}

/** The projector window: frameless, full-screen on its display, never focused away from the presenter. */
export function audienceWindowOptions(display: KeyedDisplay, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...display.bounds,
    frame: false,
    fullscreen: true,
    kiosk: false,
    focusable: false,
    skipTaskbar: true,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    show: false,
    // The projector plays whatever else happens on the presenter's screen.
    webPreferences: lockedWebPreferences(preloadPath, false),
  };
}
