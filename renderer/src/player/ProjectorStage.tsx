// What the projector shows, in whichever window plays it (the projector window, or the
// presenter's own view when there is none): the current item of the class on air — a cached
// lesson or a live channel — playing or paused as the organiser said, or a calm slate when
// there is nothing to show. Its player's signals go to the station as this window's, and the
// display is kept awake while it plays.
import { useCallback, useEffect } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { OnAirView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { LessonStage } from './LessonStage.tsx';
import { LiveStage } from './LiveStage.tsx';
import type { PlayerSignal } from './signals.ts';

export function ProjectorStage({
  station,
  view,
  surfaceId,
}: {
  station: LecternApi;
  view: OnAirView;
  surfaceId: string;
}) {
  const { t } = useLocale();
  const { item, sessionId } = view;
  const playing = view.state === 'playing';
  const itemKey = item?.key ?? null;
  const send = useCallback(
    (signal: PlayerSignal) => {
      if (!sessionId || !itemKey) return;
      void station.invoke('projector.signal', { sessionId, itemKey, surfaceId, signal }).catch(() => undefined);
    },
    [station, sessionId, itemKey, surfaceId],
  );

  useEffect(() => {
    if (!playing) return;
    void station.invoke('display.setPlaying', { playing: true }).catch(() => undefined);
    return () => void station.invoke('display.setPlaying', { playing: false }).catch(() => undefined);
  }, [station, playing]);

  const slate = (key: Parameters<typeof t>[0], testId: string) => (
    <div className="stage-frame" data-testid={testId}>
      <div className="stage-slate" role="status">
        <p>{t(key)}</p>
        {view.classTitle && <p className="slate-hint">{view.classTitle}</p>}
      </div>
    </div>
  );

  if (!item) return slate(view.state === 'finished' ? 'stage.finished' : 'stage.idle', 'stage-idle');
  if (item.kind === 'lesson') {
    if (!item.url) return slate('stage.notCached', 'stage-not-cached');
    return <LessonStage key={item.key} url={item.url} positionS={item.positionS} playing={playing} send={send} />;
  }
  if (!item.channel) return slate('stage.noChannel', 'stage-no-channel');
  return <LiveStage key={item.key} station={station} channel={item.channel} playing={playing} send={send} />;
}
