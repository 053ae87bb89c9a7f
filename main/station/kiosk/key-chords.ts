// Which key chords the kiosk swallows. A cadre must not be able to reload, close, zoom or
// open developer tools; a technician opens the admin screen with a chord nobody types by
// accident.
export interface KeyInput {
  type: 'keyDown' | 'keyUp' | string;
  key: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export type KeyDecision = 'pass' | 'block' | 'open-admin';

const BLOCKED_ALONE = new Set([
  'F1',
  'F3',
  'F5',
  'F6',
  'F7',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
]);
// With Ctrl (or Cmd): reload, close, quit, new window/tab, print, save, open, find, view
// source, devtools, zoom, history, address bar, downloads.
const BLOCKED_WITH_CONTROL = new Set([
  'r',
  'w',
  'q',
  'n',
  't',
  'p',
  's',
  'o',
  'f',
  'g',
  'u',
  'i',
  'j',
  'h',
  'l',
  'd',
  '+',
  '-',
  '=',
  '0',
  'tab',
]);

export function decideKeyChord(input: KeyInput): KeyDecision {
  if (input.type !== 'keyDown') return 'pass';
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const control = input.control || input.meta;
  if (control && input.alt && input.shift && key === 't') return 'open-admin';
  if (BLOCKED_ALONE.has(input.key)) return 'block';
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return 'block';
  if (control && BLOCKED_WITH_CONTROL.has(key.toLowerCase())) return 'block';
  return 'pass';
}
