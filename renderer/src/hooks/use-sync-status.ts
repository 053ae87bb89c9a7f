// The hub link's status, kept current: fetched once, then every sync.statusChanged the
// station publishes (each step of a sync, progress included).
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';

export function useSyncStatus(station: LecternApi): [SyncStatus | null, (next: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let alive = true;
    station
      .invoke('sync.status', {})
      .then((next) => alive && setStatus(next))
      .catch(() => undefined);
    const unsubscribe = station.on('sync.statusChanged', (next) => alive && setStatus(next));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [station]);
  return [status, setStatus];
}
