// The technician page's door: the technician PIN set at provisioning (its own lockout, like
// every account's). A station not provisioned yet has no PIN and opens at once.
import { useEffect, useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';
import { PinField } from './PinField.tsx';

export function TechnicianGate({
  station,
  onUnlocked,
}: {
  station: LecternApi;
  onUnlocked: (technicianSession: string) => void;
}) {
  const { t } = useLocale();
  const [pinSet, setPinSet] = useState<boolean | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const unlock = (typed: string) =>
    station.invoke('technician.unlock', { pin: typed }).then(
      (answer) => {
        setPin('');
        if ('refused' in answer) return setMessage(refusalText(t, answer.refused));
        onUnlocked(answer.technicianSession);
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );

  useEffect(() => {
    station.invoke('technician.status', {}).then(
      (status) => {
        setPinSet(status.technicianPinSet);
        // Nothing to protect yet: the unprovisioned station's page opens (any well-formed PIN is ignored).
        if (!status.technicianPinSet && !status.provisioned) void unlock('0000');
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
    // Asked once, when the page opens.
  }, [station]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    void unlock(pin);
  };

  if (pinSet === null && !message) return null;
  return (
    <main className="pin-gate">
      <form className="card" onSubmit={submit} data-testid="technician-gate">
        <h2>{t('technician.gateTitle')}</h2>
        <PinField label={t('technician.pinPrompt')} value={pin} onChange={setPin} testId="technician-pin" />
        {message && (
          <p className="notice-error" role="alert" data-testid="technician-message">
            {message}
          </p>
        )}
        <button type="submit" className="big primary" data-testid="technician-submit">
          {t('technician.enter')}
        </button>
      </form>
    </main>
  );
}
