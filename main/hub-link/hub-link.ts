// The station's link to its hub as one lifecycle object: which hub (configured, or the
// embedded demo), the enrolled station's client (protocol/hub-client — also the media
// downloads go through it), the measured clock offset, and the sync engine (sync-engine.ts)
// that delivers the ledger and keeps the catalogue cache current. connect() never throws for
// a hub that cannot be reached: the engine retries and enrolls later, and the station works
// from its cache meanwhile.
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import type { HeartbeatDevice } from '../../protocol/wire.ts';
import { catalogCalendar, type StationCalendar } from '../library/catalog/station-calendar.ts';
import type { FetchMedia } from '../library/media/download.ts';
import { MediaError } from '../library/media/errors.ts';
import type { MediaService } from '../library/media/media-service.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { Refused } from '../runtime/refusal.ts';
import { exportLedger, ExportTargetError } from '../storage/ledger-export.ts';
import { ledgerPath } from '../storage/station-databases.ts';
import { readEnrollment, saveClockOffset } from '../station/identity.ts';
import type { StationSecrets } from '../station/key-file.ts';
import type { LedgerGuardian } from '../station/ledger-guardian.ts';
import { readStationConfig } from '../station/station-config.ts';
import { demoCards, type DemoCard } from './demo-hub.ts';
import { writeEventsNdjson } from './export-events.ts';
import { connectToHub, type HubConnection } from './hub-connection.ts';
import { reenrollThisStation } from './reenrollment.ts';
import { createSyncEngine, type SyncEngine, type SyncTimings } from './sync-engine.ts';
import { syncReport, type SyncReport } from './sync-report.ts';

export type HubLinkOptions = {
  dataDir: string;
  catalog: Database.Database;
  /** ledger.db (enrollment lives there), or null when it is quarantined. */
  ledger: Database.Database | null;
  version: string;
  bus: EventBus;
  log: Logger;
  /** The station's devices for the heartbeat (main/devices wires its own); none by default. */
  devices?: () => HeartbeatDevice[];
  /** The ledger's guardian: the hub's acknowledgement moves its checkpoint, a new key is read again. */
  guardian?: Pick<LedgerGuardian, 'acknowledged' | 'keysChanged' | 'state'>;
  /** Called in the very step a new station key is kept: the ledger's writer signs with it from the next event. */
  onSigningKey?: (secrets: StationSecrets) => void;
  /** The ledger's newest verified backup, for the status. */
  backup?: () => SyncStatus['backup'];
  timings?: Partial<SyncTimings>;
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
  /** A full sync now, progress published as sync.statusChanged; answers the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** A sync within seconds: the classroom calls it when a class closes. */
  syncSoon(): void;
  /**
   * Enrolls this station again under a new key with a one-time token (after the hub revoked
   * its key). Refuses (Refused) with a reason the technician can act on.
   */
  reenroll(token: string): Promise<SyncStatus>;
  /** Everything a diagnostic bundle wants to say about sync, as plain data. */
  syncReport(): SyncReport;
  /**
   * Writes a verified copy of the ledger and its events into a new folder under `targetDir`
   * (a removable drive), for a station offline for weeks (main/storage/ledger-export.ts).
   */
  exportLedger(targetDir: string): Promise<{ folder: string; events: number; headSeq: number }>;
  /**
   * Chooses the hub, enrolls if it can, and starts syncing. Resolves with the demo roster's
   * cards in demo mode (for the simulated reader), else an empty list.
   */
  connect(media: MediaService): Promise<DemoCard[]>;
  /** Called after every catalogue pull (the station may have enrolled just now, the roster changed). */
  onSynced(listener: () => void): () => void;
  close(): Promise<void>;
}

const EMPTY_COUNTS = { courses: 0, lessons: 0, learners: 0, classes: 0 };

export function createHubLink(options: HubLinkOptions): HubLink {
  const { log, ledger } = options;
  let connection: HubConnection | null = null;
  let client: HubClient | null = null;
  let engine: SyncEngine | null = null;
  let notConnected: SyncStatus['lastError'] = null;
  const syncedListeners = new Set<() => void>();
  const storedOffset = () => (ledger ? (readEnrollment(ledger)?.clockOffsetMs ?? 0) : 0);
  let fallbackOffset = storedOffset();
  const clockOffsetMs = () => (client ? client.clockOffsetMs : fallbackOffset);
  const calendar = catalogCalendar(options.catalog, clockOffsetMs);

  const status = (): SyncStatus =>
    engine?.status() ?? {
      mode: 'none',
      hubUrl: '',
      state: notConnected ? 'error' : 'offline',
      online: null,
      lastAttemptAt: null,
      lastSuccessAt: null,
      lastMoved: null,
      nextAttemptAt: null,
      lastError: notConnected,
      pending: { events: 0, downloads: 0 },
      quarantine: { count: 0, recent: [] },
      conflicts: { count: 0, recent: [] },
      hubAhead: null,
      progress: null,
      backup: options.backup?.() ?? null,
      counts: EMPTY_COUNTS,
    };

  const ledgerHealth = () => {
    const state = options.guardian?.state();
    return state && !state.write.open ? ('stopped' as const) : ('ok' as const);
  };

  function reenrollRefusal(error: unknown): Refused {
    if (error instanceof HubClientError) {
      if (error.code === 'enrollment_invalid') return new Refused('token_invalid', error.message);
      if (error.kind === 'unreachable' || error.kind === 'untrusted' || error.kind === 'hub_error')
        return new Refused('hub_unreachable', error.message);
      return new Refused('reenroll_refused', error.message);
    }
    return new Refused('reenroll_refused', error instanceof Error ? error.message : String(error));
  }

  return {
    clockOffsetMs,
    calendar,
    fetchMedia: async (sha256, request) => {
      // The hub is known only after connect(); until then downloads wait as if offline.
      if (!connection) throw new MediaError('hub-unreachable', 'The station is not connected to a hub yet');
      return (await connection.client()).media(sha256, request);
    },
    status,
    syncNow: () => (engine ? engine.syncNow() : Promise.resolve(status())),
    syncSoon: () => engine?.syncSoon(),
    async reenroll(token) {
      if (!ledger) throw new Refused('ledger_unavailable', 'The ledger is quarantined; restore it first.');
      if (!readEnrollment(ledger)) throw new Refused('not_enrolled', 'This station is not enrolled yet.');
      if (!connection) throw new Refused('hub_unreachable', 'The station has not reached its hub yet.');
      const current = connection;
      try {
        await reenrollThisStation({
          dataDir: options.dataDir,
          ledger,
          token,
          baseUrl: current.hubUrl,
          appVersion: options.version,
          name: readStationConfig(options.dataDir)?.name ?? 'Lectern station',
          // One synchronous step with keeping the key: nothing is signed with the old one after it.
          onHandover: (secrets) => {
            options.onSigningKey?.(secrets);
            options.guardian?.keysChanged();
            current.reload();
            client = null;
          },
        });
      } catch (error) {
        log.warn('hub.reenroll_failed', { error: error instanceof Error ? error.message : String(error) });
        throw reenrollRefusal(error);
      }
      log.info('hub.reenrolled', { hubUrl: current.hubUrl });
      client = await current.client();
      engine?.resume();
      return status();
    },
    syncReport: () => syncReport({ dataDir: options.dataDir, ledger, status: status() }),
    async exportLedger(targetDir) {
      const enrollment = ledger ? readEnrollment(ledger) : null;
      if (!ledger) throw new Refused('ledger_unavailable', 'The ledger is quarantined; restore it first.');
      if (!enrollment) throw new Refused('not_enrolled', 'An unenrolled station has no events to export.');
      try {
        const { folder, manifest } = await exportLedger({
          ledgerFile: ledgerPath(options.dataDir),
          targetDir,
          stationId: enrollment.stationId,
          writeEvents: writeEventsNdjson,
        });
        log.info('ledger.exported', { folder, events: manifest.events.count, headSeq: manifest.ledger.headSeq });
        return { folder, events: manifest.events.count, headSeq: manifest.ledger.headSeq };
      } catch (error) {
        if (error instanceof ExportTargetError) throw new Refused('export_target_invalid', error.message);
        throw error;
      }
    },
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
      engine = createSyncEngine({
        dataDir: options.dataDir,
        catalog: options.catalog,
        ledger,
        mode: current.mode,
        hubUrl: current.hubUrl,
        client: async () => (client = await current.client()),
        media,
        bus: options.bus,
        log,
        appVersion: options.version,
        today: () => calendar.today(),
        pushBatchMax: readEnrollment(ledger)?.config.pushBatchMax,
        devices: options.devices,
        ledgerHealth,
        backup: options.backup,
        timings: options.timings,
        onAcknowledged: (seq) => void options.guardian?.acknowledged(seq),
        onClockOffset: (offsetMs) => {
          try {
            saveClockOffset(ledger, offsetMs);
          } catch (error) {
            // A ledger that cannot be written (a failed disk) keeps the old offset; nothing else depends on it.
            log.warn('hub.clock_offset_not_saved', { error: error instanceof Error ? error.message : String(error) });
          }
        },
        onPulled: () => {
          for (const listener of syncedListeners) listener();
        },
      });
      engine.start();
      return cards;
    },
    onSynced(listener) {
      syncedListeners.add(listener);
      return () => syncedListeners.delete(listener);
    },
    async close() {
      await engine?.stop();
      await connection?.close();
    },
  };
}
