// Times on screen, in the rule set's time zone — the zone the reports and the station's "today"
// use — whatever zone the PC is set to. The classroom status carries the zone
// (zoneOffsetMinutes); until it arrives, China time, the zone of every published rule set so far.
let zoneOffsetMinutes = 480;

/** Called with each classroom status (use-classroom-status.ts). */
export function setDisplayZone(offsetMinutes: number): void {
  zoneOffsetMinutes = offsetMinutes;
}

const inZone = (ms: number) => new Date(ms + zoneOffsetMinutes * 60_000).toISOString();

/** `HH:mm` */
export function clockTime(ms: number): string {
  return inZone(ms).slice(11, 16);
}

/** `YYYY-MM-DD` */
export function dayOf(ms: number): string {
  return inZone(ms).slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` */
export function dateTime(ms: number): string {
  return `${dayOf(ms)} ${clockTime(ms)}`;
}
