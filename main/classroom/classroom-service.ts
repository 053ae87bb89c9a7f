// The classroom as one lifecycle object: the host the channels talk to, the card readers,
// and the timers that close due classes and run self-study attention checks. It starts
// recording once the station is enrolled (station id, card-hash key) and its ledger passed
// the start-up check; until then every write answers LEDGER_UNAVAILABLE.
import type Database from 'better-sqlite3';
import { SimulatedReader } from '../../native/readers/simulated-reader.ts';
import { systemClock } from '../ledger/clock.ts';
import { openLedgerWriter } from '../ledger/ledger.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { readEnrollment } from '../station/identity.ts';
import { readSecrets } from '../station/key-file.ts';
import { resolvePendingCards } from './attendance.ts';
import { createCardReaders, type CardReaders } from './card-readers.ts';
import { createClassroom, stopPlayback, type Classroom } from './classroom.ts';
import { createClassroomHost, type ClassroomHost } from './classroom-host.ts';
import { anyOrganiserCanUnlock } from './organiser-pin.ts';
import { createOrganiserSessions, type OrganiserSessions } from './organiser-sessions.ts';
import type { Accounts } from '../station/accounts.ts';
import { attentionTicks } from './self-study.ts';
import type { LedgerGate } from '../storage/ledger-gate.ts';
import { closeDueSessions } from './sessions.ts';

export const CLOSE_DUE_EVERY_MS = 30_000;
export const ATTENTION_EVERY_MS = 5_000;

/** A demo roster learner's card (or a card on no roster) for the simulated reader. */
export type SimulatedCard = {
  id: string;
  kind: 'learner' | 'unregistered';
  name: string | null;
  unit: string | null;
  cardNumber: string;
};

export type ClassroomSetupOptions = {
  ledger: Database.Database;
  catalog: Database.Database;
  dataDir: string;
  /** hub time − station clock, as the hub client last measured it. */
  hubOffsetMs: () => number;
  ruleVersion: () => number;
};

/** The classroom of an enrolled station, or null while it is not enrolled. */
export function openClassroom(options: ClassroomSetupOptions): Classroom | null {
  const enrollment = readEnrollment(options.ledger);
  const secrets = readSecrets(options.dataDir);
  if (!enrollment || !secrets?.cardHashKey) return null;
  const ledger = openLedgerWriter(options.ledger, {
    stationId: enrollment.stationId,
    privateKey: secrets.privateKey,
    clock: systemClock(),
    hubOffsetMs: options.hubOffsetMs,
    ruleVersion: options.ruleVersion,
  });
  return createClassroom({ ledger, catalog: options.catalog, cardHashKey: secrets.cardHashKey });
}

/** The periodic work of an attached classroom; returns the function that stops it. */
export function startClassroomTimers(
  host: ClassroomHost,
  log: Logger,
  every = { closeDueMs: CLOSE_DUE_EVERY_MS, attentionMs: ATTENTION_EVERY_MS },
): () => void {
  const closeDue = () => {
    const classroom = host.attached();
    if (!classroom) return;
    try {
      const closed = closeDueSessions(classroom);
      if (closed.length === 0) return;
      log.info('classroom.closed_due', { sessions: closed });
      host.publishStatus();
      for (const sessionId of closed) host.publishAttendance(sessionId);
    } catch (error) {
      log.error('classroom.close_due_failed', { error: String(error) });
    }
  };
  const attention = () => {
    const classroom = host.attached();
    if (!classroom) return;
    try {
      for (const prompt of attentionTicks(classroom)) {
        host.publishAttention(prompt.sessionId, prompt.action);
        if (prompt.action === 'abandoned') host.publishStatus();
      }
    } catch (error) {
      log.error('classroom.attention_failed', { error: String(error) });
    }
  };
  closeDue();
  const closeTimer = setInterval(closeDue, every.closeDueMs);
  const attentionTimer = setInterval(attention, every.attentionMs);
  closeTimer.unref();
  attentionTimer.unref();
  return () => {
    clearInterval(closeTimer);
    clearInterval(attentionTimer);
  };
}

export type ClassroomServiceOptions = {
  bus: EventBus;
  catalog: Database.Database;
  /** ledger.db, or null when it is quarantined. */
  ledgerDb: Database.Database | null;
  /** True when the start-up check of the ledger passed. */
  ledgerVerified: boolean;
  /** The switch a failed disk closes; the classroom's status follows it. */
  ledgerGate?: LedgerGate | null;
  dataDir: string;
  /** hub time − station clock: the hub link's latest measurement. */
  hubOffsetMs: () => number;
  log: Logger;
  /** Opens the classroom once enrolled; tests pass their own fixture. */
  open?: () => Classroom | null;
  /** How often the timers run; null runs none (tests drive them). */
  timers?: { closeDueMs: number; attentionMs: number } | null;
  /** Unix ms, for the host's tap memory. */
  now?: () => number;
  /** An organiser session ends after this long without an organiser call; 10 minutes by default. */
  organiserIdleMs?: number;
  /** Monotonic ms for the organiser sessions' idle time; performance.now() by default. */
  monoNow?: () => number;
  /** The station's PINs and lockouts; organisers unlock against them. */
  accounts?: Accounts;
  /** After a class or self-study session closed: its records are sent to the hub soon (hub link's syncSoon). */
  onSessionClosed?: () => void;
};

export interface ClassroomService {
  readonly host: ClassroomHost;
  readonly readers: CardReaders;
  /** The organisers who unlocked with card and PIN, until they lock or go idle. */
  readonly organiserSessions: OrganiserSessions;
  /** Starts recording if the station is enrolled now (idempotent). */
  attachIfEnrolled(): void;
  /** Demo mode: the simulated reader with the demo roster's cards. */
  useDemoCards(cards: readonly SimulatedCard[]): Promise<void>;
  demoCards(): readonly SimulatedCard[];
  readonly simulatedReader: SimulatedReader | null;
  /** After a roster pull: unknown cards the hub has since put on the roster are marked. */
  afterRosterPull(): void;
  /** The station was enrolled again under a new key: the next event is signed with it. */
  useSigningKey(privateKey: string): void;
  /** Records what is playing up to now and stops the timers and readers. */
  close(): Promise<void>;
}

export function createClassroomService(options: ClassroomServiceOptions): ClassroomService {
  const { log, ledgerDb } = options;
  const host = createClassroomHost({
    ledgerGate: options.ledgerGate,
    bus: options.bus,
    catalog: options.catalog,
    ledgerDb,
    ledgerVerified: options.ledgerVerified,
    now: options.now,
    organiserPinSet: () => (options.accounts ? anyOrganiserCanUnlock(options.catalog, options.accounts) : false),
  });
  const open =
    options.open ??
    (() =>
      ledgerDb
        ? openClassroom({
            ledger: ledgerDb,
            catalog: options.catalog,
            dataDir: options.dataDir,
            hubOffsetMs: options.hubOffsetMs,
            ruleVersion: () => host.rules().version,
          })
        : null);
  const timers =
    options.timers === undefined ? { closeDueMs: CLOSE_DUE_EVERY_MS, attentionMs: ATTENTION_EVERY_MS } : options.timers;
  const readers = createCardReaders(host, log);
  let simulatedReader: SimulatedReader | null = null;
  let cards: readonly SimulatedCard[] = [];
  let stopTimers: (() => void) | null = null;

  const organiserSessions = createOrganiserSessions({ idleMs: options.organiserIdleMs, now: options.monoNow });
  // The screens hear at once when a failed disk stops recording, and when it resumes.
  const stopFollowingGate = options.ledgerGate?.onChange(() => host.publishStatus()) ?? (() => undefined);

  const service: ClassroomService = {
    host,
    readers,
    organiserSessions,
    get simulatedReader() {
      return simulatedReader;
    },
    attachIfEnrolled() {
      if (host.attached() || !ledgerDb || !options.ledgerVerified) return;
      const opened = open();
      if (!opened) return;
      opened.onSessionClosed = options.onSessionClosed;
      host.attach(opened);
      if (timers) stopTimers = startClassroomTimers(host, log, timers);
      log.info('classroom.ready', { stationId: opened.ledger.stationId });
    },
    async useDemoCards(next) {
      cards = next;
      host.demo = true;
      if (!simulatedReader) {
        simulatedReader = new SimulatedReader('demo reader');
        await readers.add(simulatedReader);
      }
      host.publishStatus();
    },
    demoCards: () => cards,
    afterRosterPull() {
      const classroom = host.attached();
      if (!classroom) return;
      const resolved = resolvePendingCards(classroom);
      if (resolved > 0) log.info('classroom.pending_resolved', { resolved });
    },
    useSigningKey(privateKey) {
      const room = host.attached();
      if (room) room.ledger.privateKey = privateKey;
    },
    async close() {
      stopFollowingGate();
      organiserSessions.closeAll();
      stopTimers?.();
      await readers.stop();
      const room = host.attached();
      if (room) for (const sessionId of [...room.players.keys()]) stopPlayback(room, sessionId);
    },
  };
  service.attachIfEnrolled();
  return service;
}
