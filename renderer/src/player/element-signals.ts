// What a recorded lesson's video element does, as the station's player signals: play, pause,
// seeks, a stall (the element ran out of data while playing) and its end, the rate, media
// progress about once a second, and whether the page is seen at all. Start-up and seek
// buffering are not stalls: the element waits then because it was asked to go somewhere.
import type { PlayerSignal } from './signals.ts';

const TIMEUPDATE_EVERY_MS = 1000;

export function watchElement(element: HTMLVideoElement, send: (signal: PlayerSignal) => void): () => void {
  let moving = false; // a picture moved since the last start or seek
  let stalled = false;
  let lastUpdate = 0;
  const at = () => element.currentTime;
  const handlers: Record<string, () => void> = {
    play: () => send({ kind: 'play', mediaS: at() }),
    pause: () => {
      moving = false;
      // At the end the element pauses, then ends: the log says it ended, not that someone paused.
      if (!element.ended) send({ kind: 'pause', mediaS: at() });
    },
    seeking: () => {
      moving = false;
      send({ kind: 'seeking', mediaS: at() });
    },
    seeked: () => send({ kind: 'seeked', mediaS: at() }),
    playing: () => {
      moving = true;
      if (!stalled) return;
      stalled = false;
      send({ kind: 'resumed', mediaS: at() });
    },
    waiting: () => {
      if (!moving || stalled) return;
      stalled = true;
      send({ kind: 'stalled', mediaS: at(), reason: 'buffering' });
    },
    ended: () => send({ kind: 'ended', mediaS: at() }),
    ratechange: () => send({ kind: 'ratechange', mediaS: at(), rate: element.playbackRate }),
    timeupdate: () => {
      if (performance.now() - lastUpdate < TIMEUPDATE_EVERY_MS) return;
      lastUpdate = performance.now();
      send({ kind: 'timeupdate', mediaS: at() });
    },
  };
  for (const [event, handler] of Object.entries(handlers)) element.addEventListener(event, handler);
  // Another window over the projector: nobody is watching.
  const onVisibility = () => send({ kind: document.hidden ? 'hidden' : 'visible', mediaS: at() });
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    for (const [event, handler] of Object.entries(handlers)) element.removeEventListener(event, handler);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
