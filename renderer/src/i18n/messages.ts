// Every string the renderer shows comes from a stable code in one of the area tables under
// messages/ (zh-CN first, English beside it). Screens never write words of their own.
import { appMessages } from './messages/app.ts';
import { classdayMessages } from './messages/classday.ts';
import { classroomMessages } from './messages/classroom.ts';
import { devicesMessages } from './messages/devices.ts';
import { libraryMessages } from './messages/library.ts';
import type { MessageTable } from './messages/message-table.ts';
import { organiserMessages } from './messages/organiser.ts';
import { playerMessages } from './messages/player.ts';
import { stationMessages } from './messages/station.ts';
import { syncMessages } from './messages/sync.ts';
import { technicianMessages } from './messages/technician.ts';

/** Each area's table, for the test that no code is defined twice. */
export const AREAS: Record<string, MessageTable> = {
  app: appMessages,
  station: stationMessages,
  library: libraryMessages,
  sync: syncMessages,
  classroom: classroomMessages,
  organiser: organiserMessages,
  classday: classdayMessages,
  player: playerMessages,
  devices: devicesMessages,
  technician: technicianMessages,
};

const MESSAGES = {
  ...appMessages,
  ...stationMessages,
  ...libraryMessages,
  ...syncMessages,
  ...classroomMessages,
  ...organiserMessages,
  ...classdayMessages,
  ...playerMessages,
  ...devicesMessages,
  ...technicianMessages,
};

export type MessageKey = keyof typeof MESSAGES;
export type Locale = 'zh-CN' | 'en';

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const entry: { zh: string; en: string } = MESSAGES[key];
  const template = locale === 'en' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
