// What the station's own handlers need to know about the running station.
import type { StationDatabases } from '../storage/station-databases.ts';

export interface StationContext {
  version: string;
  runtime: 'electron' | 'web';
  dataDir: string;
  startedAt: Date;
  databases: StationDatabases;
  /** Monotonic milliseconds, injectable so uptime is testable. */
  now: () => number;
  startedAtMonotonic: number;
}
