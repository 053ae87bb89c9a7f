// The class screen's live arithmetic, apart from React so it is tested: the station's clock
// now (its answer's time plus what passed on this screen since), and whether the class has
// gone too long without a lecture playing — then nobody earns hours, and the organiser is told.
import type { AttendanceView } from '../../../preload/contract/channels.ts';

/** An open class with nothing played this long warns that nobody earns hours. */
export const SILENCE_WARNING_MS = 5 * 60_000;

/** Minutes nothing has played, when that is long enough to warn; null otherwise (or when closed). */
export function silentMinutes(view: AttendanceView, loadedAt: number, now: number): number | null {
  if (view.session.status === 'closed') return null;
  const stationNow = view.asOf + Math.max(0, now - loadedAt);
  const silentFor = stationNow - (view.lastPlayedAt ?? view.session.openedAt);
  return silentFor >= SILENCE_WARNING_MS ? Math.floor(silentFor / 60_000) : null;
}
