// The organiser's projector on the class screen: its state, on and off, the input, and
// blanking picture and sound. Calls carry the organiser session; a projector that is
// warming up, cooling down or unreachable is said in words, never as an error code.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../../preload/contract/api.ts';
import type { ProjectorView } from '../../../../preload/contract/channels.ts';
import type { ProjectorAction } from '../../../../preload/contract/channels/devices.ts';
import { useLocale } from '../../i18n/locale.tsx';
import type { OrganiserCall } from '../../station-client/organiser-calls.ts';
import { errorText } from '../error-text.ts';
import { inputLabel, outcomeText, powerText } from './device-text.ts';

export function ProjectorControls({ station, call }: { station: LecternApi; call: OrganiserCall }) {
  const { t } = useLocale();
  const [projector, setProjector] = useState<ProjectorView | null | undefined>(undefined);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    call('organiser.projector', {}).then(
      (answer) => alive && !('refused' in answer) && setProjector(answer.projector),
      () => undefined,
    );
    const unsubscribe = station.on('devices.changed', (view) => alive && setProjector(view.projector));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [station, call]);

  if (projector === undefined) return null;
  const send = (action: ProjectorAction, input?: string) => {
    setBusy(true);
    setMessage({ text: t('devices.working'), ok: true });
    call('organiser.projectorControl', input ? { action, input } : { action })
      .then(
        (answer) => {
          if ('refused' in answer) return;
          if (answer.projector) setProjector(answer.projector);
          setMessage({ text: outcomeText(t, answer.outcome), ok: answer.outcome === 'ok' });
        },
        (error: unknown) => setMessage({ text: errorText(t, error), ok: false }),
      )
      .finally(() => setBusy(false));
  };
  const inputs = projector?.inputs.length ? projector.inputs : ['hdmi1', 'hdmi2', 'computer1'];
  return (
    <section className="card projector-controls" data-testid="projector-controls">
      <h2>
        {t('devices.projector')}
        {projector && (
          <span className={`state power-${projector.power ?? 'unknown'}`} data-testid="projector-power">
            {powerText(t, projector.power)}
          </span>
        )}
      </h2>
      {!projector ? (
        <p className="hint">{t('devices.notConfigured')}</p>
      ) : (
        <>
          <div className="projector-buttons">
            <button
              type="button"
              className="device-button primary"
              disabled={busy}
              onClick={() => send('on')}
              data-testid="projector-on"
            >
              {t('devices.on')}
            </button>
            <button
              type="button"
              className="device-button"
              disabled={busy}
              onClick={() => send('off')}
              data-testid="projector-off"
            >
              {t('devices.off')}
            </button>
            <button
              type="button"
              className="device-button"
              disabled={busy}
              onClick={() => send(projector.muted ? 'unmute' : 'mute')}
              data-testid="projector-mute"
            >
              {projector.muted ? t('devices.unmute') : t('devices.mute')}
            </button>
          </div>
          <div className="projector-inputs" role="group" aria-label={t('devices.input')}>
            {inputs.slice(0, 4).map((input) => (
              <button
                key={input}
                type="button"
                className={projector.input === input ? 'device-button selected' : 'device-button'}
                disabled={busy}
                onClick={() => send('input', input)}
                data-testid={`projector-input-${input}`}
              >
                {inputLabel(input)}
              </button>
            ))}
          </div>
        </>
      )}
      {message && (
        <p className={message.ok ? 'hint' : 'notice-error'} role="status" data-testid="projector-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
