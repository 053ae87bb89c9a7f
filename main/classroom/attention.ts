// Attention checks for self-study: at random intervals the station asks the learner to tap
// their card or press a key within a window (60 s). A missed check suspends their presence
// (the hours engine stops counting from the prompt) until they answer. Pure: the caller
// passes the monotonic time, and the randomness is injected.
export type AttentionOptions = {
  minGapMs: number;
  maxGapMs: number;
  answerWindowMs: number;
  /** A missed check still unanswered this long after its prompt ends the session: the learner left. */
  abandonAfterMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
};

export const DEFAULT_ATTENTION: Omit<AttentionOptions, 'random'> = {
  minGapMs: 10 * 60_000,
  maxGapMs: 20 * 60_000,
  answerWindowMs: 60_000,
  abandonAfterMs: 10 * 60_000,
};

export type AttentionState =
  | { phase: 'watching'; nextPromptAt: number }
  | { phase: 'prompted'; promptedAt: number }
  | { phase: 'suspended'; promptedAt: number };

export type AttentionAction = 'none' | 'prompt' | 'missed' | 'abandoned';

function nextGap(options: AttentionOptions): number {
  return options.minGapMs + Math.floor(options.random() * (options.maxGapMs - options.minGapMs));
}

export function startAttention(options: AttentionOptions, nowMono: number): AttentionState {
  return { phase: 'watching', nextPromptAt: nowMono + nextGap(options) };
}

/** Called on a timer: whether to show a prompt now, or the shown one was missed. */
export function attentionTick(
  state: AttentionState,
  options: AttentionOptions,
  nowMono: number,
): { state: AttentionState; action: AttentionAction } {
  if (state.phase === 'watching' && nowMono >= state.nextPromptAt) {
    // The prompt is dated when it was due, so a late timer cannot give a learner extra time.
    return { state: { phase: 'prompted', promptedAt: state.nextPromptAt }, action: 'prompt' };
  }
  if (state.phase === 'prompted' && nowMono >= state.promptedAt + options.answerWindowMs) {
    return { state: { phase: 'suspended', promptedAt: state.promptedAt }, action: 'missed' };
  }
  if (state.phase === 'suspended' && nowMono >= state.promptedAt + options.abandonAfterMs) {
    return { state, action: 'abandoned' };
  }
  return { state, action: 'none' };
}

/**
 * A tap or key from the learner. `passed` in time; `resumed` after a miss (counting starts
 * again from now); `none` when nothing was asked.
 */
export function attentionAnswer(
  state: AttentionState,
  options: AttentionOptions,
  nowMono: number,
): { state: AttentionState; outcome: 'passed' | 'resumed' | 'none' } {
  if (state.phase === 'watching') return { state, outcome: 'none' };
  // An answer after the window but before the tick noticed is still a miss.
  const late = state.phase === 'suspended' || nowMono >= state.promptedAt + options.answerWindowMs;
  return { state: startAttention(options, nowMono), outcome: late ? 'resumed' : 'passed' };
}
