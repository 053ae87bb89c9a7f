// Keeps the display awake while a lecture plays, as display-sleep.ts decides.
import { powerSaveBlocker } from 'electron';
import { decideDisplaySleep } from '../station/kiosk/display-sleep.ts';
import type { PlayingState } from '../station/kiosk/playing-state.ts';

export function wireDisplayPower(playing: PlayingState): () => void {
  let blockerId: number | null = null;
  const update = (isPlaying: boolean) => {
    const action = decideDisplaySleep(isPlaying, blockerId !== null);
    if (action === 'start-blocker') blockerId = powerSaveBlocker.start('prevent-display-sleep');
    if (action === 'stop-blocker' && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
    }
  };
  const unsubscribe = playing.subscribe(update);
  return () => {
    unsubscribe();
    update(false);
  };
}
