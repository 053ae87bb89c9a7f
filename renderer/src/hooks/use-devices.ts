// The classroom's devices as the station reports them, kept current by devices.changed.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { DevicesView } from '../../../preload/contract/channels.ts';

export function useDevices(station: LecternApi): DevicesView | null {
  const [view, setView] = useState<DevicesView | null>(null);
  useEffect(() => {
    let alive = true;
    station.invoke('devices.status', {}).then(
      (next) => alive && setView(next),
      () => undefined,
    );
    const unsubscribe = station.on('devices.changed', (next) => alive && setView(next));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [station]);
  return view;
}
