// Shown when the hub revoked this station's key: the way back, with a one-time token from
// the hub's administrator. The station keeps its ledger; the hub links the new key.
import { useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';

type Props = { station: LecternApi; onStatus: (status: SyncStatus) => void };

export function ReenrollCard({ station, onStatus }: Props) {
  const { t } = useLocale();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    station
      .invoke('sync.reenroll', { token: token.trim() })
      .then((answer) => {
        if ('refused' in answer) setMessage({ text: refusalText(t, answer.refused), error: true });
        else {
          setMessage({ text: t('sync.reenroll.done'), error: false });
          setToken('');
          onStatus(answer);
        }
      })
      .catch((error: unknown) => setMessage({ text: errorText(t, error), error: true }))
      .finally(() => setBusy(false));
  };
  return (
    <section className="card banner-card" data-testid="reenroll">
      <h2 className="state-fail">{t('sync.reenroll.heading')}</h2>
      <p>{t('sync.reenroll.hint')}</p>
      <form className="sync-form" onSubmit={submit}>
        <label>
          {t('sync.reenroll.token')}
          <input
            value={token}
            onChange={(event) => setToken(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="reenroll-token"
          />
        </label>
        <button type="submit" className="big primary" disabled={busy || token.trim().length < 16}>
          {t('sync.reenroll.submit')}
        </button>
      </form>
      {message && (
        <p className={message.error ? 'notice-error' : 'state-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
