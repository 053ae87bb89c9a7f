// Plays a cached lesson on the projector with the native video element. While it plays the
// station keeps the display awake, and the element's signals go to the station, which turns
// them into learning time for the open class or the learner studying alone (it stamps them
// with its own clock on arrival).
import { useEffect, useRef } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ChannelInput, LessonView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

type Signal = ChannelInput<'player.signal'>['signal'];

// The station needs media progress, not the element's four timeupdates a second.
const TIMEUPDATE_EVERY_MS = 1000;

const ELEMENT_SIGNALS = {
  play: 'play',
  pause: 'pause',
  seeking: 'seeking',
  seeked: 'seeked',
  waiting: 'stalled',
  ended: 'ended',
} as const;

export function PlayerScreen({
  station,
  lesson,
  onBack,
}: {
  station: LecternApi;
  lesson: LessonView;
  onBack: () => void;
}) {
  const { t } = useLocale();
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const report = (playing: boolean) => () =>
      void station.invoke('display.setPlaying', { playing }).catch(() => undefined);
    const onPlay = report(true);
    const onStop = report(false);
    const send = (signal: Signal) =>
      void station.invoke('player.signal', { lessonId: lesson.id, signal }).catch(() => undefined);
    const listeners: [string, () => void][] = Object.entries(ELEMENT_SIGNALS).map(([event, kind]) => [
      event,
      () => send({ kind, mediaS: element.currentTime }),
    ]);
    let lastUpdate = 0;
    listeners.push([
      'timeupdate',
      () => {
        if (performance.now() - lastUpdate < TIMEUPDATE_EVERY_MS) return;
        lastUpdate = performance.now();
        send({ kind: 'timeupdate', mediaS: element.currentTime });
      },
    ]);
    listeners.push([
      'ratechange',
      () => send({ kind: 'ratechange', mediaS: element.currentTime, rate: element.playbackRate }),
    ]);
    listeners.push(['playing', onPlay], ['pause', onStop], ['ended', onStop]);
    for (const [event, listener] of listeners) element.addEventListener(event, listener);
    // Another window over the projector: nobody is watching.
    const onVisibility = () => send({ kind: document.hidden ? 'hidden' : 'visible', mediaS: element.currentTime });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      for (const [event, listener] of listeners) element.removeEventListener(event, listener);
      document.removeEventListener('visibilitychange', onVisibility);
      // Leaving the player ends the run where it stands.
      send({ kind: 'pause', mediaS: element.currentTime });
      onStop();
    };
  }, [station, lesson.id]);

  return (
    <main className="player">
      <button type="button" className="back" onClick={onBack}>
        ← {t('nav.back')}
      </button>
      <h2>{lesson.title}</h2>
      {lesson.mediaUrl && (
        <video ref={video} src={lesson.mediaUrl} controls autoPlay className="video" data-testid="player-video" />
      )}
    </main>
  );
}
