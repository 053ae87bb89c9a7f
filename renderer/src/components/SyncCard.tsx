// The link to the hub on the home screen: which hub, whether it answers, what is cached.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { dateTime } from './time.ts';
import { hubErrorText } from './error-text.ts';

export function SyncCard({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let alive = true;
    station
      .invoke('sync.status', {})
      .then((next) => alive && setStatus(next))
      .catch(() => undefined);
    const unsubscribe = station.on('sync.statusChanged', (next) => alive && setStatus(next));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [station]);
  if (!status) return null;
  return (
    <section className="card" data-testid="sync">
      <h2>
        {t('sync.heading')}:{' '}
        <span className={`state sync-${status.state}`} data-testid="sync-state">
          {t(`sync.state.${status.state}`)}
        </span>
      </h2>
      <dl>
        <dt>{t(`sync.mode.${status.mode}`)}</dt>
        <dd className="path">{status.hubUrl}</dd>
        <dt>{t('sync.lastSuccess')}</dt>
        <dd>{status.lastSuccessAt ? dateTime(Date.parse(status.lastSuccessAt)) : t('sync.never')}</dd>
      </dl>
      <p data-testid="sync-counts">{t('sync.counts', status.counts)}</p>
      {status.lastError && <p className="notice-error">{hubErrorText(t, status.lastError.code)}</p>}
    </section>
  );
}
