// What a cadre sees right after tapping: a tick and their name large enough for the back of
// the room (or the masked number of a card the station does not know), then their year's
// hours. It shows as soon as the tap's answer arrives; the summary follows.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LearnerSummary, TapView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText } from './error-text.ts';
import { LearnerSummaryCard } from './LearnerSummaryCard.tsx';

export type TapShown = { tap: TapView } | { error: unknown };

const SHOW_MS = 8000;
// Long enough to decide to study; the learner can close it sooner.
const SHOW_IDENTIFIED_MS = 20_000;

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
  const tap = 'tap' in shown ? shown.tap : null;

  useEffect(() => {
    setSummary(null);
    const timer = setTimeout(onClose, tap?.kind === 'identified' ? SHOW_IDENTIFIED_MS : SHOW_MS);
    if (tap?.learner) {
      station.invoke('learner.summary', { tapId: tap.tapId }).then(
        (next) => 'refused' in next || setSummary(next),
        () => undefined,
      );
    }
    return () => clearTimeout(timer);
    // A new tap (new id) restarts the overlay.
  }, [station, tap?.tapId]);

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
  return (
    <div
      className={unknown ? 'overlay overlay-warn' : 'overlay overlay-ok'}
      role="status"
      data-testid="tap-overlay"
      data-kind={tap.kind}
    >
      <div className="overlay-mark" aria-hidden="true">
        {unknown ? '?' : '✓'}
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
      {tap.sessionTitle && <p className="overlay-unit">{t('tap.class', { title: tap.sessionTitle })}</p>}
      {summary && <LearnerSummaryCard summary={summary} />}
      <div className="overlay-actions">
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
