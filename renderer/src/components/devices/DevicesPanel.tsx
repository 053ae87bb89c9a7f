// The technician's device page: the projector's live state with power, input and status
// tests, the automation's next step, every card reader with its connection, last card and
// last error, the last card read (masked, and which reader sent it) for a tap test, and the
// device settings below.
import { useState } from 'react';
import type { LecternApi } from '../../../../preload/contract/api.ts';
import type { DevicesView, ProjectorView, ReaderView } from '../../../../preload/contract/channels.ts';
import { useDevices } from '../../hooks/use-devices.ts';
import { useLocale } from '../../i18n/locale.tsx';
import { clockTime } from '../time.ts';
import { DeviceSettings, type TechnicianAccess } from './DeviceSettings.tsx';
import { healthIssues, inputLabel, powerText } from './device-text.ts';
import { CommandMessage, PowerButtons, useProjectorCommand } from './use-projector-command.tsx';

export function DevicesPanel({ station, access }: { station: LecternApi; access: TechnicianAccess }) {
  const { t } = useLocale();
  const view = useDevices(station);
  if (!view) return null;
  return (
    <section className="card devices" data-testid="devices">
      <h2>{t('devices.heading')}</h2>
      {view.configProblem && (
        <p className="notice-error" role="alert">
          {t('devices.configProblem', { movedTo: view.configProblem.movedTo })}
        </p>
      )}
      <div className="devices-grid">
        <ProjectorPanel station={station} view={view} access={access} />
        <ReadersPanel view={view} />
      </div>
      <DeviceSettings station={station} access={access} />
    </section>
  );
}

function ProjectorPanel({
  station,
  view,
  access,
}: {
  station: LecternApi;
  view: DevicesView;
  access: TechnicianAccess;
}) {
  const { t } = useLocale();
  const {
    busy,
    message,
    send: test,
  } = useProjectorCommand(async (command) => {
    const answer = await station.invoke('devices.testProjector', {
      technicianSession: access.technicianSession,
      ...command,
    });
    if ('refused' in answer) access.onExpired();
    return answer;
  });
  const [input, setInput] = useState('');
  const projector = view.projector;
  if (!projector)
    return (
      <div className="device-block" data-testid="device-projector">
        <h3>{t('devices.projector')}</h3>
        <p className="hint">{t('devices.noProjector')}</p>
      </div>
    );
  const inputs = projector.inputs.length > 0 ? projector.inputs : ['hdmi1', 'hdmi2', 'computer1'];
  const chosen = input || projector.input || inputs[0]!;
  return (
    <div className="device-block" data-testid="device-projector">
      <h3>
        {t('devices.projector')}: {projector.name}{' '}
        <span className={`state device-${projector.state}`} data-testid="projector-state">
          {t(`devices.state.${projector.state}`)}
        </span>
      </h3>
      <dl>
        <dt>{t('devices.type')}</dt>
        <dd>{kindText(t, projector)}</dd>
        <dt>{t('devices.power')}</dt>
        <dd data-testid="projector-status-power">
          {powerText(t, projector.power)}
          {projector.muted ? ` · ${t('devices.muted')}` : ''}
        </dd>
        <dt>{t('devices.input')}</dt>
        <dd>{projector.input ? inputLabel(projector.input) : '—'}</dd>
        <dt>{t('devices.lamp')}</dt>
        <dd data-testid="projector-lamp">
          {projector.lampHours.length > 0
            ? projector.lampHours.map((hours) => t('devices.lampHours', { hours })).join(' / ')
            : projector.state === 'ok'
              ? t('devices.noLamp')
              : '—'}
        </dd>
        <dt>{t('devices.filter')}</dt>
        <dd>{projector.filterHours !== null ? t('devices.lampHours', { hours: projector.filterHours }) : '—'}</dd>
        <dt>{t('devices.parts')}</dt>
        <dd>{projector.state === 'ok' ? healthIssues(t, projector).join('，') || t('devices.partsOk') : '—'}</dd>
        {projector.model && (
          <>
            <dt>{t('devices.model')}</dt>
            <dd>
              {projector.model}
              {projector.serialNumber && ` · ${t('devices.serialNumber', { serial: projector.serialNumber })}`}
            </dd>
          </>
        )}
        {(projector.lampModel || projector.filterModel) && (
          <>
            <dt>{t('devices.parts.models')}</dt>
            <dd data-testid="projector-part-models">
              {[
                projector.lampModel && t('devices.lampModel', { model: projector.lampModel }),
                projector.filterModel && t('devices.filterModel', { model: projector.filterModel }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </>
        )}
        <dt>{t('devices.checkedAt')}</dt>
        <dd>{projector.checkedAt ? clockTime(projector.checkedAt) : '—'}</dd>
      </dl>
      {projector.lastError && (
        <p className="notice-error" data-testid="projector-error">
          {t('devices.lastError', {
            time: clockTime(projector.lastError.at),
            text: t(`devices.error.${projector.lastError.code}`),
          })}
          <span className="hint path">{projector.lastError.message}</span>
        </p>
      )}
      <div className="device-actions">
        <PowerButtons busy={busy} send={test} testIdPrefix="test" />
        <select
          className="field device-select"
          value={chosen}
          onChange={(event) => setInput(event.target.value)}
          aria-label={t('devices.input')}
          data-testid="test-input-choice"
        >
          {inputs.map((name) => (
            <option key={name} value={name}>
              {projector.inputNames[name] ? `${inputLabel(name)}（${projector.inputNames[name]}）` : inputLabel(name)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="device-button"
          disabled={busy}
          onClick={() => test('input', chosen)}
          data-testid="test-input"
        >
          {t('devices.switchInput')}
        </button>
        <button
          type="button"
          className="device-button"
          disabled={busy}
          onClick={() => test('status')}
          data-testid="test-status"
        >
          {t('devices.refresh')}
        </button>
      </div>
      <CommandMessage message={message} testId="test-message" />
      <p className="hint" data-testid="automation">
        <strong>{t('devices.automation')}：</strong>
        {!view.automation.enabled
          ? t('devices.automationOff')
          : view.automation.next
            ? t(`devices.automationNext.${view.automation.next.action}`, {
                time: clockTime(view.automation.next.at),
                title: view.automation.next.title,
              })
            : t('devices.automationIdle')}
        {view.automation.last && (
          <>
            {' · '}
            {t('devices.automationLast', {
              time: clockTime(view.automation.last.at),
              action: t(`devices.action.${view.automation.last.action}`),
              outcome:
                view.automation.last.outcome === 'ok'
                  ? t('devices.outcome.ok')
                  : t(`devices.error.${view.automation.last.outcome}`),
            })}
          </>
        )}
      </p>
    </div>
  );
}

function kindText(t: ReturnType<typeof useLocale>['t'], projector: ProjectorView): string {
  return projector.kind === 'simulated' ? t('devices.kind.projectorSimulated') : t(`devices.kind.${projector.kind}`);
}

/** The keyboard wedge and the demo's reader are the station's own: named by their kind. */
function readerName(t: ReturnType<typeof useLocale>['t'], name: string, kind: ReaderView['kind']): string {
  return kind === 'wedge' || kind === 'simulated' ? t(`devices.kind.${kind}`) : name;
}

function ReadersPanel({ view }: { view: DevicesView }) {
  const { t } = useLocale();
  const read = view.lastRead;
  return (
    <div className="device-block" data-testid="device-readers">
      <h3>{t('devices.readers')}</h3>
      <div className="tap-test" data-testid="tap-test">
        <span className="hint">{t('devices.tapTest')}</span>
        {read && (
          <strong data-testid="last-read">
            {read.kind === 'id_card'
              ? t('devices.lastReadIdCard', {
                  masked: read.masked,
                  holder: read.holder ?? '',
                  reader: readerName(t, read.reader, read.readerKind),
                  time: clockTime(read.at),
                })
              : t('devices.lastReadLine', {
                  masked: read.masked,
                  reader: readerName(t, read.reader, read.readerKind),
                  time: clockTime(read.at),
                })}
          </strong>
        )}
      </div>
      <ul className="reader-list">
        {view.readers.map((reader) => (
          <li key={reader.id} data-testid={`reader-${reader.id}`}>
            <div>
              <strong>{readerName(t, reader.name, reader.kind)}</strong>
              {readerName(t, reader.name, reader.kind) !== t(`devices.kind.${reader.kind}`) && (
                <span className="hint">{t(`devices.kind.${reader.kind}`)}</span>
              )}
            </div>
            <div className="reader-state">
              <span className={reader.connected ? 'state state-ok' : 'state state-fail'}>
                {t(reader.connected ? 'devices.reader.connected' : 'devices.reader.disconnected')}
              </span>
              <span className="hint">
                {reader.lastReadAt
                  ? t('devices.reader.lastRead', { time: clockTime(reader.lastReadAt) })
                  : t('devices.reader.never')}
              </span>
              {reader.lastError && (
                <span className="hint notice-error">
                  {t('devices.lastError', {
                    time: clockTime(reader.lastError.at),
                    text: t(`devices.error.${reader.lastError.code}`),
                  })}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
