// One text field and one button that does something with it, with the answer beneath: how the
// technician's sync section asks for a token or a folder. The action answers what to show —
// the station's refusal or failure in words, or what was done.
import { useState, type FormEvent } from 'react';

export type ActionResult = { text: string; error: boolean };

type Props = {
  label: string;
  button: string;
  action: (value: string) => Promise<ActionResult>;
  /** The value is ready to send (e.g. long enough). */
  ready?: (value: string) => boolean;
  placeholder?: string;
  primary?: boolean;
  testId: string;
};

export function ActionForm({ label, button, action, ready, placeholder, primary, testId }: Props) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    action(value.trim())
      .then((answer) => {
        setResult(answer);
        if (!answer.error) setValue('');
      })
      .finally(() => setBusy(false));
  };
  const sendable = (ready ?? ((text: string) => text.length > 0))(value.trim());
  return (
    <>
      <form className="sync-form" onSubmit={submit}>
        <label>
          {label}
          <input
            value={value}
            onChange={(event) => setValue(event.target.value)}
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            data-testid={`${testId}-input`}
          />
        </label>
        <button
          type="submit"
          className={primary ? 'big primary' : 'big'}
          disabled={busy || !sendable}
          data-testid={`${testId}-submit`}
        >
          {button}
        </button>
      </form>
      {result && (
        <p
          className={result.error ? 'notice-error' : 'state-ok'}
          role={result.error ? 'alert' : 'status'}
          data-testid={`${testId}-result`}
        >
          {result.text}
        </p>
      )}
    </>
  );
}
