// Whether a lecture is playing right now, as the renderer reports it. The Electron adapter
// listens and keeps the display awake (display-sleep.ts decides).
export interface PlayingState {
  set(playing: boolean): void;
  get(): boolean;
  subscribe(listener: (playing: boolean) => void): () => void;
}

export function createPlayingState(): PlayingState {
  let playing = false;
  const listeners = new Set<(playing: boolean) => void>();
  return {
    set(next) {
      if (next === playing) return;
      playing = next;
      for (const listener of listeners) listener(playing);
    },
    get: () => playing,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
