// The station itself as one lifecycle object: what it is (version, data folder, databases),
// whether its ledger passed the start-up check, its health — published whenever the verdict
// changes, so screens update without polling — and whether a lecture is playing (the
// Electron shell keeps the display awake while it is).
import { openAccounts, type Accounts } from './accounts.ts';
import { provisionFromUsbAtStart, type FirstBootOutcome } from './first-boot.ts';
import { readEnrollment, readMachineFingerprint, writeMachineFingerprint } from './identity.ts';
import { machineFingerprint, sameMachine } from './machine-fingerprint.ts';
import { DEMO_SITE_CODE } from './station-config.ts';
import { checkUpdateFeed, stationPlatform, type FeedVerdict } from './update-check.ts';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import type { StationDatabases } from '../storage/station-databases.ts';
import { stationHealth } from './health.ts';
import { createPlayingState, type PlayingState } from './kiosk/playing-state.ts';
import { createLedgerGuardian, type LedgerGuardian } from './ledger-guardian.ts';
import type { StationContext } from './station-context.ts';

const HEALTH_INTERVAL_MS = 30_000;
/** The full check of the ledger starts when the first screen is answered, or after this long without one. */
export const BACKGROUND_CHECK_AFTER_MS = 5000;
const UPDATE_FIRST_CHECK_MS = 60_000;
const UPDATE_CHECK_EVERY_MS = 6 * 3600_000;

export type StationServiceOptions = {
  databases: StationDatabases;
  dataDir: string;
  version: string;
  runtime: 'electron' | 'web';
  bus: EventBus;
  log: Logger;
  /** Ends this run of the station and starts it again (the shell's to do); absent: a restart by hand. */
  requestRestart?: () => void;
  /** This PC's hardware facts (machine-fingerprint.ts); tests pass another PC's. */
  machineFingerprint?: () => string[];
};

export interface StationService {
  readonly context: StationContext;
  /** The technician's PIN, organiser PINs set here, and every account's lockout. */
  readonly accounts: Accounts;
  readonly playing: PlayingState;
  /** True when the ledger may be written: present, its chain verified at start, and on the PC it enrolled on. */
  readonly ledgerVerified: boolean;
  /** The disk was copied from another station's PC: nothing is recorded until it re-enrolls as a new station. */
  readonly cloned: boolean;
  readonly ledger: LedgerGuardian;
  /** A screen was answered: the full check of the ledger may run now (once). */
  firstScreenAnswered(): void;
  /** First boot with a provisioning file on a USB drive (first-boot.ts); run before the hub is chosen. */
  provisionFromUsb(): Promise<FirstBootOutcome>;
  /** What the last start found on a USB drive, for the technician page. */
  readonly bootProvisioning: FirstBootOutcome;
  /** Asks the shell to start the station again (a new configuration takes effect); false when it cannot. */
  restart(reason: string): boolean;
  /** The enrolled station's feed, hub key and site (for updates); null before enrollment. */
  updateIdentity(): { updatesUrl: string; hubPublicKey: string; siteCode: string } | null;
  /** Reads the hub's update feed (update-check.ts): what the technician page shows. */
  checkForUpdate(): Promise<FeedVerdict>;
  lastUpdateCheck(): FeedVerdict | null;
  /** Publishes station.healthChanged if the verdict changed since the last time. */
  publishHealth(): void;
  /** The hub refused this station's enrollment token at its first contact (a wrong token set offline). */
  enrollmentRefused(): boolean;
  close(): void;
}

export function createStationService(options: StationServiceOptions): StationService {
  const { databases, log } = options;
  let publishHealth = () => {};
  const ledger = createLedgerGuardian({ databases, dataDir: options.dataDir, log, onChange: () => publishHealth() });
  const cloned = detectClone(databases, options.machineFingerprint ?? machineFingerprint, log);
  const context: StationContext = {
    version: options.version,
    runtime: options.runtime,
    dataDir: options.dataDir,
    startedAt: new Date(),
    databases,
    now: () => performance.now(),
    startedAtMonotonic: performance.now(),
    ledgerCheck: ledger.startCheck,
    ledgerState: ledger.state,
    cloned,
  };

  // The sync reports the hub's refusal of the token; the technician must see it, not 一切正常.
  let refusedToken = false;
  const stopWatchingSync = options.bus.subscribe((event, payload) => {
    if (event !== 'sync.statusChanged') return;
    const refused = (payload as SyncStatus).lastError?.code === 'enrollment_invalid';
    if (refused === refusedToken) return;
    refusedToken = refused;
    context.enrollmentRefused = refused;
    publishHealth();
  });
  let lastHealth = '';
  publishHealth = () => {
    const health = stationHealth(context);
    const summary = `${health.status}:${health.checks.map((check) => check.reason).join(',')}`;
    if (summary === lastHealth) return;
    lastHealth = summary;
    options.bus.publish('station.healthChanged', health);
  };
  const timer = setInterval(publishHealth, HEALTH_INTERVAL_MS);
  timer.unref();
  publishHealth();
  const background = setTimeout(() => void ledger.verifyInBackground(), BACKGROUND_CHECK_AFTER_MS);
  background.unref();
  // The hub's update feed, read a minute after start and every few hours: the technician page
  // says when a release is waiting (the Electron shell also installs it, update-controller.ts).
  const readFeed = () => void service.checkForUpdate().catch(() => undefined);
  const firstFeedRead = setTimeout(readFeed, UPDATE_FIRST_CHECK_MS);
  firstFeedRead.unref();
  const feedTimer = setInterval(readFeed, UPDATE_CHECK_EVERY_MS);
  feedTimer.unref();

  let bootProvisioning: FirstBootOutcome = { state: 'not_needed' };
  let lastUpdate: FeedVerdict | null = null;
  const updateIdentity = () => {
    const enrollment = databases.ledger.db ? readEnrollment(databases.ledger.db) : null;
    if (!enrollment || enrollment.siteCode === DEMO_SITE_CODE || !enrollment.config.updatesUrl) return null;
    return {
      updatesUrl: enrollment.config.updatesUrl,
      hubPublicKey: enrollment.hubPublicKey,
      siteCode: enrollment.siteCode,
    };
  };
  const restart = (reason: string) => {
    if (!options.requestRestart) return false;
    log.info('station.restart_requested', { reason });
    // After the answer that asked for it has gone out.
    setTimeout(options.requestRestart, 300).unref();
    return true;
  };

  const service: StationService = {
    context,
    accounts: openAccounts(options.dataDir),
    get bootProvisioning() {
      return bootProvisioning;
    },
    async provisionFromUsb() {
      const enrollment = databases.ledger.db ? readEnrollment(databases.ledger.db) : null;
      try {
        bootProvisioning = await provisionFromUsbAtStart({ dataDir: options.dataDir, enrollment, log });
      } catch (error) {
        // A drive that cannot be read must not keep the station from starting.
        log.error('station.provision_file_failed', { error: error instanceof Error ? error.message : String(error) });
      }
      // The demo ran here before: its data is retired at the next start (demo-retirement.ts).
      if (bootProvisioning.state === 'provisioned' && enrollment) restart('provisioned_over_demo');
      publishHealth();
      return bootProvisioning;
    },
    restart,
    updateIdentity,
    async checkForUpdate() {
      const identity = updateIdentity();
      lastUpdate = identity
        ? await checkUpdateFeed({ ...identity, platform: stationPlatform(), version: options.version })
        : { state: 'none' };
      return lastUpdate;
    },
    lastUpdateCheck: () => lastUpdate,
    playing: createPlayingState(),
    ledgerVerified: ledger.verified && !cloned,
    cloned,
    ledger,
    firstScreenAnswered() {
      // After the answer has gone out: the check takes its own thread, but its start is not free.
      setImmediate(() => void ledger.verifyInBackground());
    },
    publishHealth,
    enrollmentRefused: () => refusedToken,
    close: () => {
      stopWatchingSync();
      clearInterval(timer);
      clearTimeout(background);
      clearTimeout(firstFeedRead);
      clearInterval(feedTimer);
      ledger.close();
    },
  };
  return service;
}

/**
 * Whether this disk came from another station's PC (machine-fingerprint.ts). A station
 * enrolled before fingerprints were kept records this PC's now, trusting its first start.
 */
function detectClone(databases: StationDatabases, fingerprint: () => string[], log: Logger): boolean {
  const db = databases.ledger.db;
  if (!db || !readEnrollment(db)) return false;
  const current = fingerprint();
  const recorded = readMachineFingerprint(db);
  if (recorded === null) {
    writeMachineFingerprint(db, current);
    return false;
  }
  if (sameMachine(recorded, current)) return false;
  log.error('station.clone_detected', { recorded: recorded.length, current: current.length });
  return true;
}
