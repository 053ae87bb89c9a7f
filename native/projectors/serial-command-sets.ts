// RS-232 projector command sets as data: what to send, what the answer looks like, where the
// value is, and the timing each maker asks for. One interpreter (serial-projector.ts) runs
// them all, so a new maker is a new entry here, not a new code path. Sources: Epson's
// ESC/VP21 command reference, NEC's projector control command reference (binary frames with
// a sum checksum), BenQ's RS-232 command table (ASCII `*cmd=value#`).
import type { SerialCommandSetId } from '../../common/devices.ts';
import type { PartHealth, PowerState, ProjectorHealth } from './projector.ts';

/**
 * text: answers are characters ending with `terminator` (ESC/VP21's `:` prompt, BenQ's `#`);
 * an `echo` projector repeats each command before answering.
 * sum8: binary frames of a fixed header whose byte `lengthIndex` counts the data bytes that
 * follow, then a checksum byte, the sum of all bytes before it; a reply whose first byte has
 * `errorBit` set is a refusal (its data holds the error code).
 */
export type Framing =
  | { kind: 'text'; terminator: string; echo: boolean }
  | { kind: 'sum8'; headerLength: number; lengthIndex: number; errorBit: number };

/**
 * One command and its answer. text: `send` is characters, `expect` a regular expression over
 * the answer whose first group is the value. sum8: `send` is the frame in hex without its
 * checksum, `expect` the answer's first bytes in hex, and the value is `bytes` bytes
 * (little-endian) at `at` in the answer's data. `{code}` in `send` is the input's code.
 */
export type Exchange = { send: string; expect: string; at?: number; bytes?: number };

export type ValueExchange<T> = Exchange & { values: Record<string, T> };

/** How an error report reads: a code per fault (ESC/VP21) or a bit per part (NEC). */
export type HealthExchange = Exchange &
  (
    | { codes: Record<string, Partial<Record<keyof ProjectorHealth, PartHealth>>> }
    | { bits: Record<number, keyof ProjectorHealth> }
  );

export type CommandSet = {
  id: SerialCommandSetId;
  label: string;
  serial: { baudRate: number; dataBits: 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 };
  /** How long an answer may take, and the quiet time the projector needs between commands. */
  timing: { replyTimeoutMs: number; gapMs: number };
  framing: Framing;
  /** text: answers that refuse a command — not now (warming, standby: `busy`) or not understood. */
  refusals?: { busy: string; unsupported?: string };
  power: { on: Exchange[]; off: Exchange[]; query: ValueExchange<PowerState> };
  input: { set: Exchange; query: ValueExchange<string> | null; codes: Record<string, string> };
  /** Picture and sound muted together: one command, or one per part. */
  mute: { on: Exchange[]; off: Exchange[]; query: ValueExchange<boolean> | null };
  /** `divide` turns the reported unit into hours (NEC counts seconds). */
  lampHours: (Exchange & { divide: number }) | null;
  health: HealthExchange | null;
};

const escvp21: CommandSet = {
  id: 'epson-escvp21',
  label: 'Epson ESC/VP21',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  // Epson asks for patience: a power command is answered only once the projector accepted it.
  timing: { replyTimeoutMs: 5000, gapMs: 100 },
  framing: { kind: 'text', terminator: ':', echo: false },
  refusals: { busy: '^ERR$' },
  power: {
    on: [{ send: 'PWR ON\r', expect: '^$' }],
    off: [{ send: 'PWR OFF\r', expect: '^$' }],
    query: {
      send: 'PWR?\r',
      expect: '^PWR=(\\d\\d)$',
      values: { '00': 'off', '01': 'on', '02': 'warming', '03': 'cooling', '04': 'off', '05': 'off', '09': 'off' },
    },
  },
  input: {
    set: { send: 'SOURCE {code}\r', expect: '^$' },
    query: {
      send: 'SOURCE?\r',
      expect: '^SOURCE=([0-9A-F]{2})$',
      values: {
        '11': 'computer1',
        '21': 'computer2',
        '30': 'hdmi1',
        A0: 'hdmi2',
        '41': 'video1',
        '52': 'usb1',
        '53': 'network1',
      },
    },
    codes: { computer1: '11', computer2: '21', hdmi1: '30', hdmi2: 'A0', video1: '41', usb1: '52', network1: '53' },
  },
  mute: {
    on: [{ send: 'MUTE ON\r', expect: '^$' }],
    off: [{ send: 'MUTE OFF\r', expect: '^$' }],
    query: { send: 'MUTE?\r', expect: '^MUTE=(ON|OFF)$', values: { ON: true, OFF: false } },
  },
  lampHours: { send: 'LAMP?\r', expect: '^LAMP=(\\d+)$', divide: 1 },
  health: {
    send: 'ERR?\r',
    expect: '^ERR=([0-9A-F]{2})$',
    codes: {
      '00': {},
      '01': { fan: 'error' },
      '03': { lamp: 'error' },
      '04': { temperature: 'error' },
      '06': { lamp: 'error' },
      '07': { cover: 'error' },
      '08': { filter: 'error' },
      '0A': { fan: 'error' },
      '0B': { temperature: 'error' },
    },
  },
};

const nec: CommandSet = {
  id: 'nec',
  label: 'NEC (binary)',
  serial: { baudRate: 38400, dataBits: 8, parity: 'none', stopBits: 1 },
  timing: { replyTimeoutMs: 3000, gapMs: 100 },
  framing: { kind: 'sum8', headerLength: 5, lengthIndex: 4, errorBit: 0x80 },
  power: {
    on: [{ send: '0200000000', expect: '2200' }],
    off: [{ send: '0201000000', expect: '2201' }],
    // RUNNING STATUS REQUEST: the operation status is the sixth data byte.
    query: {
      send: '008500000101',
      expect: '2085',
      at: 5,
      bytes: 1,
      values: { '00': 'off', '04': 'on', '05': 'cooling', '06': 'off', '0f': 'off', '10': 'off' },
    },
  },
  input: {
    set: { send: '0203000002 01{code}', expect: '2203' },
    query: null,
    codes: { computer1: '01', computer2: '02', video1: '06', hdmi1: '1a', hdmi2: '1b', network1: '20' },
  },
  mute: {
    // Picture mute and sound mute are separate commands.
    on: [
      { send: '0210000000', expect: '2210' },
      { send: '0212000000', expect: '2212' },
    ],
    off: [
      { send: '0211000000', expect: '2211' },
      { send: '0213000000', expect: '2213' },
    ],
    query: null,
  },
  // LAMP INFORMATION REQUEST 3, lamp 1, usage time: seconds in data bytes 3–6.
  lampHours: { send: '03960000020001', expect: '2396', at: 2, bytes: 4, divide: 3600 },
  // ERROR STATUS REQUEST: the first data byte's bits.
  health: {
    send: '0088000000',
    expect: '2088',
    at: 0,
    bytes: 1,
    bits: { 0: 'cover', 1: 'temperature', 3: 'fan', 4: 'fan', 5: 'other', 6: 'lamp', 7: 'lamp' },
  },
};

const benq: CommandSet = {
  id: 'benq',
  label: 'BenQ (ASCII)',
  serial: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 },
  timing: { replyTimeoutMs: 3000, gapMs: 200 },
  framing: { kind: 'text', terminator: '#', echo: true },
  refusals: { busy: '^\\*Block item$', unsupported: '^\\*Illegal format$' },
  power: {
    on: [{ send: '\r*pow=on#\r', expect: '^\\*POW=ON$' }],
    off: [{ send: '\r*pow=off#\r', expect: '^\\*POW=OFF$' }],
    query: { send: '\r*pow=?#\r', expect: '^\\*POW=(ON|OFF)$', values: { ON: 'on', OFF: 'off' } },
  },
  input: {
    set: { send: '\r*sour={code}#\r', expect: '^\\*SOUR=' },
    query: {
      send: '\r*sour=?#\r',
      expect: '^\\*SOUR=([A-Z0-9]+)$',
      values: {
        RGB: 'computer1',
        RGB2: 'computer2',
        HDMI: 'hdmi1',
        HDMI2: 'hdmi2',
        VID: 'video1',
        NETWORK: 'network1',
      },
    },
    codes: { computer1: 'RGB', computer2: 'RGB2', hdmi1: 'hdmi', hdmi2: 'hdmi2', video1: 'vid', network1: 'network' },
  },
  mute: {
    on: [{ send: '\r*blank=on#\r', expect: '^\\*BLANK=ON$' }],
    off: [{ send: '\r*blank=off#\r', expect: '^\\*BLANK=OFF$' }],
    query: { send: '\r*blank=?#\r', expect: '^\\*BLANK=(ON|OFF)$', values: { ON: true, OFF: false } },
  },
  lampHours: { send: '\r*ltim=?#\r', expect: '^\\*LTIM=(\\d+)$', divide: 1 },
  health: null,
};

export const COMMAND_SETS: Record<SerialCommandSetId, CommandSet> = { 'epson-escvp21': escvp21, nec, benq };
