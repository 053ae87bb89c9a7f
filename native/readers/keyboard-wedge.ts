// Keyboard-wedge readers type the card number as keystrokes and press Enter. A person can
// type digits and Enter too, so the difference is speed (common/card-input.ts, the rule the
// renderer applies as well). The parser is pure (keys with their times in, card numbers
// out); the adapter below makes a CardReader of it. It is fed either raw keys (key()) by
// whatever sees the keyboard, or cards the renderer already recognised with the same rule
// (deliver(): in a browser only the page sees the keys, and it must swallow them at once).
import { EventEmitter } from 'node:events';
import { CARD_CHARACTER, CARD_INPUT, isCardNumber, isReaderPace } from '../../common/card-input.ts';
import type { CardReader, CardReaderEvents } from './card-reader.ts';

export interface WedgeParser {
  /** One key (`'0'`…`'9'`, a letter, `'Enter'`, anything else) at a time in ms; a card number or null. */
  key(key: string, timeMs: number): string | null;
}

export function createWedgeParser(): WedgeParser {
  let buffer = '';
  let last = -Infinity;
  return {
    key(key, timeMs) {
      const fast = isReaderPace(timeMs - last);
      last = timeMs;
      if (key === 'Enter') {
        const card = fast && buffer.length >= CARD_INPUT.minLength ? buffer : null;
        buffer = '';
        return card;
      }
      if (!CARD_CHARACTER.test(key)) {
        buffer = '';
        return null;
      }
      // A slow key cannot continue a card; it may be the first key of one.
      buffer = fast && buffer.length < CARD_INPUT.maxLength ? buffer + key : key;
      return null;
    },
  };
}

/** A CardReader fed with keystrokes; `connected` while it is started. */
export class KeyboardWedgeReader extends EventEmitter<CardReaderEvents> implements CardReader {
  readonly name: string;
  #parser: WedgeParser;
  #connected = false;

  constructor(name = 'keyboard wedge') {
    super();
    this.name = name;
    this.#parser = createWedgeParser();
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
    if (card !== null) this.emit('card', { kind: 'card', value: card, reader: this.name });
    return card !== null;
  }

  /**
   * A card the renderer recognised by the same rule. Emitted synchronously: the caller sees
   * a listener's answer (or its error) before this returns. False while stopped, or when the
   * value is not a card number.
   */
  deliver(cardNumber: string): boolean {
    if (!this.#connected || !isCardNumber(cardNumber)) return false;
    this.emit('card', { kind: 'card', value: cardNumber, reader: this.name });
    return true;
  }
}
