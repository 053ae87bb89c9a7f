// The projector as one lifecycle object: which class is on air and what its playlist shows
// now (projector.now, and projector.changed whenever that changes — a control, a lesson that
// ended, the class closing), the organiser's playlist views and actions, the projector
// player's signals, and which window shows the lecture.
//
// Which window plays: a projector window (the audience view, on the projector) says it is
// showing every few seconds; the first one still showing holds the projector, and only the
// holder's signals count. With none (one screen, or the window closed) the presenter's own
// view plays the lecture, and its signals count. So two players never count the same item.
import type {
  LiveChannelView,
  PlaylistItemView,
  PlaylistView,
  OnAirView,
} from '../../preload/contract/channels/player.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { attendanceOf } from './attendance.ts';
import type { Player } from './classroom.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { liveSessionHours } from './hours.ts';
import { playerSignal, startPlayback } from './playback.ts';
import type { PlayerSignal } from './playback-tracker.ts';
import {
  controlPlaylist,
  editPlaylist,
  endedOnProjector,
  notePosition,
  onAirSession,
  readPlaylist,
} from './playlist.ts';
import { currentItem, type Playlist, type PlaylistControl, type PlaylistEdit } from './playlist-rules.ts';
import { getSession } from './sessions.ts';

/** A projector window that has not said it is showing for this long no longer holds the projector. */
export const PROJECTOR_LEASE_MS = 6_000;
/** A lesson's place is stored at least this often (media seconds) while it plays. */
const POSITION_EVERY_S = 10;

export type LessonFacts = {
  title: string;
  courseTitle: string;
  durationSec: number;
  /** The cached file's URL, or why there is none. */
  media: { url: string } | { problem: 'not_cached' | 'unpublished' };
};

/** What the projector needs to know of the library: lessons, their media, live channels. */
export type ProjectorLookup = {
  lesson(lessonId: string): LessonFacts | null;
  channel(channelId: string): LiveChannelView | null;
  /** Lessons cached at this station, for adding to a playlist. */
  cachedLessons(): ({ id: string } & Pick<LessonFacts, 'title' | 'courseTitle' | 'durationSec'>)[];
  channels(): LiveChannelView[];
};

export type ProjectorServiceOptions = {
  host: ClassroomHost;
  bus: EventBus;
  log: Logger;
  lookup: ProjectorLookup;
  /** Monotonic ms for the projector windows' leases; performance.now() by default. */
  monoNow?: () => number;
  /** How often expired leases are looked for; null runs no timer (tests call checkLeases). */
  leaseCheckMs?: number | null;
};

export interface ProjectorService {
  now(): OnAirView;
  playlistView(sessionId: string): PlaylistView;
  control(sessionId: string, action: PlaylistControl, itemKey?: string): PlaylistView;
  edit(sessionId: string, edit: PlaylistEdit): PlaylistView;
  choices(): { lessons: ReturnType<ProjectorLookup['cachedLessons']>; channels: LiveChannelView[] };
  /** A signal of the player showing item `itemKey` of the class on air, from window `surfaceId`. */
  signal(sessionId: string, itemKey: string, surfaceId: string, signal: Omit<PlayerSignal, 'monoMs'>): boolean;
  /** A projector window says it shows (or no longer shows) the lecture. */
  present(surfaceId: string, showing: boolean): { leaseMs: number };
  /** Drops expired leases and says so if the projector changed hands. */
  checkLeases(): void;
  close(): void;
}

export function createProjectorService(options: ProjectorServiceOptions): ProjectorService {
  const { host, bus, lookup } = options;
  const monoNow = options.monoNow ?? (() => performance.now());
  /** Projector windows by surface id → lease expiry (monotonic), oldest first. */
  const leases = new Map<string, number>();
  /** The classroom player each session's projector item runs in, to tell a new run from a going one. */
  const running = new Map<string, { player: Player; itemKey: string }>();
  let lastPublished = '';

  const holder = (): string | null => {
    const now = monoNow();
    for (const [surfaceId, expires] of leases) if (expires > now) return surfaceId;
    return null;
  };

  const itemView = (item: Playlist['items'][number]): PlaylistItemView => {
    if (item.kind === 'live') {
      const channel = lookup.channel(item.id);
      return {
        key: item.key,
        kind: 'live',
        id: item.id,
        title: channel?.name ?? item.id,
        durationSec: null,
        problem: channel ? null : 'unknown',
      };
    }
    const lesson = lookup.lesson(item.id);
    return {
      key: item.key,
      kind: 'lesson',
      id: item.id,
      title: lesson?.title ?? item.id,
      durationSec: lesson?.durationSec ?? null,
      problem: !lesson ? 'unknown' : 'problem' in lesson.media ? lesson.media.problem : null,
    };
  };

  const now = (): OnAirView => {
    const classroom = host.attached();
    const sessionId = classroom ? onAirSession(classroom) : null;
    const surface = holder();
    if (!classroom || !sessionId)
      return { sessionId: null, classTitle: null, state: 'idle', item: null, next: null, surface };
    const playlist = readPlaylist(classroom, sessionId);
    const item = currentItem(playlist);
    const following = playlist.items[playlist.current + 1];
    const base = {
      sessionId,
      classTitle: getSession(classroom, sessionId).title,
      state: playlist.state,
      next: following ? itemView(following).title : null,
      surface,
    };
    if (!item) return { ...base, item: null };
    if (item.kind === 'live') {
      const channel = lookup.channel(item.id);
      return { ...base, item: { key: item.key, kind: 'live', id: item.id, title: channel?.name ?? item.id, channel } };
    }
    const lesson = lookup.lesson(item.id);
    return {
      ...base,
      item: {
        key: item.key,
        kind: 'lesson',
        id: item.id,
        title: lesson?.title ?? item.id,
        url: lesson && 'url' in lesson.media ? lesson.media.url : null,
        positionS: playlist.positionS,
      },
    };
  };

  /** Tells every window what the projector shows, when that changed. */
  const publish = () => {
    const view = now();
    const text = JSON.stringify(view);
    if (text === lastPublished) return;
    lastPublished = text;
    bus.publish('projector.changed', view);
  };

  const playlistView = (sessionId: string): PlaylistView => {
    const classroom = host.require();
    const session = getSession(classroom, sessionId);
    const playlist = readPlaylist(classroom, sessionId);
    const finished = playlist.state === 'finished' || playlist.items.length === 0;
    return {
      sessionId,
      title: session.title,
      sessionStatus: session.status,
      state: session.status === 'closed' && playlist.state !== 'finished' ? 'stopped' : playlist.state,
      current: finished ? null : playlist.current,
      items: playlist.items.map(itemView),
      positionS: playlist.positionS,
      playedMinutes: liveSessionHours(classroom, sessionId, classroom.rules()).playedMinutes,
      present: attendanceOf(classroom, sessionId).filter((row) => row.present).length,
      onAir: onAirSession(classroom) === sessionId,
      projector: holder() !== null,
    };
  };

  // Opening and closing a class changes what is on air; every status change is the moment to look.
  const unsubscribe = bus.subscribe((event) => {
    if (event === 'classroom.statusChanged') publish();
  });
  const timer =
    options.leaseCheckMs === null ? null : setInterval(() => service.checkLeases(), options.leaseCheckMs ?? 2_000);
  timer?.unref();

  const service: ProjectorService = {
    now,
    playlistView,
    control(sessionId, action, itemKey) {
      controlPlaylist(host.require(), sessionId, action, itemKey);
      publish();
      return playlistView(sessionId);
    },
    edit(sessionId, edit) {
      editPlaylist(host.require(), sessionId, edit, {
        lesson: (id) => {
          const lesson = lookup.lesson(id);
          return lesson !== null && !('problem' in lesson.media && lesson.media.problem === 'unpublished');
        },
        channel: (id) => lookup.channel(id) !== null,
      });
      publish();
      return playlistView(sessionId);
    },
    choices: () => ({ lessons: lookup.cachedLessons(), channels: lookup.channels() }),

    signal(sessionId, itemKey, surfaceId, signal) {
      const classroom = host.require();
      const showing = holder();
      // Another window holds the projector: this one's picture is not what the room sees.
      if (showing !== null && showing !== surfaceId) return false;
      if (onAirSession(classroom) !== sessionId) return false;
      const playlist = readPlaylist(classroom, sessionId);
      const item = currentItem(playlist);
      // A late signal of an item the class has moved past counts for nothing.
      if (!item || item.key !== itemKey) return false;
      const mine = running.get(sessionId);
      const player = classroom.players.get(sessionId);
      if (!player || mine?.player !== player || mine.itemKey !== itemKey) {
        // Only a start (or a live picture coming back) opens a new run of the item.
        if (signal.kind !== 'play' && signal.kind !== 'resumed') return false;
        startPlayback(classroom, sessionId, item.kind === 'lesson' ? { lessonId: item.id } : { channelId: item.id });
        running.set(sessionId, { player: classroom.players.get(sessionId)!, itemKey });
      }
      playerSignal(classroom, sessionId, { ...signal, monoMs: classroom.ledger.clock.monoMs() } as PlayerSignal);
      if (item.kind === 'lesson') {
        const moved = Math.abs(signal.mediaS - playlist.positionS) >= POSITION_EVERY_S;
        if (signal.kind !== 'timeupdate' || moved) notePosition(classroom, sessionId, itemKey, signal.mediaS);
        if (signal.kind === 'ended' && endedOnProjector(classroom, sessionId, itemKey)) {
          options.log.info('projector.advanced', { sessionId, after: itemKey });
          publish();
        }
      }
      return true;
    },

    present(surfaceId, showing) {
      if (showing) leases.set(surfaceId, monoNow() + PROJECTOR_LEASE_MS);
      else leases.delete(surfaceId);
      publish();
      return { leaseMs: PROJECTOR_LEASE_MS };
    },
    checkLeases() {
      const at = monoNow();
      for (const [surfaceId, expires] of leases) if (expires <= at) leases.delete(surfaceId);
      publish();
    },
    close() {
      unsubscribe();
      if (timer) clearInterval(timer);
    },
  };
  return service;
}
