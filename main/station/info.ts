// station.info: who this station is and the state of its data, for the home screen and the
// technician.
import type { ChannelOutput } from '../../preload/contract/channels.ts';
import type { StationContext } from './station-context.ts';
import { prepared } from '../storage/sql.ts';

export function readStationId(context: StationContext): string | null {
  const ledger = context.databases.ledger.db;
  if (!ledger) return null;
  const row = prepared(ledger, "SELECT value FROM station_meta WHERE key = 'station_id'").get() as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function stationInfo(context: StationContext): ChannelOutput<'station.info'> {
  return {
    version: context.version,
    stationId: readStationId(context),
    dataDir: context.dataDir,
    runtime: context.runtime,
    startedAt: context.startedAt.toISOString(),
    uptimeSec: Math.max(0, (context.now() - context.startedAtMonotonic) / 1000),
    databases: { catalog: context.databases.catalog.state, ledger: context.databases.ledger.state },
  };
}
