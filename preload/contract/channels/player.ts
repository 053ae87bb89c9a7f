// Channels of the lecture in the room: the players' signals that become learning time (the
// learner's library player, and the projector's), the class playlist the organiser drives
// from the class screen, what the projector shows now, live channels, the playback log of a
// day, and which display the projector window goes on.
//
// The projector's view (the audience window) is not unlocked by anyone: it only shows what
// the class playlist says and reports what really played, so its channels take no
// organiser session. Everything that changes the playlist does.
import { z } from 'zod';
import { refusable as technicianRefusable } from './classroom.ts';
import { noInput } from './no-input.ts';
import { technicianSessionSchema } from './technician.ts';

const id = z.string().min(1).max(128);
const organiserSession = z.string().min(16).max(128);
const mediaS = z.number().min(0).max(1e7);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/**
 * One thing a player saw. `stalled` says why the picture stopped: the element ran out of data
 * (buffering), the live connection failed or ended while live (network, end_of_stream), the
 * stream could not be decoded (media_error), or the watchdog saw no progress for 5 s with
 * the connection open (no_progress). `resumed`
 * ends a stall: the picture moves again.
 */
export const playerSignalSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(['play', 'pause', 'seeking', 'seeked', 'resumed', 'ended', 'timeupdate', 'hidden', 'visible']),
    mediaS,
  }),
  z.strictObject({
    kind: z.literal('stalled'),
    mediaS,
    reason: z.enum(['buffering', 'network', 'media_error', 'end_of_stream', 'no_progress']).default('buffering'),
  }),
  z.strictObject({ kind: z.literal('ratechange'), mediaS, rate: z.number().min(0).max(16) }),
]);
export type PlayerSignalInput = z.input<typeof playerSignalSchema>;

export const PLAYER_REFUSALS = [
  'organiser_session_expired',
  'no_such_session',
  'session_closed',
  'playlist_empty', // nothing to play
  'playlist_item_playing', // the item on the projector now cannot be removed
  'no_such_item',
  'no_such_lesson', // not in the library, or without a published recording
  'no_such_channel',
  'playlist_full',
] as const;
export type PlayerRefusal = (typeof PLAYER_REFUSALS)[number];
const refusedSchema = z.strictObject({ refused: z.enum(PLAYER_REFUSALS) });
const refusable = <T extends z.ZodType>(schema: T) => z.union([refusedSchema, schema]);

export const PLAYLIST_MAX_ITEMS = 50;

/** A live channel as the station relays it: the player opens `url` on the station's own origin. */
const liveChannelSchema = z.object({
  id,
  name: z.string(),
  url: z.string(),
  format: z.enum(['flv', 'ts']),
  hasAudio: z.boolean(),
  hasVideo: z.boolean(),
});
export type LiveChannelView = z.infer<typeof liveChannelSchema>;

const playlistStateSchema = z.enum(['stopped', 'playing', 'paused', 'finished']);

/**
 * What the projector shows now: the item of the class on air, or nothing. A lesson plays
 * from `positionS`; a live channel from now.
 */
const projectorItemSchema = z.discriminatedUnion('kind', [
  z.object({
    key: id,
    kind: z.literal('lesson'),
    id,
    title: z.string(),
    url: z.string().nullable(),
    positionS: mediaS,
  }),
  z.object({ key: id, kind: z.literal('live'), id, title: z.string(), channel: liveChannelSchema.nullable() }),
]);
const onAirViewSchema = z.object({
  sessionId: id.nullable(),
  classTitle: z.string().nullable(),
  state: z.union([playlistStateSchema, z.literal('idle')]),
  item: projectorItemSchema.nullable(),
  /** The title of what follows, for the presenter. */
  next: z.string().nullable(),
  /** The projector window that shows the lecture, or null: then the presenter's own view does. */
  surface: z.string().nullable(),
});
export type OnAirView = z.infer<typeof onAirViewSchema>;
export type ProjectorItem = z.infer<typeof projectorItemSchema>;

const playlistItemSchema = z.object({
  key: id,
  kind: z.enum(['lesson', 'live']),
  id,
  title: z.string(),
  /** Seconds, from the media (lessons); null for live. */
  durationSec: z.number().nullable(),
  /** Why it cannot play now: not downloaded yet, no recording published, gone from the catalogue. */
  problem: z.enum(['not_cached', 'unpublished', 'unknown']).nullable(),
});
export type PlaylistItemView = z.infer<typeof playlistItemSchema>;

const playlistViewSchema = z.object({
  sessionId: id,
  title: z.string(),
  sessionStatus: z.enum(['open', 'in_progress', 'closed']),
  state: playlistStateSchema,
  /** Index of the item playing or next to play; null when finished or empty. */
  current: z.number().int().nullable(),
  items: z.array(playlistItemSchema),
  /** Where the current lesson stands (seconds). */
  positionS: mediaS,
  /** Minutes the lecture has really played in this class so far. */
  playedMinutes: z.number().int(),
  present: z.number().int(),
  /** The projector follows this class's playlist. */
  onAir: z.boolean(),
  /** A projector window is showing (else the presenter shows the lecture itself). */
  projector: z.boolean(),
});
export type PlaylistView = z.infer<typeof playlistViewSchema>;

const choiceLessonSchema = z.object({
  id,
  title: z.string(),
  courseTitle: z.string(),
  durationSec: z.number(),
});

const logRowSchema = z.object({
  /** Unix ms, station clock. */
  at: z.number(),
  sessionTitle: z.string(),
  kind: z.enum(['lesson', 'live']),
  sourceTitle: z.string(),
  signal: z.enum([
    'play',
    'pause',
    'seeking',
    'seeked',
    'stalled',
    'resumed',
    'ended',
    'hidden',
    'visible',
    'ratechange',
  ]),
  /** Why it stalled, or the new rate; null otherwise. */
  detail: z.string().nullable(),
  mediaS: z.number().nullable(),
});
const logSourceSchema = z.object({
  sessionTitle: z.string(),
  kind: z.enum(['lesson', 'live']),
  sourceTitle: z.string(),
  firstAt: z.number(),
  lastAt: z.number(),
  /** Time really played (playback segments), minutes with one decimal. */
  playedMinutes: z.number(),
  stalls: z.number().int(),
});
const playbackLogSchema = z.object({
  date: z.string(),
  site: z.string().nullable(),
  sources: z.array(logSourceSchema),
  rows: z.array(logRowSchema),
  /** More rows than one answer carries: the oldest are shown, the rest left out. */
  truncated: z.boolean(),
});
export type PlaybackLogDay = z.infer<typeof playbackLogSchema>;

const displaySchema = z.object({
  /** Stable across unplug and replug: the monitor's name and size. */
  key: z.string(),
  label: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  primary: z.boolean(),
  internal: z.boolean(),
});
const displaysViewSchema = z.object({
  /** The Electron shell places the projector window itself; the browser shell cannot. */
  managed: z.boolean(),
  displays: z.array(displaySchema),
  /** The technician's choice: a display by its key, or the first external display. */
  choice: z.string(),
  /** The display the projector window is on now, or null (no external display). */
  current: z.string().nullable(),
});
export type DisplaysView = z.infer<typeof displaysViewSchema>;

const controlSchema = z.enum(['play', 'pause', 'next', 'playItem']);
const editSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('addLesson'), lessonId: id }),
  // A live lecture goes before what has not played yet: "live, then the recordings".
  z.strictObject({ action: z.literal('addLive'), channelId: id }),
  z.strictObject({ action: z.literal('remove'), itemKey: id }),
  z.strictObject({ action: z.literal('moveUp'), itemKey: id }),
  z.strictObject({ action: z.literal('moveDown'), itemKey: id }),
]);
export type PlaylistEdit = z.infer<typeof editSchema>;

export const playerChannels = {
  // The library player's signals while a lesson plays; they count for the running self-study
  // session or the open class. `recorded` is false when neither is running, or when the
  // class's playlist is on the projector (that player's signals count instead).
  'player.signal': {
    input: z.strictObject({ lessonId: id, signal: playerSignalSchema }),
    output: z.object({ recorded: z.boolean() }),
  },
  // Where the learner studying alone left this lesson (seconds), or null.
  'player.resumeAt': {
    input: z.strictObject({ lessonId: id }),
    output: z.object({ positionS: z.number().nullable() }),
  },

  'live.channels': { input: noInput, output: z.object({ channels: z.array(liveChannelSchema) }) },
  // While a live player waits to reconnect: answers as soon as the channel's source sends
  // bytes again (up: true), or after timeoutMs without (up: false).
  'live.waitForSource': {
    input: z.strictObject({ channelId: id, timeoutMs: z.number().int().min(100).max(10_000) }),
    output: z.object({ up: z.boolean() }),
  },

  'projector.now': { input: noInput, output: onAirViewSchema },
  // The projector's player: what really played of the item `itemKey` of the class on air.
  'projector.signal': {
    input: z.strictObject({
      sessionId: id,
      itemKey: id,
      surfaceId: z.string().min(8).max(64),
      signal: playerSignalSchema,
    }),
    output: z.object({ recorded: z.boolean() }),
  },
  // A projector window says it is showing, every few seconds; it stops counting after leaseMs.
  'projector.present': {
    input: z.strictObject({ surfaceId: z.string().min(8).max(64), showing: z.boolean() }),
    output: z.object({ leaseMs: z.number().int() }),
  },
  'projector.displays': { input: noInput, output: displaysViewSchema },
  // The technician's page: carries the technician session, like every setting there.
  'projector.chooseDisplay': {
    input: z.strictObject({ technicianSession: technicianSessionSchema, choice: z.string().min(1).max(300) }),
    output: technicianRefusable(displaysViewSchema),
  },

  'playlist.view': {
    input: z.strictObject({ organiserSession, sessionId: id }),
    output: refusable(playlistViewSchema),
  },
  'playlist.control': {
    input: z
      .strictObject({ organiserSession, sessionId: id, action: controlSchema, itemKey: id.optional() })
      .refine((input) => (input.action === 'playItem') === (input.itemKey !== undefined), 'playItem names an itemKey'),
    output: refusable(playlistViewSchema),
  },
  'playlist.edit': {
    input: z.strictObject({ organiserSession, sessionId: id, edit: editSchema }),
    output: refusable(playlistViewSchema),
  },
  // What can be added: the lessons cached at this station, and the live channels.
  'playlist.choices': {
    input: z.strictObject({ organiserSession }),
    output: refusable(z.object({ lessons: z.array(choiceLessonSchema), channels: z.array(liveChannelSchema) })),
  },
  // 节目播放记录: what was played on a day (YYYY-MM-DD in the rule set's zone), signal by signal.
  'playbackLog.day': {
    input: z.strictObject({ organiserSession, date: dateSchema }),
    output: refusable(playbackLogSchema),
  },
} as const;

export const playerEvents = {
  // What the projector shows changed (started, paused, advanced, the class closed).
  'projector.changed': onAirViewSchema,
  'projector.displaysChanged': displaysViewSchema,
} as const;
