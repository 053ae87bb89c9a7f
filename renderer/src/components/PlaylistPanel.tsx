// The class screen's playlist panel, beside the attendance: what plays now and for how long
// the lecture has played, what is next, and start, pause and next without leaving the
// screen; the list opens to play another item, reorder, remove or add lessons and the live
// channel. The presenter view and the projector window are one press away.
import { useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import { canOpenAudienceWindow, openAudienceWindow } from '../player/audience-window.ts';
import { usePlaylist } from '../player/use-playlist.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { AddToPlaylist } from './AddToPlaylist.tsx';
import { nowAndNext, PlaylistButtons, PlaylistItems } from './PlaylistControls.tsx';

export function PlaylistPanel({
  station,
  call,
  sessionId,
  onPresent,
}: {
  station: LecternApi;
  call: OrganiserCall;
  sessionId: string;
  onPresent: () => void;
}) {
  const { t } = useLocale();
  const { view, message, control, edit } = usePlaylist(station, call, sessionId);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  if (!view) return message ? <p className="notice-error">{message}</p> : null;
  const { current, next } = nowAndNext(view);
  const open = view.sessionStatus !== 'closed';

  return (
    <section className="card playlist-panel" data-testid="playlist-panel" data-state={view.state}>
      <div className="playlist-now">
        <div className="playlist-now-text">
          <p className="playlist-label">
            {t(`playlist.state.${view.state}`)}
            {!view.onAir && view.state === 'paused' && ` · ${t('playlist.offAir')}`}
          </p>
          <p className="playlist-title" data-testid="playlist-now">
            {current ? current.title : t(view.items.length === 0 ? 'playlist.empty' : 'playlist.finished')}
          </p>
          <p className="hint">
            <span data-testid="playlist-played">{t('live.played', { minutes: view.playedMinutes })}</span>
            {' · '}
            <span data-testid="playlist-next-title">
              {next ? t('playlist.nextUp', { title: next.title }) : t('playlist.nothingNext')}
            </span>
          </p>
        </div>
        {open && <PlaylistButtons view={view} control={control} />}
      </div>
      {message && (
        <p className="notice-error" role="alert" data-testid="playlist-message">
          {message}
        </p>
      )}
      <div className="playlist-tools">
        <button type="button" className="small" onClick={onPresent} data-testid="open-presenter">
          {t('playlist.presenter')}
        </button>
        {canOpenAudienceWindow() && (
          <button type="button" className="small" onClick={() => openAudienceWindow()} data-testid="open-audience">
            {t('playlist.openProjector')}
          </button>
        )}
        <button
          type="button"
          className={editing ? 'small primary' : 'small'}
          onClick={() => setEditing(!editing)}
          data-testid="playlist-edit-toggle"
        >
          {t('playlist.list', { count: view.items.length })}
        </button>
      </div>
      {editing && (
        <div className="playlist-editor">
          <PlaylistItems view={view} control={control} edit={open ? edit : undefined} />
          {open && (
            <button
              type="button"
              className="small"
              onClick={() => setAdding(!adding)}
              data-testid="playlist-add-toggle"
            >
              {adding ? t('playlist.addDone') : t('playlist.addMore')}
            </button>
          )}
          {open && adding && <AddToPlaylist call={call} edit={edit} />}
        </div>
      )}
    </section>
  );
}
