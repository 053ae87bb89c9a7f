// Plays a cached lesson from the library with the native video element, sized so its controls
// stay on screen at 1366×768. While it plays the station keeps the display awake, and the
// element's signals go to the station, which turns them into learning time for the learner
// studying alone or the open class (it stamps them with its own clock on arrival). A learner
// studying alone resumes where they left the lesson last time.
import { useEffect, useRef, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LessonView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { watchElement } from '../player/element-signals.ts';
import { mediaClock } from '../player/media-clock.ts';

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
  const [resumedAt, setResumedAt] = useState<number | null>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const report = (playing: boolean) => () =>
      void station.invoke('display.setPlaying', { playing }).catch(() => undefined);
    const onPlaying = report(true);
    const onStop = report(false);
    const stopWatching = watchElement(
      element,
      (signal) => void station.invoke('player.signal', { lessonId: lesson.id, signal }).catch(() => undefined),
    );
    element.addEventListener('playing', onPlaying);
    element.addEventListener('pause', onStop);
    element.addEventListener('ended', onStop);
    // Where this learner left the lesson: the element starts there once it knows its length.
    let alive = true;
    station.invoke('player.resumeAt', { lessonId: lesson.id }).then(
      ({ positionS }) => {
        if (!alive || positionS === null) return;
        const seek = () => {
          if (positionS < element.duration - 1) {
            element.currentTime = positionS;
            setResumedAt(positionS);
          }
        };
        if (element.readyState >= 1) seek();
        else element.addEventListener('loadedmetadata', seek, { once: true });
      },
      () => undefined,
    );
    return () => {
      alive = false;
      stopWatching();
      element.removeEventListener('playing', onPlaying);
      element.removeEventListener('pause', onStop);
      element.removeEventListener('ended', onStop);
      // Leaving the player ends the run where it stands.
      void station
        .invoke('player.signal', { lessonId: lesson.id, signal: { kind: 'pause', mediaS: element.currentTime } })
        .catch(() => undefined);
      onStop();
    };
  }, [station, lesson.id]);

  return (
    <main className="player">
      <div className="player-head">
        <button type="button" className="back" onClick={onBack}>
          ← {t('nav.back')}
        </button>
        <h2>{lesson.title}</h2>
        {resumedAt !== null && (
          <p className="hint" data-testid="player-resumed">
            {t('player.resumed', { at: mediaClock(resumedAt) })}
          </p>
        )}
      </div>
      {lesson.mediaUrl && (
        <video ref={video} src={lesson.mediaUrl} controls autoPlay className="video" data-testid="player-video" />
      )}
    </main>
  );
}
