// The organiser's door: on first use the PIN is set here (twice, to catch a slip); after
// that the organiser's name and PIN open the class administration. The PIN goes to the
// station once, to unlock, and is forgotten: the station answers with an organiser session
// that the organiser's later calls carry instead (station-client/organiser-calls.ts). A
// session that ended comes back here with `notice` saying so.
import { useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';
import type { OrganiserSession } from '../station-client/organiser-calls.ts';
import { errorText, refusalText } from './error-text.ts';

const NAME_KEY = 'lectern.organiserName';

export function PinGate({
  station,
  pinSet,
  onUnlocked,
  onPinSet,
  notice = null,
}: {
  station: LecternApi;
  pinSet: boolean;
  onUnlocked: (organiser: OrganiserSession) => void;
  onPinSet: () => void;
  /** Why the organiser is back at the door (their session ended), shown until they act. */
  notice?: string | null;
}) {
  const { t } = useLocale();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [message, setMessage] = useState<string | null>(notice);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!pinSet) {
      if (pin !== repeat) return setMessage(t('organiser.pinMismatch'));
      station.invoke('organiser.setPin', { pin }).then(
        (answer) => {
          if ('refused' in answer) return setMessage(refusalText(t, answer.refused));
          setRepeat('');
          onPinSet();
        },
        (error: unknown) => setMessage(errorText(t, error)),
      );
      return;
    }
    station.invoke('organiser.unlock', { pin, name: name.trim() }).then(
      (answer) => {
        if ('refused' in answer) return setMessage(refusalText(t, answer.refused));
        localStorage.setItem(NAME_KEY, answer.name);
        setPin('');
        onUnlocked({
          organiserSession: answer.organiserSession,
          name: answer.name,
          idleTimeoutMs: answer.idleTimeoutMs,
        });
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };

  return (
    <main className="pin-gate">
      <form className="card" onSubmit={submit} data-testid="pin-gate">
        <h2>{pinSet ? t('organiser.title') : t('organiser.setPinTitle')}</h2>
        {!pinSet && <p className="hint">{t('organiser.setPinHint')}</p>}
        {pinSet && (
          <label>
            {t('organiser.namePrompt')}
            <input
              className="field"
              value={name}
              maxLength={40}
              required
              onChange={(event) => setName(event.target.value)}
              data-testid="organiser-name"
            />
          </label>
        )}
        <label>
          {t('organiser.pinPrompt')}
          <input
            className="field pin"
            type="password"
            inputMode="numeric"
            pattern="\d{4,12}"
            required
            value={pin}
            onChange={(event) => setPin(event.target.value)}
            data-testid="organiser-pin"
          />
        </label>
        {!pinSet && (
          <label>
            {t('organiser.pinRepeat')}
            <input
              className="field pin"
              type="password"
              inputMode="numeric"
              pattern="\d{4,12}"
              required
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              data-testid="organiser-pin-repeat"
            />
          </label>
        )}
        {message && (
          <p className="notice-error" role="alert" data-testid="pin-message">
            {message}
          </p>
        )}
        <button type="submit" className="big primary" data-testid="pin-submit">
          {pinSet ? t('organiser.unlock') : t('organiser.setPin')}
        </button>
      </form>
    </main>
  );
}
