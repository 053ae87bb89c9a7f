// The readers the classroom takes cards from, all behind native/readers' CardReader: the
// keyboard wedge (its keys are recognised in the renderer, which hands the card to
// reader.tap), the simulated reader of the demo station, and whatever hardware readers are
// configured. Every read becomes a tap, published to the screens; a read that came
// through a channel also answers that call with what the screen confirms.
import { ContractError } from '../../preload/contract/errors.ts';
import type { TapView } from '../../preload/contract/channels.ts';
import type { CardRead, CardReader } from '../../native/readers/card-reader.ts';
import { KeyboardWedgeReader } from '../../native/readers/keyboard-wedge.ts';
import type { Logger } from '../runtime/logger.ts';
import type { ClassroomHost } from './classroom-host.ts';

export interface CardReaders {
  readonly wedge: KeyboardWedgeReader;
  /** Starts taking reads from a reader (and starts the reader). */
  add(reader: CardReader): Promise<void>;
  /** Stops a reader and takes no more reads from it (the technician changed the readers). */
  remove(reader: CardReader): Promise<void>;
  /** The readers taking cards now. */
  list(): CardReader[];
  /** Hears every read of every reader (the technician's device page shows the last one, masked). */
  onRead(listener: (read: CardRead) => void): () => void;
  /**
   * Runs `read`, which makes `reader` emit synchronously (deliver(), a simulated tap), and
   * answers with the tap it produced, or throws what stopped it (the ledger cannot record).
   */
  readThrough(reader: CardReader, read: () => boolean): TapView;
  stop(): Promise<void>;
}

export function createCardReaders(host: ClassroomHost, log: Logger): CardReaders {
  const readers = new Set<CardReader>();
  const observers = new Set<(read: CardRead) => void>();
  const detach = new Map<CardReader, () => void>();
  // What the last read produced, for readThrough(): the reader emits synchronously.
  let through: { tap: TapView | null; error: unknown } | null = null;
  const wedge = new KeyboardWedgeReader('keyboard wedge');

  const add = async (reader: CardReader) => {
    readers.add(reader);
    const onCard = (read: CardRead) => {
      try {
        const tap = host.tap(read.value);
        if (through) through.tap = tap;
      } catch (error) {
        // A hardware reader's driver must not die of the ledger's trouble; the screen shows
        // that state already (classroom.status). A channel's read reports it to its caller.
        if (through) through.error = error;
        else
          log.warn('reader.tap_failed', {
            reader: reader.name,
            error: error instanceof Error ? error.message : String(error),
          });
      }
      // After the tap: the device page's view of the read must not delay it.
      for (const observer of observers) observer(read);
    };
    const onError = (error: Error) => log.warn('reader.error', { reader: reader.name, error: error.message });
    reader.on('card', onCard);
    reader.on('error', onError);
    detach.set(reader, () => {
      reader.off('card', onCard);
      reader.off('error', onError);
    });
    await reader.start();
  };
  void add(wedge);

  return {
    wedge,
    add,
    async remove(reader) {
      if (!readers.delete(reader)) return;
      await reader.stop();
      detach.get(reader)?.();
      detach.delete(reader);
    },
    list: () => [...readers],
    onRead(listener) {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    readThrough(reader, read) {
      const result: { tap: TapView | null; error: unknown } = { tap: null, error: null };
      through = result;
      let taken: boolean;
      try {
        taken = read();
      } finally {
        through = null;
      }
      if (result.error) throw result.error;
      if (!taken || !result.tap) {
        throw new ContractError({
          code: 'VALIDATION',
          message: `The ${reader.name} reader did not take this card`,
          issues: [{ path: 'cardNumber', message: 'not a card number, or the reader is stopped' }],
        });
      }
      return result.tap;
    },
    async stop() {
      for (const reader of readers) await reader.stop();
      readers.clear();
    },
  };
}
