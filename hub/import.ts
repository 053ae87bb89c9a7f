// Events carried to the hub on a drive (a station's ledger export, events.ndjson.gz: one
// protocol event per line) go in exactly as if the station had pushed them: batch by batch
// through ingest.ts, each event's hash, signature and chain checked, duplicates counted,
// anything the hub cannot count held apart. So importing the same file twice, or a file
// whose events the station pushes later anyway, changes nothing.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { LIMITS, EventPlacementSchema } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import { createEventChecker } from './event-check.ts';
import { pushEvents, type PlacedEvent } from './ingest.ts';
import { getStation } from './stations.ts';

export type ImportSummary = {
  stationId: string;
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  conflicts: number;
  ackSeq: number;
};

/** Reads `file` (gzipped or plain NDJSON) and ingests every station's events in sequence order. */
export async function importEvents(db: HubDb, file: string, now: () => number): Promise<ImportSummary[]> {
  const raw: Readable = fs.createReadStream(file);
  const head = fs.readFileSync(file).subarray(0, 2);
  const text = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  const byStation = new Map<string, PlacedEvent[]>();
  let line = 0;
  for await (const row of readline.createInterface({ input: text, crlfDelay: Infinity })) {
    line += 1;
    if (row.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(row);
    } catch {
      throw new Error(`${file}, line ${line}: not JSON`);
    }
    const placed = EventPlacementSchema.safeParse(event);
    const stationId = (event as { stationId?: unknown } | null)?.stationId;
    if (!placed.success || typeof stationId !== 'string')
      throw new Error(`${file}, line ${line}: not a protocol event (no id, seq, hashes or station)`);
    let list = byStation.get(stationId);
    if (!list) byStation.set(stationId, (list = []));
    list.push(event as PlacedEvent);
  }
  const checker = createEventChecker({ threads: 0 });
  const summaries: ImportSummary[] = [];
  for (const [stationId, events] of byStation) {
    const station = getStation(db, stationId);
    if (!station) throw new Error(`The file holds events of station ${stationId}, which this hub does not know`);
    events.sort((a, b) => a.seq - b.seq);
    const summary: ImportSummary = {
      stationId,
      events: events.length,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      conflicts: 0,
      ackSeq: station.ack_seq,
    };
    for (let at = 0; at < events.length; at += LIMITS.pushBatchMax) {
      const answer = await pushEvents(
        db,
        checker,
        getStation(db, stationId)!,
        events.slice(at, at + LIMITS.pushBatchMax),
        now(),
      );
      summary.accepted += answer.accepted;
      summary.duplicates += answer.duplicates;
      summary.rejected += answer.rejected.length;
      summary.conflicts += answer.conflicts.length;
      summary.ackSeq = answer.ackSeq;
    }
    summaries.push(summary);
  }
  await checker.close();
  return summaries;
}
