// A projector without hardware, for the demo station and tests: it warms up and cools down
// like a real one (commands meanwhile are refused as busy), counts lamp hours while on, and
// can be made to fail, so the organiser's controls, the automation and the technician's
// page behave on a laptop as they will in a classroom.
import { DeviceError } from '../device-error.ts';
import {
  NO_DETAILS,
  UNKNOWN_HEALTH,
  type PowerState,
  type Projector,
  type ProjectorIdentity,
  type ProjectorStatus,
} from './projector.ts';

export type SimulatedProjectorOptions = {
  name?: string;
  warmupMs?: number;
  cooldownMs?: number;
  inputs?: string[];
  lampHours?: number;
  /** Milliseconds since some origin; injectable for the lamp's hours. */
  now?: () => number;
};

export class SimulatedProjector implements Projector {
  readonly name: string;
  readonly #warmupMs: number;
  readonly #cooldownMs: number;
  readonly #inputs: string[];
  readonly #now: () => number;
  #power: PowerState = 'off';
  #input: string;
  #muted = false;
  #lampMs: number;
  #onSince: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failure: DeviceError | null = null;

  constructor(options: SimulatedProjectorOptions = {}) {
    this.name = options.name ?? 'simulated projector';
    this.#warmupMs = options.warmupMs ?? 3000;
    this.#cooldownMs = options.cooldownMs ?? 5000;
    this.#inputs = options.inputs ?? ['hdmi1', 'hdmi2', 'computer1'];
    this.#input = this.#inputs[0]!;
    this.#now = options.now ?? (() => performance.now());
    this.#lampMs = (options.lampHours ?? 1200) * 3_600_000;
  }

  /** From now on every call fails with this (null: works again), like a cable pulled out. */
  fail(error: DeviceError | null): void {
    this.#failure = error;
  }

  #check(): void {
    if (this.#failure) throw this.#failure;
  }

  #settle(next: PowerState, after: number, then: PowerState): void {
    this.#power = next;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#power = then;
      if (then === 'on') this.#onSince = this.#now();
    }, after);
    this.#timer.unref();
  }

  async identify(): Promise<ProjectorIdentity> {
    this.#check();
    return {
      ...NO_DETAILS,
      inputNames: {},
      name: this.name,
      manufacturer: 'Lectern',
      model: 'Simulator',
      pjlinkClass: null,
      inputs: [...this.#inputs],
    };
  }

  async status(): Promise<ProjectorStatus> {
    this.#check();
    const lampMs = this.#lampMs + (this.#onSince === null ? 0 : this.#now() - this.#onSince);
    return {
      power: this.#power,
      input: this.#power === 'on' ? this.#input : null,
      muted: this.#power === 'on' ? this.#muted : null,
      lampHours: [Math.floor(lampMs / 3_600_000)],
      filterHours: Math.floor(lampMs / 3_600_000),
      health: { ...UNKNOWN_HEALTH, fan: 'ok', lamp: 'ok', temperature: 'ok', cover: 'ok', filter: 'ok', other: 'ok' },
    };
  }

  async setPower(on: boolean): Promise<void> {
    this.#check();
    if (this.#power === 'warming' || this.#power === 'cooling')
      throw new DeviceError('busy', `The projector is ${this.#power === 'warming' ? 'warming up' : 'cooling down'}`);
    if (on && this.#power === 'off') this.#settle('warming', this.#warmupMs, 'on');
    if (!on && this.#power === 'on') {
      if (this.#onSince !== null) this.#lampMs += this.#now() - this.#onSince;
      this.#onSince = null;
      this.#settle('cooling', this.#cooldownMs, 'off');
    }
  }

  async selectInput(input: string): Promise<void> {
    this.#check();
    if (this.#power !== 'on') throw new DeviceError('busy', 'The projector is not on');
    if (!this.#inputs.includes(input)) throw new DeviceError('bad_parameter', `No input ${input}`);
    this.#input = input;
  }

  async setMuted(muted: boolean): Promise<void> {
    this.#check();
    if (this.#power !== 'on') throw new DeviceError('busy', 'The projector is not on');
    this.#muted = muted;
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
