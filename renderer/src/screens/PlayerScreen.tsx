// Plays a cached lesson on the projector with the native video element. While it plays the
// station keeps the display awake.
import { useEffect, useRef } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LessonView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

export function PlayerScreen({ station, lesson, onBack }: { station: LecternApi; lesson: LessonView; onBack: () => void }) {
  const { t } = useLocale();
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const report = (playing: boolean) => () => void station.invoke('display.setPlaying', { playing }).catch(() => undefined);
    const onPlay = report(true);
    const onStop = report(false);
    element.addEventListener('playing', onPlay);
    element.addEventListener('pause', onStop);
    element.addEventListener('ended', onStop);
    return () => {
      element.removeEventListener('playing', onPlay);
      element.removeEventListener('pause', onStop);
      element.removeEventListener('ended', onStop);
      onStop();
    };
  }, [station]);

  return (
    <main className="player">
      <button type="button" className="back" onClick={onBack}>
        ← {t('nav.back')}
      </button>
      <h2>{lesson.title}</h2>
      {lesson.mediaUrl && <video ref={video} src={lesson.mediaUrl} controls autoPlay className="video" data-testid="player-video" />}
    </main>
  );
}
