// What a raw HID card reader's input reports mean, per report format (configurable, as
// readers differ): `keyboard` — boot-keyboard reports (a modifier byte, a reserved byte, six
// key usages) that type the number and press Enter; `ascii` — the number as characters,
// ended by CR or LF; `uid` — the card's UID as bytes at a fixed place in one report. Pure:
// reports in, card numbers or errors out.
import { isCardNumber } from '../../common/card-input.ts';
import { DeviceError, showBytes } from '../device-error.ts';
import type { UidFormat } from '../../common/devices.ts';
import { formatUid } from './uid.ts';

export type HidReportFormat =
  | { kind: 'keyboard'; offset: number }
  | { kind: 'ascii'; offset: number }
  | { kind: 'uid'; offset: number; length: number; uidFormat: UidFormat };

export type HidDecoded = { card: string } | { error: DeviceError } | null;

export interface HidReportDecoder {
  report(data: Buffer): HidDecoded;
}

const ENTER = new Set([0x28, 0x58]);
const SHIFT = 0x22; // left or right shift in the modifier byte

/** A HID keyboard usage as the character it types, or null for a key no card number holds. */
function usageCharacter(usage: number, shifted: boolean): string | null {
  if (usage >= 0x04 && usage <= 0x1d) {
    const letter = String.fromCharCode(0x61 + usage - 0x04);
    return shifted ? letter.toUpperCase() : letter;
  }
  if (usage >= 0x1e && usage <= 0x26) return String(usage - 0x1d);
  if (usage === 0x27 || usage === 0x62) return '0';
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  return null;
}

function finish(text: string): HidDecoded {
  if (text === '') return null;
  if (isCardNumber(text)) return { card: text };
  return { error: new DeviceError('bad_reply', `The reader sent ${showBytes(text)}, not a card number`) };
}

const MAX_PENDING = 64;

export function createHidDecoder(format: HidReportFormat): HidReportDecoder {
  let text = '';
  let held = new Set<number>();
  const overflow = (): HidDecoded => {
    const error = new DeviceError('bad_reply', `The reader sent ${showBytes(text)} without an end`);
    text = '';
    return { error };
  };
  switch (format.kind) {
    case 'keyboard':
      return {
        report(data) {
          const report = data.subarray(format.offset);
          if (report.length < 3)
            return { error: new DeviceError('bad_reply', `A keyboard report too short: ${showBytes(data)}`) };
          const shifted = (report[0]! & SHIFT) !== 0;
          const keys = [...report.subarray(2, 8)].filter((usage) => usage > 0x03);
          // A key counts when it goes down: reports repeat the keys still held.
          const pressed = keys.filter((usage) => !held.has(usage));
          held = new Set(keys);
          for (const usage of pressed) {
            if (ENTER.has(usage)) {
              const done = finish(text);
              text = '';
              return done;
            }
            const character = usageCharacter(usage, shifted);
            text += character ?? '\ufffd';
            if (text.length > MAX_PENDING) return overflow();
          }
          return null;
        },
      };
    case 'ascii':
      return {
        report(data) {
          for (const byte of data.subarray(format.offset)) {
            if (byte === 0x00) continue;
            if (byte === 0x0d || byte === 0x0a) {
              const done = finish(text);
              text = '';
              if (done) return done;
              continue;
            }
            text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '\ufffd';
            if (text.length > MAX_PENDING) return overflow();
          }
          return null;
        },
      };
    case 'uid':
      return {
        report(data) {
          const uid = data.subarray(format.offset, format.offset + format.length);
          if (uid.length < format.length)
            return { error: new DeviceError('bad_reply', `A report too short for a UID: ${showBytes(data)}`) };
          if (uid.every((byte) => byte === 0)) return null; // "no card" reports of some readers
          return finish(formatUid(uid, format.uidFormat));
        },
      };
  }
}
