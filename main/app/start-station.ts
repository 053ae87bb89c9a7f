// The station core that both shells run: databases opened and checked, the media store, the
// router with every handler, the event bus; then connect() reaches the hub (configured, or
// the embedded demo) and starts syncing and downloading. Electron and the browser shell
// differ only in transport.
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { stopPlayback } from '../classroom/classroom.ts';
import { createClassroomHost, type ClassroomHost } from '../classroom/classroom-host.ts';
import { afterRosterPull, openClassroom, startClassroomTimers, verifyStationLedger } from '../classroom/classroom-setup.ts';
import { createLearnerHandlers } from '../classroom/learner-channels.ts';
import { createOrganiserHandlers } from '../classroom/organiser-channels.ts';
import { createReaderHandlers } from '../classroom/reader-channels.ts';
import { createPlayingState, type PlayingState } from '../station/kiosk/playing-state.ts';
import { contractMediaState, createLibraryHandlers } from '../library/library-channels.ts';
import { scheduledMedia } from '../library/catalog/lesson-media.ts';
import { MediaError } from '../library/media/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import type { FetchMedia } from '../library/media/download.ts';
import { hubMediaFetch } from '../hub-link/hub-media-fetch.ts';
import { createMediaHandler } from '../library/media/media-handler.ts';
import { createMediaService, type MediaService } from '../library/media/media-service.ts';
import { demoCards, type DemoCard } from '../hub-link/demo-hub.ts';
import { connectToHub, type HubConnection } from '../hub-link/hub-connection.ts';
import type { RequestHandler } from './app-request-handler.ts';
import { readEnrollment } from '../hub-link/enrollment.ts';
import { readSecrets } from '../station/key-file.ts';
import type { StationDatabases } from '../storage/station-databases.ts';
import { openStationDatabases } from '../storage/station-databases.ts';
import { stationHealth } from '../station/health.ts';
import { stationInfo } from '../station/info.ts';
import type { StationContext } from '../station/station-context.ts';
import { createCatalogSyncService, type CatalogSyncService } from '../hub-link/sync-service.ts';
import { createEventBus, type EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { createRouter, type Router } from '../runtime/router.ts';

export interface StationCoreOptions {
  dataDir: string;
  version: string;
  runtime: 'electron' | 'web';
  log: Logger;
}

export interface StationCore {
  router: Router;
  bus: EventBus;
  databases: StationDatabases;
  context: StationContext;
  playing: PlayingState;
  media: MediaService;
  /** Attendance and learning records: ready once the station is enrolled and its ledger verified. */
  classroom: ClassroomHost;
  /** Serves /media/<sha256> from the media store (both shells mount it). */
  mediaHandler: RequestHandler;
  /** Reaches the hub and starts sync and downloads; resolves once the hub is chosen. */
  connect(): Promise<void>;
  close(): Promise<void>;
}

const HEALTH_INTERVAL_MS = 30_000;
const PROTECTED_DAYS = 7;

export function startStationCore(options: StationCoreOptions): StationCore {
  const { log } = options;
  const databases = openStationDatabases(options.dataDir, log);
  const catalog = databases.catalog.db;
  const context: StationContext = {
    version: options.version,
    runtime: options.runtime,
    dataDir: options.dataDir,
    startedAt: new Date(),
    databases,
    now: () => performance.now(),
    startedAtMonotonic: performance.now(),
    ledgerCheck: null,
  };
  const bus = createEventBus();
  const playing = createPlayingState();
  let connection: HubConnection | null = null;
  let sync: CatalogSyncService | null = null;
  let notConnected: SyncStatus['lastError'] = null;

  // One signed media fetch per hub client: the key file is read once, not for every file.
  let mediaFetchFor: { client: HubClient; fetch: FetchMedia } | null = null;
  const signedMediaFetch = (client: HubClient): FetchMedia => {
    if (mediaFetchFor?.client !== client) {
      const secrets = readSecrets(options.dataDir);
      if (!secrets) throw new MediaError('hub-refused', 'The station key file is missing');
      mediaFetchFor = { client, fetch: hubMediaFetch({ baseUrl: client.baseUrl, stationId: client.stationId, privateKey: secrets.privateKey, clockOffsetMs: () => client.clockOffsetMs }) };
    }
    return mediaFetchFor.fetch;
  };

  const media = createMediaService({
    db: catalog,
    dataDir: options.dataDir,
    log,
    // The hub is known only after connect(); until then downloads wait as if offline.
    fetchMedia: async (sha256, request) => {
      if (!connection) throw new MediaError('hub-unreachable', 'The station is not connected to a hub yet');
      return (await signedMediaFetch(await connection.client()))(sha256, request);
    },
    protectedMedia: () => scheduledMedia(catalog, new Date().toISOString().slice(0, 10), PROTECTED_DAYS).map((ref) => ref.sha256),
  });
  const unsubscribeMedia = media.subscribe((sha256, state) => bus.publish('media.stateChanged', { sha256, mediaState: contractMediaState(state) }));

  // The ledger's chain is verified before anything is appended to it; a bad event (the first
  // bad sequence is in station.health) stops all recording until a technician acts.
  const ledgerDb = databases.ledger.db;
  try {
    context.ledgerCheck = ledgerDb ? verifyStationLedger(ledgerDb, options.dataDir) : null;
    if (context.ledgerCheck && !context.ledgerCheck.ok) log.error('ledger.verify_failed', { seq: context.ledgerCheck.seq, problem: context.ledgerCheck.problem });
  } catch (error) {
    // A damaged key file: the station still starts and shows it, but records nothing it
    // could not sign or verify.
    log.error('ledger.verify_impossible', { error: error instanceof Error ? error.message : String(error) });
  }
  const classroom = createClassroomHost({ bus, catalog, ledgerDb, ledgerVerified: context.ledgerCheck?.ok === true });
  let cards: DemoCard[] = [];
  let hubOffsetMs: (() => number) | null = null;
  let stopClassroomTimers: (() => void) | null = null;
  // Once enrolled (at start, or when connect() or a later sync enrolls the station), the
  // classroom starts recording; an enrolled station records offline as well as online.
  const attachClassroom = () => {
    if (classroom.attached() || !ledgerDb || context.ledgerCheck?.ok !== true) return;
    const enrolledOffset = readEnrollment(ledgerDb)?.clockOffsetMs ?? 0;
    const opened = openClassroom({ ledger: ledgerDb, catalog, dataDir: options.dataDir, hubOffsetMs: () => (hubOffsetMs ? hubOffsetMs() : enrolledOffset), ruleVersion: () => classroom.rules().version });
    if (!opened) return;
    classroom.attach(opened);
    stopClassroomTimers = startClassroomTimers(classroom, log);
    log.info('classroom.ready', { stationId: opened.ledger.stationId });
  };
  attachClassroom();
  const unsubscribeSync = bus.subscribe((event, payload) => {
    if (event !== 'sync.statusChanged' || (payload as SyncStatus).state !== 'idle') return;
    // A sync succeeded, so the client exists (the station may have enrolled just now).
    void connection?.client().then((client) => (hubOffsetMs = () => client.clockOffsetMs), () => undefined);
    attachClassroom();
    afterRosterPull(classroom, log);
  });

  const syncStatus = (): SyncStatus =>
    sync?.status() ?? { mode: 'none', hubUrl: '', state: notConnected ? 'error' : 'offline', lastSuccessAt: null, lastError: notConnected, counts: { courses: 0, lessons: 0, learners: 0, classes: 0 } };

  const router = createRouter(
    {
      'station.info': () => stationInfo(context),
      'station.health': () => stationHealth(context),
      'display.setPlaying': (input) => {
        playing.set(input.playing);
        return { keepAwake: playing.get() };
      },
      ...createLibraryHandlers(catalog, media),
      'sync.status': () => syncStatus(),
      'sync.now': () => (sync ? sync.syncNow() : syncStatus()),
      ...createOrganiserHandlers(classroom),
      ...createReaderHandlers(classroom, () => cards),
      ...createLearnerHandlers(classroom),
    },
    log,
  );

  // Publish health when its verdict changes, so screens update without polling.
  let lastHealth = '';
  const publishHealth = () => {
    const health = stationHealth(context);
    const summary = `${health.status}:${health.checks.map((check) => check.status).join(',')}`;
    if (summary !== lastHealth) {
      lastHealth = summary;
      bus.publish('station.healthChanged', health);
    }
  };
  const healthTimer = setInterval(publishHealth, HEALTH_INTERVAL_MS);
  healthTimer.unref();
  publishHealth();

  log.info('station.started', { dataDir: options.dataDir, runtime: options.runtime, catalog: databases.catalog.state.state, ledger: databases.ledger.state.state });

  return {
    router,
    bus,
    databases,
    context,
    playing,
    media,
    classroom,
    mediaHandler: createMediaHandler(media.store),
    async connect() {
      // Re-indexing a large media folder after a catalog rebuild re-hashes every file; the hub
      // and the classroom must not wait for it (the queue accepts work before it is done).
      media.start().catch((error: unknown) => log.error('media.start_failed', { error: error instanceof Error ? error.message : String(error) }));
      const ledger = databases.ledger.db;
      if (!ledger) {
        // Enrollment lives in the ledger: without it the station cannot say who it is.
        notConnected = { code: 'ledger_unavailable', message: 'The ledger is quarantined; the station does not contact the hub until a technician restores it.' };
        bus.publish('sync.statusChanged', syncStatus());
        return;
      }
      connection = await connectToHub({ dataDir: options.dataDir, ledger, appVersion: options.version, log });
      const current = connection;
      if (current.mode === 'demo') {
        cards = await demoCards();
        classroom.demo = true;
      }
      // Enroll (or find the enrollment) before the sync starts: the sync would otherwise ask
      // for the client at the same time and a first start could enroll twice. A configured
      // hub that cannot be reached is not fatal: the sync retries and enrolls later.
      try {
        const client = await current.client();
        hubOffsetMs = () => client.clockOffsetMs;
      } catch (error) {
        log.warn('hub.enrollment_pending', { error: error instanceof Error ? error.message : String(error) });
      }
      attachClassroom();
      classroom.publishStatus();
      sync = createCatalogSyncService({ catalog, mode: current.mode, hubUrl: current.hubUrl, client: () => current.client(), media, bus, log });
      sync.start();
    },
    async close() {
      clearInterval(healthTimer);
      stopClassroomTimers?.();
      unsubscribeSync();
      // What is playing now is recorded up to its last position before the ledger closes.
      const room = classroom.attached();
      if (room) for (const sessionId of [...room.players.keys()]) stopPlayback(room, sessionId);
      unsubscribeMedia();
      await sync?.stop();
      await media.stop();
      await connection?.close();
      databases.close();
    },
  };
}
