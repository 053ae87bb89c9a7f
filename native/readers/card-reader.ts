// The card-reader driver interface (DESIGN decision 11): what the classroom needs from any
// reader — keyboard wedge, raw HID, ID-card serial, PC/SC — and nothing more. A reader
// reports card numbers as read; hashing and lookup happen in the classroom domain, so the
// clear number goes no further than the tap handler.
import type { EventEmitter } from 'node:events';

export type CardReaderEvents = {
  /** A card was read; `number` as the reader delivers it (normalised later). */
  card: [number: string];
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
