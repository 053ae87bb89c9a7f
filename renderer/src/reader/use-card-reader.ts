// Installs the keyboard-wedge listener for the whole window (capture phase, before any
// field sees the key) and sends each card to reader.tap. Held keys that were typing are put
// back where they were meant to go with insertText, which fields and React's onChange see
// as typing.
import { useEffect, useRef } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { TapView } from '../../../preload/contract/channels.ts';
import { CARD_INPUT } from '../../../common/card-input.ts';
import { createWedgeCollector } from './wedge.ts';

function typeInto(text: string): void {
  if (text === '') return;
  const target = document.activeElement;
  const editable =
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLElement && target.isContentEditable);
  // execCommand is deprecated but is still the one way to type into a field as a person
  // would (undo history, input events) in Chromium and Electron.
  if (editable) document.execCommand('insertText', false, text);
}

export function useCardReader(
  station: LecternApi,
  onTap: (result: TapView) => void,
  onError: (error: unknown) => void,
): void {
  const handlers = useRef({ onTap, onError });
  handlers.current = { onTap, onError };

  useEffect(() => {
    const collector = createWedgeCollector();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onKeyDown = (event: KeyboardEvent) => {
      // Modifier chords and input-method composition (pinyin) are never a reader.
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || event.repeat) return;
      const decision = collector.key(event.key, event.timeStamp);
      if (decision.action === 'pass') {
        typeInto(decision.release);
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (decision.action === 'card') {
        station.invoke('reader.tap', { cardNumber: decision.card }).then(
          (result) => handlers.current.onTap(result),
          (error: unknown) => handlers.current.onError(error),
        );
        return;
      }
      typeInto(decision.release);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => typeInto(collector.flush(performance.now())), CARD_INPUT.maxKeyGapMs + 5);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      if (timer) clearTimeout(timer);
    };
  }, [station]);
}
