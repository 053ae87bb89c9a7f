// An on-screen keypad for a kiosk without a keyboard: digits (PINs, numbers in a class name)
// or letters and digits (pinyin initials for search: dsxx → 党史学习…). Every key is at least
// 56 px square for a finger. It edits the value it is given and nothing else; the field
// beside it stays the one place the value is shown.
import { useLocale } from '../i18n/locale.tsx';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const LETTERS = 'qwertyuiopasdfghjklzxcvbnm'.split('');

type Props = {
  value: string;
  onChange: (value: string) => void;
  layout: 'digits' | 'letters';
  /** The longest value the field takes. */
  maxLength?: number;
  onDone?: () => void;
  testId?: string;
};

export function OnScreenKeys({ value, onChange, layout, maxLength = 80, onDone, testId = 'keypad' }: Props) {
  const { t } = useLocale();
  const type = (key: string) => value.length < maxLength && onChange(value + key);
  const keys = layout === 'digits' ? DIGITS : [...DIGITS, ...LETTERS];
  return (
    <div className={`keypad keypad-${layout}`} data-testid={testId} role="group" aria-label={t('keypad.open')}>
      {keys.map((key) => (
        <button key={key} type="button" className="key" onClick={() => type(key)} data-key={key}>
          {key}
        </button>
      ))}
      {layout === 'letters' && (
        <button type="button" className="key key-wide" onClick={() => type(' ')}>
          {t('keypad.space')}
        </button>
      )}
      <button type="button" className="key key-wide" onClick={() => onChange(Array.from(value).slice(0, -1).join(''))}>
        {t('keypad.backspace')}
      </button>
      <button type="button" className="key key-wide" onClick={() => onChange('')}>
        {t('keypad.clear')}
      </button>
      {onDone && (
        <button type="button" className="key key-wide key-done" onClick={onDone}>
          {t('keypad.done')}
        </button>
      )}
    </div>
  );
}

/** The button beside a field that shows or hides its keypad. */
export function KeypadToggle({ open, onToggle, testId }: { open: boolean; onToggle: () => void; testId?: string }) {
  const { t } = useLocale();
  return (
    <button
      type="button"
      className="keypad-toggle"
      aria-pressed={open}
      onClick={onToggle}
      data-testid={testId}
      title={open ? t('keypad.close') : t('keypad.open')}
    >
      ⌨ {open ? t('keypad.close') : t('keypad.open')}
    </button>
  );
}
