import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEvents } from '../ledger/ledger.ts';
import { attentionAnswer, attentionTick, startAttention, type AttentionOptions } from './attention.ts';
import { tap } from './attendance.ts';
import { answerAttention, attentionTicks, startSelfStudy } from './self-study.ts';
import { closeDueSessions, listSessions } from './sessions.ts';
import { createClassroom } from './classroom.ts';
import { CARDS, openTestClassroom } from './test-classroom.ts';

const OPTIONS: AttentionOptions = {
  minGapMs: 600_000,
  maxGapMs: 1_200_000,
  answerWindowMs: 60_000,
  abandonAfterMs: 600_000,
  random: () => 0.25,
};

test('prompts come at a random time within the gaps, and an answer within the window passes', () => {
  let state = startAttention(OPTIONS, 0);
  assert.deepEqual(state, { phase: 'watching', nextPromptAt: 750_000 });
  assert.equal(attentionTick(state, OPTIONS, 749_999).action, 'none');
  const late = attentionTick(state, OPTIONS, 760_000);
  assert.equal(late.action, 'prompt');
  assert.deepEqual(late.state, { phase: 'prompted', promptedAt: 750_000 }, 'dated when due, not when the timer ran');
  state = late.state;
  assert.equal(attentionAnswer(state, OPTIONS, 809_999).outcome, 'passed');
  assert.equal(attentionAnswer(state, OPTIONS, 810_000).outcome, 'resumed', 'the window is counted from the prompt');
  const missed = attentionTick(state, OPTIONS, 810_000);
  assert.equal(missed.action, 'missed');
  assert.equal(attentionTick(missed.state, OPTIONS, 750_000 + 599_999).action, 'none');
  assert.equal(attentionTick(missed.state, OPTIONS, 750_000 + 600_000).action, 'abandoned', 'left unanswered');
  assert.equal(attentionAnswer(startAttention(OPTIONS, 0), OPTIONS, 5).outcome, 'none', 'nothing was asked');
});

test('an answer after the window that the timer had not noticed yet still records the miss first', (t) => {
  const { classroom, clock } = openTestClassroom(t, { attention: OPTIONS });
  const identified = tap(classroom, CARDS.zhang) as { cardHash: string };
  const sessionId = startSelfStudy(classroom, { learnerId: 'zhang', cardHash: identified.cardHash, title: '自学' });
  clock.advance(750_000);
  // The timer fires once and the prompt is shown; the next tick has not come yet.
  assert.deepEqual(
    attentionTicks(classroom).map((prompt) => prompt.action),
    ['prompt'],
  );
  clock.advance(90_000);
  assert.equal(answerAttention(classroom, sessionId), 'resumed');
  const events = readEvents(classroom.db, { sessionId }).slice(-2);
  assert.deepEqual(
    events.map((event) => event.type),
    ['attention.missed', 'attention.passed'],
  );
  assert.equal((events[0]!.payload as { promptedMonoMs: number }).promptedMonoMs, 1000 + 750_000);
});

test('a self-study session left open by a restart is closed at start', (t) => {
  const { classroom, ledger } = openTestClassroom(t);
  const identified = tap(classroom, CARDS.li) as { cardHash: string };
  const sessionId = startSelfStudy(classroom, { learnerId: 'li', cardHash: identified.cardHash, title: '自学' });
  assert.deepEqual(closeDueSessions(classroom), [], 'still running in this process');
  const restarted = createClassroom({ ledger, catalog: classroom.catalog, cardHashKey: classroom.cardHashKey });
  assert.deepEqual(closeDueSessions(restarted), [sessionId]);
  assert.deepEqual(listSessions(restarted, { openOnly: true }), []);
});

test('self-study ends only by the own card or an abandoned check, with a summary; another card is told the station is busy', (t) => {
  const { classroom, clock } = openTestClassroom(t, { attention: OPTIONS });
  const identified = tap(classroom, CARDS.zhang) as { cardHash: string };
  const sessionId = startSelfStudy(classroom, { learnerId: 'zhang', cardHash: identified.cardHash, title: '自学' });
  clock.advance(10_000);
  const other = tap(classroom, CARDS.li);
  assert.deepEqual(
    { kind: other.kind, sessionId: (other as { sessionId: string }).sessionId },
    { kind: 'station_busy', sessionId },
    'another learner is told before anything starts',
  );
  assert.equal(listSessions(classroom, { openOnly: true }).length, 1, 'and their tap ended nothing');
  clock.advance(5 * 60_000);
  const ended = tap(classroom, CARDS.zhang);
  assert.equal(ended.kind, 'self_study_ended');
  const { summary } = ended as Extract<typeof ended, { kind: 'self_study_ended' }>;
  assert.deepEqual(
    { ...summary },
    { sessionId, learnerName: '学员zhang', presentMinutes: 5, creditedMinutes: 0, hours: 0 },
    'nothing played, so nothing credited',
  );

  // Walked away: the check is missed, then left unanswered; the session ends at the prompt.
  clock.advance(10_000);
  const again = tap(classroom, CARDS.li) as { cardHash: string };
  const second = startSelfStudy(classroom, { learnerId: 'li', cardHash: again.cardHash, title: '自学' });
  clock.advance(750_000);
  attentionTicks(classroom);
  clock.advance(60_000);
  assert.deepEqual(
    attentionTicks(classroom).map((p) => p.action),
    ['missed'],
  );
  clock.advance(540_000);
  assert.deepEqual(
    attentionTicks(classroom).map((p) => p.action),
    ['abandoned'],
  );
  assert.deepEqual(listSessions(classroom, { openOnly: true }), []);
  assert.deepEqual(
    readEvents(classroom.db, { sessionId: second })
      .slice(-2)
      .map((event) => event.type),
    ['attention.missed', 'session.closed'],
    'no check-out after the prompt: presence ended there',
  );
});
