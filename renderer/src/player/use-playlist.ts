// A class's playlist as the organiser sees it, kept current: asked again whenever the
// projector changes (an item ended and the next began), attendance changes (the count of who
// is here), and every few seconds for the minutes played. Its actions answer with the new
// playlist, or a refusal worded for the organiser.
import { useCallback, useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { PlaylistView } from '../../../preload/contract/channels.ts';
import type { PlayerRefusal, PlaylistEdit } from '../../../preload/contract/channels/player.ts';
import { errorText } from '../components/error-text.ts';
import { useLocale } from '../i18n/locale.tsx';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';

const REFRESH_MS = 10_000;

export type PlaylistControl = 'play' | 'pause' | 'next' | 'playItem';

export function usePlaylist(station: LecternApi, call: OrganiserCall, sessionId: string) {
  const { t } = useLocale();
  const [view, setView] = useState<PlaylistView | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const take = useCallback(
    (answer: PlaylistView | { refused: PlayerRefusal }) => {
      if ('refused' in answer) return setMessage(t(`refused.${answer.refused}`));
      setMessage(null);
      setView(answer);
    },
    [t],
  );
  const failed = useCallback((error: unknown) => setMessage(errorText(t, error)), [t]);

  useEffect(() => {
    let alive = true;
    const load = () =>
      call('playlist.view', { sessionId }).then(
        (answer) => alive && take(answer),
        (error: unknown) => alive && failed(error),
      );
    void load();
    const offProjector = station.on('projector.changed', () => void load());
    const offAttendance = station.on('classroom.attendanceChanged', (change) => {
      if (change.sessionId === sessionId) void load();
    });
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      offProjector();
      offAttendance();
      clearInterval(timer);
    };
  }, [station, call, sessionId, take, failed]);

  const control = (action: PlaylistControl, itemKey?: string) =>
    call('playlist.control', { sessionId, action, ...(itemKey ? { itemKey } : {}) }).then(take, failed);
  const edit = (change: PlaylistEdit) => call('playlist.edit', { sessionId, edit: change }).then(take, failed);
  return { view, message, control, edit };
}
