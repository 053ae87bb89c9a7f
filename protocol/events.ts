// Learning events: the records the station's ledger writes and the hub verifies
// (protocol.md §8). Each event is hashed over its canonical serialisation without `hash`
// and `sig`, chained to its predecessor by `prevHash`, and signed with the station key over
// the hash. Times: `wallTime` is the station's clock (Unix ms) when it wrote the event,
// `monoMs` a monotonic clock that only means something within one `bootId`, and
// `hubOffsetMs` the last measured (hub time − station clock). Durations are measured on the
// monotonic clock so a wall clock that jumps cannot add or remove minutes.
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex, sign, verify } from './crypto.ts';
import { uuidv7, UUIDV7_PATTERN } from './uuidv7.ts';

/** The envelope's version. New event types are additive and keep it (an older reader refuses an unknown type). */
export const EVENT_FORMAT_VERSION = 1;
/** `prevHash` of a station's first event (sequence 1). */
export const GENESIS_HASH = '0'.repeat(64);

const id = z.string().min(1).max(128);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const monoMs = z.number().nonnegative().finite();
const text = (max: number) => z.string().min(1).max(max);

export const EVENT_PAYLOADS = {
  /** A class (organised, in the classroom) or a self-study session (counts as online learning). */
  'session.opened': z.strictObject({
    sessionId: id,
    mode: z.enum(['class', 'self_study']),
    scheduleId: id.nullable(),
    title: text(200),
  }),
  'session.closed': z.strictObject({ sessionId: id }),
  check_in: z.strictObject({ sessionId: id, learnerId: id, cardHash: hex64 }),
  'check_in.manual': z.strictObject({ sessionId: id, learnerId: id, reason: text(500), operator: text(100) }),
  check_out: z.strictObject({ sessionId: id, learnerId: id }),
  /** An organiser marked a present learner as gone (an early leave without a tap), with the reason. */
  'check_out.manual': z.strictObject({ sessionId: id, learnerId: id, reason: text(500), operator: text(100) }),
  /**
   * A card the station's roster does not know (yet), tapped in a class: only its keyed hash,
   * never the number. Check-in and check-out alternate per card hash within the session; the
   * hours engine counts them for the learner the roster later gives that hash, and for
   * nobody until then.
   */
  'check_in.unknown_card': z.strictObject({ sessionId: id, cardHash: hex64 }),
  'check_out.unknown_card': z.strictObject({ sessionId: id, cardHash: hex64 }),
  /** A lecture really played from startMonoMs to endMonoMs (the event's boot) — a lesson or a live channel. */
  'playback.segment': z
    .strictObject({
      sessionId: id,
      lessonId: id.nullable(),
      channelId: id.nullable(),
      startMonoMs: monoMs,
      endMonoMs: monoMs,
    })
    .refine((p) => (p.lessonId === null) !== (p.channelId === null), 'exactly one of lessonId and channelId')
    .refine((p) => p.endMonoMs >= p.startMonoMs, 'endMonoMs before startMonoMs'),
  'attention.passed': z.strictObject({ sessionId: id, learnerId: id }),
  /** The learner did not answer a prompt shown at promptedMonoMs: absent from then until they answer or check in again. */
  'attention.missed': z.strictObject({ sessionId: id, learnerId: id, promptedMonoMs: monoMs }),
  /**
   * An organiser's correction, never an edit: `void` makes the hours engine ignore the target
   * event; `check_out_at` ends the learner's presence at the time of the target event (the
   * end of it, for a playback segment) — the fix for a forgotten check-out.
   */
  correction: z.strictObject({
    sessionId: id,
    learnerId: id,
    action: z.enum(['void', 'check_out_at']),
    targetEventId: z.string().regex(UUIDV7_PATTERN),
    reason: text(500),
    operator: text(100),
  }),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

const envelope = {
  v: z.literal(EVENT_FORMAT_VERSION),
  id: z.string().regex(UUIDV7_PATTERN),
  stationId: id,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  wallTime: z.number().int().nonnegative(),
  bootId: id,
  monoMs,
  hubOffsetMs: z.number().int(),
  ruleVersion: z.number().int().min(1),
  prevHash: hex64,
  hash: hex64,
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
};

type Variant<T extends EventType> = z.ZodObject<
  typeof envelope & { type: z.ZodLiteral<T>; payload: (typeof EVENT_PAYLOADS)[T] },
  z.core.$strict
>;
const variants = EVENT_TYPES.map((type) =>
  z.strictObject({ ...envelope, type: z.literal(type), payload: EVENT_PAYLOADS[type] }),
) as [Variant<EventType>, ...Variant<EventType>[]];

/** A complete, signed event as it travels and rests: a union discriminated by `type`. */
export type SignedEvent = {
  [T in EventType]: Omit<z.infer<Variant<T>>, 'type' | 'payload'> & { type: T; payload: EventPayload<T> };
}[EventType];
export const SignedEventSchema: z.ZodType<SignedEvent> = z.discriminatedUnion(
  'type',
  variants,
) as unknown as z.ZodType<SignedEvent>;

/** The part of an event that is hashed: everything but `hash` and `sig`. */
export type UnsignedEvent = Omit<SignedEvent, 'hash' | 'sig'>;

export function hashEvent(event: UnsignedEvent | SignedEvent): string {
  const { hash: _hash, sig: _sig, ...body } = event as SignedEvent;
  return sha256Hex(canonicalJson(body));
}

export type CreateEventInput<T extends EventType = EventType> = {
  stationId: string;
  seq: number;
  prevHash: string;
  type: T;
  payload: EventPayload<T>;
  wallTime: number;
  bootId: string;
  monoMs: number;
  hubOffsetMs: number;
  ruleVersion: number;
  privateKey: string;
  /** Defaults to a fresh UUIDv7 at wallTime. */
  id?: string;
};

export function createEvent<T extends EventType>(input: CreateEventInput<T>): SignedEvent {
  const body = {
    v: EVENT_FORMAT_VERSION,
    id: input.id ?? uuidv7(input.wallTime),
    stationId: input.stationId,
    seq: input.seq,
    type: input.type,
    payload: input.payload,
    wallTime: input.wallTime,
    bootId: input.bootId,
    monoMs: input.monoMs,
    hubOffsetMs: input.hubOffsetMs,
    ruleVersion: input.ruleVersion,
    prevHash: input.prevHash,
  } as UnsignedEvent;
  const hash = hashEvent(body);
  return { ...body, hash, sig: sign(hash, input.privateKey) } as SignedEvent;
}

export type ChainProblem = 'sequence' | 'station' | 'chain' | 'hash' | 'signature';
export type ChainCheck =
  { ok: true; lastSeq: number; lastHash: string } | { ok: false; seq: number; problem: ChainProblem };

/**
 * The public keys a station has signed its events with, oldest first: each signed the events
 * up to its `lastSeq`, the current one (`lastSeq: null`) everything after. A station has more
 * than one only after it enrolled again with a new key (protocol.md §2b); one key is passed as
 * a plain string.
 */
export type KeyRing = readonly { publicKey: string; lastSeq: number | null }[];
export type SigningKeys = string | KeyRing;

/** The public key that signed event `seq`. */
export function keyForSeq(keys: SigningKeys, seq: number): string {
  if (typeof keys === 'string') return keys;
  const entry = keys.find((key) => key.lastSeq === null || seq <= key.lastSeq) ?? keys[keys.length - 1];
  if (!entry) throw new TypeError('keyForSeq: an empty key ring');
  return entry.publicKey;
}

/**
 * Verifies events in the order given: sequence contiguous from `after`, one station, each
 * prevHash the previous hash, each hash recomputed, each signature verified (with the key
 * that signed that sequence). Reports the first bad sequence number. `after` is the last
 * event already trusted (default: none, so the first event must be sequence 1 with the
 * genesis prevHash).
 */
export function verifyChain(
  events: readonly SignedEvent[],
  publicKey: SigningKeys,
  after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck {
  let seq = after.seq;
  let prevHash = after.hash;
  const stationId = events[0]?.stationId;
  for (const event of events) {
    if (event.seq !== seq + 1) return { ok: false, seq: event.seq, problem: 'sequence' };
    if (event.stationId !== stationId) return { ok: false, seq: event.seq, problem: 'station' };
    if (event.prevHash !== prevHash) return { ok: false, seq: event.seq, problem: 'chain' };
    if (hashEvent(event) !== event.hash) return { ok: false, seq: event.seq, problem: 'hash' };
    if (!verify(event.hash, event.sig, keyForSeq(publicKey, event.seq)))
      return { ok: false, seq: event.seq, problem: 'signature' };
    seq = event.seq;
    prevHash = event.hash;
  }
  return { ok: true, lastSeq: seq, lastHash: prevHash };
}
