// The hub link's status, kept current: asked once, then every sync.statusChanged the
// station publishes (each step of a sync, progress included).
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useStationValue, type StationValueSource } from './use-station-value.ts';

const SYNC_STATUS: StationValueSource<SyncStatus> = {
  read: (station) => station.invoke('sync.status', {}),
  listen: (station, heard) => station.on('sync.statusChanged', heard),
};

export function useSyncStatus(station: LecternApi): [SyncStatus | null, (next: SyncStatus) => void] {
  return useStationValue(station, SYNC_STATUS);
}
