// Today's classes as the projector's automation needs them, from the classroom: the
// schedule the hub published (its times moved onto the station clock) and the class open
// now. Null while the station records nothing yet (not enrolled): no schedule to follow.
import type { ClassroomHost } from '../classroom/classroom-host.ts';
import { currentClass, scheduleOfDay } from '../classroom/sessions.ts';
import type { ClassDay } from './projector-automation.ts';

export function classDayOf(host: ClassroomHost): () => ClassDay | null {
  return () => {
    const room = host.attached();
    if (!room) return null;
    const offset = room.ledger.hubOffsetMs();
    const slots = scheduleOfDay(room, room.calendar.today())
      .map((entry) => ({
        id: entry.id,
        title: entry.title,
        startsAt: Date.parse(entry.startsAt) - offset,
        endsAt: Date.parse(entry.endsAt) - offset,
      }))
      .filter((slot) => Number.isFinite(slot.startsAt) && Number.isFinite(slot.endsAt));
    const open = currentClass(room);
    return { slots, openClass: open ? { id: open.scheduleId ?? open.sessionId, title: open.title } : null };
  };
}
