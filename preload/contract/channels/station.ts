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
  id: z.enum(['catalog-db', 'ledger-db', 'ledger-chain', 'disk']),
  status: z.enum(['ok', 'warn', 'fail']),
  // ledger-chain-broken names the first bad sequence number (params seq, problem).
  reason: z.enum([
    'catalog-sound',
    'catalog-rebuilt',
    'ledger-sound',
    'ledger-quarantined',
    'ledger-chain-sound',
    'ledger-chain-broken',
    'disk-ok',
    'disk-low',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const stationHealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'blocked']),
  // False while the ledger is quarantined or its chain fails verification: the station must
  // not record attendance or hours.
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
