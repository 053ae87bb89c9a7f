// Keyboard-wedge readers type the card number as keystrokes and press Enter. A person can
// type digits and Enter too, so the difference is speed: a reader sends every key within a
// few milliseconds of the last, a person needs 100 ms or more per key. The parser is pure
// (keys with their times in, card numbers out); the adapter below makes a CardReader of it
// for whoever receives the keystrokes (the kiosk window's input hook).
import { EventEmitter } from 'node:events';
import type { CardReader, CardReaderEvents } from './card-reader.ts';

export type WedgeOptions = {
  /** Longest gap between two keys of one card, Enter included (ms). */
  maxGapMs?: number;
  minLength?: number;
  maxLength?: number;
};

export interface WedgeParser {
  /** One key (`'0'`…`'9'`, a letter, `'Enter'`, anything else) at a time in ms; a card number or null. */
  key(key: string, timeMs: number): string | null;
}

// Letters too: resident ID numbers end in X, and some cards carry hex serials.
const CARD_CHARACTER = /^[0-9A-Za-z]$/;

export function createWedgeParser(options: WedgeOptions = {}): WedgeParser {
  const maxGapMs = options.maxGapMs ?? 40;
  const minLength = options.minLength ?? 6;
  const maxLength = options.maxLength ?? 32;
  let buffer = '';
  let last = -Infinity;
  return {
    key(key, timeMs) {
      const fast = timeMs - last <= maxGapMs;
      last = timeMs;
      if (key === 'Enter') {
        const card = fast && buffer.length >= minLength ? buffer : null;
        buffer = '';
        return card;
      }
      if (!CARD_CHARACTER.test(key)) {
        buffer = '';
        return null;
      }
      // A slow key cannot continue a card; it may be the first key of one.
      buffer = fast && buffer.length < maxLength ? buffer + key : key;
      return null;
    },
  };
}

/** A CardReader fed with keystrokes; `connected` while it is started. */
export class KeyboardWedgeReader extends EventEmitter<CardReaderEvents> implements CardReader {
  readonly name: string;
  #parser: WedgeParser;
  #connected = false;

  constructor(name = 'keyboard wedge', options: WedgeOptions = {}) {
    super();
    this.name = name;
    this.#parser = createWedgeParser(options);
  }

  get connected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    if (this.#connected) return;
    this.#connected = true;
    this.emit('connected');
  }

  async stop(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    this.emit('disconnected');
  }

  /** True when this key completed a card (and `card` was emitted). */
  key(key: string, timeMs: number): boolean {
    if (!this.#connected) return false;
    const card = this.#parser.key(key, timeMs);
    if (card !== null) this.emit('card', card);
    return card !== null;
  }
}
