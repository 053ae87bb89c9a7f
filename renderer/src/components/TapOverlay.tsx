// What a cadre sees right after tapping: a tick and their name large enough for the back of
// the room (or the masked number of a card the station does not know), then their year's
// hours against the target, split into classroom and online. It shows as soon as the tap's
// answer arrives; the summary follows. A tap that needs a second tap (an early check-out) or
// that the station turns away (someone else studies here) is shown in amber. "我的学时" lists the year's sessions; the end of a
// self-study session shows what it came to.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LearnerSummary, TapView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText } from './error-text.ts';
import { formatHours } from './format.ts';
import { LearnerSummaryCard } from './LearnerSummaryCard.tsx';
import { MyHours } from './MyHours.tsx';

export type TapShown = { tap: TapView } | { error: unknown };

const SHOW_MS = 8000;
// Long enough to decide to study, or to read one's sessions; the learner can close it sooner.
const SHOW_LONG_MS = 20_000;
/** Kinds shown in amber: nothing was recorded, or the learner must do something. */
const ATTENTION_KINDS = new Set(['unknown_card', 'confirm_check_out', 'station_busy']);

export function TapOverlay({
  station,
  shown,
  onClose,
  onStartSelfStudy,
}: {
  station: LecternApi;
  shown: TapShown;
  onClose: () => void;
  onStartSelfStudy: (tapId: string) => void;
}) {
  const { t } = useLocale();
  const [summary, setSummary] = useState<LearnerSummary | null>(null);
  const [myHours, setMyHours] = useState(false);
  const tap = 'tap' in shown ? shown.tap : null;

  useEffect(() => {
    setSummary(null);
    const long = tap?.kind === 'identified' || myHours;
    const timer = setTimeout(onClose, long ? SHOW_LONG_MS : SHOW_MS);
    if (tap?.learner) {
      station.invoke('learner.summary', { tapId: tap.tapId }).then(
        (next) => 'refused' in next || setSummary(next),
        () => undefined,
      );
    }
    return () => clearTimeout(timer);
    // A new tap (new id) restarts the overlay; opening 我的学时 gives time to read it.
  }, [station, tap?.tapId, myHours]);

  if (!tap) {
    return (
      <div className="overlay overlay-fail" role="alert" data-testid="tap-overlay" onClick={onClose}>
        <div className="overlay-mark">✕</div>
        <p className="overlay-text">
          {t('tap.failed', { message: errorText(t, 'error' in shown ? shown.error : null) })}
        </p>
      </div>
    );
  }
  const unknown = tap.kind === 'unknown_card';
  const amber = ATTENTION_KINDS.has(tap.kind);
  return (
    <div
      className={amber ? 'overlay overlay-warn' : 'overlay overlay-ok'}
      role="status"
      data-testid="tap-overlay"
      data-kind={tap.kind}
    >
      <div className="overlay-mark" aria-hidden="true">
        {unknown ? '?' : amber ? '!' : '✓'}
      </div>
      <p className="overlay-kind">{t(`tap.${tap.kind}`)}</p>
      {tap.learner && (
        <>
          <p className="overlay-name" data-testid="tap-name">
            {tap.learner.name}
          </p>
          <p className="overlay-unit">{tap.learner.unit}</p>
        </>
      )}
      {unknown && (
        <p className="overlay-text" data-testid="tap-masked">
          {t('tap.unknownHint', { masked: tap.masked ?? '' })}
        </p>
      )}
      {tap.sessionTitle && tap.kind !== 'station_busy' && (
        <p className="overlay-unit">{t('tap.class', { title: tap.sessionTitle })}</p>
      )}
      {tap.selfStudy && (
        <p className="overlay-text" data-testid="study-summary">
          {t('tap.studySummary', {
            present: tap.selfStudy.presentMinutes,
            credited: tap.selfStudy.creditedMinutes,
            hours: formatHours(tap.selfStudy.hours),
          })}
        </p>
      )}
      {myHours ? <MyHours station={station} tapId={tap.tapId} /> : summary && <LearnerSummaryCard summary={summary} />}
      <div className="overlay-actions">
        {tap.learner && !myHours && (
          <button type="button" className="big" onClick={() => setMyHours(true)} data-testid="my-hours-open">
            {t('tap.myHours')}
          </button>
        )}
        {tap.kind === 'identified' && (
          <button
            type="button"
            className="big primary"
            onClick={() => onStartSelfStudy(tap.tapId)}
            data-testid="start-self-study"
          >
            {t('tap.startSelfStudy')}
          </button>
        )}
        <button type="button" className="big" onClick={onClose}>
          {t('tap.close')}
        </button>
      </div>
    </div>
  );
}
