// Channels about the link to the provincial hub: its status as the home screen and the
// technician see it, a sync on demand, enrolling again after the hub revoked the station's
// key, and the ledger's export to a removable drive.
import { z } from 'zod';
import { noInput } from './no-input.ts';

export const SYNC_REFUSALS = [
  'not_enrolled', // the station has no enrollment to renew (it enrolls with its configuration)
  'token_invalid', // the hub does not take this enrollment token (wrong, used or expired)
  'hub_unreachable', // the hub could not be reached to enroll again: try when the network is back
  'reenroll_refused', // the hub refused to link the new key (another station, or the old key's proof)
  'ledger_unavailable', // the ledger is quarantined: restore it first
  'export_target_invalid', // the folder to export to does not exist or cannot be written
] as const;
export type SyncRefusal = (typeof SYNC_REFUSALS)[number];
const refusedSchema = z.strictObject({ refused: z.enum(SYNC_REFUSALS) });

const count = z.number().int().nonnegative();

export const syncStatusSchema = z.object({
  // demo: the embedded demo hub on this machine; configured: a real hub a technician set;
  // none: not connected (starting, or the ledger is quarantined).
  mode: z.enum(['demo', 'configured', 'none']),
  hubUrl: z.string(),
  // What the last attempt found (not the last success): idle = it succeeded. revoked: the hub
  // revoked this station's key — nothing is sent until the station is enrolled again.
  state: z.enum(['idle', 'syncing', 'offline', 'refused', 'revoked', 'error']),
  /** Whether the hub answered the last attempt; null before the first one. */
  online: z.boolean().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** What the last successful sync moved: events the hub counted, catalogue records applied. */
  lastMoved: z.object({ pushed: count, pulled: count }).nullable(),
  /** When the next automatic attempt is due (null: none planned, e.g. revoked). */
  nextAttemptAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  pending: z.object({ events: count, downloads: count }),
  /** Events the hub holds apart and does not count, newest first (at most 20), with the hub's code. */
  quarantine: z.object({
    count,
    recent: z.array(
      z.object({
        seq: count,
        eventId: z.string(),
        type: z.string(),
        code: z.string(),
        message: z.string(),
        reportedAt: z.string(),
      }),
    ),
  }),
  /** Sequences where the hub holds another event than this station: both kept, a person must look. */
  conflicts: z.object({
    count,
    recent: z.array(
      z.object({
        seq: count,
        eventId: z.string(),
        reason: z.string(),
        heldHash: z.string(),
        receivedHash: z.string(),
        reportedAt: z.string(),
      }),
    ),
  }),
  /** The hub holds events beyond this station's last one: its ledger was restored from an older copy. */
  hubAhead: z.object({ hubSeq: count, headSeq: count }).nullable(),
  /** The sync under way: which step, and how far (events pushed, or catalogue records pulled). */
  progress: z.object({ phase: z.enum(['connect', 'push', 'heartbeat', 'pull']), done: count, total: count }).nullable(),
  /** The ledger's newest verified backup (backups/ledger-daily-*.db). */
  backup: z.object({ at: z.string(), file: z.string(), events: count }).nullable(),
  counts: z.object({
    courses: count,
    lessons: count,
    learners: count,
    classes: count,
  }),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncChannels = {
  'sync.status': { input: noInput, output: syncStatusSchema },
  /** A full sync now (push, heartbeat, pull); progress comes as sync.statusChanged; answers the status after it. */
  'sync.now': { input: noInput, output: syncStatusSchema },
  /** Enrolls this station again under a new key, with a one-time token from the hub's administrator. */
  'sync.reenroll': {
    input: z.strictObject({ token: z.string().trim().min(16).max(128) }),
    output: z.union([refusedSchema, syncStatusSchema]),
  },
  /** Writes a copy of the ledger (and its events for the hub) into a folder, e.g. on a USB drive. */
  'sync.exportLedger': {
    input: z.strictObject({ targetDir: z.string().trim().min(1).max(1000) }),
    output: z.union([refusedSchema, z.object({ folder: z.string(), events: count, headSeq: count })]),
  },
} as const;

export const syncEvents = {
  'sync.statusChanged': syncStatusSchema,
} as const;
