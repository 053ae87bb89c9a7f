// For the classroom-channel tests: the classroom domain's test fixture (real ledger.db and
// catalog.db in a temp folder, a hand-moved clock) behind a host and a real router, so
// every call is validated both ways as in the station; events are collected.
import type { TestContext } from 'node:test';
import type { EventName } from '../../preload/contract/channels.ts';
import type { Envelope } from '../../preload/contract/errors.ts';
import { createEventBus, type EventBus } from '../runtime/event-bus.ts';
import { silentLogger } from '../runtime/logger.ts';
import { createRouter, type Handlers } from '../runtime/router.ts';
import { addOrganiser, CARDS, ORGANISER_PIN, openTestClassroom, type TestClassroom } from './test-classroom.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { createClassroomService, type ClassroomService, type SimulatedCard } from './classroom-service.ts';
import { createLearnerHandlers } from './learner-channels.ts';
import { createOrganiserHandlers } from './organiser-channels.ts';
import type { OrganiserSessions } from './organiser-sessions.ts';
import { openAccounts } from '../station/accounts.ts';
import { createReaderHandlers } from './reader-channels.ts';

export type ChannelHarness = TestClassroom & {
  host: ClassroomHost;
  call(channel: string, input: unknown): Promise<Envelope>;
  /** The value of a call that must succeed. */
  value<T = Record<string, unknown>>(channel: string, input: unknown): Promise<T>;
  events: { event: EventName; payload: unknown }[];
  organiserSessions: OrganiserSessions;
  /** Unlocks with the fixture's PIN and answers the organiser session's token. */
  unlock(): Promise<string>;
};

/** The organiser who unlocks in the channel tests: the roster organiser's card and PIN. */
export const ORGANISER_UNLOCK = { card: CARDS.organiser, pin: ORGANISER_PIN };

export function openChannelHarness(
  t: TestContext,
  options: {
    cards?: SimulatedCard[];
    now?: () => number;
    organiserIdleMs?: number;
    wallStart?: number;
    /** More channels on the same router (another area's handlers over the same classroom). */
    extraHandlers?: (service: ClassroomService, bus: EventBus) => Partial<Handlers>;
  } = {},
): ChannelHarness {
  const opened = openTestClassroom(t, {}, options.wallStart);
  addOrganiser(opened);
  const bus = createEventBus();
  const events: ChannelHarness['events'] = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  const accounts = openAccounts(opened.dir, opened.clock.wallTime);
  const service = createClassroomService({
    accounts,
    bus,
    catalog: opened.classroom.catalog,
    ledgerDb: opened.classroom.db,
    ledgerVerified: true,
    dataDir: opened.dir,
    hubOffsetMs: () => 0,
    log: silentLogger,
    open: () => opened.classroom,
    timers: null,
    now: options.now ?? opened.clock.wallTime,
    organiserIdleMs: options.organiserIdleMs,
    monoNow: opened.clock.monoMs,
  });
  t.after(() => service.close());
  if (options.cards) void service.useDemoCards(options.cards);
  const host = service.host;
  const handlers = {
    ...createOrganiserHandlers(host, {
      accounts,
      sessions: service.organiserSessions,
    }),
    ...createReaderHandlers(service),
    ...createLearnerHandlers(host),
    ...options.extraHandlers?.(service, bus),
  } as Handlers;
  const router = createRouter(handlers, silentLogger);
  const call = (channel: string, input: unknown) => router.dispatch(channel, input);
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const envelope = await call(channel, input);
    if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
    return envelope.value as T;
  };
  return {
    ...opened,
    host,
    events,
    organiserSessions: service.organiserSessions,
    call,
    value,
    async unlock() {
      // Past the reader's debounce, so a second unlock in a row is a new tap, not a repeat.
      opened.clock.advance(opened.classroom.debounceMs);
      const { tapId } = await value<{ tapId: string }>('reader.tap', { cardNumber: ORGANISER_UNLOCK.card });
      const answer = await value<{ organiserSession?: string; refused?: string }>('organiser.unlock', {
        tapId,
        pin: ORGANISER_UNLOCK.pin,
      });
      if (!answer.organiserSession) throw new Error(`organiser.unlock refused: ${answer.refused}`);
      return answer.organiserSession;
    },
  };
}
