// The self-study attention check: at random times the station asks the learner to confirm
// they are still there within the answer window (60 s), by this button or their card. A
// missed check pauses their hours until they answer; left unanswered, the session ends (the
// station says `abandoned`) and the prompt goes.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useLocale } from '../i18n/locale.tsx';

type Prompt = { sessionId: string; action: 'prompt' | 'missed'; deadline: number };

export function AttentionPrompt({ station }: { station: LecternApi }) {
  const { t } = useLocale();
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const offPrompt = station.on('classroom.attentionPrompt', (next) =>
      setPrompt(
        next.action === 'abandoned'
          ? null
          : { sessionId: next.sessionId, action: next.action, deadline: Date.now() + next.answerWindowS * 1000 },
      ),
    );
    // A card tap answers it too; so does the session ending.
    const offTap = station.on(
      'classroom.tapped',
      (tap) => (tap.kind === 'attention_passed' || tap.kind === 'self_study_ended') && setPrompt(null),
    );
    return () => {
      offPrompt();
      offTap();
    };
  }, [station]);

  useEffect(() => {
    if (!prompt || prompt.action !== 'prompt') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [prompt]);

  if (!prompt) return null;
  const answer = () => {
    station.invoke('selfStudy.answer', { sessionId: prompt.sessionId }).finally(() => setPrompt(null));
  };
  const seconds = Math.max(0, Math.ceil((prompt.deadline - now) / 1000));
  return (
    <div className="overlay overlay-attention" role="alertdialog" data-testid="attention-prompt">
      <p className="overlay-kind">{t('attention.title')}</p>
      {prompt.action === 'prompt' ? (
        <>
          <p className="overlay-countdown">{seconds}</p>
          <p className="overlay-text">{t('attention.body', { seconds })}</p>
        </>
      ) : (
        <p className="overlay-text">{t('attention.missed')}</p>
      )}
      <button type="button" className="big primary" onClick={answer}>
        {t('attention.answer')}
      </button>
    </div>
  );
}
