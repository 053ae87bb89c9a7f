// What sync has to say in a diagnostic bundle, as plain data: the engine's status when it
// runs, what it remembers across restarts (sync-status.json), the outbox, what the hub held
// apart or found in conflict, and the ledger's backups. Works on a stopped station too: give
// it the data folder and ledger.db opened read-only.
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract/channels.ts';
import { dailyBackups, type LedgerCopy } from '../storage/ledger-backup.ts';
import {
  conflictRecords,
  outboxState,
  quarantinedEvents,
  syncOutcomeCounts,
  type ConflictRecord,
  type QuarantinedEvent,
} from './outbox.ts';
import { readSyncRecord, type SyncRecord } from './sync-record.ts';

const LISTED = 200;

export type SyncReport = {
  generatedAt: string;
  /** The running engine's status; null from a stopped station. */
  status: SyncStatus | null;
  record: SyncRecord;
  /** null when the ledger is quarantined. */
  outbox: { headSeq: number; ackedSeq: number; ackedAt: string | null; pending: number } | null;
  quarantine: { count: number; newest: QuarantinedEvent[] } | null;
  conflicts: { count: number; newest: ConflictRecord[] } | null;
  backups: LedgerCopy[];
};

export function syncReport(input: {
  dataDir: string;
  ledger: Database.Database | null;
  status?: SyncStatus | null;
}): SyncReport {
  const { ledger } = input;
  const outbox = ledger ? outboxState(ledger) : null;
  const counts = ledger ? syncOutcomeCounts(ledger) : null;
  return {
    generatedAt: new Date().toISOString(),
    status: input.status ?? null,
    record: readSyncRecord(input.dataDir),
    outbox: outbox && {
      headSeq: outbox.headSeq,
      ackedSeq: outbox.ackedSeq,
      ackedAt: outbox.ackedAt === null ? null : new Date(outbox.ackedAt).toISOString(),
      pending: outbox.headSeq - outbox.ackedSeq,
    },
    quarantine: ledger && counts && { count: counts.quarantined, newest: quarantinedEvents(ledger, LISTED) },
    conflicts: ledger && counts && { count: counts.conflicts, newest: conflictRecords(ledger, LISTED) },
    backups: dailyBackups(input.dataDir),
  };
}
