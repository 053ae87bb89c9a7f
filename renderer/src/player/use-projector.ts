// What the projector shows now, kept current by the station's projector.changed events (and
// asked again every so often, or on refresh(), in case an event was missed while the event
// socket (re)connected).
import { useCallback, useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { OnAirView } from '../../../preload/contract/channels.ts';

const REFRESH_MS = 15_000;

export function useProjector(station: LecternApi): { view: OnAirView | null; refresh: () => void } {
  const [view, setView] = useState<OnAirView | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () =>
      station.invoke('projector.now', {}).then(
        (next) => alive && setView(next),
        () => undefined,
      );
    void load();
    const unsubscribe = station.on('projector.changed', (next) => alive && setView(next));
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      unsubscribe();
      clearInterval(timer);
    };
  }, [station, generation]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { view, refresh };
}
