// The classroom's devices as the station reports them, kept current by devices.changed.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { DevicesView } from '../../../preload/contract/channels.ts';
import { useStationValue, type StationValueSource } from './use-station-value.ts';

const DEVICES: StationValueSource<DevicesView> = {
  read: (station) => station.invoke('devices.status', {}),
  listen: (station, heard) => station.on('devices.changed', heard),
};

export function useDevices(station: LecternApi): DevicesView | null {
  return useStationValue(station, DEVICES)[0];
}
