// When downloads may use the link. County links are shared with live lectures and office
// work by day, so pinned downloads wait for the window (default 22:00–06:00 on the station
// calendar: the rule set's time zone on hub-corrected time, never the OS zone): pinning a course queues a backlog. A lesson scheduled for a class, and the one
// lesson a person asked for at the station, download at any hour: each is one file, and
// waiting for the night would leave a class, or the organiser in front of the screen,
// without its lecture. The bandwidth cap still holds for them.
export interface DownloadWindow {
  /** 'HH:MM' on the station calendar. start === end means all day. */
  start: string;
  end: string;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClock(value: string): number {
  const match = CLOCK.exec(value);
  if (!match) throw new Error(`A time of day looks like 22:00, not ${JSON.stringify(value)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function isValidClock(value: string): boolean {
  return CLOCK.test(value);
}

/** Whether `minuteOfDay` (0–1439) falls in the window; a window may run past midnight. */
export function isWithinWindow(window: DownloadWindow | null, minuteOfDay: number): boolean {
  if (window === null) return true;
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  if (start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}
