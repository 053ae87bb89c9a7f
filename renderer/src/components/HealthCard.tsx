// The station's checks, each in words, with the verdict: can it record learning hours?
import type { StationHealth } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { checkParams } from './health-params.ts';

export function HealthCard({ health }: { health: StationHealth }) {
  const { t } = useLocale();
  return (
    <section className="card" data-testid="health">
      <h2>
        {t('health.heading')}:{' '}
        <span className={`state state-${health.status}`} data-testid="health-status">
          {t(`health.status.${health.status}`)}
        </span>
      </h2>
      <ul className="checks">
        {health.checks.map((check) => (
          <li key={check.id} className={`state-${check.status}`}>
            <strong>{t(`health.check.${check.id}`)}</strong> {t(`health.reason.${check.reason}`, checkParams(check, t))}
          </li>
        ))}
      </ul>
    </section>
  );
}
