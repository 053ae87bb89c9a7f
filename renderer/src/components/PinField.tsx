// A PIN field as every door of the station shows it: digits only, hidden, large enough to
// type on a touch screen, never remembered by the browser.
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
  return (
    <label>
      {label}
      <input
        className="field pin"
        type="password"
        inputMode="numeric"
        pattern="\d{4,12}"
        autoComplete="off"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
