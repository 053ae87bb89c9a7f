// The home screen's line about the hub: reached or not at the last attempt (not the last
// success), when the station last synced, and how many records wait to go up.
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { useLocale } from '../i18n/locale.tsx';
import { syncTime } from './sync-text.ts';

export function LinkStatus({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const [status] = useSyncStatus(station);
  if (!status) return null;
  const link =
    status.state === 'revoked'
      ? { text: t('link.revoked'), tone: 'fail' }
      : status.online === true
        ? { text: t('link.online'), tone: 'ok' }
        : status.online === false && status.lastAttemptAt
          ? { text: t('link.offline', { time: syncTime(status.lastAttemptAt) }), tone: 'warn' }
          : { text: t('link.starting'), tone: 'warn' };
  return (
    <p className={`link-status link-${link.tone}`} data-testid="link-status" role="status">
      <span className="link-dot" aria-hidden="true" />
      <strong data-testid="link-state">{link.text}</strong>
      <span>
        {status.lastSuccessAt ? t('link.lastSync', { time: syncTime(status.lastSuccessAt) }) : t('link.neverSynced')}
      </span>
      <span data-testid="link-pending">
        {status.pending.events > 0 ? t('link.waiting', { count: status.pending.events }) : t('link.allSent')}
      </span>
    </p>
  );
}
