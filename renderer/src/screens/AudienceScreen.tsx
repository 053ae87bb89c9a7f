// The projector window (?view=audience): the lecture full-screen and nothing else — the
// video, a discreet title that fades, and a small confirmation when someone taps their card.
// It tells the station it is showing every few seconds; while it holds the projector its
// player's signals are the ones that count, and the presenter's view only shows what plays.
// Cards typed into this window by a keyboard-wedge reader still reach the station.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { TapView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { ProjectorStage } from '../player/ProjectorStage.tsx';
import { useProjector } from '../player/use-projector.ts';
import { useCardReader } from '../reader/use-card-reader.ts';

const PRESENT_EVERY_MS = 2_000;
const TITLE_SHOWN_MS = 8_000;
const TAP_SHOWN_MS = 4_000;
/** Taps worth a word on the projector: someone came or went. */
const SHOWN_TAPS = new Set<TapView['kind']>(['checked_in', 'checked_out', 'already_checked_in', 'unknown_card']);

export function AudienceScreen({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const surfaceId = useMemo(() => crypto.randomUUID(), []);
  const { view, refresh } = useProjector(station);
  const [titleShown, setTitleShown] = useState(true);
  const [tap, setTap] = useState<TapView | null>(null);
  const tapTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // "I am showing": every few seconds while visible; "no longer" when hidden or closed.
  useEffect(() => {
    const present = () =>
      station.invoke('projector.present', { surfaceId, showing: document.visibilityState === 'visible' });
    // The first answer makes this window the projector's: read what it shows now rather than
    // wait for an event the event socket may not have been open for.
    present().then(refresh, () => undefined);
    const timer = setInterval(() => void present().catch(() => undefined), PRESENT_EVERY_MS);
    const leave = () => void station.invoke('projector.present', { surfaceId, showing: false }).catch(() => undefined);
    const onVisibility = () => void present().catch(() => undefined);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [station, surfaceId, refresh]);

  // The title shows for a while whenever another item comes on.
  const itemKey = view?.item?.key ?? null;
  useEffect(() => {
    setTitleShown(true);
    const timer = setTimeout(() => setTitleShown(false), TITLE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [itemKey]);

  const showTap = (next: TapView) => {
    if (!SHOWN_TAPS.has(next.kind)) return;
    setTap(next);
    clearTimeout(tapTimer.current);
    tapTimer.current = setTimeout(() => setTap(null), TAP_SHOWN_MS);
  };
  useEffect(() => station.on('classroom.tapped', showTap), [station]);
  useCardReader(station, showTap, () => undefined);

  const mine = view !== null && view.surface === surfaceId;
  return (
    <main
      className="audience"
      data-testid="audience"
      data-holder={mine ? 'yes' : 'no'}
      // The browser shell cannot open a window full-screen; a touch on the picture makes it so.
      onClick={() => {
        if (!document.fullscreenElement) void document.documentElement.requestFullscreen().catch(() => undefined);
      }}
    >
      {view && mine ? (
        <ProjectorStage station={station} view={view} surfaceId={surfaceId} />
      ) : (
        <div className="stage-frame">
          <div className="stage-slate" role="status">
            <p>{t(view && view.surface !== null ? 'audience.otherWindow' : 'audience.starting')}</p>
          </div>
        </div>
      )}
      {view?.item && titleShown && (
        <p className="audience-title" data-testid="audience-title">
          {view.classTitle} · {view.item.title}
        </p>
      )}
      {tap && (
        <p className={`audience-tap audience-tap-${tap.kind}`} role="status" data-testid="audience-tap">
          {tap.learner?.name ?? tap.masked} · {t(`tap.${tap.kind}`)}
        </p>
      )}
    </main>
  );
}
