// For a station offline for weeks: a copy of the ledger and its records onto a USB drive,
// for the hub's administrator to import.
import { useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';

export function LedgerExportCard({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    station
      .invoke('sync.exportLedger', { targetDir: target.trim() })
      .then((answer) =>
        setMessage(
          'refused' in answer
            ? { text: refusalText(t, answer.refused), error: true }
            : { text: t('sync.export.done', { events: answer.events, folder: answer.folder }), error: false },
        ),
      )
      .catch((error: unknown) => setMessage({ text: errorText(t, error), error: true }))
      .finally(() => setBusy(false));
  };
  return (
    <section className="card" data-testid="ledger-export">
      <h2>{t('sync.export.heading')}</h2>
      <p className="hint">{t('sync.export.hint')}</p>
      <form className="sync-form" onSubmit={submit}>
        <label>
          {t('sync.export.target')}
          <input
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            placeholder="/media/usb"
            spellCheck={false}
            data-testid="export-target"
          />
        </label>
        <button type="submit" className="big" disabled={busy || target.trim() === ''} data-testid="export-submit">
          {t('sync.export.submit')}
        </button>
      </form>
      {message && (
        <p
          className={message.error ? 'notice-error' : 'state-ok'}
          role={message.error ? 'alert' : 'status'}
          data-testid="export-result"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
