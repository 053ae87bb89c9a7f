// Self-study: outside a class, a cadre taps in, picks a cached course and studies alone; it
// counts as online learning. While they study, attention checks at random intervals ask for
// a tap or a key within a minute; a missed check is recorded and stops the hours from
// accruing until the learner answers (a tap or a key). Only two things end the session: the
// learner's own card tapped with no prompt pending, or a missed check left unanswered for
// abandonAfterMs (the learner walked away). Another learner's card is told the station is
// in use before anything starts. The end answers with what the session came to.
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { attentionAnswer, attentionTick, startAttention, type AttentionState } from './attention.ts';
import { learnerById, record, type Classroom, type Learner } from './classroom.ts';
import { sessionHours } from './hours.ts';
import { Refused } from '../runtime/refusal.ts';
import { endSession } from './sessions.ts';

export type SelfStudySummary = {
  sessionId: string;
  learnerName: string;
  presentMinutes: number;
  creditedMinutes: number;
  hours: number;
};

export type SelfStudyTapResult =
  /** No class is open and the station is free: offer them the course library. */
  | { kind: 'identified'; learner: Learner; cardHash: string }
  | { kind: 'attention_passed'; sessionId: string; learner: Learner }
  | { kind: 'self_study_ended'; sessionId: string; learner: Learner; summary: SelfStudySummary }
  /** Someone else is studying at this station: nothing starts. */
  | { kind: 'station_busy'; sessionId: string; learner: Learner };

function running(classroom: Classroom, learnerId: string): string | null {
  for (const [sessionId, study] of classroom.selfStudy) if (study.learnerId === learnerId) return sessionId;
  return null;
}

/** A tap outside a class (called by attendance.tap). */
export function selfStudyTap(classroom: Classroom, learner: Learner, cardHash: string): SelfStudyTapResult {
  const sessionId = running(classroom, learner.id);
  if (sessionId === null) {
    const [other] = classroom.selfStudy.keys();
    return other === undefined
      ? { kind: 'identified', learner, cardHash }
      : { kind: 'station_busy', sessionId: other, learner };
  }
  if (answerAttention(classroom, sessionId) !== 'none') return { kind: 'attention_passed', sessionId, learner };
  return { kind: 'self_study_ended', sessionId, learner, summary: endSelfStudy(classroom, sessionId) };
}

/**
 * Starts a self-study session for the learner a tap identified (`cardHash` from that tap).
 * One at a time: the station has one screen.
 */
export function startSelfStudy(
  classroom: Classroom,
  input: { learnerId: string; cardHash: string; title: string },
): string {
  if (classroom.selfStudy.size > 0) throw new Refused('station_busy', 'Someone is already studying at this station');
  const sessionId = uuidv7(classroom.ledger.clock.wallTime());
  record(classroom, {
    type: 'session.opened',
    payload: { sessionId, mode: 'self_study', scheduleId: null, title: input.title },
  });
  record(classroom, { type: 'check_in', payload: { sessionId, learnerId: input.learnerId, cardHash: input.cardHash } });
  classroom.selfStudy.set(sessionId, {
    learnerId: input.learnerId,
    attention: startAttention(classroom.attention, classroom.ledger.clock.monoMs()),
  });
  return sessionId;
}

/** Ends a running session (the learner's card, or the abandoned check) and says what it came to. */
function endSelfStudy(classroom: Classroom, sessionId: string): SelfStudySummary {
  const study = classroom.selfStudy.get(sessionId);
  if (!study) throw new Refused('no_such_session', `No self-study session ${sessionId} is running`);
  // A learner whose check is still unanswered left at the prompt, and is checked out there.
  if (study.attention.phase !== 'suspended')
    record(classroom, { type: 'check_out', payload: { sessionId, learnerId: study.learnerId } });
  endSession(classroom, sessionId);
  const entry = sessionHours(classroom, sessionId, classroom.rules()).find((e) => e.learnerId === study.learnerId);
  return {
    sessionId,
    learnerName: learnerById(classroom, study.learnerId)?.name ?? '',
    presentMinutes: entry?.presentMinutes ?? 0,
    creditedMinutes: entry?.creditedMinutes ?? 0,
    hours: entry?.hours ?? 0,
  };
}

function missed(classroom: Classroom, sessionId: string, learnerId: string, promptedAt: number): void {
  record(classroom, { type: 'attention.missed', payload: { sessionId, learnerId, promptedMonoMs: promptedAt } });
}

export type AttentionPrompt = { sessionId: string; learnerId: string; action: 'prompt' | 'missed' | 'abandoned' };

/** Run on a timer (every few seconds): prompts to show, misses now recorded, sessions now ended. */
export function attentionTicks(classroom: Classroom): AttentionPrompt[] {
  const now = classroom.ledger.clock.monoMs();
  const out: AttentionPrompt[] = [];
  for (const [sessionId, study] of classroom.selfStudy) {
    const { state, action } = attentionTick(study.attention, classroom.attention, now);
    if (action === 'abandoned') {
      endSelfStudy(classroom, sessionId);
      out.push({ sessionId, learnerId: study.learnerId, action });
      continue;
    }
    if (action === 'missed')
      missed(
        classroom,
        sessionId,
        study.learnerId,
        (study.attention as Extract<AttentionState, { phase: 'prompted' }>).promptedAt,
      );
    study.attention = state;
    if (action !== 'none') out.push({ sessionId, learnerId: study.learnerId, action });
  }
  return out;
}

/** The learner's answer (a key on the prompt, or their card): what it counted as. */
export function answerAttention(classroom: Classroom, sessionId: string): 'passed' | 'resumed' | 'none' {
  const study = classroom.selfStudy.get(sessionId);
  if (!study) throw new Refused('no_such_session', `No self-study session ${sessionId} is running`);
  const before = study.attention;
  const { state, outcome } = attentionAnswer(before, classroom.attention, classroom.ledger.clock.monoMs());
  // Too late, but before the timer noticed: the miss is recorded first, so the gap does not count.
  if (outcome === 'resumed' && before.phase === 'prompted')
    missed(classroom, sessionId, study.learnerId, before.promptedAt);
  if (outcome !== 'none')
    record(classroom, { type: 'attention.passed', payload: { sessionId, learnerId: study.learnerId } });
  study.attention = state;
  return outcome;
}
