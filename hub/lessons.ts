// The one way a lesson is published, for the administrator (admin.ts publishCatalogChanges,
// hub-admin's CLI), the demo seed and the benchmarks alike: a LessonInput names its media
// one of three ways, the media is made known to the hub, and the lessons stream's record
// carries the hours a full viewing earns under the rule set in force. A course's hours, where
// the hub computes them (the demo), come from the same rule and the lessons' minutes.
import fs from 'node:fs';
import { hoursFor, type RuleSet } from '../protocol/hour-rules.ts';
import type { Lesson } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import { getMedia, importMedia, registerMedia } from './media.ts';
import type { RecordChange } from './records.ts';

/** Where a lesson's recording comes from. */
export type LessonMedia =
  /** A file to copy into the hub's media store, hashed on the way (hub-admin). */
  | { file: string; type?: string }
  /** A file the hub serves where it lies, its sha256 and size known beforehand (the demo's fixtures). */
  | { file: string; sha256: string; size: number; type: string }
  /** Media the hub already holds. */
  | { sha256: string };

/** A lesson to publish. `media: null`: the recording is not published yet (listed, not playable). */
export type LessonInput = {
  id: string;
  courseId: string;
  title: string;
  teacher: string;
  summary: string;
  durationSec: number;
  sort: number;
  media: LessonMedia | null;
};

type MediaRef = NonNullable<Lesson['media']>;
type HourRules = Pick<RuleSet, 'unitMinutes' | 'unitHours' | 'remainderBands'>;

/** Hours a full, uninterrupted viewing of `durationSec` earns: its whole minutes under the rules. */
export function creditHoursFor(durationSec: number, rules: HourRules): number {
  return hoursFor(Math.floor(durationSec / 60), rules);
}

/** A course's hours: what a class playing all its lessons in one sitting earns under the rules. */
export function courseCreditHours(lessonDurationsSec: readonly number[], rules: HourRules): number {
  return creditHoursFor(
    lessonDurationsSec.reduce((sum, seconds) => sum + seconds, 0),
    rules,
  );
}

/** The lessons stream's record of a lesson whose media the hub holds (or null). */
export function lessonRecord(lesson: LessonInput, media: MediaRef | null, rules: HourRules): Lesson {
  return {
    id: lesson.id,
    courseId: lesson.courseId,
    title: lesson.title,
    teacher: lesson.teacher,
    summary: lesson.summary,
    durationSec: lesson.durationSec,
    creditHours: creditHoursFor(lesson.durationSec, rules),
    sort: lesson.sort,
    media,
  };
}

/** Makes a lesson's media known to the hub (copied, registered in place or found) and names it. */
async function resolveMedia(db: HubDb, dataDir: string, lesson: LessonInput): Promise<MediaRef | null> {
  const media = lesson.media;
  if (media === null) return null;
  if (!('file' in media)) {
    const row = getMedia(db, media.sha256);
    if (!row) throw new Error(`Lesson ${lesson.id}: the hub holds no media ${media.sha256}`);
    return { sha256: row.sha256, size: row.size, type: row.type };
  }
  if ('sha256' in media) {
    // Served where it lies; its size is checked (cheap), its sha256 trusted — a station
    // verifies every file it downloads against the sha256 anyway.
    const size = fs.statSync(media.file).size;
    if (size !== media.size) throw new Error(`Lesson ${lesson.id}: ${media.file} has ${size} bytes, not ${media.size}`);
    registerMedia(db, { sha256: media.sha256, size: media.size, type: media.type, file: media.file });
    return { sha256: media.sha256, size: media.size, type: media.type };
  }
  const row = await importMedia(db, dataDir, media.file, media.type ?? 'video/mp4');
  return { sha256: row.sha256, size: row.size, type: row.type };
}

/** The stream changes that publish `lessons`, their media made known to the hub first. */
export async function lessonChanges(
  db: HubDb,
  dataDir: string,
  lessons: readonly LessonInput[],
  rules: HourRules,
): Promise<RecordChange[]> {
  const changes: RecordChange[] = [];
  for (const lesson of lessons) {
    const media = await resolveMedia(db, dataDir, lesson);
    changes.push({ stream: 'lessons', scope: '', id: lesson.id, data: lessonRecord(lesson, media, rules) });
  }
  return changes;
}
