// The media store as the rest of the station sees it: a persisted, prioritised download
// queue with a window, a bandwidth cap and a disk quota; pins; re-verification; and the
// plain functions the contract's handlers call. Lessons are named here by their media's
// sha256 and size (the catalogue's MediaRef); mapping a lesson id to it is the caller's.
//
// Scheduling, each tick (after any change and every tickMs):
//   - items already stored leave the queue;
//   - outside the download window pinned items wait; running pinned downloads are stopped
//     (their parts are kept and resume in the next window);
//   - a 'scheduled' item waiting for a slot takes it from a lower-priority download;
//   - when idle, the least recently verified file is re-hashed if it is due.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Logger } from '../../runtime/logger.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { downloadVerified } from './download.ts';
import type { FetchMedia } from './download.ts';
import {
  allQueueItems,
  deferItem,
  PRIORITIES,
  enqueueItem,
  failItem,
  queueItem,
  queuedItems,
  removeItem,
  requeueFailed,
  setPriority,
} from './download-queue.ts';
import type { Priority, QueueItem } from './download-queue.ts';
import { isWithinWindow } from './download-window.ts';
import { catalogCalendar } from '../catalog/station-calendar.ts';
import { hashFile } from './hash-file.ts';
import { MediaError, isMediaError } from './errors.ts';
import type { MediaErrorCode } from './errors.ts';
import { openMediaStore } from './media-store.ts';
import type { MediaStore, ReconcileResult } from './media-store.ts';
import { isSha256 } from './paths.ts';
import { loadPreferences, MediaSettingsPatchSchema, MediaSettingsSchema, savePreferences } from './preferences.ts';
import type { MediaPreferences, MediaSettings, MediaSettingsPatch } from './preferences.ts';
import { createSpeedMeter } from './progress.ts';
import type { ProgressFigures } from './progress.ts';
import { freeDiskBytes, LEDGER_DISK_RESERVE_BYTES } from '../../storage/disk-space.ts';
import { planEviction, roomForMedia } from './space.ts';
import { createTokenBucket } from './token-bucket.ts';

export interface MediaRef {
  sha256: string;
  size: number;
}

/**
 * Why a download failed, in the contract's words (mediaFailureSchema). Local faults
 * ('disk-error', 'unexpected') show as 'other'; the message says which.
 */
export type MediaFailure = Exclude<MediaErrorCode, 'cancelled' | 'disk-error' | 'unexpected'> | 'other';

function failureReason(code: MediaErrorCode): MediaFailure {
  return code === 'disk-error' || code === 'unexpected' || code === 'cancelled' ? 'other' : code;
}

export type MediaState =
  | { state: 'not-cached'; pinned: boolean }
  | {
      state: 'queued';
      pinned: boolean;
      priority: Priority;
      waitingFor: 'slot' | 'window' | 'retry';
      lastError: MediaFailure | null;
    }
  | {
      state: 'downloading';
      pinned: boolean;
      priority: Priority;
      receivedBytes: number;
      totalBytes: number;
      bytesPerSec: number;
      etaSec: number | null;
    }
  | { state: 'ready'; pinned: boolean; sizeBytes: number }
  | { state: 'failed'; pinned: boolean; reason: MediaFailure; message: string };

/** Every change of a file's state, progress included (at most four times a second each). */
export type MediaListener = (sha256: string, state: MediaState) => void;

export interface StorageMeter {
  /** Verified files plus unfinished parts. */
  usedBytes: number;
  files: number;
  /** The limit in force: the configured quota, or what the disk allows when none is set. */
  quotaBytes: number;
  configuredQuotaBytes: number | null;
  freeBytes: number;
  /** Kept free for ledger.db, never used by media. */
  reserveBytes: number;
  /** What media may still take before evicting. */
  availableBytes: number;
}

export interface VerifyReport {
  checked: number;
  /** Files whose bytes no longer match: removed and queued again. */
  corrupt: string[];
}

export interface MediaServiceOptions {
  db: Database.Database;
  dataDir: string;
  fetchMedia: FetchMedia;
  /** sha256s that must not be evicted besides pins: lessons scheduled in the next days. */
  protectedMedia?: () => Iterable<string>;
  log?: Logger;
  now?: () => number;
  /**
   * The minute of the day (0–1439) now on the station calendar (catalog/station-calendar.ts),
   * which the download window is read in. By default the calendar of `db`'s rule set on this
   * service's clock without a hub offset; the library passes the station's own.
   */
  minuteOfDay?: () => number;
  /** Free bytes on the media's disk; statfs by default. */
  diskFree?: () => number;
  reserveBytes?: number;
  /** How often the queue is looked at without a reason (window opening, back-off ending). */
  tickMs?: number;
  /** A file is re-hashed in the background once its last verification is this old. */
  reverifyAfterMs?: number;
}

export interface MediaService {
  readonly store: MediaStore;
  /** Re-indexes the folder (rows may be missing after a catalog rebuild), then runs the queue. */
  start(): Promise<ReconcileResult>;
  /** Stops downloads (parts are kept) and timers. */
  stop(): Promise<void>;
  state(sha256: string): MediaState;
  enqueue(ref: MediaRef, priority?: Priority): MediaState;
  /** Takes an item out of the queue, stops its download and deletes its part; a cached file stays. */
  dequeue(sha256: string): Promise<void>;
  pin(ref: MediaRef): Promise<MediaState>;
  unpin(sha256: string): Promise<MediaState>;
  storage(): StorageMeter;
  settings(): MediaSettings;
  updateSettings(patch: MediaSettingsPatch): Promise<MediaSettings>;
  /** Re-hashes one file, or every file, now; corrupt files are removed and queued again. */
  verify(sha256?: string): Promise<VerifyReport>;
  /** Every queued or failed item, most urgent first: the technician's view of the queue. */
  queue(): QueueItem[];
  subscribe(listener: MediaListener): () => void;
}

interface ActiveDownload {
  item: QueueItem;
  controller: AbortController;
  bytes: number;
  meter: ReturnType<typeof createSpeedMeter>;
  figures: ProgressFigures;
  lastEventAt: number;
  done: Promise<void>;
}

const PROGRESS_EVENT_MS = 250;
// Background re-verification reads no faster than this, so a lesson playing from the same
// disk keeps its bandwidth; an on-demand check runs at full speed.
const BACKGROUND_VERIFY_BYTES_PER_SECOND = 32 * 1024 * 1024;
const MAX_CHECKSUM_ATTEMPTS = 3;
// Failures that may clear up when space is freed or the limits change.
const SPACE_ERRORS: MediaErrorCode[] = ['disk-full', 'quota-reached'];
// Why a download was stopped by the scheduler itself: it goes back in line unharmed.
const STOPPED = Symbol('stopped by the scheduler');

const rank = (priority: Priority) => PRIORITIES.indexOf(priority);

/** An error that is not the hub's: the media folder itself (errno), or a fault of ours. */
function localFailure(error: unknown): MediaError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && /^E[A-Z]+$/.test(code)
    ? new MediaError('disk-error', `The media folder could not be used: ${message}`, { cause: error })
    : new MediaError('unexpected', `A fault in the station software: ${message}`, { cause: error });
}

function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30 * 60_000, 15_000 * 2 ** Math.min(attempts, 7));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function createMediaService(options: MediaServiceOptions): MediaService {
  const { db, fetchMedia } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const minuteOfDay = options.minuteOfDay ?? (() => catalogCalendar(options.db, () => 0, now).minuteOfDay());
  const reserveBytes = options.reserveBytes ?? LEDGER_DISK_RESERVE_BYTES;
  const store = openMediaStore(db, options.dataDir, now);
  const diskFree = options.diskFree ?? (() => freeDiskBytes(store.paths.root));
  const reverifyAfterMs = options.reverifyAfterMs ?? 30 * 24 * 3_600_000;

  const loaded = loadPreferences(store.paths.preferences);
  if (loaded.problem)
    log.warn('media.preferences_unreadable', { file: store.paths.preferences, problem: loaded.problem });
  let preferences: MediaPreferences = loaded.preferences;
  const bucket = createTokenBucket(preferences.settings.bandwidthCapBytesPerSecond);
  const verifyPace = createTokenBucket(BACKGROUND_VERIFY_BYTES_PER_SECOND);
  const active = new Map<string, ActiveDownload>();
  const tickMs = Math.max(options.tickMs ?? 30_000, 1000);
  // Downloads whose outcome could not be written to catalog.db wait a tick before the next
  // try, rather than fetching the same file again and again while the disk is full.
  const unrecorded = new Map<string, number>();
  const listeners = new Set<MediaListener>();
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let verifying: Promise<unknown> | null = null;
  let verifyStopper: AbortController | null = null;
  const protectedMedia = options.protectedMedia ?? (() => []);

  const emitState = (sha256: string, current: MediaState = state(sha256)) => {
    for (const listener of listeners) {
      try {
        listener(sha256, current);
      } catch (error) {
        log.error('media.listener_failed', { error: String(error) });
      }
    }
  };
  const isPinned = (sha256: string) => preferences.pins.some((pin) => pin.sha256 === sha256);
  const inWindow = () => isWithinWindow(preferences.settings.downloadWindow, minuteOfDay());
  // Pinned files wait for the window (a pinned course is a backlog); a lesson for a class and
  // the one lesson a person just asked for go at any hour (download-window.ts).
  const mayRun = (item: QueueItem) => item.priority !== 'pinned' || inWindow();

  function protectedSet(): Set<string> {
    const set = new Set<string>(protectedMedia());
    for (const pin of preferences.pins) set.add(pin.sha256);
    for (const sha256 of active.keys()) set.add(sha256);
    return set;
  }

  function state(sha256: string): MediaState {
    const pinned = isPinned(sha256);
    const stored = store.get(sha256);
    if (stored) return { state: 'ready', pinned, sizeBytes: stored.size };
    const download = active.get(sha256);
    if (download) {
      const { item, bytes, figures } = download;
      return {
        state: 'downloading',
        pinned,
        priority: item.priority,
        receivedBytes: bytes,
        totalBytes: item.size,
        bytesPerSec: figures.bytesPerSec,
        etaSec: figures.etaSec,
      };
    }
    const item = queueItem(db, sha256);
    if (!item) return { state: 'not-cached', pinned };
    const failure =
      item.error && item.error.code !== 'cancelled'
        ? { code: failureReason(item.error.code), message: item.error.message }
        : null;
    if (item.state === 'failed' && failure)
      return { state: 'failed', pinned, reason: failure.code, message: failure.message };
    const waitingFor = item.notBefore > now() ? 'retry' : mayRun(item) ? 'slot' : 'window';
    return { state: 'queued', pinned, priority: item.priority, waitingFor, lastError: failure?.code ?? null };
  }

  function outstandingBytes(except?: string): number {
    let total = 0;
    for (const [sha256, download] of active) if (sha256 !== except) total += download.item.size - download.bytes;
    return total;
  }

  /** Makes room for `needBytes` more, evicting if it must; throws a space error if it cannot. */
  function ensureRoom(item: QueueItem, needBytes: number): void {
    const room = () =>
      roomForMedia({
        usedBytes: store.committedBytes() + store.partialBytes(),
        outstandingBytes: outstandingBytes(item.sha256),
        diskFreeBytes: diskFree(),
        quotaBytes: preferences.settings.quotaBytes,
        reserveBytes,
      });
    const first = room();
    if (first.bytes >= needBytes) return;
    const victims = planEviction(store.list(), protectedSet(), needBytes - first.bytes);
    if (victims === null) {
      const { quotaBytes } = preferences.settings;
      throw first.limitedBy === 'quota'
        ? new MediaError(
            'quota-reached',
            `The media quota (${quotaBytes} bytes) has no room for ${needBytes} more bytes that are not pinned or scheduled`,
          )
        : new MediaError(
            'disk-full',
            `The disk has ${diskFree()} bytes free; ${needBytes} more are needed while keeping ${reserveBytes} free for the ledger`,
          );
    }
    for (const sha256 of victims) {
      store.remove(sha256);
      log.info('media.evicted', { sha256, for: item.sha256 });
      emitState(sha256);
    }
  }

  // A tick that cannot write catalog.db (a full disk) must not stop the station: the queue
  // waits, and the next tick tries again.
  function tick(): void {
    if (!running) return;
    try {
      schedule();
    } catch (error) {
      log.error('media.tick_failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function schedule(): void {
    for (const item of queuedItems(db))
      if (store.get(item.sha256) && !active.has(item.sha256)) removeItem(db, item.sha256);

    for (const download of active.values()) if (!mayRun(download.item)) download.controller.abort(STOPPED);

    const t = now();
    for (const [sha256, until] of unrecorded) if (until <= t) unrecorded.delete(sha256);
    const waiting = queuedItems(db).filter(
      (item) => !active.has(item.sha256) && !unrecorded.has(item.sha256) && item.notBefore <= t && mayRun(item),
    );
    const slots = preferences.settings.concurrentDownloads;
    for (const item of waiting) {
      if (active.size >= slots) {
        if (item.priority !== 'scheduled') break;
        // A class needs this lesson: take the slot of the least urgent download.
        const victim = [...active.values()]
          .filter((download) => download.item.priority !== 'scheduled' && !download.controller.signal.aborted)
          .sort((a, b) => rank(b.item.priority) - rank(a.item.priority))[0];
        victim?.controller.abort(STOPPED);
        break;
      }
      begin(item);
    }
    if (active.size === 0 && !verifying) verifyOneDue();
  }

  function begin(item: QueueItem): void {
    const controller = new AbortController();
    const download: ActiveDownload = {
      item,
      controller,
      bytes: 0,
      meter: createSpeedMeter(),
      figures: { bytesPerSec: 0, etaSec: null },
      lastEventAt: 0,
      done: Promise.resolve(),
    };
    active.set(item.sha256, download);
    download.done = run(download)
      // The outcome could not be written back to the queue (catalog.db on a full disk): the
      // item stays as it was and is tried again, and the part on disk is kept for a resume.
      .catch((error: unknown) => {
        unrecorded.set(item.sha256, now() + tickMs);
        log.error('media.download_not_recorded', {
          sha256: item.sha256,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        active.delete(item.sha256);
        emitState(item.sha256);
        queueMicrotask(tick);
      });
    emitState(item.sha256);
  }

  async function run(download: ActiveDownload): Promise<void> {
    const { item, controller } = download;
    try {
      const held = fs.statSync(store.paths.part(item.sha256), { throwIfNoEntry: false })?.size ?? 0;
      download.bytes = Math.min(held, item.size);
      ensureRoom(item, item.size - download.bytes);
      const result = await downloadVerified({
        paths: store.paths,
        sha256: item.sha256,
        size: item.size,
        fetchMedia,
        signal: controller.signal,
        throttle: (bytes, signal) => bucket.take(bytes, signal),
        onProgress: (bytes) => progress(download, bytes),
      });
      store.commit(item.sha256, item.size);
      removeItem(db, item.sha256);
      log.info('media.downloaded', {
        sha256: item.sha256,
        size: item.size,
        resumedFrom: result.resumedFrom,
        restarted: result.restarted,
      });
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === STOPPED) return;
      const failure = isMediaError(error) ? error : localFailure(error);
      if (failure.code === 'cancelled') return;
      const detail = { code: failure.code, message: failure.message };
      log.warn('media.download_failed', { sha256: item.sha256, ...detail });
      if (!queueItem(db, item.sha256)) return; // dequeued while it ran
      if (failure.transient) deferItem(db, item.sha256, now() + retryDelayMs(item.attempts), detail);
      else if (failure.code === 'checksum-mismatch' && item.attempts + 1 < MAX_CHECKSUM_ATTEMPTS)
        deferItem(db, item.sha256, now(), detail);
      else failItem(db, item.sha256, detail);
    }
  }

  function progress(download: ActiveDownload, bytes: number): void {
    download.bytes = bytes;
    const at = performance.now();
    if (at - download.lastEventAt < PROGRESS_EVENT_MS && bytes < download.item.size) return;
    download.lastEventAt = at;
    download.figures = download.meter.sample(bytes, download.item.size);
    emitState(download.item.sha256);
  }

  /**
   * Hashes one file; a mismatch (or a file that cannot be read any more) removes it and queues
   * it again at the priority it deserves. Stopped half-way, it concludes nothing.
   */
  async function verifyFile(sha256: string, options: { paced: boolean; signal?: AbortSignal }): Promise<boolean> {
    const stored = store.get(sha256);
    if (!stored) return true;
    const throttle = options.paced
      ? (bytes: number, signal?: AbortSignal) => verifyPace.take(bytes, signal)
      : undefined;
    let actual: string;
    try {
      actual = (await hashFile(store.paths.file(sha256), options.signal, throttle)).sha256;
    } catch (error) {
      if (options.signal?.aborted) return true;
      actual = `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (actual === sha256) {
      store.markVerified(sha256);
      return true;
    }
    log.error('media.corrupt_file', { sha256, actual });
    store.remove(sha256);
    const scheduled = new Set(protectedMedia()).has(sha256);
    const priority: Priority = scheduled ? 'scheduled' : isPinned(sha256) ? 'pinned' : 'request';
    enqueueItem(db, { sha256, size: stored.size, priority }, now());
    emitState(sha256);
    return false;
  }

  function verifyOneDue(): void {
    const due = store
      .list()
      .filter((file) => now() - file.verifiedAt >= reverifyAfterMs)
      .sort((a, b) => a.verifiedAt - b.verifiedAt)[0];
    if (!due) return;
    const controller = new AbortController();
    verifyStopper = controller;
    verifying = verifyFile(due.sha256, { paced: true, signal: controller.signal })
      .catch((error: unknown) => log.error('media.verify_failed', { sha256: due.sha256, error: String(error) }))
      .finally(() => {
        verifying = null;
        verifyStopper = null;
        queueMicrotask(tick);
      });
  }

  async function discardPart(sha256: string): Promise<void> {
    await fs.promises.rm(store.paths.part(sha256), { force: true });
    await fs.promises.rm(store.paths.partMeta(sha256), { force: true });
  }

  async function savePrefs(next: MediaPreferences): Promise<void> {
    await savePreferences(store.paths.preferences, next);
    preferences = next;
  }

  function checkRef(ref: MediaRef): void {
    if (!isSha256(ref.sha256)) throw new TypeError(`Not a sha256: ${JSON.stringify(ref.sha256)}`);
    if (!Number.isSafeInteger(ref.size) || ref.size < 0) throw new TypeError(`Not a file size: ${ref.size}`);
  }

  const service: MediaService = {
    store,
    async start() {
      const result = await store.reconcile();
      if (result.adopted + result.discarded + result.dropped > 0) log.info('media.reconciled', { ...result });
      // Parts of downloads nobody wants any more (dequeued, or a queue lost with catalog.db)
      // would hold disk space for ever; a lesson asked for again simply starts afresh.
      const wanted = new Set(allQueueItems(db).map((item) => item.sha256));
      for (const sha256 of store.partials()) if (!wanted.has(sha256)) await discardPart(sha256);
      running = true;
      timer = setInterval(tick, options.tickMs ?? 30_000);
      timer.unref();
      tick();
      return result;
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      for (const download of active.values()) download.controller.abort(STOPPED);
      verifyStopper?.abort();
      await Promise.all([...active.values()].map((download) => download.done));
      await verifying;
    },
    state,
    enqueue(ref, priority = 'request') {
      checkRef(ref);
      if (!store.get(ref.sha256)) {
        enqueueItem(db, { ...ref, priority }, now());
        const download = active.get(ref.sha256);
        if (download && rank(priority) < rank(download.item.priority)) download.item = { ...download.item, priority };
        tick();
      }
      const current = state(ref.sha256);
      emitState(ref.sha256, current);
      return current;
    },
    async dequeue(sha256) {
      removeItem(db, sha256);
      const download = active.get(sha256);
      download?.controller.abort(STOPPED);
      await download?.done;
      await discardPart(sha256);
      emitState(sha256);
    },
    async pin(ref) {
      checkRef(ref);
      if (!isPinned(ref.sha256))
        await savePrefs({ ...preferences, pins: [...preferences.pins, { sha256: ref.sha256, size: ref.size }] });
      return service.enqueue(ref, 'pinned');
    },
    async unpin(sha256) {
      if (isPinned(sha256))
        await savePrefs({ ...preferences, pins: preferences.pins.filter((pin) => pin.sha256 !== sha256) });
      const item = queueItem(db, sha256);
      if (item?.priority === 'pinned') setPriority(db, sha256, 'request');
      // A file no longer pinned may be evicted, so a download refused for space may fit now.
      requeueFailed(db, SPACE_ERRORS);
      tick();
      emitState(sha256);
      return state(sha256);
    },
    storage() {
      const usedBytes = store.committedBytes() + store.partialBytes();
      const diskFreeBytes = diskFree();
      const { quotaBytes } = preferences.settings;
      const room = roomForMedia({
        usedBytes,
        outstandingBytes: outstandingBytes(),
        diskFreeBytes,
        quotaBytes,
        reserveBytes,
      });
      return {
        usedBytes,
        files: store.list().length,
        quotaBytes: quotaBytes ?? usedBytes + Math.max(0, diskFreeBytes - reserveBytes),
        configuredQuotaBytes: quotaBytes,
        freeBytes: diskFreeBytes,
        reserveBytes,
        availableBytes: room.bytes,
      };
    },
    settings: () => preferences.settings,
    async updateSettings(patch) {
      const settings = MediaSettingsSchema.parse({ ...preferences.settings, ...MediaSettingsPatchSchema.parse(patch) });
      await savePrefs({ ...preferences, settings });
      bucket.setRate(settings.bandwidthCapBytesPerSecond);
      requeueFailed(db, SPACE_ERRORS);
      tick();
      return settings;
    },
    async verify(sha256) {
      const targets = sha256 === undefined ? store.list().map((file) => file.sha256) : [sha256];
      const corrupt: string[] = [];
      for (const target of targets) if (!(await verifyFile(target, { paced: false }))) corrupt.push(target);
      tick();
      return { checked: targets.length, corrupt };
    },
    queue: () => allQueueItems(db),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return service;
}
