// The offline library as one lifecycle object: the catalogue cache (catalog.db) and the
// media store with its download queue. Every change of a lesson's media state is published
// to the screens; lessons on the coming days' schedule are never evicted. "Today" and the
// download window's time of day come from the station calendar.
import type Database from 'better-sqlite3';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { scheduledMedia } from './catalog/lesson-media.ts';
import type { StationCalendar } from './catalog/station-calendar.ts';
import type { FetchMedia } from './media/download.ts';
import { createMediaHandler } from './media/media-handler.ts';
import { createMediaService, type MediaService } from './media/media-service.ts';
import { contractMediaState } from './library-channels.ts';
import { createLiveRelay, type LiveRelay } from './live/live-relay.ts';
import { LIVE_URL_PREFIX } from '../../preload/contract/wire-names.ts';

/** Lessons scheduled this many days ahead are protected from eviction. */
const PROTECTED_DAYS = 7;

export type LibraryServiceOptions = {
  catalog: Database.Database;
  dataDir: string;
  bus: EventBus;
  log: Logger;
  /** Fetches media from the hub; fails as hub-unreachable while no hub is connected. */
  fetchMedia: FetchMedia;
  /** The station's today and time of day: the rule set's zone on hub-corrected time. */
  calendar: StationCalendar;
  /** The hub's base URL, for live channels published with a relative address. */
  hubUrl?: () => string | null;
};

export interface LibraryService {
  readonly catalog: Database.Database;
  readonly media: MediaService;
  /** Serves /media/<sha256> from the store and relays /media/live/<channelId> (both shells mount it). */
  readonly mediaHandler: (request: Request) => Promise<Response>;
  readonly live: LiveRelay;
  /** Re-indexes the media folder, then runs the queue; does not wait for the re-index. */
  start(): void;
  close(): Promise<void>;
}

export function createLibraryService(options: LibraryServiceOptions): LibraryService {
  const { catalog, log } = options;
  const media = createMediaService({
    db: catalog,
    dataDir: options.dataDir,
    log,
    fetchMedia: options.fetchMedia,
    protectedMedia: () => scheduledMedia(catalog, options.calendar.today(), PROTECTED_DAYS).map((ref) => ref.sha256),
    minuteOfDay: () => options.calendar.minuteOfDay(),
  });
  const unsubscribe = media.subscribe((sha256, state) =>
    options.bus.publish('media.stateChanged', { sha256, mediaState: contractMediaState(state) }),
  );
  const live = createLiveRelay({ catalog, hubUrl: options.hubUrl ?? (() => null), log });
  const cached = createMediaHandler(media.store);
  return {
    catalog,
    media,
    live,
    mediaHandler: (request) =>
      new URL(request.url).pathname.startsWith(LIVE_URL_PREFIX) ? live.handle(request) : cached(request),
    start() {
      // Re-indexing a large media folder after a catalog rebuild re-hashes every file; the
      // hub and the classroom must not wait for it (the queue accepts work before it is done).
      media
        .start()
        .catch((error: unknown) =>
          log.error('media.start_failed', { error: error instanceof Error ? error.message : String(error) }),
        );
    },
    async close() {
      live.close();
      unsubscribe();
      await media.stop();
    },
  };
}
