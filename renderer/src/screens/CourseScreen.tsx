// One course and its lessons, each with its offline state and what can be done about it.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LessonView, MediaState } from '../../../preload/contract/channels.ts';
import { MEDIA_URL_PREFIX } from '../../../preload/contract/wire-names.ts';
import { MediaStateBadge } from '../components/MediaStateBadge.tsx';
import { useStationCall } from '../hooks/use-station-call.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatLength } from '../player/media-clock.ts';

export function CourseScreen({
  station,
  courseId,
  onBack,
  onPlay,
}: {
  station: LecternApi;
  courseId: string;
  onBack: () => void;
  onPlay: (lesson: LessonView) => void;
}) {
  const { t } = useLocale();
  const detail = useStationCall(station, 'library.course', { courseId });
  // The latest state pushed for each file. It wins over the course detail, which may have been
  // read before the push: a small lesson can finish downloading while the detail reloads, and
  // a stale "downloading" would then stay on screen with nothing left to update it.
  const [pushed, setPushed] = useState<Record<string, MediaState>>({});
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(
    () =>
      station.on('media.stateChanged', ({ sha256, mediaState }) =>
        setPushed((current) => ({ ...current, [sha256]: mediaState })),
      ),
    [station],
  );
  const lessons = (detail.data?.lessons ?? []).map((lesson): LessonView => {
    const latest = lesson.media ? pushed[lesson.media.sha256] : undefined;
    if (!lesson.media || !latest) return lesson;
    return {
      ...lesson,
      mediaState: latest,
      mediaUrl: latest.state === 'ready' ? MEDIA_URL_PREFIX + lesson.media.sha256 : null,
    };
  });

  const act = (action: Promise<unknown>) => {
    setActionError(null);
    action.then(detail.reload).catch((error: Error) => setActionError(error.message));
  };

  if (detail.error)
    return (
      <p className="notice notice-error" role="alert">
        {t('library.error', { message: detail.error.message })}
      </p>
    );
  if (!detail.data) return <p className="notice">{t('home.loading')}</p>;
  const { course } = detail.data;

  return (
    <main className="course">
      <button type="button" className="back" onClick={onBack}>
        ← {t('nav.back')}
      </button>
      <h2 data-testid="course-title">{course.title}</h2>
      <p className="hint">
        {t('library.courseLine', { teacher: course.teacher, lessons: course.lessonCount, hours: course.creditHours })}
      </p>
      <p>{course.summary}</p>
      {actionError && (
        <p className="notice notice-error" role="alert">
          {actionError}
        </p>
      )}
      <ol className="lessons">
        {lessons.map((lesson) => (
          <li key={lesson.id} className="lesson" data-testid="lesson-row">
            <div>
              <strong>{lesson.title}</strong>
              <span className="hint">
                {t('library.lessonLine', { teacher: lesson.teacher, length: formatLength(t, lesson.durationSec) })}
              </span>
            </div>
            <MediaStateBadge state={lesson.mediaState} />
            <div className="actions">
              {lesson.mediaState.state === 'ready' && lesson.mediaUrl ? (
                <button type="button" className="primary" onClick={() => onPlay(lesson)} data-testid="lesson-play">
                  {t('media.play')}
                </button>
              ) : lesson.mediaState.state === 'not-cached' || lesson.mediaState.state === 'failed' ? (
                <button
                  type="button"
                  onClick={() => act(station.invoke('media.download', { lessonId: lesson.id }))}
                  data-testid="lesson-download"
                >
                  {t('media.download')}
                </button>
              ) : null}
              {lesson.media && (
                <button
                  type="button"
                  onClick={() => act(station.invoke('media.pin', { lessonId: lesson.id, pinned: !lesson.pinned }))}
                  data-testid="lesson-pin"
                >
                  {lesson.pinned ? t('media.unpin') : t('media.pin')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </main>
  );
}
