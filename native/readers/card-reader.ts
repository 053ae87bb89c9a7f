// The card-reader driver interface (docs/architecture.md, decision 8): what the classroom needs from any
// reader — keyboard wedge, raw HID, ID-card serial, PC/SC — and nothing more. A reader
// reports what it read; hashing and lookup happen in the classroom domain, so the clear
// number goes no further than the tap.
import type { EventEmitter } from 'node:events';

/** What was read: a card's number or UID, or a resident ID card's number. */
export type CardRead = {
  kind: 'card' | 'id_card';
  /** As the reader delivers it (normalised and hashed by the classroom at once). */
  value: string;
  /** The reader's name, for the technician's device page. */
  reader: string;
  /** A resident ID card's holder, as the card states it: shown masked on the technician's test, never stored. */
  holder?: string;
};

export type CardReaderEvents = {
  card: [read: CardRead];
  error: [error: Error];
  connected: [];
  disconnected: [];
};

export interface CardReader extends EventEmitter<CardReaderEvents> {
  /** Shown to the technician: which reader this is. */
  readonly name: string;
  readonly connected: boolean;
  /** Starts reading; `connected` follows once the device answers. */
  start(): Promise<void>;
  /** Stops reading and releases the device; `disconnected` follows if it was connected. */
  stop(): Promise<void>;
}
