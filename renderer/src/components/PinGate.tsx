// The organiser's door: the organiser taps their own card (an organiser of the site on the
// hub's roster), then types their PIN. The PIN goes to the station once, to unlock, and is
// forgotten: the station answers with an organiser session that the organiser's later calls
// carry instead (station-client/organiser-calls.ts). Nobody sets a PIN here: the hub sets it,
// or the technician resets it at the technician page. The tap is an ordinary tap — in an
// open class it counts the organiser present — so a locked-out organiser blocks nobody's
// attendance. A session that ended comes back here with `notice` saying so.
import { useEffect, useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { TapView } from '../../../preload/contract/channels.ts';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../../common/demo-organiser.ts';
import { useLocale } from '../i18n/locale.tsx';
import type { OrganiserSession } from '../station-client/organiser-calls.ts';
import { errorText, refusalText } from './error-text.ts';
import { PinField } from './PinField.tsx';

export function PinGate({
  station,
  pinSet,
  demo = false,
  onUnlocked,
  notice = null,
}: {
  station: LecternApi;
  /** Whether any organiser of the roster has a PIN yet. */
  pinSet: boolean;
  /** The embedded demo: the door names the demo organiser's card and PIN. */
  demo?: boolean;
  onUnlocked: (organiser: OrganiserSession) => void;
  /** Why the organiser is back at the door (their session ended), shown until they act. */
  notice?: string | null;
}) {
  const { t } = useLocale();
  const [pin, setPin] = useState('');
  const [tap, setTap] = useState<TapView | null>(null);
  const [message, setMessage] = useState<string | null>(notice);
  const [demoOrganiser, setDemoOrganiser] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    if (!demo) return;
    station.invoke('reader.demoCards', {}).then(
      ({ cards }) => {
        const card = cards[DEMO_ORGANISER_INDEX];
        setDemoOrganiser(card?.name ? { id: card.id, name: card.name } : null);
      },
      () => undefined,
    );
  }, [station, demo]);

  // Whichever reader the card was tapped on, the station publishes it.
  useEffect(
    () =>
      station.on('classroom.tapped', (view) => {
        if (!view.learner) return;
        setTap(view);
        setMessage(null);
      }),
    [station],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!tap) return setMessage(t('organiser.tapFirst'));
    setMessage(null);
    station.invoke('organiser.unlock', { tapId: tap.tapId, pin }).then(
      (answer) => {
        setPin('');
        if ('refused' in answer) {
          if (answer.refused !== 'pin_wrong' && answer.refused !== 'pin_locked') setTap(null);
          return setMessage(refusalText(t, answer.refused));
        }
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
        <h2>{t('organiser.title')}</h2>
        {!pinSet && <p className="hint">{t('organiser.noPinYet')}</p>}
        {demoOrganiser && (
          <p className="hint" data-testid="demo-organiser-hint">
            {t('organiser.demoHint', { name: demoOrganiser.name, pin: DEMO_ORGANISER_PIN })}{' '}
            <button
              type="button"
              className="big"
              onClick={() =>
                void station.invoke('reader.simulate', { cardId: demoOrganiser.id }).catch(() => undefined)
              }
              data-testid="demo-organiser-tap"
            >
              {t('organiser.demoTap')}
            </button>
          </p>
        )}
        <p className="gate-who" data-testid="organiser-card">
          {tap?.learner ? t('organiser.cardOf', { name: tap.learner.name }) : t('organiser.tapPrompt')}
        </p>
        <PinField label={t('organiser.pinPrompt')} value={pin} onChange={setPin} testId="organiser-pin" />
        {message && (
          <p className="notice-error" role="alert" data-testid="pin-message">
            {message}
          </p>
        )}
        <button type="submit" className="big primary" disabled={!tap} data-testid="pin-submit">
          {t('organiser.unlock')}
        </button>
      </form>
    </main>
  );
}
