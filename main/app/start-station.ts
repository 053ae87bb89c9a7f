// The composition root both shells run: the databases, then the station's parts — each a
// lifecycle object that owns its state (station, hub link, library, classroom) — and the
// router over buildHandlers. connect() reaches the hub (configured, or the embedded demo)
// after the first screen is up; close() stops the parts in the reverse order. Electron and
// the browser shell differ only in transport.
import { createClassroomService, type ClassroomService } from '../classroom/classroom-service.ts';
import { createHubLink } from '../hub-link/hub-link.ts';
import { createLibraryService } from '../library/library-service.ts';
import { createEventBus, type EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { createRouter, type Router } from '../runtime/router.ts';
import type { PlayingState } from '../station/kiosk/playing-state.ts';
import { createStationService } from '../station/station-service.ts';
import { backupStatus, startLedgerBackups } from '../storage/ledger-backup.ts';
import { ledgerPath, openStationDatabases, type StationDatabases } from '../storage/station-databases.ts';
import { buildHandlers } from './build-handlers.ts';

export interface StationCoreOptions {
  dataDir: string;
  version: string;
  runtime: 'electron' | 'web';
  log: Logger;
  /** An organiser session ends after this long without an organiser call; 10 minutes by default. */
  organiserIdleMs?: number;
}

export interface StationCore {
  router: Router;
  bus: EventBus;
  databases: StationDatabases;
  playing: PlayingState;
  classroom: ClassroomService;
  /** Serves /media/<sha256> from the media store (both shells mount it). */
  mediaHandler: (request: Request) => Promise<Response>;
  /** Reaches the hub and starts sync and downloads; resolves once the hub is chosen. */
  connect(): Promise<void>;
  close(): Promise<void>;
}

export function startStationCore(options: StationCoreOptions): StationCore {
  const { log, dataDir } = options;
  const databases = openStationDatabases(dataDir, log);
  const bus = createEventBus();
  const station = createStationService({
    databases,
    dataDir,
    version: options.version,
    runtime: options.runtime,
    bus,
    log,
  });
  const backups = databases.ledger.db ? startLedgerBackups({ dataDir, ledgerFile: ledgerPath(dataDir), log }) : null;
  const hubLink = createHubLink({
    dataDir,
    catalog: databases.catalog.db,
    ledger: databases.ledger.db,
    version: options.version,
    bus,
    log,
    guardian: station.ledger,
    onSigningKey: (secrets) => classroom.useSigningKey(secrets.privateKey),
    backup: () => backupStatus(backups),
  });
  const classroom = createClassroomService({
    bus,
    catalog: databases.catalog.db,
    ledgerDb: databases.ledger.db,
    ledgerVerified: station.ledgerVerified,
    ledgerGate: databases.ledger.gate ?? null,
    dataDir,
    hubOffsetMs: () => hubLink.clockOffsetMs(),
    log,
    organiserIdleMs: options.organiserIdleMs,
    onSessionClosed: () => hubLink.syncSoon(),
  });
  const library = createLibraryService({
    catalog: databases.catalog.db,
    dataDir,
    bus,
    log,
    fetchMedia: hubLink.fetchMedia,
    calendar: hubLink.calendar,
  });
  const stopSynced = hubLink.onSynced(() => {
    classroom.attachIfEnrolled();
    classroom.afterRosterPull();
  });
  const router = createRouter(buildHandlers({ classroom, library, station, hubLink }), log);
  log.info('station.started', {
    dataDir,
    runtime: options.runtime,
    catalog: databases.catalog.state.state,
    ledger: databases.ledger.state.state,
  });

  return {
    router,
    bus,
    databases,
    playing: station.playing,
    classroom,
    mediaHandler: library.mediaHandler,
    async connect() {
      library.start();
      const cards = await hubLink.connect(library.media);
      if (cards.length > 0) await classroom.useDemoCards(cards);
      classroom.attachIfEnrolled();
      classroom.host.publishStatus();
    },
    async close() {
      stopSynced();
      station.close();
      // What is playing now is recorded up to its last position before the ledger closes.
      await classroom.close();
      await hubLink.close();
      await backups?.close();
      await library.close();
      databases.close();
    },
  };
}
