// Channels of the classroom: card taps, the organiser's class management behind a PIN, the
// learner's own summary after a tap, and self-study with its attention checks. (The players'
// signals that become learning time are in player.ts.)
//
// Refusals the domain makes on purpose (a wrong PIN, a closed class, someone already
// present) are answers, not failures: such a channel answers `{ refused: <reason> }`, and the
// screen words the reason from its catalogue. Contract errors stay for what no screen should
// cause: bad input (VALIDATION) and a ledger that cannot be written (LEDGER_UNAVAILABLE).
import { z } from 'zod';
import { CARD_INPUT, CARD_NUMBER_PATTERN } from '../../../common/card-input.ts';
import { noInput } from './no-input.ts';

const cardNumberSchema = z
  .string()
  .regex(CARD_NUMBER_PATTERN, `a card number is ${CARD_INPUT.minLength} to ${CARD_INPUT.maxLength} letters or digits`);

const pinSchema = z.string().regex(/^\d{4,12}$/, 'the PIN is 4 to 12 digits');
const idSchema = z.string().min(1).max(100);

/**
 * The organiser session organiser.unlock answers: a random token the station keeps, never
 * the PIN. Every other organiser call carries it; the station knows who unlocked it, so the
 * audit trail's name comes from the session, not from each call.
 */
const organiserSessionSchema = z.string().min(16).max(128);

export const REFUSALS = [
  'pin_wrong', // the PIN does not match
  'pin_locked', // too many wrong PINs for this account: wait (the delay grows with each)
  'not_organiser', // the card that tapped is not an organiser's on the roster
  'organiser_pin_not_set', // the organiser has no PIN yet: the hub or the technician sets one
  'technician_session_expired', // the technician page was locked or left idle: enter the technician PIN again
  'technician_pin_not_set', // the station was provisioned without a technician PIN (npm run provision sets one)
  'organiser_session_expired', // the organiser session ended (idle too long, locked, new PIN): enter the PIN again
  'no_such_session',
  'session_closed',
  'no_such_schedule',
  'schedule_ended', // the scheduled class is already over
  'unknown_learner',
  'already_present',
  'station_busy', // someone is already studying at this station
  'tap_expired', // the tap that identified the learner is too old to act on
  'not_present', // an early leave for someone not checked in
  'not_checked_out', // an undo for someone whose last record is not a check-out
] as const;
export type Refusal = (typeof REFUSALS)[number];
const refusedSchema = z.strictObject({ refused: z.enum(REFUSALS) });

export function refusable<T extends z.ZodType>(schema: T) {
  return z.union([refusedSchema, schema]);
}

const learnerLevelSchema = z.enum(['county_division', 'section_below']);

/** What a self-study session came to, shown when it ends. */
const selfStudySummarySchema = z.object({
  sessionId: idSchema,
  learnerName: z.string(),
  /** Minutes studied: present, and while a lesson really played. */
  presentMinutes: z.number().int(),
  creditedMinutes: z.number().int(),
  /** Provisional online hours this session earned. */
  hours: z.number(),
});
export type SelfStudySummary = z.infer<typeof selfStudySummarySchema>;

const sessionSchema = z.object({
  sessionId: idSchema,
  mode: z.enum(['class', 'self_study']),
  scheduleId: idSchema.nullable(),
  title: z.string(),
  status: z.enum(['open', 'in_progress', 'closed']),
  /** Unix ms, station clock. */
  openedAt: z.number(),
  closesAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  lessonIds: z.array(idSchema),
});

const scheduleEntrySchema = z.object({
  id: idSchema,
  title: z.string(),
  organiser: z.string(),
  /** Unix ms, station clock. */
  startsAt: z.number(),
  endsAt: z.number(),
  lessonIds: z.array(idSchema),
  /** The session opened for it, if any (open or closed). */
  session: sessionSchema.nullable(),
  ended: z.boolean(),
});
export type ScheduleEntryView = z.infer<typeof scheduleEntrySchema>;

const attendanceRowSchema = z.object({
  learnerId: idSchema,
  name: z.string(),
  unit: z.string(),
  /**
   * present: checked in now; stayed: still checked in when the class closed; left: checked
   * in, then out by card; left_early: marked gone by the organiser; absent: on the roster, never came.
   */
  status: z.enum(['present', 'stayed', 'left', 'left_early', 'absent']),
  /** First check-in after the class's start plus the late margin. */
  late: z.boolean(),
  manual: z.boolean(),
  earlyLeaveReason: z.string().nullable(),
  firstInAt: z.number().nullable(),
  /** The check-out that counts, while not present. */
  outAt: z.number().nullable(),
  lastAt: z.number().nullable(),
  /** Provisional, from the hours engine: live while the class is open. */
  presentMinutes: z.number().int(),
  creditedMinutes: z.number().int(),
  hours: z.number(),
});

const pendingCardSchema = z.object({
  id: idSchema,
  masked: z.string(),
  at: z.number(),
  resolvedName: z.string().nullable(),
});

const attendanceSchema = z.object({
  session: sessionSchema,
  /** When the class started (scheduled start, or its opening), station clock. */
  startsAt: z.number(),
  /** The schedule's organiser, for a scheduled class. */
  organiser: z.string().nullable(),
  /** The site the station is enrolled at. */
  site: z.string().nullable(),
  /** Station clock when this view was computed; the live figures are as of then. */
  asOf: z.number(),
  /** Minutes the lecture has played in this class so far. */
  playedMinutes: z.number().int(),
  /** When something last played (station clock; asOf while playing), or null if nothing has. */
  lastPlayedAt: z.number().nullable(),
  counts: z.object({
    present: z.number().int(),
    left: z.number().int(),
    absent: z.number().int(),
    late: z.number().int(),
    roster: z.number().int(),
  }),
  rows: z.array(attendanceRowSchema),
  /** Cards not on the roster tapped in this class: masked, waiting for the hub. */
  pending: z.array(pendingCardSchema),
});
export type AttendanceView = z.infer<typeof attendanceSchema>;

const classroomStatusSchema = z.object({
  /** ready: recording; not_enrolled: nothing can be recorded yet; ledger_*: a technician must act. */
  state: z.enum(['ready', 'not_enrolled', 'ledger_quarantined', 'ledger_broken', 'ledger_stopped']),
  demo: z.boolean(),
  /** Some organiser of the roster has a PIN (set at the hub or here), so the class screen can be unlocked. */
  pinSet: z.boolean(),
  currentClass: sessionSchema.nullable(),
  /** The home screen's class: the one in progress, else the next scheduled today; times on the station clock. */
  roomClass: z
    .object({
      kind: z.enum(['current', 'next']),
      title: z.string(),
      startsAt: z.number().nullable(),
      endsAt: z.number().nullable(),
      /** The teacher of the class's first lesson. */
      lecturer: z.string().nullable(),
    })
    .nullable(),
  /** The rule set's time zone (minutes east of UTC): every time on screen is shown in it. */
  zoneOffsetMinutes: z.number().int(),
  selfStudy: z
    .object({
      sessionId: idSchema,
      learnerName: z.string(),
      startedAt: z.number(),
      /** The lesson playing for them now, by title, or null. */
      playing: z.string().nullable(),
    })
    .nullable(),
});
export type ClassroomStatus = z.infer<typeof classroomStatusSchema>;

/** What the screen confirms after a tap; `tapId` lets it ask for the learner's summary. */
const tapViewSchema = z.object({
  tapId: idSchema,
  kind: z.enum([
    'ignored',
    'checked_in',
    'checked_out',
    'already_checked_in', // checked in a moment ago: nothing recorded
    'confirm_check_out', // a check-out this early needs a second tap
    'unknown_card',
    'identified',
    'attention_passed',
    'self_study_ended',
    'station_busy', // someone else is studying here: nothing started
  ]),
  at: z.number(),
  learner: z.object({ name: z.string(), unit: z.string() }).nullable(),
  /** The masked card number of an unknown card. */
  masked: z.string().nullable(),
  sessionTitle: z.string().nullable(),
  /** What the self-study session came to, when this tap ended it. */
  selfStudy: selfStudySummarySchema.nullable(),
});
export type TapView = z.infer<typeof tapViewSchema>;

const learnerSummarySchema = z.object({
  name: z.string(),
  unit: z.string(),
  level: learnerLevelSchema,
  year: z.number().int(),
  countedHours: z.number(),
  classroomHours: z.number(),
  onlineHours: z.number(),
  onlineCountedHours: z.number(),
  target: z.number(),
  /** countedHours / target, at most 1. */
  progress: z.number().min(0).max(1),
  met: z.boolean(),
});
export type LearnerSummary = z.infer<typeof learnerSummarySchema>;

// A demo roster learner's card, or a card on no roster (to show what an unknown card does).
const demoCardSchema = z.object({
  id: idSchema,
  kind: z.enum(['learner', 'unregistered']),
  name: z.string().nullable(),
  unit: z.string().nullable(),
});

const reportFormatSchema = z.enum(['csv', 'xlsx']);
const reportLocaleSchema = z.enum(['zh-CN', 'en']).default('zh-CN');
const reportFileSchema = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
/** A period of whole days, both ends included, at most a year and a day. */
const dateRangeShape = { from: dateSchema, to: dateSchema };
const MAX_RANGE_DAYS = 366;
const inRange = (range: { from: string; to: string }) => {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  return days >= 0 && days < MAX_RANGE_DAYS;
};
const RANGE_MESSAGE = `from must not be after to, and the period at most ${MAX_RANGE_DAYS} days`;

/** An organiser's correction of one learner in an open class, audited with the reason. */
const correctionInput = z.strictObject({
  organiserSession: organiserSessionSchema,
  sessionId: idSchema,
  learnerId: idSchema,
  reason: z.string().trim().min(2).max(200),
});

/** A past class in the organiser's history: when, who came, what played. */
const historyEntrySchema = z.object({
  session: sessionSchema,
  /** YYYY-MM-DD in the rule set's time zone. */
  date: z.string(),
  attended: z.number().int(),
  playedMinutes: z.number().int(),
  hours: z.number(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** One session of the learner's year, for "我的学时". */
const learnerSessionSchema = z.object({
  date: z.string(),
  title: z.string(),
  mode: z.enum(['class', 'self_study']),
  creditedMinutes: z.number().int(),
  hours: z.number(),
});
export type LearnerSession = z.infer<typeof learnerSessionSchema>;

export const classroomChannels = {
  'classroom.status': { input: noInput, output: classroomStatusSchema },

  // The organiser taps their card (tapId: any tap of the last two minutes) and types their
  // PIN, checked here once under their account's lockout; the answer's organiserSession
  // stands for both afterwards and ends after idleTimeoutMs without an organiser call.
  'organiser.unlock': {
    input: z.strictObject({ tapId: idSchema, pin: pinSchema }),
    output: refusable(
      z.strictObject({
        unlocked: z.literal(true),
        organiserSession: organiserSessionSchema,
        name: z.string(),
        idleTimeoutMs: z.number().int().positive(),
      }),
    ),
  },
  // The organiser leaves: the session ends now rather than when it would expire.
  'organiser.lock': {
    input: z.strictObject({ organiserSession: organiserSessionSchema }),
    output: z.strictObject({ locked: z.literal(true) }),
  },
  'organiser.schedule': {
    input: z.strictObject({ organiserSession: organiserSessionSchema }),
    output: refusable(
      z.object({ date: z.string(), entries: z.array(scheduleEntrySchema), sessions: z.array(sessionSchema) }),
    ),
  },
  'organiser.openScheduled': {
    input: z.strictObject({ organiserSession: organiserSessionSchema, scheduleId: idSchema }),
    output: refusable(sessionSchema),
  },
  'organiser.createClass': {
    input: z.strictObject({
      organiserSession: organiserSessionSchema,
      title: z.string().trim().min(1).max(80),
      lessonIds: z.array(idSchema).max(50).default([]),
      endsAt: z.number().int().positive().nullable().default(null),
    }),
    output: refusable(sessionSchema),
  },
  'organiser.closeClass': {
    input: z.strictObject({ organiserSession: organiserSessionSchema, sessionId: idSchema }),
    output: refusable(sessionSchema),
  },
  'organiser.attendance': {
    input: z.strictObject({ organiserSession: organiserSessionSchema, sessionId: idSchema }),
    output: refusable(attendanceSchema),
  },
  'organiser.manualCheckIn': {
    input: z.strictObject({
      organiserSession: organiserSessionSchema,
      sessionId: idSchema,
      learnerId: idSchema,
      reason: z.string().trim().min(2).max(200),
    }),
    output: refusable(attendanceSchema),
  },
  'organiser.report': {
    input: z.strictObject({
      organiserSession: organiserSessionSchema,
      sessionId: idSchema,
      format: reportFormatSchema,
      locale: reportLocaleSchema,
    }),
    // The file itself, base64: the renderer hands it to the browser as a download.
    output: refusable(reportFileSchema),
  },
  // A present learner left without tapping: their presence ends now, with the reason.
  'organiser.earlyLeave': { input: correctionInput, output: refusable(attendanceSchema) },
  // A check-out by mistake is voided: the learner is present again as if it had not happened.
  'organiser.undoCheckOut': { input: correctionInput, output: refusable(attendanceSchema) },
  // The classes of a period (newest first), for the history and the period's report.
  'organiser.history': {
    input: z
      .strictObject({ organiserSession: organiserSessionSchema, ...dateRangeShape })
      .refine(inRange, RANGE_MESSAGE),
    output: refusable(z.object({ from: z.string(), to: z.string(), entries: z.array(historyEntrySchema) })),
  },
  'organiser.rangeReport': {
    input: z
      .strictObject({
        organiserSession: organiserSessionSchema,
        ...dateRangeShape,
        format: reportFormatSchema,
        locale: reportLocaleSchema,
      })
      .refine(inRange, RANGE_MESSAGE),
    output: refusable(reportFileSchema),
  },

  // A card read by the keyboard-wedge reader (collected by the renderer, see renderer/src/reader).
  'reader.tap': { input: z.strictObject({ cardNumber: cardNumberSchema }), output: tapViewSchema },
  // Demo mode only: cards of the demo roster to tap without hardware (empty otherwise).
  'reader.demoCards': { input: noInput, output: z.object({ cards: z.array(demoCardSchema) }) },
  'reader.simulate': { input: z.strictObject({ cardId: idSchema }), output: tapViewSchema },

  'learner.summary': { input: z.strictObject({ tapId: idSchema }), output: refusable(learnerSummarySchema) },
  // "我的学时": the sessions of the tapping learner's year at this station, newest first.
  'learner.sessions': {
    input: z.strictObject({ tapId: idSchema }),
    output: refusable(z.object({ year: z.number().int(), sessions: z.array(learnerSessionSchema) })),
  },

  'selfStudy.start': {
    input: z.strictObject({ tapId: idSchema }),
    output: refusable(z.object({ sessionId: idSchema, learnerName: z.string(), answerWindowS: z.number() })),
  },
  'selfStudy.answer': {
    input: z.strictObject({ sessionId: idSchema }),
    output: refusable(z.object({ outcome: z.enum(['passed', 'resumed', 'none']) })),
  },
} as const;

export const classroomEvents = {
  'classroom.tapped': tapViewSchema,
  'classroom.attendanceChanged': z.object({ sessionId: idSchema, present: z.number().int() }),
  'classroom.statusChanged': classroomStatusSchema,
  'classroom.attentionPrompt': z.object({
    sessionId: idSchema,
    /** abandoned: a missed check stayed unanswered, so the session ended. */
    action: z.enum(['prompt', 'missed', 'abandoned']),
    answerWindowS: z.number(),
  }),
} as const;
