// Check-in by hand from the roster: a county's roster has hundreds of learners, so the
// organiser finds one by typing part of a name or unit, or the name's pinyin initials
// (zs → 张三) on the on-screen keys, and taps the name; at most MAX_SHOWN matches are listed
// at a time. Then a reason, and the check-in is recorded naming the organiser.
import { useMemo, useState } from 'react';
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { KeypadToggle, OnScreenKeys } from './OnScreenKeys.tsx';
import { rosterMatches } from './roster-search.ts';

type Row = AttendanceView['rows'][number];

const MAX_SHOWN = 8;

export function RosterCheckIn({
  absent,
  onCheckIn,
}: {
  absent: readonly Row[];
  onCheckIn: (learnerId: string, reason: string, done: () => void) => void;
}) {
  const { t } = useLocale();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<'chooseFirst' | 'reasonShort' | null>(null);
  const [keys, setKeys] = useState(false);
  const found = useMemo(() => rosterMatches(absent, query), [absent, query]);

  return (
    <form
      className="manual"
      noValidate
      data-testid="manual-check-in"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return setProblem('chooseFirst');
        if (reason.trim().length < 2) return setProblem('reasonShort');
        onCheckIn(chosen.learnerId, reason.trim(), () => {
          setChosen(null);
          setQuery('');
          setReason('');
          setKeys(false);
        });
      }}
    >
      <h3>{t('manual.title')}</h3>
      <div className="manual-find">
        <input
          className="field"
          type="search"
          value={query}
          maxLength={40}
          placeholder={t('manual.search')}
          aria-label={t('manual.search')}
          onChange={(event) => {
            setQuery(event.target.value);
            setProblem(null);
          }}
          data-testid="manual-search"
        />
        <KeypadToggle open={keys} onToggle={() => setKeys(!keys)} testId="manual-keypad-toggle" />
        {query.trim() && (
          <span className="hint" data-testid="manual-count">
            {found.length === 0 ? t('manual.noMatch') : t('manual.matches', { count: found.length })}
          </span>
        )}
      </div>
      {keys && (
        <OnScreenKeys value={query} onChange={setQuery} layout="letters" maxLength={40} onDone={() => setKeys(false)} />
      )}
      {found.length > 0 && (
        <div className="manual-matches" role="listbox" aria-label={t('manual.learner')}>
          {found.slice(0, MAX_SHOWN).map((row) => (
            <button
              key={row.learnerId}
              type="button"
              role="option"
              aria-selected={chosen?.learnerId === row.learnerId}
              className={chosen?.learnerId === row.learnerId ? 'match chosen' : 'match'}
              onClick={() => {
                setChosen(row);
                setProblem(null);
              }}
              data-testid="manual-match"
            >
              {row.name}
              <small>{row.unit}</small>
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <p className="manual-chosen" data-testid="manual-chosen">
          {t('manual.chosen', { name: `${chosen.name} · ${chosen.unit}` })}
        </p>
      )}
      <div className="manual-reason">
        <input
          className="field"
          maxLength={200}
          value={reason}
          placeholder={t('manual.reasonPlaceholder')}
          aria-label={t('manual.reason')}
          onChange={(event) => {
            setReason(event.target.value);
            setProblem(null);
          }}
          data-testid="manual-reason"
        />
        <button type="submit" className="big primary" data-testid="manual-submit">
          {t('manual.submit')}
        </button>
      </div>
      {problem && (
        <p className="notice-error" role="alert" data-testid="manual-problem">
          {t(problem === 'chooseFirst' ? 'manual.chooseFirst' : 'correction.reasonShort')}
        </p>
      )}
    </form>
  );
}
