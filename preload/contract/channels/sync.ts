// Channels about the link to the provincial hub.
import { z } from 'zod';
import { noInput } from './no-input.ts';

export const syncStatusSchema = z.object({
  // demo: the embedded demo hub on this machine; configured: a real hub a technician set;
  // none: not connected (starting, or the ledger is quarantined).
  mode: z.enum(['demo', 'configured', 'none']),
  hubUrl: z.string(),
  state: z.enum(['idle', 'syncing', 'offline', 'refused', 'error']),
  lastSuccessAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  counts: z.object({
    courses: z.number().int(),
    lessons: z.number().int(),
    learners: z.number().int(),
    classes: z.number().int(),
  }),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncChannels = {
  'sync.status': { input: noInput, output: syncStatusSchema },
  'sync.now': { input: noInput, output: syncStatusSchema },
} as const;

export const syncEvents = {
  'sync.statusChanged': syncStatusSchema,
} as const;
