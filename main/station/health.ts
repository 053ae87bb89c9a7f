// station.health: a short verdict a technician can act on. "blocked" means learning records
// cannot be written; "degraded" means the station works but something needs attention.
import type { ChannelOutput } from '../../preload/contract/channels.ts';
import { freeDiskBytes, LEDGER_DISK_RESERVE_BYTES } from '../storage/disk-space.ts';
import type { StationContext } from './station-context.ts';

type Health = ChannelOutput<'station.health'>;
type Check = Health['checks'][number];

export function diskCheck(freeBytes: number): Check {
  const freeMb = Math.floor(freeBytes / 1024 / 1024);
  return freeBytes < LEDGER_DISK_RESERVE_BYTES
    ? { id: 'disk', status: 'warn', reason: 'disk-low', params: { freeMb } }
    : { id: 'disk', status: 'ok', reason: 'disk-ok', params: { freeMb } };
}

export function stationHealth(context: StationContext, freeBytes = freeDiskBytes(context.dataDir)): Health {
  const { catalog, ledger } = context.databases;
  const checks: Check[] = [
    catalog.state.state === 'rebuilt'
      ? { id: 'catalog-db', status: 'warn', reason: 'catalog-rebuilt', params: {} }
      : { id: 'catalog-db', status: 'ok', reason: 'catalog-sound', params: {} },
    ledger.db
      ? { id: 'ledger-db', status: 'ok', reason: 'ledger-sound', params: {} }
      : {
          id: 'ledger-db',
          status: 'fail',
          reason: 'ledger-quarantined',
          params: { movedTo: ledger.state.movedTo ?? 'quarantine/' },
        },
    ...chainCheck(context),
    diskCheck(freeBytes),
  ];
  // A chain that fails verification is refused like a quarantined file: anything appended
  // after a forged or damaged event would inherit the doubt.
  const ledgerWritable = ledger.db !== null && context.ledgerCheck?.ok !== false;
  const status = !ledgerWritable ? 'blocked' : checks.some((check) => check.status !== 'ok') ? 'degraded' : 'ok';
  return { status, ledgerWritable, checks, checkedAt: new Date().toISOString() };
}

/** The chain verification at start, with the first bad sequence for the technician. */
function chainCheck(context: StationContext): Check[] {
  const check = context.ledgerCheck;
  if (!check) return [];
  return check.ok
    ? [{ id: 'ledger-chain', status: 'ok', reason: 'ledger-chain-sound', params: { events: check.events } }]
    : [
        {
          id: 'ledger-chain',
          status: 'fail',
          reason: 'ledger-chain-broken',
          params: { seq: check.seq, problem: check.problem },
        },
      ];
}
