// What the kiosk screen does on its own, in both shells: the technician's key chord opens the
// technician page (the Electron shell catches the chord itself and sends technician.open; in a
// Chromium kiosk the page sees the keys), and a screen left alone returns to the home screen,
// so the next cadre finds the station as they expect it — not the last person's course list,
// nor an organiser's or technician's page. A lecture playing is never interrupted.
export const IDLE_RETURN_MS = 3 * 60_000;

export type KeyChord = { key: string; ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean };

export function isTechnicianChord(event: KeyChord): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && event.shiftKey && event.key.toLowerCase() === 't';
}

/** Whether a screen idle since `lastActivity` goes back home now. */
export function idleReturnDue(screen: string, lastActivity: number, now: number, idleMs = IDLE_RETURN_MS): boolean {
  if (screen === 'home' || screen === 'player') return false;
  return now - lastActivity >= idleMs;
}
