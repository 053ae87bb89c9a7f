// Where a learner studying alone left each lesson (ledger.db lesson_positions), so the lesson
// resumes there the next time they open it. Written from the library player's signals while
// their self-study session runs: at a pause, a seek, a stall, and every POSITION_EVERY_S of
// media while it plays; a lesson watched to its end starts from the beginning next time.
import type { Classroom } from './classroom.ts';
import type { PlayerSignal } from './playback-tracker.ts';
import { prepared } from '../storage/sql.ts';

const POSITION_EVERY_S = 10;
/** Closer than this to where it was, a place is not worth resuming at. */
const MIN_RESUME_S = 5;

export function lessonPosition(classroom: Classroom, learnerId: string, lessonId: string): number | null {
  const position = prepared(
    classroom.db,
    'SELECT position_s FROM lesson_positions WHERE learner_id = ? AND lesson_id = ?',
    { pluck: true },
  ).get(learnerId, lessonId) as number | undefined;
  return position !== undefined && position >= MIN_RESUME_S ? position : null;
}

/** Keeps the learner's place in the lesson as the signal says it is. */
export function notePlace(
  classroom: Classroom,
  learnerId: string,
  lessonId: string,
  signal: Pick<PlayerSignal, 'kind' | 'mediaS'>,
): void {
  if (signal.kind === 'play' || signal.kind === 'visible' || signal.kind === 'seeking') return;
  const stored =
    (prepared(classroom.db, 'SELECT position_s FROM lesson_positions WHERE learner_id = ? AND lesson_id = ?', {
      pluck: true,
    }).get(learnerId, lessonId) as number | undefined) ?? 0;
  if (signal.kind === 'timeupdate' && Math.abs(signal.mediaS - stored) < POSITION_EVERY_S) return;
  const position = signal.kind === 'ended' ? 0 : signal.mediaS;
  prepared(
    classroom.db,
    `INSERT INTO lesson_positions (learner_id, lesson_id, position_s, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (learner_id, lesson_id) DO UPDATE SET position_s = excluded.position_s, updated_at = excluded.updated_at`,
  ).run(learnerId, lessonId, position, classroom.ledger.clock.wallTime());
}
