// The composition root both shells run: the databases, then the station's parts — each a
// lifecycle object that owns its state (station, hub link, library, classroom) — and the
// router over buildHandlers. connect() reaches the hub (configured, or the embedded demo)
// after the first screen is up; close() stops the parts in the reverse order. Electron and
// the browser shell differ only in transport.
import { createClassroomService, type ClassroomService } from '../classroom/classroom-service.ts';
import { createProjectorLookup } from '../classroom/projector-lookup.ts';
import { createProjectorService } from '../classroom/projector-service.ts';
import { createAudienceDisplays, type AudienceDisplays } from '../station/audience-displays.ts';
import { classDayOf } from '../devices/class-day.ts';
import { createDevicesService, type DevicesService } from '../devices/devices-service.ts';
import { currentClass, scheduleOfDay } from '../classroom/sessions.ts';
import { createHubLink } from '../hub-link/hub-link.ts';
import { createLibraryService } from '../library/library-service.ts';
import { createEventBus, type EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { createRouter, type Router } from '../runtime/router.ts';
import type { PlayingState } from '../station/kiosk/playing-state.ts';
import { retireAtStart } from '../station/demo-retirement.ts';
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
  /** The shell's way to start the station again (a new configuration); absent: none. */
  requestRestart?: () => void;
  /** This PC's hardware facts; tests pass another PC's (main/station/machine-fingerprint.ts). */
  machineFingerprint?: () => string[];
}

export interface StationCore {
  router: Router;
  bus: EventBus;
  databases: StationDatabases;
  playing: PlayingState;
  classroom: ClassroomService;
  /** The projector window's display: the Electron shell reports displays and places the window. */
  displays: AudienceDisplays;
  /** The projector and card readers; `heartbeatDevices()` is what the heartbeat carries. */
  devices: DevicesService;
  /** Serves /media/<sha256> from the media store (both shells mount it). */
  mediaHandler: (request: Request) => Promise<Response>;
  /** Whether a class is open and today's class times (station clock), for the update policy. */
  classTimes(): { classOpen: boolean; classes: { startsAt: number; endsAt: number }[] };
  /** What an update needs to know of the enrolled station; null before enrollment. */
  updateIdentity(): { updatesUrl: string; hubPublicKey: string; siteCode: string } | null;
  /** Reaches the hub and starts sync and downloads; resolves once the hub is chosen. */
  connect(): Promise<void>;
  close(): Promise<void>;
}

export function startStationCore(options: StationCoreOptions): StationCore {
  const { log, dataDir } = options;
  retireAtStart(dataDir, log);
  const databases = openStationDatabases(dataDir, log);
  const bus = createEventBus();
  const station = createStationService({
    databases,
    dataDir,
    version: options.version,
    runtime: options.runtime,
    bus,
    log,
    requestRestart: options.requestRestart,
    machineFingerprint: options.machineFingerprint,
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
    // Read only once connect() runs, after the devices below exist.
    devices: () => devices.heartbeatDevices(),
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
    accounts: station.accounts,
    onSessionClosed: () => hubLink.syncSoon(),
  });
  const library = createLibraryService({
    catalog: databases.catalog.db,
    dataDir,
    bus,
    log,
    fetchMedia: hubLink.fetchMedia,
    calendar: hubLink.calendar,
    hubUrl: () => hubLink.status().hubUrl || null,
  });
  const displays = createAudienceDisplays(dataDir, log);
  const projector = createProjectorService({
    host: classroom.host,
    bus,
    log,
    lookup: createProjectorLookup(databases.catalog.db, library.media, library.live),
  });
  const stopDisplays = displays.subscribe((view) => bus.publish('projector.displaysChanged', view));
  const devices = createDevicesService({
    dataDir,
    bus,
    log,
    readers: classroom.readers,
    classDay: classDayOf(classroom.host),
  });
  const stopSynced = hubLink.onSynced(() => {
    classroom.attachIfEnrolled();
    classroom.afterRosterPull();
  });
  const router = createRouter(
    buildHandlers({ classroom, library, station, hubLink, player: { projector, displays }, devices }),
    log,
  );
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
    displays,
    devices,
    mediaHandler: library.mediaHandler,
    classTimes() {
      const room = classroom.host.attached();
      if (!room) return { classOpen: false, classes: [] };
      const offset = room.ledger.hubOffsetMs();
      return {
        classOpen: currentClass(room) !== null,
        classes: scheduleOfDay(room, room.calendar.today()).map((entry) => ({
          startsAt: Date.parse(entry.startsAt) - offset,
          endsAt: Date.parse(entry.endsAt) - offset,
        })),
      };
    },
    updateIdentity: () => station.updateIdentity(),
    async connect() {
      library.start();
      await devices.start();
      await station.provisionFromUsb();
      const cards = await hubLink.connect(library.media);
      if (cards.length > 0) {
        await classroom.useDemoCards(cards);
        await devices.useDemo();
      }
      classroom.attachIfEnrolled();
      classroom.host.publishStatus();
    },
    async close() {
      stopSynced();
      stopDisplays();
      projector.close();
      station.close();
      await devices.close();
      // What is playing now is recorded up to its last position before the ledger closes.
      await classroom.close();
      await hubLink.close();
      await backups?.close();
      await library.close();
      databases.close();
    },
  };
}
