// How an event is stored: one row of ledger.db's `events` table, column for column
// (migration 002_events.sql), and the event rebuilt from it exactly as it was signed.
import type { SignedEvent } from '../../protocol/events.ts';

export type EventRow = {
  seq: number;
  id: string;
  v: number;
  station_id: string;
  type: string;
  payload: string;
  wall_time: number;
  boot_id: string;
  mono_ms: number;
  hub_offset_ms: number;
  rule_version: number;
  prev_hash: string;
  hash: string;
  sig: string;
};

export const COLUMNS =
  'seq, id, v, station_id, type, payload, wall_time, boot_id, mono_ms, hub_offset_ms, rule_version, prev_hash, hash, sig';

/** The event a row stores; throws when the payload is not JSON (an edited row). */
export function toEvent(row: EventRow): SignedEvent {
  return {
    v: row.v,
    id: row.id,
    stationId: row.station_id,
    seq: row.seq,
    type: row.type,
    payload: JSON.parse(row.payload),
    wallTime: row.wall_time,
    bootId: row.boot_id,
    monoMs: row.mono_ms,
    hubOffsetMs: row.hub_offset_ms,
    ruleVersion: row.rule_version,
    prevHash: row.prev_hash,
    hash: row.hash,
    sig: row.sig,
  } as SignedEvent;
}
