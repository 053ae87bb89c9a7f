// One configured projector: its driver (made from the configuration), what it last said
// (status, model, inputs), its last error until it answers again, and the commands the
// technician, the organiser and the automation send it — each answered as an outcome, never
// thrown, since a projector that is off, cooling or unplugged is a state to show, not a bug.
import type { DeviceErrorCode } from '../../common/devices.ts';
import { DeviceError } from '../../native/device-error.ts';
import { PjlinkProjector } from '../../native/projectors/pjlink.ts';
import type { Projector, ProjectorIdentity, ProjectorStatus } from '../../native/projectors/projector.ts';
import { COMMAND_SETS } from '../../native/projectors/serial-command-sets.ts';
import { SerialProjector } from '../../native/projectors/serial-projector.ts';
import { SimulatedProjector } from '../../native/projectors/simulated-projector.ts';
import type { DeviceConfig, ProjectorAction, ProjectorView } from '../../preload/contract/channels/devices.ts';

type ProjectorConfig = NonNullable<DeviceConfig['projector']>;

export function createProjector(config: ProjectorConfig): Projector {
  switch (config.kind) {
    case 'pjlink':
      return new PjlinkProjector({
        name: config.name,
        host: config.host,
        port: config.port,
        password: config.password,
      });
    case 'serial':
      return new SerialProjector({
        name: config.name,
        path: config.path,
        commandSet: COMMAND_SETS[config.commandSet],
        baudRate: config.baudRate ?? undefined,
      });
    case 'simulated':
      return new SimulatedProjector({ name: config.name });
  }
}

export type Outcome = { outcome: 'ok' | DeviceErrorCode; message: string | null };

function asDeviceError(error: unknown): DeviceError {
  return error instanceof DeviceError ? error : new DeviceError('device_failure', String(error));
}

export class ProjectorControl {
  readonly kind: ProjectorConfig['kind'];
  readonly driver: Projector;
  readonly #now: () => number;
  readonly #changed: () => void;
  #status: ProjectorStatus | null = null;
  #identity: ProjectorIdentity | null = null;
  #checkedAt: number | null = null;
  #lastError: { code: DeviceErrorCode; message: string; at: number } | null = null;
  #answering: boolean | null = null;

  constructor(config: ProjectorConfig, options: { now: () => number; changed: () => void; driver?: Projector }) {
    this.kind = config.kind;
    this.driver = options.driver ?? createProjector(config);
    this.#now = options.now;
    this.#changed = options.changed;
  }

  get status(): ProjectorStatus | null {
    return this.#status;
  }

  view(): ProjectorView {
    const status = this.#status;
    return {
      name: this.driver.name,
      kind: this.kind,
      state: this.#answering === null ? 'unknown' : this.#answering ? 'ok' : 'error',
      power: status?.power ?? null,
      input: status?.input ?? null,
      muted: status?.muted ?? null,
      lampHours: status?.lampHours ?? [],
      filterHours: status?.filterHours ?? null,
      health: status?.health ?? { fan: null, lamp: null, temperature: null, cover: null, filter: null, other: null },
      model: this.#identity
        ? [this.#identity.manufacturer, this.#identity.model].filter(Boolean).join(' ') || null
        : null,
      inputs: this.#identity?.inputs ?? [],
      inputNames: this.#identity?.inputNames ?? {},
      serialNumber: this.#identity?.serialNumber ?? null,
      lampModel: this.#identity?.lampModel ?? null,
      filterModel: this.#identity?.filterModel ?? null,
      checkedAt: this.#checkedAt,
      lastError: this.#lastError,
    };
  }

  #failed(error: DeviceError): Outcome {
    this.#answering = error.code === 'busy' || error.code === 'bad_parameter' || error.code === 'unsupported';
    this.#lastError = { code: error.code, message: error.message, at: this.#now() };
    this.#changed();
    return { outcome: error.code, message: error.message };
  }

  /** Asks the projector how it is (and, once, what it is). */
  async refresh(): Promise<Outcome> {
    try {
      this.#identity ??= await this.driver.identify();
      this.#status = await this.driver.status();
      this.#checkedAt = this.#now();
      this.#answering = true;
      this.#lastError = null;
      this.#changed();
      return { outcome: 'ok', message: null };
    } catch (error) {
      return this.#failed(asDeviceError(error));
    }
  }

  /** A command, then a fresh status; the command's outcome is the answer. */
  async run(action: ProjectorAction, input?: string): Promise<Outcome> {
    if (action === 'status') return this.refresh();
    try {
      if (action === 'on' || action === 'off') await this.driver.setPower(action === 'on');
      else if (action === 'mute' || action === 'unmute') await this.driver.setMuted(action === 'mute');
      else await this.driver.selectInput(input!);
    } catch (error) {
      const outcome = this.#failed(asDeviceError(error));
      if (outcome.outcome === 'busy') await this.refresh().then(() => this.#failed(asDeviceError(error)));
      return outcome;
    }
    await this.refresh();
    return { outcome: 'ok', message: null };
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
