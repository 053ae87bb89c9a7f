// reader.* channels: a card the renderer recognised as a keyboard-wedge read (it goes
// through the wedge reader like any read), and in demo mode the simulated reader's cards.
// The clear numbers of demo cards stay in main: the screen names a card by its id.
import { ContractError } from '../../preload/contract/errors.ts';
import type { Handlers } from '../runtime/router.ts';
import type { ClassroomService } from './classroom-service.ts';

type ReaderHandlers = Pick<Handlers, 'reader.tap' | 'reader.demoCards' | 'reader.simulate'>;

export function createReaderHandlers(classroom: ClassroomService): ReaderHandlers {
  const { readers } = classroom;
  return {
    'reader.tap': ({ cardNumber }) => readers.readThrough(readers.wedge, () => readers.wedge.deliver(cardNumber)),
    'reader.demoCards': () => ({
      cards: classroom.demoCards().map(({ id, kind, name, unit }) => ({ id, kind, name, unit })),
    }),
    'reader.simulate': ({ cardId }) => {
      const card = classroom.demoCards().find((candidate) => candidate.id === cardId);
      const reader = classroom.simulatedReader;
      if (!card || !reader)
        throw new ContractError({
          code: 'VALIDATION',
          message: `No simulated card ${cardId}`,
          issues: [{ path: 'cardId', message: 'not a demo card' }],
        });
      return readers.readThrough(reader, () => {
        reader.tap(card.cardNumber);
        return true;
      });
    },
  };
}
