// Zod schemas of every protocol v1 request and response body (protocol.md). Requests are
// strict: a field the protocol does not define is refused (`unknown_field`), so a station
// and a hub of different versions notice instead of silently dropping data. Responses are
// parsed loosely by clients (z.object) so a hub may add fields within v1.
import { z } from 'zod';
import { REJECTION_CODES } from '../common/rejection-codes.ts';
import { ERROR_CODES } from './errors.ts';
import { SignedEventSchema } from './events.ts';
import { LEARNER_LEVELS, RuleSetSchema } from './hour-rules.ts';
import { PinHashSchema } from './pin-hash.ts';

export const PROTOCOL_VERSION = 'v1';
export const API_PREFIX = '/v1';

/** Limits a hub of this version applies; also sent to the station in its config. */
export const LIMITS = {
  pushBatchMax: 500,
  pullPageMax: 1000,
  pullPageDefault: 500,
  bodyMaxBytes: 4 * 1024 * 1024,
} as const;

const id = z.string().min(1).max(128);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

// ---- errors
export const ErrorBodySchema = z.object({
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  details: z.unknown().optional(),
});

// ---- GET /v1/time (public)
export const TimeResponseSchema = z.object({ hubTime: z.number().int() });

// ---- POST /v1/enroll (public, authorised by the one-time token)
export const EnrollRequestSchema = z.strictObject({
  siteCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  enrollmentToken: z.string().min(16).max(128),
  publicKey: base64Key,
  name: z.string().min(1).max(100),
  appVersion: z.string().min(1).max(40),
});
// ---- POST /v1/enroll/check (public): a technician's token and site, checked before a
// station writes its configuration. Consumes nothing; the answer says what is wrong.
export const EnrollCheckRequestSchema = z.strictObject({
  siteCode: EnrollRequestSchema.shape.siteCode,
  enrollmentToken: EnrollRequestSchema.shape.enrollmentToken,
});
export const ENROLL_TOKEN_VERDICTS = ['valid', 'unknown', 'used', 'expired', 'other_site'] as const;
export const EnrollCheckResponseSchema = z.object({
  siteCode: z.string(),
  /** null: the hub has no such site. */
  siteName: z.string().nullable(),
  token: z.enum(ENROLL_TOKEN_VERDICTS),
  /** When a valid token stops being accepted. */
  expiresAt: z.number().int().nullable(),
});

export const StationConfigSchema = z.object({
  heartbeatIntervalSec: z.number().int().positive(),
  pushBatchMax: z.number().int().positive(),
  pullPageMax: z.number().int().positive(),
  maxSkewMs: z.number().int().positive(),
  /** Base URL for electron-updater's generic provider. */
  updatesUrl: z.string(),
});
/**
 * POST /v1/reenroll: the same station (id and ledger) with a new key, after its key was
 * revoked or must be replaced. Authorised by a one-time token like enrollment, and proven to
 * be the same station by `proof`: the previous key's signature over reenrollProofString().
 */
export const ReenrollRequestSchema = z.strictObject({
  siteCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  enrollmentToken: z.string().min(16).max(128),
  stationId: id,
  publicKey: base64Key,
  /** The station's last event (0 and the genesis hash for none) when it asked: for the hub's records. */
  headSeq: z.number().int().nonnegative(),
  headHash: sha256,
  proof: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  name: z.string().min(1).max(100),
  appVersion: z.string().min(1).max(40),
});

/** What the previous key signs to hand the station over to the new one (protocol.md §2b). */
export function reenrollProofString(input: {
  stationId: string;
  publicKey: string;
  headSeq: number;
  headHash: string;
}): string {
  return ['LECTERN-REENROLL-V1', input.stationId, input.publicKey, String(input.headSeq), input.headHash].join('\n');
}

export const EnrollResponseSchema = z.object({
  stationId: id,
  siteCode: z.string(),
  siteName: z.string(),
  hubPublicKey: base64Key,
  /** The site's key for keyedCardHash (base64). A secret: keep it with the station key. */
  cardHashKey: z.string(),
  rules: RuleSetSchema,
  config: StationConfigSchema,
  hubTime: z.number().int(),
});

// ---- GET /v1/streams/:stream?cursor=&limit= (signed)
export const CategorySchema = z.object({ id, name: z.string(), sort: z.number().int() });
export const CourseSchema = z.object({
  id,
  categoryId: id,
  title: z.string(),
  teacher: z.string(),
  summary: z.string(),
  creditHours: z.number(),
  updatedAt: z.string(),
});
export const MediaRefSchema = z.object({ sha256, size: z.number().int().nonnegative(), type: z.string() });
export const LessonSchema = z.object({
  id,
  courseId: id,
  title: z.string(),
  teacher: z.string(),
  summary: z.string(),
  durationSec: z.number().nonnegative(),
  /** Hours a full viewing earns under the current rules (informative; hours come from events). */
  creditHours: z.number(),
  sort: z.number().int(),
  media: MediaRefSchema.nullable(),
});
export const LearnerSchema = z.object({
  id,
  name: z.string(),
  unit: z.string(),
  level: z.enum(LEARNER_LEVELS),
  cardHash: sha256,
  /**
   * Added within v1: an organiser (单位管理员) of the site unlocks class management at its
   * stations with their card and this PIN. Absent on hubs that predate it: not an organiser.
   */
  organiser: z.boolean().optional(),
  /** The organiser's PIN as set at the hub (pin-hash.ts); null: none set there yet. */
  organiserPinHash: PinHashSchema.nullable().optional(),
});
export const ScheduleEntrySchema = z.object({
  id,
  title: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  organiser: z.string(),
  lessonIds: z.array(id),
});
/** `url` is absolute, or relative to the hub's base URL (the demo hub serves its own channel). */
export const LiveChannelSchema = z.object({
  id,
  name: z.string(),
  url: z.string(),
  format: z.enum(['flv', 'ts']),
  hasAudio: z.boolean(),
  hasVideo: z.boolean(),
});

export const STREAM_SCHEMAS = {
  categories: CategorySchema,
  courses: CourseSchema,
  lessons: LessonSchema,
  roster: LearnerSchema,
  schedule: ScheduleEntrySchema,
  live_channels: LiveChannelSchema,
  rules: RuleSetSchema,
} as const;
export type StreamName = keyof typeof STREAM_SCHEMAS;
export const STREAMS = Object.keys(STREAM_SCHEMAS) as StreamName[];
export type StreamRecord<S extends StreamName> = z.infer<(typeof STREAM_SCHEMAS)[S]>;

export const StreamQuerySchema = z.strictObject({
  cursor: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pullPageMax).optional(),
});
/** One change: the record's latest state, or a tombstone (`deleted: true`, `data: null`). */
export const StreamItemSchema = z.object({
  id,
  rev: z.number().int(),
  deleted: z.boolean(),
  data: z.unknown().nullable(),
});
export const StreamPageSchema = z.object({
  stream: z.enum(STREAMS as [StreamName, ...StreamName[]]),
  items: z.array(StreamItemSchema),
  /** Pass back as ?cursor= to continue; store it once the page is applied. */
  cursor: z.string(),
  hasMore: z.boolean(),
});

// ---- POST /v1/events (signed)
export const PushRequestSchema = z.strictObject({ events: z.array(SignedEventSchema).min(1) });
/**
 * What the hub needs of each event to place it in the station's chain, before the event
 * itself is checked: an event without these cannot be held even as rejected, so the batch is
 * refused (invalid_request). Everything else is checked event by event (§7).
 */
export const EventPlacementSchema = z.object({
  id: z.string().min(1).max(128),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prevHash: sha256,
  hash: sha256,
});
export const PushEnvelopeSchema = z.strictObject({ events: z.array(EventPlacementSchema).min(1) });
export const ConflictSchema = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  reason: z.enum(['id_hash_differs', 'seq_taken']),
  heldHash: sha256,
  receivedHash: sha256,
});
export const FlagSchema = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  flag: z.enum(['clock_future', 'clock_jump']),
  detail: z.string(),
});
export { REJECTION_CODES, type RejectionCode } from '../common/rejection-codes.ts';
export const RejectedSchema = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  code: z.enum(REJECTION_CODES),
  message: z.string(),
});
export const PushResponseSchema = z.object({
  /** Highest sequence such that the hub holds every event 1..ackSeq of this station (rejected ones included). */
  ackSeq: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  conflicts: z.array(ConflictSchema),
  flagged: z.array(FlagSchema),
  /** Events of this batch the hub holds apart, for good: never counted, never to be resent. */
  rejected: z.array(RejectedSchema),
});

// ---- POST /v1/heartbeat (signed)
export const HeartbeatDeviceSchema = z.strictObject({
  kind: z.enum(['projector', 'card_reader', 'display', 'audio', 'other']),
  name: z.string().max(100),
  status: z.enum(['ok', 'missing', 'error']),
  detail: z.string().max(500).optional(),
});
export const HeartbeatRequestSchema = z.strictObject({
  appVersion: z.string().min(1).max(40),
  /** The station's wall clock (Unix ms) when it sent the heartbeat. */
  clock: z.number().int().nonnegative(),
  uptimeSec: z.number().nonnegative(),
  disk: z.strictObject({ freeBytes: z.number().int().nonnegative(), totalBytes: z.number().int().nonnegative() }),
  devices: z.array(HeartbeatDeviceSchema).max(50),
  pending: z.strictObject({ events: z.number().int().nonnegative(), media: z.number().int().nonnegative() }),
  /**
   * The ledger's health: whether it records, its last sequence, and how many events the hub
   * rejected that the station holds in quarantine (added within v1; optional).
   */
  ledger: z
    .strictObject({
      state: z.enum(['ok', 'stopped', 'unavailable']),
      headSeq: z.number().int().nonnegative(),
      quarantined: z.number().int().nonnegative(),
    })
    .optional(),
});
export const HeartbeatResponseSchema = z.object({
  hubTime: z.number().int(),
  /** hub time − station clock as the hub saw it (transit time included). */
  clockOffsetMs: z.number().int(),
  ackSeq: z.number().int().nonnegative(),
  rulesVersion: z.number().int(),
});

export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;
export type ReenrollRequest = z.infer<typeof ReenrollRequestSchema>;
export type Rejected = z.infer<typeof RejectedSchema>;
export type HeartbeatDevice = z.infer<typeof HeartbeatDeviceSchema>;
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;
export type EnrollCheckResponse = z.infer<typeof EnrollCheckResponseSchema>;
export type StreamPage = z.infer<typeof StreamPageSchema>;
export type PushRequest = z.infer<typeof PushRequestSchema>;
export type PushResponse = z.infer<typeof PushResponseSchema>;
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;
export type Learner = z.infer<typeof LearnerSchema>;
export type Lesson = z.infer<typeof LessonSchema>;
export type Course = z.infer<typeof CourseSchema>;
export type Category = z.infer<typeof CategorySchema>;
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;
export type LiveChannel = z.infer<typeof LiveChannelSchema>;
