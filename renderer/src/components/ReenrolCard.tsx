// Shown when this disk was copied from another station's PC (health: enrollment-cloned):
// recording has stopped, and the technician makes it a station of its own with a new
// enrollment token from the hub. The station then starts again with a new key.
import { useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { provisionText, type ProvisionProblem } from '../../../common/provision-messages.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';

export function ReenrolCard({
  station,
  technicianSession,
  onExpired,
}: {
  station: LecternApi;
  technicianSession: string;
  onExpired: () => void;
}) {
  const { t, locale } = useLocale();
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(t('wizard.checking'));
    station.invoke('technician.reenrolAsNew', { technicianSession, enrollmentToken: token.trim() }).then(
      (answer) => {
        if ('refused' in answer)
          return answer.refused === 'technician_session_expired'
            ? onExpired()
            : setMessage(refusalText(t, answer.refused));
        if ('problems' in answer)
          return setMessage(
            (answer.problems as ProvisionProblem[])
              .map((problem) => provisionText(problem, locale === 'en' ? 'en' : 'zh'))
              .join('；'),
          );
        setMessage(t('technician.reenrolDone'));
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };

  return (
    <section className="card wizard" data-testid="reenrol">
      <h2>{t('technician.reenrolTitle')}</h2>
      <p className="notice-error">{t('health.reason.enrollment-cloned')}</p>
      <form onSubmit={submit}>
        <label>
          {t('wizard.field.enrollmentToken')}
          <input
            className="field"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            data-testid="reenrol-token"
          />
        </label>
        {message && <p role="status">{message}</p>}
        <button type="submit" className="big primary" data-testid="reenrol-submit">
          {t('technician.reenrol')}
        </button>
      </form>
    </section>
  );
}
