// The classroom's status (can it record, which class is open, who studies alone), kept
// current by the station's classroom.statusChanged events.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { setDisplayZone } from '../components/time.ts';
import { useStationValue, type StationValueSource } from './use-station-value.ts';

const CLASSROOM_STATUS: StationValueSource<ClassroomStatus> = {
  read: (station) => station.invoke('classroom.status', {}),
  listen: (station, heard) => station.on('classroom.statusChanged', heard),
  // The closing of a class by its timer is published too; asking again catches an event
  // missed while the event socket reconnected.
  refreshMs: 30_000,
  // Every time on screen follows the zone of the rule set in force.
  onValue: (next) => setDisplayZone(next.zoneOffsetMinutes),
};

export function useClassroomStatus(station: LecternApi): ClassroomStatus | null {
  return useStationValue(station, CLASSROOM_STATUS)[0];
}
