// The station's link to its hub as one lifecycle object: which hub (configured, or the
// embedded demo), the enrolled station's client (protocol/hub-client — also the media
// downloads go through it), the measured clock offset, and the sync service that keeps the
// catalogue cache current. connect() never
// throws for a hub that cannot be reached: the sync retries and enrolls later, and the
// station works from its cache meanwhile.
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { catalogCalendar, type StationCalendar } from '../library/catalog/station-calendar.ts';
import type { FetchMedia } from '../library/media/download.ts';
import { MediaError } from '../library/media/errors.ts';
import type { MediaService } from '../library/media/media-service.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { readEnrollment } from '../station/identity.ts';
import { demoCards, type DemoCard } from './demo-hub.ts';
import { connectToHub, type HubConnection } from './hub-connection.ts';
import { createCatalogSyncService, type CatalogSyncService } from './sync-service.ts';

export type HubLinkOptions = {
  dataDir: string;
  catalog: Database.Database;
  /** ledger.db (enrollment lives there), or null when it is quarantined. */
  ledger: Database.Database | null;
  version: string;
  bus: EventBus;
  log: Logger;
};

export interface HubLink {
  /** hub time − station clock: the client's latest measurement, else the one stored at enrollment. */
  clockOffsetMs(): number;
  /**
   * The station's one "today" and time of day: the rule set's zone on the station clock
   * corrected by clockOffsetMs(). The library, the classroom and the sync read it.
   */
  readonly calendar: StationCalendar;
  /** Media from the hub, signed; hub-unreachable until connect() chose a hub. */
  readonly fetchMedia: FetchMedia;
  status(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  /**
   * Chooses the hub, enrolls if it can, and starts syncing. Resolves with the demo roster's
   * cards in demo mode (for the simulated reader), else an empty list.
   */
  connect(media: MediaService): Promise<DemoCard[]>;
  /** Called after every successful sync (the station may have enrolled just now). */
  onSynced(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createHubLink(options: HubLinkOptions): HubLink {
  const { log, ledger } = options;
  let connection: HubConnection | null = null;
  let client: HubClient | null = null;
  let sync: CatalogSyncService | null = null;
  let notConnected: SyncStatus['lastError'] = null;
  const syncedListeners = new Set<() => void>();
  const storedOffset = () => (ledger ? (readEnrollment(ledger)?.clockOffsetMs ?? 0) : 0);
  let fallbackOffset = storedOffset();
  const clockOffsetMs = () => (client ? client.clockOffsetMs : fallbackOffset);
  const calendar = catalogCalendar(options.catalog, clockOffsetMs);

  const status = (): SyncStatus =>
    sync?.status() ?? {
      mode: 'none',
      hubUrl: '',
      state: notConnected ? 'error' : 'offline',
      lastSuccessAt: null,
      lastError: notConnected,
      counts: { courses: 0, lessons: 0, learners: 0, classes: 0 },
    };

  const unsubscribe = options.bus.subscribe((event, payload) => {
    if (event !== 'sync.statusChanged' || (payload as SyncStatus).state !== 'idle' || !connection) return;
    // A sync succeeded, so the station is enrolled and the client exists.
    void connection.client().then(
      (enrolled) => {
        client = enrolled;
        for (const listener of syncedListeners) listener();
      },
      () => undefined,
    );
  });

  return {
    clockOffsetMs,
    calendar,
    fetchMedia: async (sha256, request) => {
      // The hub is known only after connect(); until then downloads wait as if offline.
      if (!connection) throw new MediaError('hub-unreachable', 'The station is not connected to a hub yet');
      return (await connection.client()).media(sha256, request);
    },
    status,
    syncNow: () => (sync ? sync.syncNow() : Promise.resolve(status())),
    async connect(media) {
      if (!ledger) {
        // Enrollment lives in the ledger: without it the station cannot say who it is.
        notConnected = {
          code: 'ledger_unavailable',
          message: 'The ledger is quarantined; the station does not contact the hub until a technician restores it.',
        };
        options.bus.publish('sync.statusChanged', status());
        return [];
      }
      connection = await connectToHub({ dataDir: options.dataDir, ledger, appVersion: options.version, log });
      const current = connection;
      const cards = current.mode === 'demo' ? await demoCards() : [];
      // Enroll (or find the enrollment) before the sync starts: the sync would otherwise ask
      // for the client at the same time and a first start could enroll twice. A configured
      // hub that cannot be reached is not fatal: the sync retries and enrolls later.
      try {
        client = await current.client();
        fallbackOffset = client.clockOffsetMs;
      } catch (error) {
        log.warn('hub.enrollment_pending', { error: error instanceof Error ? error.message : String(error) });
      }
      sync = createCatalogSyncService({
        catalog: options.catalog,
        mode: current.mode,
        hubUrl: current.hubUrl,
        client: () => current.client(),
        media,
        bus: options.bus,
        log,
        today: () => calendar.today(),
      });
      sync.start();
      return cards;
    },
    onSynced(listener) {
      syncedListeners.add(listener);
      return () => syncedListeners.delete(listener);
    },
    async close() {
      unsubscribe();
      await sync?.stop();
      await connection?.close();
    },
  };
}
