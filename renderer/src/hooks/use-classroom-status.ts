// The classroom's status (can it record, which class is open, who studies alone), kept
// current by the station's classroom.statusChanged events.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { setDisplayZone } from '../components/time.ts';

export function useClassroomStatus(station: LecternApi): ClassroomStatus | null {
  const [status, setFromStation] = useState<ClassroomStatus | null>(null);
  useEffect(() => {
    let alive = true;
    // Every time on screen follows the zone of the rule set in force.
    const setStatus = (next: ClassroomStatus) => {
      setDisplayZone(next.zoneOffsetMinutes);
      setFromStation(next);
    };
    const load = () =>
      station.invoke('classroom.status', {}).then(
        (next) => alive && setStatus(next),
        () => undefined,
      );
    load();
    const unsubscribe = station.on('classroom.statusChanged', (next) => alive && setStatus(next));
    // The closing of a class by its timer is published too; this catches a missed event
    // after the event socket reconnects.
    const timer = setInterval(load, 30_000);
    return () => {
      alive = false;
      unsubscribe();
      clearInterval(timer);
    };
  }, [station]);
  return status;
}
