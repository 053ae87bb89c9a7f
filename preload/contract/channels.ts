// The contract: every channel the renderer may call, every event it may receive, each with
// zod schemas, one file per domain under channels/. Main validates inputs and outputs
// against these; the renderer's typed API is derived from them, so a channel exists in one
// place only.
import type { z } from 'zod';
import { classroomChannels, classroomEvents } from './channels/classroom.ts';
import { devicesChannels, devicesEvents } from './channels/devices.ts';
import { libraryChannels } from './channels/library.ts';
import { mediaChannels, mediaEvents } from './channels/media.ts';
import { playerChannels, playerEvents } from './channels/player.ts';
import { stationChannels, stationEvents } from './channels/station.ts';
import { syncChannels, syncEvents, type SyncRefusal } from './channels/sync.ts';
import { technicianChannels, technicianEvents } from './channels/technician.ts';
import type { Refusal as ClassroomRefusal } from './channels/classroom.ts';

export type { DatabaseState, StationHealth, StationInfo } from './channels/station.ts';
export type { CourseSummary, LessonView, MediaState, SearchHit } from './channels/library.ts';
export type { StorageView } from './channels/media.ts';
export type { DisplaysView, OnAirView, PlaybackLogDay, PlaylistView, ProjectorItem } from './channels/player.ts';
export type { SyncStatus } from './channels/sync.ts';
export type { DeviceConfigView, DevicesView, ProjectorOutcome, ProjectorView, ReaderView } from './channels/devices.ts';
export type { OrganiserRow } from './channels/technician.ts';
export type {
  AttendanceView,
  ClassroomStatus,
  HistoryEntry,
  LearnerSession,
  LearnerSummary,
  ScheduleEntryView,
  SelfStudySummary,
  TapView,
} from './channels/classroom.ts';
/** Every deliberate no a domain may answer (`{ refused }`), each area's own list. */
export type Refusal = ClassroomRefusal | SyncRefusal;

export const channels = {
  ...stationChannels,
  ...libraryChannels,
  ...mediaChannels,
  ...syncChannels,
  ...classroomChannels,
  ...playerChannels,
  ...devicesChannels,
  ...technicianChannels,
} as const;
export const events = {
  ...stationEvents,
  ...mediaEvents,
  ...syncEvents,
  ...classroomEvents,
  ...playerEvents,
  ...devicesEvents,
  ...technicianEvents,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
