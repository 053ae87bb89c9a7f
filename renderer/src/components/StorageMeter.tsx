// Used / quota / free on the data disk, with the reserve kept for the ledger.
import type { StorageView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatBytes } from './format.ts';

export function StorageMeter({ storage }: { storage: StorageView }) {
  const { t } = useLocale();
  const ratio = storage.quotaBytes > 0 ? Math.min(1, storage.usedBytes / storage.quotaBytes) : 0;
  return (
    <div className="storage" data-testid="storage-meter">
      <span>{t('storage.label')}</span>
      <progress value={ratio} max={1} aria-label={t('storage.label')} />
      <span>
        {t('storage.detail', {
          used: formatBytes(storage.usedBytes),
          quota: formatBytes(storage.quotaBytes),
          free: formatBytes(storage.freeBytes),
        })}
      </span>
    </div>
  );
}
