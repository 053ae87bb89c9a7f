// What a learner does at the station after tapping: see their year's hours, study alone
// with attention checks, and play lessons whose watched time counts. A learner is known
// only through a tap of the last two minutes (its tapId): nobody can ask the station for
// someone else's hours by naming them.
import { answerAttention, startSelfStudy } from './self-study.ts';
import type { Classroom } from './classroom.ts';
import { currentClass } from './sessions.ts';
import { playerSignal, startPlayback } from './playback.ts';
import { currentYear, learnerYearHours, learnerYearSessions, warmLearnerHours } from './hours.ts';
import type { Handlers } from '../runtime/router.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { Refused } from '../runtime/refusal.ts';

type LearnerHandlers = Pick<
  Handlers,
  'learner.summary' | 'learner.sessions' | 'selfStudy.start' | 'selfStudy.answer' | 'player.signal'
>;

/** The session a player's time counts for now: the learner studying alone, else the open class. */
function playingSession(classroom: Classroom): string | null {
  const [study] = classroom.selfStudy.keys();
  return study ?? currentClass(classroom)?.sessionId ?? null;
}

export function createLearnerHandlers(host: ClassroomHost): LearnerHandlers {
  return {
    'learner.sessions': ({ tapId }) => {
      const classroom = host.require();
      const tap = host.recentTap(tapId);
      if (!tap) throw new Refused('tap_expired', `Tap ${tapId} is unknown or older than two minutes`);
      const year = currentYear(classroom);
      return { year, sessions: learnerYearSessions(classroom, host.rules(), year, tap.learner.id) };
    },

    'learner.summary': ({ tapId }) => {
      const classroom = host.require();
      const tap = host.recentTap(tapId);
      if (!tap) throw new Refused('tap_expired', `Tap ${tapId} is unknown or older than two minutes`);
      const rules = host.rules();
      const year = currentYear(classroom);
      // Only the learner's own sessions, each computed once until it changes (hours.ts); the
      // other learners' sessions are computed in the background after this first answer.
      const hours = learnerYearHours(classroom, rules, year, tap.learner);
      setImmediate(() => warmLearnerHours(classroom, () => host.rules()).catch(() => 0));
      return {
        name: tap.learner.name,
        unit: tap.learner.unit,
        level: tap.learner.level,
        year,
        countedHours: hours.countedHours,
        classroomHours: hours.classroomHours,
        onlineHours: hours.onlineHours,
        onlineCountedHours: hours.onlineCountedHours,
        target: hours.target,
        progress: hours.target > 0 ? Math.min(1, hours.countedHours / hours.target) : 1,
        met: hours.met,
      };
    },

    'selfStudy.start': ({ tapId }) => {
      const classroom = host.require();
      const tap = host.recentTap(tapId);
      // Only a tap outside a class identifies someone for self-study.
      if (!tap?.cardHash) throw new Refused('tap_expired', `Tap ${tapId} did not identify a learner outside a class`);
      const cardHash = tap.cardHash;
      const sessionId = startSelfStudy(classroom, {
        learnerId: tap.learner.id,
        cardHash,
        title: `自学 ${tap.learner.name}`,
      });
      host.publishStatus();
      return { sessionId, learnerName: tap.learner.name, answerWindowS: classroom.attention.answerWindowMs / 1000 };
    },

    'selfStudy.answer': ({ sessionId }) => {
      const classroom = host.require();
      return { outcome: answerAttention(classroom, sessionId) };
    },

    'player.signal': ({ lessonId, signal }) => {
      const classroom = host.require();
      const sessionId = playingSession(classroom);
      if (sessionId === null) return { recorded: false };
      // A new lesson starts a new player; the previous one's time is recorded up to here.
      if (classroom.players.get(sessionId)?.source.lessonId !== lessonId) {
        if (signal.kind !== 'play') return { recorded: false };
        startPlayback(classroom, sessionId, { lessonId });
        // The self-study banner shows what plays now.
        host.publishStatus();
      }
      // Stamped on arrival with the ledger's monotonic clock: the renderer's clock is another
      // process's and means nothing to the hours engine.
      playerSignal(classroom, sessionId, { ...signal, monoMs: classroom.ledger.clock.monoMs() });
      return { recorded: true };
    },
  };
}
