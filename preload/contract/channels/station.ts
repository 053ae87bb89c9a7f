// Channels about the station itself: identity, data, health, display power.
import { z } from 'zod';
import { noInput } from './no-input.ts';

const databaseStateSchema = z.object({
  // ok: opened and checked. rebuilt: was corrupt, replaced by an empty cache (catalog only).
  // quarantined: was corrupt, moved aside intact; learning records are refused (ledger only).
  state: z.enum(['ok', 'rebuilt', 'quarantined']),
  schemaVersion: z.number().int().nonnegative(),
  path: z.string(),
  // Where the damaged file was moved, for the technician.
  movedTo: z.string().optional(),
});
export type DatabaseState = z.infer<typeof databaseStateSchema>;

export const stationInfoSchema = z.object({
  version: z.string(),
  stationId: z.string().nullable(), // null until enrollment: the screen says "unprovisioned"
  dataDir: z.string(),
  runtime: z.enum(['electron', 'web']),
  startedAt: z.string(),
  uptimeSec: z.number().nonnegative(),
  databases: z.object({ catalog: databaseStateSchema, ledger: databaseStateSchema }),
});
export type StationInfo = z.infer<typeof stationInfoSchema>;

// Checks carry a reason code and parameters, not prose: the renderer words them in the
// station's language from its message catalogue.
const healthCheckSchema = z.object({
  id: z.enum([
    'catalog-db',
    'ledger-db',
    'ledger-schema',
    'ledger-chain',
    'ledger-checkpoint',
    'ledger-write',
    'disk',
    'enrollment',
  ]),
  status: z.enum(['ok', 'warn', 'fail']),
  reason: z.enum([
    'catalog-sound',
    'catalog-rebuilt',
    'ledger-sound',
    'ledger-quarantined',
    // The background integrity check found damaged pages (params problems, movedTo): recording
    // stopped, the next start moves the file aside.
    'ledger-damaged',
    'ledger-schema-sound',
    // Triggers or indexes were missing or altered and are put back (params objects).
    'ledger-schema-repaired',
    // Tables differ from the migrations' (params objects): nothing is recorded.
    'ledger-schema-mismatch',
    // The whole chain verified (params events).
    'ledger-chain-sound',
    // At start only the events after the verified checkpoint were checked (params events,
    // checked); the full check has not run yet.
    'ledger-chain-checkpoint',
    // The full check runs in the background (params checked, events).
    'ledger-chain-verifying',
    // The first bad sequence number (params seq, problem).
    'ledger-chain-broken',
    // The checkpoint file did not verify, or is gone although one was kept: the whole chain was checked.
    'ledger-checkpoint-invalid',
    'ledger-checkpoint-missing',
    'ledger-write-ok',
    // The disk failed to save a record (params at, ISO time): recording stopped.
    'ledger-write-failed',
    // The disk is full (params at, needMb, freeMb): recording stopped until needMb are free.
    'ledger-disk-full',
    // The disk works again; the ledger is checked in full before recording resumes (params at).
    'ledger-write-reverifying',
    // The disk failed at `at` and recording resumed at `resumedAt`, after a full check.
    'ledger-write-resumed',
    'disk-ok',
    'disk-low',
    // Who the station belongs to: the embedded demo; enrolled with its hub (params siteCode);
    // provisioned but not enrolled yet — it enrolls at its first contact (params hubUrl,
    // siteCode); or not provisioned at all.
    'enrollment-demo',
    'enrollment-ok',
    'enrollment-pending',
    'enrollment-unprovisioned',
    // This disk was copied from another station's PC (the hardware differs from the PC it
    // enrolled on): nothing is recorded until it re-enrolls as a new station.
    'enrollment-cloned',
    // The hub refused the configured token at first contact (used, expired, another site's):
    // the technician provisions the station again (params hubUrl, siteCode).
    'enrollment-refused',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const stationHealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'blocked']),
  // False while the ledger is quarantined, its chain or schema fails verification, or the disk
  // failed to write it: the station must not record attendance or hours.
  ledgerWritable: z.boolean(),
  checks: z.array(healthCheckSchema),
  checkedAt: z.string(),
});
export type StationHealth = z.infer<typeof stationHealthSchema>;

export const stationChannels = {
  'station.info': { input: noInput, output: stationInfoSchema },
  'station.health': { input: noInput, output: stationHealthSchema },
  // The renderer says when a lecture starts or stops playing, so the projector stays awake.
  'display.setPlaying': {
    input: z.object({ playing: z.boolean() }).strict(),
    output: z.object({ keepAwake: z.boolean() }),
  },
} as const;

export const stationEvents = {
  // Pushed whenever the health summary changes; a screen reads station.health once at start.
  'station.healthChanged': stationHealthSchema,
} as const;
