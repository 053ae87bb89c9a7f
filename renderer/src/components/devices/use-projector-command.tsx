// One projector command at a time from a screen (the technician's tests, the organiser's
// controls): the buttons wait while it runs, and its outcome is said in words.
import { useState } from 'react';
import type { ProjectorOutcome } from '../../../../preload/contract/channels.ts';
import type { ProjectorAction } from '../../../../preload/contract/channels/devices.ts';
import { useLocale } from '../../i18n/locale.tsx';
import { errorText } from '../error-text.ts';
import { outcomeText } from './device-text.ts';

type Command = { action: ProjectorAction; input?: string };
type Message = { text: string; ok: boolean };

export function useProjectorCommand(
  run: (command: Command) => Promise<ProjectorOutcome | { refused: string }>,
  onAnswer?: (answer: ProjectorOutcome) => void,
) {
  const { t } = useLocale();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const send = (action: ProjectorAction, input?: string) => {
    setBusy(true);
    setMessage({ text: t('devices.working'), ok: true });
    run(input ? { action, input } : { action })
      .then(
        (answer) => {
          // A refused session (organiser or technician) sends the screen back to its PIN gate.
          if ('refused' in answer) return setMessage(null);
          onAnswer?.(answer);
          setMessage({ text: outcomeText(t, answer.outcome), ok: answer.outcome === 'ok' });
        },
        (error: unknown) => setMessage({ text: errorText(t, error), ok: false }),
      )
      .finally(() => setBusy(false));
  };
  return { busy, message, send };
}

export function CommandMessage({ message, testId }: { message: Message | null; testId: string }) {
  if (!message) return null;
  return (
    <p className={message.ok ? 'hint' : 'notice-error'} role="status" data-testid={testId}>
      {message.text}
    </p>
  );
}

/** 开机 and 关机, the two buttons every projector control has. */
export function PowerButtons({
  busy,
  send,
  testIdPrefix,
}: {
  busy: boolean;
  send: (action: ProjectorAction) => void;
  testIdPrefix: string;
}) {
  const { t } = useLocale();
  return (
    <>
      {(['on', 'off'] as const).map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'on' ? 'device-button primary' : 'device-button'}
          disabled={busy}
          onClick={() => send(action)}
          data-testid={`${testIdPrefix}-${action}`}
        >
          {t(`devices.${action}`)}
        </button>
      ))}
    </>
  );
}
