// PJLink (JBMIA, class 1 and class 2) as pure functions: the authentication digest, command
// lines, and what reply values mean. The TCP client (pjlink.ts), the UDP search and
// notifications (pjlink-udp.ts) and the test emulator share them. Hand-written: the protocol
// is a few ASCII lines, and no maintained Node library covers class 2, its search and its
// notifications.
import crypto from 'node:crypto';
import { DeviceError, showBytes } from '../device-error.ts';
import { INPUT_KINDS, INPUT_PATTERN } from '../../common/devices.ts';
import { type InputKind, type PartHealth, type PowerState, type ProjectorHealth } from './projector.ts';

export const PJLINK_PORT = 4352;
/** A line longer than this without its CR is garbage, not a reply (the spec's longest is 136 bytes). */
export const PJLINK_MAX_LINE = 512;

/** The digest sent before the first command: MD5 of the projector's random number and the password, in hex. */
export function pjlinkDigest(random: string, password: string): string {
  return crypto
    .createHash('md5')
    .update(random + password, 'utf8')
    .digest('hex');
}

export type Greeting = { auth: false } | { auth: true; random: string };

/** The projector's first line: `PJLINK 0` (no password) or `PJLINK 1 <8 hex>`. */
export function parseGreeting(line: string): Greeting {
  if (line === 'PJLINK 0') return { auth: false };
  const match = /^PJLINK 1 ([0-9A-Fa-f]{8})$/.exec(line);
  if (match) return { auth: true, random: match[1]! };
  if (line === 'PJLINK ERRA') throw new DeviceError('auth_failed', 'The projector refused the password (PJLINK ERRA)');
  throw new DeviceError('bad_reply', `Not a PJLink greeting: ${showBytes(line)}`);
}

export type Reply = { pjlinkClass: 1 | 2; command: string; value: string };

/** `%1POWR=1` → class 1, POWR, "1"; null for a line that is no reply (a greeting, garbage). */
export function parseReplyLine(line: string): Reply | null {
  const match = /^%([12])([A-Z0-9]{4})=(.*)$/.exec(line);
  if (!match) return null;
  return { pjlinkClass: Number(match[1]) as 1 | 2, command: match[2]!, value: match[3]! };
}

const ERRORS = {
  ERR1: ['unsupported', 'the projector does not know this command (ERR1)'],
  ERR2: ['bad_parameter', 'the projector refused the value (ERR2)'],
  ERR3: ['busy', 'the projector cannot do it now: warming up, cooling down or in standby (ERR3)'],
  ERR4: ['device_failure', 'the projector reports a failure (ERR4)'],
} as const;

/** The value of a reply, or the DeviceError its ERRn stands for. */
export function replyValue(reply: Reply): string {
  const error = ERRORS[reply.value as keyof typeof ERRORS];
  if (error) throw new DeviceError(error[0], `%${reply.pjlinkClass}${reply.command}: ${error[1]}`);
  return reply.value;
}

export function commandLine(pjlinkClass: 1 | 2, command: string, parameter: string): string {
  return `%${pjlinkClass}${command} ${parameter}\r`;
}

const POWER: Record<string, PowerState> = { '0': 'off', '1': 'on', '2': 'cooling', '3': 'warming' };

export function parsePower(value: string): PowerState {
  const power = POWER[value];
  if (!power) throw new DeviceError('bad_reply', `Not a PJLink power state: ${showBytes(value)}`);
  return power;
}

const INPUT_TYPE_DIGIT: Record<InputKind, string> = {
  computer: '1',
  video: '2',
  hdmi: '3',
  usb: '4',
  network: '5',
  internal: '6',
};

/** `hdmi1` → `31`; class 1 knows types 1–5 and numbers 1–9, class 2 adds type 6 and A–Z. */
export function inputCode(input: string): string {
  const match = INPUT_PATTERN.exec(input);
  if (!match) throw new DeviceError('bad_parameter', `Not an input name: ${showBytes(input)}`);
  return INPUT_TYPE_DIGIT[match[1] as InputKind] + match[2]!;
}

/** `31` → `hdmi1`. */
export function inputName(code: string): string {
  const match = /^([1-6])([1-9A-Z])$/.exec(code);
  if (!match) throw new DeviceError('bad_reply', `Not a PJLink input: ${showBytes(code)}`);
  return INPUT_KINDS[Number(match[1]) - 1] + match[2]!;
}

/** `INST ?`: the inputs, space-separated. */
export function parseInputList(value: string): string[] {
  return value === '' ? [] : value.split(' ').map(inputName);
}

/** AV mute: `30` off, `31` picture and sound muted (11 picture only, 21 sound only). */
export function parseMute(value: string): boolean {
  if (!/^[123][01]$/.test(value)) throw new DeviceError('bad_reply', `Not a PJLink mute state: ${showBytes(value)}`);
  return value === '31' || value === '11';
}

const HEALTH: Record<string, PartHealth> = { '0': 'ok', '1': 'warning', '2': 'error' };

/** `ERST ?`: six digits — fan, lamp, temperature, cover open, filter, other. */
export function parseHealth(value: string): ProjectorHealth {
  if (!/^[012]{6}$/.test(value)) throw new DeviceError('bad_reply', `Not a PJLink error status: ${showBytes(value)}`);
  const [fan, lamp, temperature, cover, filter, other] = [...value].map((digit) => HEALTH[digit]!);
  return { fan: fan!, lamp: lamp!, temperature: temperature!, cover: cover!, filter: filter!, other: other! };
}

/** `LAMP ?`: pairs of hours and on/off, for up to eight lamps. */
export function parseLamps(value: string): number[] {
  const parts = value.split(' ');
  if (parts.length % 2 !== 0 || parts.length === 0 || parts.length > 16)
    throw new DeviceError('bad_reply', `Not a PJLink lamp list: ${showBytes(value)}`);
  const hours: number[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (!/^\d{1,5}$/.test(parts[i]!) || !/^[01]$/.test(parts[i + 1]!))
      throw new DeviceError('bad_reply', `Not a PJLink lamp list: ${showBytes(value)}`);
    hours.push(Number(parts[i]));
  }
  return hours;
}

export function parseHours(value: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new DeviceError('bad_reply', `Not a number of hours: ${showBytes(value)}`);
  return Number(value);
}

/** A MAC address as PJLink sends it (`00:11:22:aa:bb:cc`), lower-cased; null if it is not one. */
export function parseMac(value: string): string | null {
  return /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(value) ? value.toLowerCase() : null;
}
