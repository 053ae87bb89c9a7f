// What a card number looks like when a reader delivers it, and how a keyboard-wedge reader
// is told apart from a person typing: one rule for the renderer (which must decide inside a
// keydown handler whether to swallow a key), the station's wedge driver, and the contract's
// check of `reader.tap`. Card UIDs come in decimal or hex; resident ID numbers end in X.
//
// A wedge reader types every key of a card within a few milliseconds of the last and ends
// with Enter; a person needs 100 ms or more per key. 50 ms leaves room for a busy PC
// delivering a reader's keys late without mistaking the fastest typist for a reader.
export const CARD_INPUT = { minLength: 6, maxLength: 32, maxKeyGapMs: 50 } as const;

/** One key a card may contain. */
export const CARD_CHARACTER = /^[0-9A-Za-z]$/;

/** A whole card number as a reader delivers it. */
export const CARD_NUMBER_PATTERN = new RegExp(`^[0-9A-Za-z]{${CARD_INPUT.minLength},${CARD_INPUT.maxLength}}$`);

export function isCardNumber(value: string): boolean {
  return CARD_NUMBER_PATTERN.test(value);
}

/** Whether a key `gapMs` after the previous one can belong to the same card. */
export function isReaderPace(gapMs: number): boolean {
  return gapMs <= CARD_INPUT.maxKeyGapMs;
}
