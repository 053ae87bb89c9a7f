// The organiser's projector on the class screen: its state, on and off, the input, and
// blanking picture and sound. Calls carry the organiser session; a projector that is
// warming up, cooling down or unreachable is said in words, never as an error code.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../../preload/contract/api.ts';
import type { ProjectorView } from '../../../../preload/contract/channels.ts';
import { useLocale } from '../../i18n/locale.tsx';
import type { OrganiserCall } from '../../station-client/organiser-calls.ts';
import { inputLabel, powerText } from './device-text.ts';
import { CommandMessage, PowerButtons, useProjectorCommand } from './use-projector-command.tsx';

export function ProjectorControls({ station, call }: { station: LecternApi; call: OrganiserCall }) {
  const { t } = useLocale();
  const [projector, setProjector] = useState<ProjectorView | null | undefined>(undefined);
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

  const { busy, message, send } = useProjectorCommand(
    (command) => call('organiser.projectorControl', command),
    (answer) => answer.projector && setProjector(answer.projector),
  );
  if (projector === undefined) return null;
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
            <PowerButtons busy={busy} send={send} testIdPrefix="projector" />
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
      <CommandMessage message={message} testId="projector-message" />
    </section>
  );
}
