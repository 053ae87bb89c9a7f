// The channels of the lecture in the room: the projector's view and its player's signals,
// the organiser's class playlist (behind their organiser session, like every organiser
// call), live channels and the wait for a source to come back, the self-study learner's
// place in a lesson, and the playback log of a day.
import type { Handlers } from '../runtime/router.ts';
import type { LiveRelay } from '../library/live/live-relay.ts';
import { readEnrollment } from '../station/identity.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { lessonPosition } from './lesson-positions.ts';
import type { OrganiserSessions } from './organiser-sessions.ts';
import { playbackLogOfDay } from './playback-log.ts';
import type { ProjectorService } from './projector-service.ts';

type PlayerHandlers = Pick<
  Handlers,
  | 'player.resumeAt'
  | 'live.channels'
  | 'live.waitForSource'
  | 'projector.now'
  | 'projector.signal'
  | 'projector.present'
  | 'playlist.view'
  | 'playlist.control'
  | 'playlist.edit'
  | 'playlist.choices'
  | 'playbackLog.day'
>;

export type PlayerParts = {
  host: ClassroomHost;
  projector: ProjectorService;
  live: Pick<LiveRelay, 'channels' | 'waitForSource'>;
  organiserSessions: OrganiserSessions;
};

export function createPlayerHandlers({ host, projector, live, organiserSessions }: PlayerParts): PlayerHandlers {
  /** Refuses organiser_session_expired unless the call carries a live organiser session. */
  const asOrganiser = (token: string) => organiserSessions.use(token);

  return {
    'player.resumeAt': ({ lessonId }) => {
      const classroom = host.require();
      const [study] = classroom.selfStudy.values();
      return { positionS: study ? lessonPosition(classroom, study.learnerId, lessonId) : null };
    },

    'live.channels': () => ({ channels: live.channels() }),
    'live.waitForSource': async ({ channelId, timeoutMs }) => ({ up: await live.waitForSource(channelId, timeoutMs) }),

    'projector.now': () => projector.now(),
    'projector.signal': ({ sessionId, itemKey, surfaceId, signal }) => ({
      recorded: projector.signal(sessionId, itemKey, surfaceId, signal),
    }),
    'projector.present': ({ surfaceId, showing }) => projector.present(surfaceId, showing),

    'playlist.view': ({ organiserSession, sessionId }) => {
      asOrganiser(organiserSession);
      return projector.playlistView(sessionId);
    },
    'playlist.control': ({ organiserSession, sessionId, action, itemKey }) => {
      asOrganiser(organiserSession);
      return projector.control(sessionId, action, itemKey);
    },
    'playlist.edit': ({ organiserSession, sessionId, edit }) => {
      asOrganiser(organiserSession);
      return projector.edit(sessionId, edit);
    },
    'playlist.choices': ({ organiserSession }) => {
      asOrganiser(organiserSession);
      return projector.choices();
    },
    'playbackLog.day': ({ organiserSession, date }) => {
      asOrganiser(organiserSession);
      const classroom = host.require();
      return playbackLogOfDay(classroom, date, readEnrollment(classroom.db)?.siteName ?? null);
    },
  };
}
