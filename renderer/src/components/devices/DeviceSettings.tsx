// The device settings the technician saves (devices.json in the data folder): the projector
// (none, PJLink with the LAN search, an RS-232 command set, or the simulator), the card
// readers, and the projector's automation. A saved PJLink password is never shown: leaving
// the field empty keeps it.
import { useEffect, useState, type FormEvent } from 'react';
import { SERIAL_COMMAND_SETS, UID_FORMATS } from '../../../../common/devices.ts';
import type { LecternApi } from '../../../../preload/contract/api.ts';
import type { ChannelInput, ChannelOutput, DeviceConfigView } from '../../../../preload/contract/channels.ts';
import { ContractError } from '../../../../preload/contract/errors.ts';
import { useLocale } from '../../i18n/locale.tsx';
import { errorText } from '../error-text.ts';
import { inputLabel } from './device-text.ts';

type Config = ChannelInput<'devices.saveConfig'>['config'];
type Reader = NonNullable<Config['readers']>[number];
type Found = Extract<ChannelOutput<'devices.discover'>, { found: unknown }>['found'];
/** The technician's session, and what to do when it has expired (back to the PIN gate). */
export type TechnicianAccess = { technicianSession: string; onExpired: () => void };

const CLASS_INPUTS = ['hdmi1', 'hdmi2', 'computer1', 'computer2', 'video1', 'network1'];

/** The saved configuration as an editable draft (the password field starts empty). */
function draftOf(view: DeviceConfigView): Config {
  const projector = view.projector;
  if (projector?.kind !== 'pjlink') return { ...view, projector };
  const { passwordSet: _passwordSet, ...rest } = projector;
  return { ...view, projector: rest };
}

export function DeviceSettings({ station, access }: { station: LecternApi; access: TechnicianAccess }) {
  const { t } = useLocale();
  const { technicianSession, onExpired } = access;
  const [saved, setSaved] = useState<DeviceConfigView | null>(null);
  const [draft, setDraft] = useState<Config | null>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [found, setFound] = useState<Found | null>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    station.invoke('devices.config', { technicianSession }).then(
      (view) => {
        if ('refused' in view) return onExpired();
        setSaved(view);
        setDraft(draftOf(view));
      },
      (error: unknown) => setMessage({ text: errorText(t, error), ok: false }),
    );
  }, [station, technicianSession]);
  if (!draft || !saved) return message ? <p className="notice-error">{message.text}</p> : null;

  const projector = draft.projector ?? null;
  const setProjector = (next: Config['projector']) => setDraft({ ...draft, projector: next });
  const readers = draft.readers ?? [];
  const setReaders = (next: Reader[]) => setDraft({ ...draft, readers: next });
  const automation = {
    enabled: true,
    leadMinutes: 10,
    offDelayMinutes: 5,
    input: 'hdmi1' as string | null,
    ...draft.automation,
  };
  const setAutomation = (next: Partial<typeof automation>) =>
    setDraft({ ...draft, automation: { ...automation, ...next } });
  const passwordSet = saved.projector?.kind === 'pjlink' && saved.projector.passwordSet;

  const save = (event: FormEvent) => {
    event.preventDefault();
    station.invoke('devices.saveConfig', { technicianSession, config: draft }).then(
      (view) => {
        if ('refused' in view) return onExpired();
        setSaved(view);
        setDraft(draftOf(view));
        setMessage({ text: t('devices.saved'), ok: true });
      },
      (error: unknown) => {
        const issues =
          error instanceof ContractError && error.issues
            ? error.issues.map((issue) => `${issue.path}: ${issue.message}`)
            : [];
        setMessage({ text: [errorText(t, error), ...issues].join('；'), ok: false });
      },
    );
  };
  const discover = () => {
    setSearching(true);
    setFound(null);
    station
      .invoke('devices.discover', { technicianSession })
      .then(
        (answer) => ('refused' in answer ? onExpired() : setFound(answer.found)),
        (error: unknown) => setMessage({ text: errorText(t, error), ok: false }),
      )
      .finally(() => setSearching(false));
  };
  const kind = projector?.kind ?? 'none';

  return (
    <form className="device-settings" onSubmit={save} data-testid="device-settings">
      <h3>
        {t('devices.settings')} <span className="hint">{t('devices.settingsHint')}</span>
      </h3>
      <fieldset>
        <legend>{t('devices.projector')}</legend>
        <label>
          {t('devices.projectorKind')}
          <select
            className="field"
            value={kind}
            data-testid="projector-kind"
            onChange={(event) => {
              const next = event.target.value;
              const name = projector?.name ?? '教室投影机';
              if (next === 'none') setProjector(null);
              else if (next === 'pjlink') setProjector({ kind: 'pjlink', name, host: '', port: 4352 });
              else if (next === 'serial')
                setProjector({
                  kind: 'serial',
                  name,
                  commandSet: 'epson-escvp21',
                  path: '/dev/ttyUSB0',
                  baudRate: null,
                });
              else setProjector({ kind: 'simulated', name });
            }}
          >
            <option value="none">{t('devices.projectorKind.none')}</option>
            <option value="pjlink">{t('devices.kind.pjlink')}</option>
            <option value="serial">{t('devices.kind.serial')}</option>
            <option value="simulated">{t('devices.kind.projectorSimulated')}</option>
          </select>
        </label>
        {projector && (
          <label>
            {t('devices.name')}
            <input
              className="field"
              required
              maxLength={40}
              value={projector.name}
              onChange={(event) => setProjector({ ...projector, name: event.target.value })}
            />
          </label>
        )}
        {projector?.kind === 'pjlink' && (
          <>
            <label>
              {t('devices.host')}
              <input
                className="field"
                required
                value={projector.host}
                data-testid="projector-host"
                onChange={(event) => setProjector({ ...projector, host: event.target.value.trim() })}
              />
            </label>
            <NumberField
              label={t('devices.port')}
              min={1}
              max={65535}
              value={projector.port ?? 4352}
              onChange={(port) => setProjector({ ...projector, port: port ?? 4352 })}
            />
            <label>
              {t('devices.password')}
              <input
                className="field"
                type="password"
                autoComplete="off"
                maxLength={32}
                value={projector.password ?? ''}
                placeholder={passwordSet ? t('devices.passwordKept') : t('devices.passwordNone')}
                onChange={(event) =>
                  setProjector({ ...projector, password: event.target.value === '' ? undefined : event.target.value })
                }
              />
            </label>
            {passwordSet && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={projector.password === null}
                  onChange={(event) =>
                    setProjector({ ...projector, password: event.target.checked ? null : undefined })
                  }
                />
                {t('devices.passwordClear')}
              </label>
            )}
          </>
        )}
        {projector?.kind === 'serial' && (
          <>
            <label>
              {t('devices.commandSet')}
              <select
                className="field"
                value={projector.commandSet}
                onChange={(event) =>
                  setProjector({ ...projector, commandSet: event.target.value as (typeof SERIAL_COMMAND_SETS)[number] })
                }
              >
                {SERIAL_COMMAND_SETS.map((id) => (
                  <option key={id} value={id}>
                    {{ 'epson-escvp21': 'Epson ESC/VP21', nec: 'NEC', benq: 'BenQ' }[id]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('devices.serialPath')}
              <input
                className="field"
                required
                value={projector.path}
                onChange={(event) => setProjector({ ...projector, path: event.target.value.trim() })}
              />
            </label>
            <NumberField
              label={t('devices.baudRate')}
              empty={t('devices.baudDefault')}
              value={projector.baudRate ?? null}
              onChange={(baudRate) => setProjector({ ...projector, baudRate })}
            />
          </>
        )}
        <div className="discover">
          <button
            type="button"
            className="device-button"
            onClick={discover}
            disabled={searching}
            data-testid="discover"
          >
            {searching ? t('devices.discovering') : t('devices.discover')}
          </button>
          {found && found.length === 0 && <span className="hint">{t('devices.discoverNone')}</span>}
          {found?.map((entry) => (
            <div key={entry.address} className="found" data-testid="found">
              <span>
                {entry.address} · {entry.name ?? entry.mac}
                {entry.model ? ` · ${entry.model}` : ''}
                {entry.needsPassword ? ` · ${t('devices.discoverNeedsPassword')}` : ''}
              </span>
              <button
                type="button"
                className="device-button"
                onClick={() =>
                  setProjector({
                    kind: 'pjlink',
                    name: entry.name ?? projector?.name ?? '教室投影机',
                    host: entry.address,
                    port: 4352,
                  })
                }
              >
                {t('devices.discoverUse')}
              </button>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('devices.automation')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={automation.enabled}
            onChange={(event) => setAutomation({ enabled: event.target.checked })}
            data-testid="automation-enabled"
          />
          {t('devices.enabled')}
        </label>
        <NumberField
          label={t('devices.leadMinutes')}
          min={0}
          max={60}
          value={automation.leadMinutes}
          onChange={(leadMinutes) => setAutomation({ leadMinutes: leadMinutes ?? 0 })}
        />
        <NumberField
          label={t('devices.offDelayMinutes')}
          min={0}
          max={120}
          value={automation.offDelayMinutes}
          onChange={(offDelayMinutes) => setAutomation({ offDelayMinutes: offDelayMinutes ?? 0 })}
        />
        <label>
          {t('devices.classInput')}
          <select
            className="field"
            value={automation.input ?? ''}
            onChange={(event) => setAutomation({ input: event.target.value || null })}
          >
            <option value="">{t('devices.inputUnchanged')}</option>
            {CLASS_INPUTS.map((input) => (
              <option key={input} value={input}>
                {inputLabel(input)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('devices.readers')}</legend>
        {readers.map((reader, index) => (
          <ReaderFields
            key={reader.id}
            reader={reader}
            onChange={(next) => setReaders(readers.map((entry, i) => (i === index ? next : entry)))}
            onRemove={() => setReaders(readers.filter((_, i) => i !== index))}
          />
        ))}
        <button
          type="button"
          className="device-button"
          disabled={readers.length >= 8}
          data-testid="add-reader"
          onClick={() => {
            const used = new Set(readers.map((reader) => reader.id));
            let n = readers.length + 1;
            while (used.has(`reader-${n}`)) n++;
            setReaders([
              ...readers,
              { kind: 'pcsc', id: `reader-${n}`, name: `读卡器 ${n}`, readerName: '', uidFormat: 'hex' },
            ]);
          }}
        >
          {t('devices.addReader')}
        </button>
      </fieldset>

      <div className="device-actions">
        <button type="submit" className="device-button primary" data-testid="save-devices">
          {t('devices.save')}
        </button>
        {message && (
          <span className={message.ok ? 'state state-ok' : 'notice-error'} role="status" data-testid="settings-message">
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}

function ReaderFields({
  reader,
  onChange,
  onRemove,
}: {
  reader: Reader;
  onChange: (next: Reader) => void;
  onRemove: () => void;
}) {
  const { t } = useLocale();
  const uidFormat = (value: string | undefined) => (
    <label>
      {t('devices.uidFormat')}
      <select
        className="field"
        value={value ?? 'hex'}
        onChange={(event) =>
          onChange({ ...reader, uidFormat: event.target.value as (typeof UID_FORMATS)[number] } as Reader)
        }
      >
        {UID_FORMATS.map((format) => (
          <option key={format} value={format}>
            {t(`devices.uid.${format}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="reader-fields" data-testid={`reader-fields-${reader.id}`}>
      <label>
        {t('devices.type')}
        <select
          className="field"
          value={reader.kind}
          onChange={(event) => {
            const base = { id: reader.id, name: reader.name };
            const kind = event.target.value;
            if (kind === 'hid') onChange({ ...base, kind, vendorId: 0xffff, productId: 0x0035, format: 'keyboard' });
            else if (kind === 'id_card') onChange({ ...base, kind, path: '/dev/ttyUSB0', baudRate: 115200 });
            else onChange({ ...base, kind: 'pcsc', readerName: '', uidFormat: 'hex' });
          }}
        >
          <option value="pcsc">{t('devices.kind.pcsc')}</option>
          <option value="hid">{t('devices.kind.hid')}</option>
          <option value="id_card">{t('devices.kind.id_card')}</option>
        </select>
      </label>
      <label>
        {t('devices.name')}
        <input
          className="field"
          required
          maxLength={40}
          value={reader.name}
          onChange={(event) => onChange({ ...reader, name: event.target.value })}
        />
      </label>
      {reader.kind === 'hid' && (
        <>
          <UsbIdField
            label={t('devices.vendorId')}
            value={reader.vendorId}
            onChange={(vendorId) => onChange({ ...reader, vendorId })}
          />
          <UsbIdField
            label={t('devices.productId')}
            value={reader.productId}
            onChange={(productId) => onChange({ ...reader, productId })}
          />
          <label>
            {t('devices.reportFormat')}
            <select
              className="field"
              value={reader.format ?? 'keyboard'}
              onChange={(event) => onChange({ ...reader, format: event.target.value as 'keyboard' | 'ascii' | 'uid' })}
            >
              {(['keyboard', 'ascii', 'uid'] as const).map((format) => (
                <option key={format} value={format}>
                  {t(`devices.format.${format}`)}
                </option>
              ))}
            </select>
          </label>
          {reader.format === 'uid' && uidFormat(reader.uidFormat)}
        </>
      )}
      {reader.kind === 'id_card' && (
        <>
          <label>
            {t('devices.serialPath')}
            <input
              className="field"
              required
              value={reader.path}
              onChange={(event) => onChange({ ...reader, path: event.target.value.trim() })}
            />
          </label>
          <NumberField
            label={t('devices.baudRate')}
            value={reader.baudRate ?? 115200}
            onChange={(baudRate) => onChange({ ...reader, baudRate: baudRate ?? 115200 })}
          />
        </>
      )}
      {reader.kind === 'pcsc' && (
        <>
          <label>
            {t('devices.readerName')}
            <input
              className="field"
              maxLength={100}
              value={reader.readerName ?? ''}
              onChange={(event) => onChange({ ...reader, readerName: event.target.value })}
            />
          </label>
          {uidFormat(reader.uidFormat)}
        </>
      )}
      <button type="button" className="device-button danger" onClick={onRemove}>
        {t('devices.removeReader')}
      </button>
    </div>
  );
}

/** A labelled number field; an empty field is null (`empty` says what that means). */
function NumberField(props: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  min?: number;
  max?: number;
  empty?: string;
}) {
  return (
    <label>
      {props.label}
      <input
        className="field short"
        type="number"
        min={props.min}
        max={props.max}
        placeholder={props.empty}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value === '' ? null : Number(event.target.value))}
      />
    </label>
  );
}

/** A USB vendor or product id as `lsusb` shows it: four hex digits. */
function UsbIdField(props: { label: string; value: number | undefined; onChange: (value: number) => void }) {
  return (
    <label>
      {props.label}
      <input
        className="field short"
        pattern="[0-9a-fA-F]{1,4}"
        defaultValue={(props.value ?? 0).toString(16).padStart(4, '0')}
        onChange={(event) => props.onChange(parseInt(event.target.value, 16) || 0)}
      />
    </label>
  );
}
