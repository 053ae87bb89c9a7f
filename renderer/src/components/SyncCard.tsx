// The technician's view of the link to the hub: which hub, whether the last attempt reached
// it, the last success and what it moved, what waits, the newest backup, the last error in
// words — and a button to sync now, whose progress shows as it goes.
import { useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText } from './error-text.ts';
import { syncErrorText, syncTime } from './sync-text.ts';

type Props = { station: LecternApi; status: SyncStatus; onStatus: (status: SyncStatus) => void };

export function SyncCard({ station, status, onStatus }: Props) {
  const { t } = useLocale();
  const [failure, setFailure] = useState<string | null>(null);
  const syncing = status.state === 'syncing';
  const syncNow = () => {
    setFailure(null);
    station.invoke('sync.now', {}).then(onStatus, (error: unknown) => setFailure(errorText(t, error)));
  };
  const progress = status.progress;
  return (
    <section className="card sync-card" data-testid="sync">
      <h2>
        {t('sync.heading')}:{' '}
        <span className={`state sync-${status.state}`} data-testid="sync-state">
          {t(`sync.state.${status.state}`)}
        </span>
      </h2>
      <dl>
        <div className="row">
          <dt>{t('sync.row.hub')}</dt>
          <dd>
            {t(`sync.mode.${status.mode}`)} <span className="path">{status.hubUrl}</span>
          </dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.link')}</dt>
          <dd data-testid="sync-link">
            {status.lastAttemptAt === null
              ? t('sync.row.untried')
              : t(status.online ? 'sync.row.online' : 'sync.row.offline', { time: syncTime(status.lastAttemptAt) })}
          </dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.lastSuccess')}</dt>
          <dd data-testid="sync-last-success">
            {status.lastSuccessAt
              ? t('sync.row.moved', {
                  time: syncTime(status.lastSuccessAt),
                  pushed: status.lastMoved?.pushed ?? 0,
                  pulled: status.lastMoved?.pulled ?? 0,
                })
              : t('sync.never')}
          </dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.next')}</dt>
          <dd>
            {syncing
              ? t('sync.row.running')
              : status.nextAttemptAt
                ? syncTime(status.nextAttemptAt)
                : t('sync.row.noNext')}
          </dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.pendingEvents')}</dt>
          <dd data-testid="sync-pending-events">{status.pending.events}</dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.pendingDownloads')}</dt>
          <dd>{status.pending.downloads}</dd>
        </div>
        <div className="row">
          <dt>{t('sync.row.backup')}</dt>
          <dd>
            {status.backup
              ? t('sync.row.backupValue', { time: syncTime(status.backup.at), events: status.backup.events })
              : t('sync.row.noBackup')}
          </dd>
        </div>
      </dl>
      <p data-testid="sync-counts">{t('sync.counts', status.counts)}</p>
      {status.lastError && status.state !== 'syncing' && (
        <p className="notice-error" data-testid="sync-error">
          {t('sync.lastError', { reason: syncErrorText(t, status.lastError.code) })}
          <span className="hint">{status.lastError.message}</span>
        </p>
      )}
      <div className="sync-actions">
        <button type="button" className="big primary" onClick={syncNow} disabled={syncing} data-testid="sync-now">
          {t('sync.now')}
        </button>
        {progress && (
          <div className="sync-progress" data-testid="sync-progress">
            <span>{t(`sync.progress.${progress.phase}`, { done: progress.done, total: progress.total })}</span>
            {progress.phase === 'push' && progress.total > 0 && <progress max={progress.total} value={progress.done} />}
          </div>
        )}
      </div>
      {failure && (
        <p className="notice-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
