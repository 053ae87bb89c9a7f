// The technician's view of the site's organisers: where each one's PIN comes from, whether
// they are locked out, and the two things a technician does for them on the spot — reset the
// PIN (it then opens at this station, over the hub's) and lift a lockout.
import { useCallback, useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { OrganiserRow } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';

export function OrganiserAccounts({
  station,
  technicianSession,
  onExpired,
}: {
  station: LecternApi;
  technicianSession: string;
  onExpired: () => void;
}) {
  const { t } = useLocale();
  const [rows, setRows] = useState<OrganiserRow[]>([]);
  const [pins, setPins] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const answer = useCallback(
    (refused: string | null): boolean => {
      if (refused === 'technician_session_expired') onExpired();
      return refused === null;
    },
    [onExpired],
  );
  const load = useCallback(() => {
    station.invoke('technician.organisers', { technicianSession }).then(
      (result) => {
        if ('refused' in result) return void answer(result.refused);
        setRows(result.organisers);
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
  }, [station, technicianSession, answer, t]);
  useEffect(load, [load]);

  const setPin = (row: OrganiserRow) => {
    station
      .invoke('technician.setOrganiserPin', {
        technicianSession,
        learnerId: row.learnerId,
        pin: pins[row.learnerId] ?? '',
      })
      .then(
        (result) => {
          if ('refused' in result) return answer(result.refused) || setMessage(refusalText(t, result.refused));
          setPins((current) => ({ ...current, [row.learnerId]: '' }));
          setMessage(t('technician.pinDone', { name: row.name }));
          load();
        },
        (error: unknown) => setMessage(errorText(t, error)),
      );
  };
  const clear = (row: OrganiserRow) => {
    station.invoke('technician.clearLockout', { technicianSession, learnerId: row.learnerId }).then(
      (result) => ('refused' in result ? void answer(result.refused) : load()),
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };

  return (
    <section className="card" data-testid="organiser-accounts">
      <h2>{t('technician.organisers')}</h2>
      {rows.length === 0 && <p className="hint">{t('technician.noOrganisers')}</p>}
      {rows.map((row) => (
        <div key={row.learnerId} className="organiser-account" data-testid={`organiser-account-${row.learnerId}`}>
          <strong>{row.name}</strong> <span>{row.unit}</span> <span>{t(`technician.pin.${row.pin}`)}</span>
          {row.lockedForMs > 0 && (
            <>
              <span className="notice-error">
                {t('technician.lockedFor', { minutes: Math.ceil(row.lockedForMs / 60_000) })}
              </span>
              <button type="button" className="big" onClick={() => clear(row)}>
                {t('technician.unlockAccount')}
              </button>
            </>
          )}
          <input
            className="field pin"
            type="password"
            inputMode="numeric"
            pattern="\d{4,12}"
            aria-label={t('technician.newPin')}
            placeholder={t('technician.newPin')}
            value={pins[row.learnerId] ?? ''}
            onChange={(event) => setPins((current) => ({ ...current, [row.learnerId]: event.target.value }))}
            data-testid={`organiser-new-pin-${row.learnerId}`}
          />
          <button
            type="button"
            className="big"
            onClick={() => setPin(row)}
            data-testid={`organiser-set-pin-${row.learnerId}`}
          >
            {t('technician.setPin')}
          </button>
        </div>
      ))}
      {message && (
        <p role="status" data-testid="organiser-accounts-message">
          {message}
        </p>
      )}
    </section>
  );
}
