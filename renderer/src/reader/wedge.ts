// The keyboard-wedge reader, renderer side. Such a reader types the card number as
// keystrokes and presses Enter, into whatever has the focus; a person types the same keys,
// slower (common/card-input.ts is the one rule; native/readers/keyboard-wedge.ts applies it
// in main). Why here as well:
// the decision to swallow a key must be taken in the keydown handler, synchronously, or
// the digits land in the focused field and Enter presses the focused button. So the
// renderer holds back each letter or digit for one gap; keys that follow within the gap
// join it; an Enter within the gap after enough of them makes a card, which is sent to
// reader.tap (main checks it with the same rule). Held keys that turn out to be typing are
// released into the field they were meant for, so a person loses nothing but a few
// milliseconds. Pure: keys and times in, decisions out.
import { CARD_CHARACTER, CARD_INPUT, isReaderPace } from '../../../common/card-input.ts';

export type WedgeDecision =
  /** Type `release` (held keys that were typing, maybe empty), then swallow the key and keep it; flush() after the gap. */
  | { action: 'hold'; release: string }
  /** Swallow the Enter: these keys were a card. */
  | { action: 'card'; card: string }
  /** Let the key through, after typing `release` (held keys that were typing, maybe empty). */
  | { action: 'pass'; release: string };

export interface WedgeCollector {
  key(key: string, timeMs: number): WedgeDecision;
  /** At the end of a gap with no new key: the held keys, to be typed as they were meant. */
  flush(timeMs: number): string;
}

export function createWedgeCollector(): WedgeCollector {
  let held = '';
  let last = -Infinity;
  const take = () => {
    const text = held;
    held = '';
    return text;
  };
  return {
    key(key, timeMs) {
      const fast = isReaderPace(timeMs - last);
      last = timeMs;
      if (key === 'Enter' && fast && held.length >= CARD_INPUT.minLength) return { action: 'card', card: take() };
      if (!CARD_CHARACTER.test(key)) return { action: 'pass', release: take() };
      // A slow key starts a new run: what was held before it was typing. So does a run
      // longer than any card.
      const release = !fast || held.length >= CARD_INPUT.maxLength ? take() : '';
      held += key;
      return { action: 'hold', release };
    },
    flush(timeMs) {
      return timeMs - last >= CARD_INPUT.maxKeyGapMs ? take() : '';
    },
  };
}
