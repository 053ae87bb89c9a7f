// The learner's own year after a tap: hours counted against the target of their level
// (50 or 80), as a bar big enough to read from a few metres.
import type { LearnerSummary } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatHours } from './format.ts';

export function LearnerSummaryCard({ summary }: { summary: LearnerSummary }) {
  const { t } = useLocale();
  return (
    <section className="summary" data-testid="learner-summary">
      <h3>
        {t('summary.heading', { year: summary.year })} · {t(`summary.level.${summary.level}`)}
      </h3>
      <p className="summary-hours" data-testid="summary-hours">
        {t('summary.hours', { counted: formatHours(summary.countedHours), target: formatHours(summary.target) })}
      </p>
      <progress
        className="summary-bar"
        max={1}
        value={summary.progress}
        aria-label={t('summary.hours', {
          counted: formatHours(summary.countedHours),
          target: formatHours(summary.target),
        })}
      />
      <p className="hint">
        {t('summary.detail', {
          classroom: formatHours(summary.classroomHours),
          online: formatHours(summary.onlineHours),
          onlineCounted: formatHours(summary.onlineCountedHours),
        })}
      </p>
      {summary.met && <p className="state-ok">{t('summary.met')}</p>}
    </section>
  );
}
