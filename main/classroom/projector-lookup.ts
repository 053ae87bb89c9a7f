// What the projector needs to know of the library, read from catalog.db and the media store:
// a lesson's title, its real duration and whether its recording is cached here (and where
// the player finds it), the live channels the station relays, and the lessons one can add to
// a playlist (those cached here: a class plays from this disk, not from the hub).
import type Database from 'better-sqlite3';
import { mediaUrl } from '../library/library-channels.ts';
import type { LiveRelay } from '../library/live/live-relay.ts';
import type { MediaService } from '../library/media/media-service.ts';
import { prepared } from '../storage/sql.ts';
import type { LessonFacts, ProjectorLookup } from './projector-service.ts';

/** At most this many cached lessons are offered; a station caches a few hundred at most. */
const CHOICES_MAX = 500;

type LessonRow = {
  id: string;
  title: string;
  course_title: string | null;
  duration_sec: number;
  sha256: string | null;
};

const LESSON = `SELECT l.id, l.title, c.title AS course_title, l.duration_sec, l.media_sha256 AS sha256
  FROM lessons l LEFT JOIN courses c ON c.id = l.course_id`;

export function createProjectorLookup(
  catalog: Database.Database,
  media: Pick<MediaService, 'state'>,
  live: Pick<LiveRelay, 'channel' | 'channels'>,
): ProjectorLookup {
  return {
    lesson(lessonId) {
      const row = prepared(catalog, `${LESSON} WHERE l.id = ?`).get(lessonId) as LessonRow | undefined;
      if (!row) return null;
      const facts: LessonFacts = {
        title: row.title,
        courseTitle: row.course_title ?? '',
        durationSec: row.duration_sec,
        media:
          row.sha256 === null
            ? { problem: 'unpublished' }
            : media.state(row.sha256).state === 'ready'
              ? { url: mediaUrl(row.sha256) }
              : { problem: 'not_cached' },
      };
      return facts;
    },
    channel: (channelId) => live.channel(channelId),
    channels: () => live.channels(),
    cachedLessons: () =>
      (
        prepared(
          catalog,
          `${LESSON} JOIN media_files f ON f.sha256 = l.media_sha256 ORDER BY c.title, l.sort LIMIT ${CHOICES_MAX}`,
        ).all() as LessonRow[]
      ).map((row) => ({
        id: row.id,
        title: row.title,
        courseTitle: row.course_title ?? '',
        durationSec: row.duration_sec,
      })),
  };
}
