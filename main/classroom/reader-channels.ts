// reader.* channels: a card typed by the keyboard-wedge reader (collected by the renderer),
// and in demo mode the simulated reader's cards. The clear numbers of demo cards stay in
// main: the screen names a card by its id and main taps the number.
import { ContractError } from '../../preload/contract/errors.ts';
import type { Handlers } from '../runtime/router.ts';
import type { ClassroomHost } from './classroom-host.ts';

type ReaderHandlers = Pick<Handlers, 'reader.tap' | 'reader.demoCards' | 'reader.simulate'>;

export type SimulatedCard = { id: string; kind: 'learner' | 'unregistered'; name: string | null; unit: string | null; cardNumber: string };

/** `cards` answers the demo cards, or an empty list on a configured station. */
export function createReaderHandlers(host: ClassroomHost, cards: () => readonly SimulatedCard[]): ReaderHandlers {
  return {
    'reader.tap': ({ cardNumber }) => host.tap(cardNumber),
    'reader.demoCards': () => ({ cards: cards().map(({ id, kind, name, unit }) => ({ id, kind, name, unit })) }),
    'reader.simulate': ({ cardId }) => {
      const card = cards().find((candidate) => candidate.id === cardId);
      if (!card) throw new ContractError({ code: 'VALIDATION', message: `No simulated card ${cardId}`, issues: [{ path: 'cardId', message: 'not a demo card' }] });
      return host.tap(card.cardNumber);
    },
  };
}
