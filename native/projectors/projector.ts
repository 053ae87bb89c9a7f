// The projector driver interface: what the station asks of any projector — PJLink over the
// network, an RS-232 command set, the demo's simulator — and nothing more. Every call either
// answers or throws a DeviceError (native/device-error.ts) whose code the technician's page
// words; a driver never hangs (each has a reply timeout) and never lets a device's garbage
// escape as anything but `bad_reply`.

/** off: standby; warming/cooling: changing state (commands are refused until it settles). */
export type PowerState = 'off' | 'on' | 'warming' | 'cooling';

import type { INPUT_KINDS } from '../../common/devices.ts';

/** Inputs by kind and number (common/devices.ts): `hdmi1`, `computer2`, … */
export type InputKind = (typeof INPUT_KINDS)[number];

/** ok, warning or error, per part, as PJLink's ERST reports them; null where unknown. */
export type PartHealth = 'ok' | 'warning' | 'error';
export type ProjectorHealth = {
  fan: PartHealth | null;
  lamp: PartHealth | null;
  temperature: PartHealth | null;
  cover: PartHealth | null;
  filter: PartHealth | null;
  other: PartHealth | null;
};

export type ProjectorStatus = {
  power: PowerState;
  /** The selected input, or null where the projector does not say (off, or not asked). */
  input: string | null;
  /** Picture and sound muted together (AV mute), or null where unknown. */
  muted: boolean | null;
  /** Hours of each lamp (empty for a laser projector or where unknown). */
  lampHours: number[];
  filterHours: number | null;
  health: ProjectorHealth;
};

export type ProjectorIdentity = {
  /** The name set on the projector (PJLink NAME), or null. */
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  /** PJLink class 1 or 2; null for other protocols. */
  pjlinkClass: 1 | 2 | null;
  /** The inputs the projector has, where it can list them. */
  inputs: string[];
  /** What the projector calls its inputs (PJLink class 2 INNM), by input name. */
  inputNames: Record<string, string>;
  /** PJLink class 2: serial number, software version, the replacement lamp's and filter's model numbers. */
  serialNumber: string | null;
  softwareVersion: string | null;
  lampModel: string | null;
  filterModel: string | null;
};

export interface Projector {
  /** How the technician named it in the device configuration. */
  readonly name: string;
  identify(): Promise<ProjectorIdentity>;
  status(): Promise<ProjectorStatus>;
  /** Resolves once the projector accepted the command (it may still be warming or cooling). */
  setPower(on: boolean): Promise<void>;
  selectInput(input: string): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  /** Releases the connection or port. */
  close(): Promise<void>;
}

export const UNKNOWN_HEALTH: ProjectorHealth = {
  fan: null,
  lamp: null,
  temperature: null,
  cover: null,
  filter: null,
  other: null,
};

/** The identity's parts only PJLink class 2 reports: none known. */
export const NO_DETAILS = {
  serialNumber: null,
  softwareVersion: null,
  lampModel: null,
  filterModel: null,
} as const;
