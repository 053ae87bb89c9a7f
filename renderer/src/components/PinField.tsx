// A PIN field as every door of the station shows it: digits only, hidden, large enough to
// type on a touch screen, never remembered by the browser — and, for a kiosk without a
// keyboard, a digit keypad beside it.
import { useState } from 'react';
import { KeypadToggle, OnScreenKeys } from './OnScreenKeys.tsx';

const PIN_MAX = 12;

export function PinField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const [keys, setKeys] = useState(false);
  return (
    <>
      <label>
        {label}
        <span className="pin-row">
          <input
            className="field pin"
            type="password"
            inputMode="numeric"
            pattern="\d{4,12}"
            maxLength={PIN_MAX}
            autoComplete="off"
            required
            value={value}
            onChange={(event) => onChange(event.target.value)}
            data-testid={testId}
          />
          <KeypadToggle open={keys} onToggle={() => setKeys(!keys)} testId={`${testId}-keypad-toggle`} />
        </span>
      </label>
      {keys && (
        <OnScreenKeys
          value={value}
          onChange={onChange}
          layout="digits"
          maxLength={PIN_MAX}
          onDone={() => setKeys(false)}
          testId={`${testId}-keypad`}
        />
      )}
    </>
  );
}
