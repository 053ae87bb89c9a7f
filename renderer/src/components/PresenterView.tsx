// The presenter view on the station's own monitor: large controls, what plays and what is
// next, who is here and how long the lecture has played, the playlist, and the stage — the
// lecture itself when no projector window shows it (one screen, or a mirrored projector),
// else a note that the projector shows it. It fits 1366×768 and 1920×1080 without scrolling.
import { useMemo } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import { canOpenAudienceWindow, openAudienceWindow } from '../player/audience-window.ts';
import { ProjectorStage } from '../player/ProjectorStage.tsx';
import { useProjector } from '../player/use-projector.ts';
import { usePlaylist } from '../player/use-playlist.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { nowAndNext, PlaylistButtons, PlaylistItems } from './PlaylistControls.tsx';

export function PresenterView({
  station,
  call,
  sessionId,
  onBack,
}: {
  station: LecternApi;
  call: OrganiserCall;
  sessionId: string;
  onBack: () => void;
}) {
  const { t } = useLocale();
  const surfaceId = useMemo(() => crypto.randomUUID(), []);
  const { view, message, control } = usePlaylist(station, call, sessionId);
  const projector = useProjector(station).view;
  if (!view) return <p className="notice">{message ?? t('home.loading')}</p>;
  const { current, next } = nowAndNext(view);
  const onProjector = projector !== null && projector.surface !== null;

  return (
    <main className="presenter" data-testid="presenter">
      <header className="presenter-head">
        <button type="button" className="back" onClick={onBack} data-testid="presenter-back">
          ← {t('presenter.back')}
        </button>
        <h2>{view.title}</h2>
        <p className="presenter-figures">
          <span data-testid="presenter-present">{t('attendance.live', { present: view.present })}</span>
          <span data-testid="presenter-played">{t('live.played', { minutes: view.playedMinutes })}</span>
        </p>
      </header>
      <section className="presenter-stage" data-testid="presenter-stage">
        {onProjector ? (
          <div className="stage-frame">
            <div className="stage-slate stage-on-projector" role="status" data-testid="presenter-on-projector">
              <p>{t('presenter.onProjector')}</p>
              {projector.item && <p className="slate-hint">{projector.item.title}</p>}
            </div>
          </div>
        ) : projector ? (
          <ProjectorStage station={station} view={projector} surfaceId={surfaceId} />
        ) : null}
      </section>
      <section className="presenter-controls">
        <div className="presenter-now">
          <p className="playlist-label">{t(`playlist.state.${view.state}`)}</p>
          <p className="presenter-title" data-testid="presenter-now">
            {current ? current.title : t(view.items.length === 0 ? 'playlist.empty' : 'playlist.finished')}
          </p>
          <p className="hint" data-testid="presenter-next">
            {next ? t('playlist.nextUp', { title: next.title }) : t('playlist.nothingNext')}
          </p>
        </div>
        {view.sessionStatus !== 'closed' && <PlaylistButtons view={view} control={control} big />}
        {!onProjector && canOpenAudienceWindow() && (
          <button
            type="button"
            className="control"
            onClick={() => openAudienceWindow()}
            data-testid="presenter-open-audience"
          >
            {t('playlist.openProjector')}
          </button>
        )}
      </section>
      {message && (
        <p className="notice-error presenter-message" role="alert">
          {message}
        </p>
      )}
      <aside className="presenter-list">
        <h3>{t('presenter.playlist')}</h3>
        <PlaylistItems view={view} control={control} />
      </aside>
    </main>
  );
}
