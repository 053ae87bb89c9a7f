// Start-up of the classroom: the ledger's chain is verified before anything is appended to
// it, and the classroom is created once the station is enrolled (station id, card-hash key);
// its timers close classes that are due and run the self-study attention checks.
import type Database from 'better-sqlite3';
import { createClassroom, type Classroom } from './classroom.ts';
import { resolvePendingCards } from './attendance.ts';
import { attentionTicks } from './self-study.ts';
import { closeDueSessions } from './sessions.ts';
import type { Logger } from '../runtime/logger.ts';
import { systemClock } from '../ledger/clock.ts';
import { openLedgerWriter, verifyLedger, type LedgerCheck } from '../ledger/ledger.ts';
import { readEnrollment } from '../hub-link/enrollment.ts';
import { readSecrets } from '../station/key-file.ts';
import type { ClassroomHost } from './classroom-host.ts';

export const CLOSE_DUE_EVERY_MS = 30_000;
export const ATTENTION_EVERY_MS = 5_000;

/** verifyLedger with the station's public key; a station with no key yet has no events either. */
export function verifyStationLedger(ledger: Database.Database, dataDir: string): LedgerCheck {
  const secrets = readSecrets(dataDir);
  if (!secrets) {
    const { n } = ledger.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    // Events without the key that signed them cannot be verified: the first is the problem.
    return n === 0 ? verifyLedger(ledger, '') : { ok: false, seq: 1, problem: 'signature' };
  }
  return verifyLedger(ledger, secrets.publicKey);
}

export type ClassroomSetupOptions = {
  ledger: Database.Database;
  catalog: Database.Database;
  dataDir: string;
  /** hub time − station clock, as the hub client last measured it. */
  hubOffsetMs: () => number;
  ruleVersion: () => number;
};

/** The classroom of an enrolled station, or null while it is not enrolled. */
export function openClassroom(options: ClassroomSetupOptions): Classroom | null {
  const enrollment = readEnrollment(options.ledger);
  const secrets = readSecrets(options.dataDir);
  if (!enrollment || !secrets?.cardHashKey) return null;
  const ledger = openLedgerWriter(options.ledger, {
    stationId: enrollment.stationId,
    privateKey: secrets.privateKey,
    clock: systemClock(),
    hubOffsetMs: options.hubOffsetMs,
    ruleVersion: options.ruleVersion,
  });
  return createClassroom({ ledger, catalog: options.catalog, cardHashKey: secrets.cardHashKey });
}

/** The periodic work of an attached classroom; returns the function that stops it. */
export function startClassroomTimers(host: ClassroomHost, log: Logger, every = { closeDueMs: CLOSE_DUE_EVERY_MS, attentionMs: ATTENTION_EVERY_MS }): () => void {
  const closeDue = () => {
    const classroom = host.attached();
    if (!classroom) return;
    try {
      const closed = closeDueSessions(classroom);
      if (closed.length === 0) return;
      log.info('classroom.closed_due', { sessions: closed });
      host.publishStatus();
      for (const sessionId of closed) host.publishAttendance(sessionId);
    } catch (error) {
      log.error('classroom.close_due_failed', { error: String(error) });
    }
  };
  const attention = () => {
    const classroom = host.attached();
    if (!classroom) return;
    try {
      for (const prompt of attentionTicks(classroom)) host.publishAttention(prompt.sessionId, prompt.action);
    } catch (error) {
      log.error('classroom.attention_failed', { error: String(error) });
    }
  };
  closeDue();
  const closeTimer = setInterval(closeDue, every.closeDueMs);
  const attentionTimer = setInterval(attention, every.attentionMs);
  closeTimer.unref();
  attentionTimer.unref();
  return () => {
    clearInterval(closeTimer);
    clearInterval(attentionTimer);
  };
}

/** After a roster pull: unknown cards the hub has since put on the roster are marked. */
export function afterRosterPull(host: ClassroomHost, log: Logger): void {
  const classroom = host.attached();
  if (!classroom) return;
  const resolved = resolvePendingCards(classroom);
  if (resolved > 0) log.info('classroom.pending_resolved', { resolved });
}
