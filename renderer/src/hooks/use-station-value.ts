// A value the station answers when asked and publishes whenever it changes (a status, the
// devices). The answer and the events travel apart — HTTP or IPC for the one, the event
// socket for the other — so an answer can arrive after an event that is newer than it: an
// answer is kept only if no event came while it was on its way.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';

export type StationValueSource<T> = {
  read: (station: LecternApi) => Promise<T>;
  listen: (station: LecternApi, heard: (next: T) => void) => () => void;
  /** Asks again this often: catches an event missed while the event socket reconnected. */
  refreshMs?: number;
  /** Called with every value kept. */
  onValue?: (next: T) => void;
};

export function useStationValue<T>(station: LecternApi, source: StationValueSource<T>): [T | null, (next: T) => void] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let alive = true;
    let events = 0;
    const keep = (next: T) => {
      if (!alive) return;
      source.onValue?.(next);
      setValue(next);
    };
    const unsubscribe = source.listen(station, (next) => {
      events += 1;
      keep(next);
    });
    const ask = () => {
      const before = events;
      source.read(station).then(
        (next) => events === before && keep(next),
        () => undefined,
      );
    };
    ask();
    const timer = source.refreshMs ? setInterval(ask, source.refreshMs) : null;
    return () => {
      alive = false;
      unsubscribe();
      if (timer) clearInterval(timer);
    };
    // The source is a module constant: only the station can change.
  }, [station, source]);
  return [value, setValue];
}
