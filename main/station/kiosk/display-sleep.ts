// Keeps the projector awake while a lecture plays and lets it sleep otherwise. Renderers
// report playing/stopped; the Electron adapter starts or stops the OS blocker as told.
export type DisplaySleepAction = 'start-blocker' | 'stop-blocker' | 'none';

export function decideDisplaySleep(playing: boolean, blockerActive: boolean): DisplaySleepAction {
  if (playing && !blockerActive) return 'start-blocker';
  if (!playing && blockerActive) return 'stop-blocker';
  return 'none';
}
