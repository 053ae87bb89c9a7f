// Who this station is and its health, kept current: read at once and every few seconds, and
// health also whenever the station publishes a change.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { StationHealth, StationInfo } from '../../../preload/contract/channels.ts';

const REFRESH_MS = 5000;

export type StationState = { info: StationInfo | null; health: StationHealth | null; unreachable: boolean };

export function useStationState(station: LecternApi): StationState {
  const [state, setState] = useState<StationState>({ info: null, health: null, unreachable: false });
  useEffect(() => {
    let alive = true;
    const load = () => {
      Promise.all([station.invoke('station.info', {}), station.invoke('station.health', {})])
        .then(([info, health]) => alive && setState({ info, health, unreachable: false }))
        .catch(() => alive && setState((current) => ({ ...current, unreachable: true })));
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const unsubscribe = station.on(
      'station.healthChanged',
      (health) => alive && setState((current) => ({ ...current, health })),
    );
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [station]);
  return state;
}
