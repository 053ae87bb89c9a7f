// A recorded lesson on the projector: the cached file from where the class left it, playing
// or paused as the class playlist says; its element's signals go to the station, which
// advances the playlist when the lesson ends.
import { useEffect, useRef } from 'react';
import { watchElement } from './element-signals.ts';
import type { PlayerSignal } from './signals.ts';

export function LessonStage({
  url,
  positionS,
  playing,
  send,
}: {
  url: string;
  positionS: number;
  playing: boolean;
  send: (signal: PlayerSignal) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const sendRef = useRef(send);
  sendRef.current = send;

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const stop = watchElement(element, (signal) => sendRef.current(signal));
    const start = () => {
      if (positionS > 0 && positionS < element.duration - 1) element.currentTime = positionS;
    };
    if (element.readyState >= 1) start();
    else element.addEventListener('loadedmetadata', start, { once: true });
    return () => {
      stop();
      element.removeEventListener('loadedmetadata', start);
      // Taken off the projector: what it played ends where it stands.
      if (!element.paused) sendRef.current({ kind: 'pause', mediaS: element.currentTime });
    };
    // The place is where the lesson starts (read once); later places come from this element.
  }, [url]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    if (playing) void element.play().catch(() => undefined);
    else element.pause();
  }, [playing, url]);

  return (
    <div className="stage-frame" data-testid="lesson-stage">
      <video ref={video} src={url} className="stage-video" playsInline preload="auto" data-testid="lesson-video" />
    </div>
  );
}
