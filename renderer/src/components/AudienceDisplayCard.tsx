// The technician's choice of where the projector window goes (Electron shell): automatically
// on the first external display, on a display they pick, or nowhere (a mirrored projector:
// the presenter's view shows the lecture). The browser shell cannot place windows, so it says
// how the organiser opens the projector window instead.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { DisplaysView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import type { TechnicianAccess } from './devices/DeviceSettings.tsx';
import { errorText } from './error-text.ts';

export function AudienceDisplayCard({ station, access }: { station: LecternApi; access: TechnicianAccess }) {
  const { t } = useLocale();
  const [view, setView] = useState<DisplaysView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    station.invoke('projector.displays', {}).then(
      (next) => alive && setView(next),
      () => undefined,
    );
    const off = station.on('projector.displaysChanged', (next) => alive && setView(next));
    return () => {
      alive = false;
      off();
    };
  }, [station]);
  if (!view) return null;

  const choose = (choice: string) =>
    station.invoke('projector.chooseDisplay', { technicianSession: access.technicianSession, choice }).then(
      (next) => {
        if ('refused' in next) return access.onExpired();
        setMessage(null);
        setView(next);
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
  const options = [
    { key: 'auto', label: t('display.auto') },
    ...view.displays
      .filter((display) => !display.primary)
      .map((display) => ({
        key: display.key,
        label: t('display.one', {
          label: display.label || t('display.unnamed'),
          width: display.width,
          height: display.height,
        }),
      })),
    { key: 'none', label: t('display.none') },
  ];

  return (
    <section className="card" data-testid="audience-display">
      <h2>{t('display.title')}</h2>
      {!view.managed ? (
        <p className="hint">{t('display.browserShell')}</p>
      ) : (
        <>
          <p data-testid="display-current">
            {view.current
              ? t('display.currentOn', {
                  label: view.displays.find((display) => display.key === view.current)?.label ?? view.current,
                })
              : t('display.noWindow')}
          </p>
          <div className="display-choices" role="radiogroup">
            {options.map((option) => (
              <button
                key={option.key}
                type="button"
                role="radio"
                aria-checked={view.choice === option.key}
                className={view.choice === option.key ? 'small primary' : 'small'}
                onClick={() => void choose(option.key)}
              >
                {option.label}
              </button>
            ))}
          </div>
        </>
      )}
      {message && (
        <p className="notice-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
