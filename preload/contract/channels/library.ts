// Channels of the offline course library: browse, search, course detail. Lesson media state
// travels with each lesson so a screen never has to ask twice.
import { z } from 'zod';
import { noInput } from './no-input.ts';

const id = z.string().min(1).max(128);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

// Why a download failed, in terms a technician can act on; the renderer words it.
export const mediaFailureSchema = z.enum([
  'hub-unreachable',
  'hub-refused',
  'checksum-mismatch',
  'disk-full',
  'quota-reached',
  'range-not-satisfiable',
  'other',
]);

export const mediaStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unpublished') }), // the hub has no recording for this lesson yet
  z.object({ state: z.literal('not-cached') }),
  // slot: the next download to start; window: outside the download hours the technician set;
  // retry: the hub was unreachable, trying again after a pause.
  z.object({ state: z.literal('queued'), waitingFor: z.enum(['slot', 'window', 'retry']) }),
  z.object({
    state: z.literal('downloading'),
    receivedBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
    bytesPerSec: z.number().nonnegative(),
    etaSec: z.number().nonnegative().nullable(),
  }),
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('failed'), reason: mediaFailureSchema, message: z.string() }),
]);
export type MediaState = z.infer<typeof mediaStateSchema>;

export const courseSummarySchema = z.object({
  id,
  categoryId: id,
  title: z.string(),
  teacher: z.string(),
  creditHours: z.number().nonnegative(),
  lessonCount: z.number().int().nonnegative(),
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;

export const lessonSchema = z.object({
  id,
  title: z.string(),
  teacher: z.string(),
  durationSec: z.number().nonnegative(),
  media: z.object({ sha256, size: z.number().int().nonnegative(), type: z.string() }).nullable(),
  mediaState: mediaStateSchema,
  pinned: z.boolean(),
  // Relative URL the video element plays from when the state is 'ready'.
  mediaUrl: z.string().nullable(),
});
export type LessonView = z.infer<typeof lessonSchema>;

export const searchHitSchema = z.object({
  courseId: id,
  lessonId: id.nullable(), // null: the course itself matched
  title: z.string(),
  teacher: z.string(),
  courseTitle: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const libraryChannels = {
  'library.categories': {
    input: noInput,
    output: z.object({
      categories: z.array(z.object({ id, name: z.string(), courseCount: z.number().int().nonnegative() })),
    }),
  },
  'library.courses': {
    input: z
      .object({
        categoryId: id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), courses: z.array(courseSummarySchema) }),
  },
  'library.search': {
    input: z
      .object({ query: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(100).default(30) })
      .strict(),
    output: z.object({ hits: z.array(searchHitSchema) }),
  },
  'library.course': {
    input: z.object({ courseId: id }).strict(),
    output: z
      .object({ course: courseSummarySchema.extend({ summary: z.string() }), lessons: z.array(lessonSchema) })
      .nullable(),
  },
} as const;
