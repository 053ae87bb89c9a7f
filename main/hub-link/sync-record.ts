// What the sync engine remembers across restarts, in sync-status.json in the data folder:
// the last attempt (when, and whether the hub answered), the last success and what it
// moved, when the catalogue was last pulled and the heartbeat last sent. So a station that
// starts offline still says when it last synced, and does not pull a catalogue it pulled a
// minute before it was switched off. Written durably (temp file, fsync, rename); a file that
// cannot be read is started afresh — it holds no records, only their delivery history (the
// records and the outbox cursor are in ledger.db).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../../common/node/durable-file.ts';

export const SYNC_RECORD_FILE = 'sync-status.json';

const AttemptSchema = z.object({
  /** ISO time the attempt ended. */
  at: z.string(),
  /** The hub answered (even with a refusal): the link was up. */
  reachedHub: z.boolean(),
  state: z.enum(['idle', 'offline', 'refused', 'revoked', 'error']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const RecordSchema = z.object({
  v: z.literal(1),
  lastAttempt: AttemptSchema.nullable(),
  lastSuccessAt: z.string().nullable(),
  /** What the last successful sync moved. */
  lastMoved: z.object({ pushed: z.number().int(), pulled: z.number().int() }).nullable(),
  lastPullAt: z.string().nullable(),
  lastHeartbeatAt: z.string().nullable(),
  /** The hub holds events beyond this station's last one (a ledger restored from an older copy). */
  hubAhead: z.object({ hubSeq: z.number().int(), headSeq: z.number().int() }).nullable(),
});

export type SyncAttempt = z.infer<typeof AttemptSchema>;
export type SyncRecord = z.infer<typeof RecordSchema>;

export const EMPTY_SYNC_RECORD: SyncRecord = {
  v: 1,
  lastAttempt: null,
  lastSuccessAt: null,
  lastMoved: null,
  lastPullAt: null,
  lastHeartbeatAt: null,
  hubAhead: null,
};

export function syncRecordPath(dataDir: string): string {
  return path.join(dataDir, SYNC_RECORD_FILE);
}

/** The record as last written; empty when there is none or it cannot be read. */
export function readSyncRecord(dataDir: string): SyncRecord {
  try {
    return RecordSchema.parse(JSON.parse(fs.readFileSync(syncRecordPath(dataDir), 'utf8')));
  } catch {
    return EMPTY_SYNC_RECORD;
  }
}

export async function writeSyncRecord(dataDir: string, record: SyncRecord): Promise<void> {
  await writeFileDurably(syncRecordPath(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}
