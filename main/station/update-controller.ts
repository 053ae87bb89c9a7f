// The Electron shell's updates, decided here and carried out by electron-updater (generic
// provider at the hub's feed): it downloads in the background; a release is offered only
// when the hub's signed document says so for this site (isUserWithinRollout); a download is
// installed only if its yml matches that document, and only when installDecision allows —
// no class open, outside class hours — or at the next start. Electron is never loaded here:
// the shell passes electron-updater's updater in, and the tests pass one built on its
// app-adapter seam.
import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../runtime/logger.ts';
import { checkUpdateFeed, type StationUpdateIdentity } from './update-check.ts';
import { installDecision, matchesRelease, type ClassTime } from './update-policy.ts';
import type { UpdateRelease } from '../../protocol/update-release.ts';

/** The part of electron-updater's AppUpdater this controller uses. */
export type UpdaterLike = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'isUserWithinRollout'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'on'
>;

export type UpdateState =
  | { state: 'idle' }
  | { state: 'downloading'; version: string }
  | { state: 'ready'; version: string }
  | { state: 'rejected'; version: string; reason: string }
  | { state: 'installing'; version: string };

/** How long after the station starts a waiting release is installed regardless of the hour. */
export const START_WINDOW_MS = 3 * 60_000;

export interface UpdateController {
  /** Asks the feed, and downloads what is offered. */
  check(): Promise<void>;
  /** Installs a verified download if the classroom allows it now. */
  tick(): 'installing' | 'waiting' | 'nothing';
  state(): UpdateState;
}

export function createUpdateController(options: {
  updater: UpdaterLike;
  station: StationUpdateIdentity;
  classroom: () => { classOpen: boolean; classes: readonly ClassTime[] };
  log: Logger;
  now?: () => number;
  fetchFn?: typeof fetch;
}): UpdateController {
  const { updater, station, log } = options;
  const now = options.now ?? Date.now;
  let release: UpdateRelease | null = null;
  let state: UpdateState = { state: 'idle' };
  // The station's start: a release downloaded in an earlier run (kept by electron-updater's
  // cache, found again by the check at start) goes in now, before anyone uses the station.
  const startedAt = now();

  updater.autoDownload = true;
  // Never at a quit the station did not choose (a technician closing the app mid-class).
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.setFeedURL({ provider: 'generic', url: station.updatesUrl });
  // Offered only with the hub's signature, for this site: electron-updater asks before it downloads.
  updater.isUserWithinRollout = async () => {
    const verdict = await checkUpdateFeed(station, options.fetchFn);
    if (verdict.state === 'offered') {
      release = verdict.release;
      state = { state: 'downloading', version: verdict.release.version };
      return true;
    }
    if (verdict.state === 'untrusted') log.warn('update.unsigned_release', { url: station.updatesUrl });
    return false;
  };
  updater.on('update-downloaded', (info) => {
    const version = (info as { version?: string }).version ?? '?';
    if (!release || !matchesRelease(info, release)) {
      state = { state: 'rejected', version, reason: 'does not match the release the hub signed' };
      log.error('update.rejected', { version });
      return;
    }
    state = { state: 'ready', version };
    log.info('update.downloaded', { version });
  });
  updater.on('error', (error) =>
    log.warn('update.failed', { error: error instanceof Error ? error.message : String(error) }),
  );

  return {
    async check() {
      try {
        await updater.checkForUpdates();
      } catch (error) {
        log.warn('update.check_failed', { error: error instanceof Error ? error.message : String(error) });
      }
    },
    tick() {
      if (state.state !== 'ready') return 'nothing';
      const atStart = now() - startedAt < START_WINDOW_MS && !options.classroom().classOpen;
      if (installDecision({ now: now(), atStart, ...options.classroom() }) !== 'install_now') return 'waiting';
      log.info('update.installing', { version: state.version });
      state = { state: 'installing', version: state.version };
      updater.quitAndInstall(true, true);
      return 'installing';
    },
    state: () => state,
  };
}
