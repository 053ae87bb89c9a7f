// What can be added to a class's playlist: the live channels (a live lecture goes before
// what has not played yet) and the lessons cached at this station, by course.
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../preload/contract/channels.ts';
import type { PlaylistEdit } from '../../../preload/contract/channels/player.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatLength } from '../player/media-clock.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { errorText } from './error-text.ts';

type Choices = Exclude<ChannelOutput<'playlist.choices'>, { refused: unknown }>;

export function AddToPlaylist({ call, edit }: { call: OrganiserCall; edit: (change: PlaylistEdit) => void }) {
  const { t } = useLocale();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    call('playlist.choices', {}).then(
      (answer) => alive && ('refused' in answer ? setMessage(t(`refused.${answer.refused}`)) : setChoices(answer)),
      (error: unknown) => alive && setMessage(errorText(t, error)),
    );
    return () => {
      alive = false;
    };
  }, [call]);

  if (message) return <p className="notice-error">{message}</p>;
  if (!choices) return <p className="hint">{t('home.loading')}</p>;
  return (
    <div className="playlist-add" data-testid="playlist-add">
      {choices.channels.length > 0 && (
        <ul className="choice-list">
          {choices.channels.map((channel) => (
            <li key={channel.id}>
              <span>
                <span className="badge-live">{t('playlist.live')}</span>
                {channel.name}
              </span>
              <button
                type="button"
                className="small primary"
                onClick={() => edit({ action: 'addLive', channelId: channel.id })}
                data-testid={`add-live-${channel.id}`}
              >
                {t('playlist.addLive')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {choices.lessons.length === 0 ? (
        <p className="hint">{t('playlist.noCachedLessons')}</p>
      ) : (
        <ul className="choice-list">
          {choices.lessons.map((lesson) => (
            <li key={lesson.id}>
              <span>
                {lesson.title}
                <span className="hint">
                  {' '}
                  · {lesson.courseTitle} · {formatLength(t, lesson.durationSec)}
                </span>
              </span>
              <button
                type="button"
                className="small"
                onClick={() => edit({ action: 'addLesson', lessonId: lesson.id })}
                data-testid={`add-lesson-${lesson.id}`}
              >
                {t('playlist.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
