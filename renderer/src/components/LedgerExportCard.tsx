// For a station offline for weeks: a copy of the ledger and its records onto a USB drive,
// for the hub's administrator to import.
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import { ActionForm } from './ActionForm.tsx';
import { errorText, refusalText } from './error-text.ts';

export function LedgerExportCard({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const exportTo = (targetDir: string) =>
    station.invoke('sync.exportLedger', { targetDir }).then(
      (answer) =>
        'refused' in answer
          ? { text: refusalText(t, answer.refused), error: true }
          : { text: t('sync.export.done', { events: answer.events, folder: answer.folder }), error: false },
      (error: unknown) => ({ text: errorText(t, error), error: true }),
    );
  return (
    <section className="card" data-testid="ledger-export">
      <h2>{t('sync.export.heading')}</h2>
      <p className="hint">{t('sync.export.hint')}</p>
      <ActionForm
        label={t('sync.export.target')}
        button={t('sync.export.submit')}
        action={exportTo}
        placeholder="/media/usb"
        testId="export"
      />
    </section>
  );
}
