// Past classes over a period the organiser picks (this week, this month, this year, or two
// dates), each with who came, minutes played and hours; one opens its attendance, and the
// whole period exports as one report (CSV or Excel) for the office.
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { downloadFile } from './download.ts';
import { errorText, refusalText } from './error-text.ts';
import { formatHours } from './format.ts';
import { clockTime, dayOf } from './time.ts';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function presets(
  today: string,
): { key: 'history.lastWeek' | 'history.thisMonth' | 'history.thisYear'; from: string }[] {
  return [
    { key: 'history.lastWeek', from: new Date(Date.parse(today) - 6 * DAY_MS).toISOString().slice(0, 10) },
    { key: 'history.thisMonth', from: `${today.slice(0, 7)}-01` },
    { key: 'history.thisYear', from: `${today.slice(0, 4)}-01-01` },
  ];
}

export function HistoryPanel({ call, onOpen }: { call: OrganiserCall; onOpen: (sessionId: string) => void }) {
  const { t, locale } = useLocale();
  const today = dayOf(Date.now());
  const [from, setFrom] = useState(presets(today)[0]!.from);
  const [to, setTo] = useState(today);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const valid = DATE.test(from) && DATE.test(to) && from <= to;

  useEffect(() => {
    if (!valid) return;
    let alive = true;
    call('organiser.history', { from, to }).then(
      (answer) =>
        alive && ('refused' in answer ? setMessage(refusalText(t, answer.refused)) : setEntries(answer.entries)),
      (error: unknown) => alive && setMessage(errorText(t, error)),
    );
    return () => {
      alive = false;
    };
  }, [call, from, to, valid]);

  const exportAs = (format: 'csv' | 'xlsx') =>
    call('organiser.rangeReport', { from, to, format, locale }).then(
      (answer) => ('refused' in answer ? setMessage(refusalText(t, answer.refused)) : downloadFile(answer)),
      (error: unknown) => setMessage(errorText(t, error)),
    );

  return (
    <section className="card history" data-testid="history">
      <h2>{t('history.title')}</h2>
      <div className="history-range">
        {presets(today).map((preset) => (
          <button
            key={preset.key}
            type="button"
            className={from === preset.from && to === today ? 'small primary' : 'small'}
            onClick={() => {
              setFrom(preset.from);
              setTo(today);
            }}
          >
            {t(preset.key)}
          </button>
        ))}
        {(
          [
            ['history.from', from, setFrom, 'history-from'],
            ['history.to', to, setTo, 'history-to'],
          ] as const
        ).map(([label, value, set, testId]) => (
          <label key={testId}>
            {t(label)}
            <input
              className="field"
              type="date"
              value={value}
              onChange={(event) => set(event.target.value)}
              data-testid={testId}
            />
          </label>
        ))}
      </div>
      {!valid && (
        <p className="notice-error" role="alert">
          {t('history.badRange')}
        </p>
      )}
      {message && (
        <p className="notice-error" role="alert">
          {message}
        </p>
      )}
      {valid && entries && entries.length === 0 && <p className="hint">{t('history.empty')}</p>}
      <ul className="schedule-list history-list">
        {valid &&
          entries?.map((entry) => (
            <li key={entry.session.sessionId} className="schedule-entry" data-testid="history-entry">
              <div>
                <strong>{entry.session.title}</strong>
                <span className="hint">
                  {t('history.line', {
                    date: `${entry.date} ${clockTime(entry.session.openedAt)}`,
                    attended: entry.attended,
                    played: entry.playedMinutes,
                    hours: formatHours(entry.hours),
                  })}
                </span>
              </div>
              <button type="button" className="small" onClick={() => onOpen(entry.session.sessionId)}>
                {t('organiser.view')}
              </button>
            </li>
          ))}
      </ul>
      <div className="attendance-actions">
        <button
          type="button"
          className="big"
          disabled={!valid}
          onClick={() => exportAs('csv')}
          data-testid="history-export-csv"
        >
          {t('history.exportCsv')}
        </button>
        <button
          type="button"
          className="big"
          disabled={!valid}
          onClick={() => exportAs('xlsx')}
          data-testid="history-export-xlsx"
        >
          {t('history.exportXlsx')}
        </button>
      </div>
    </section>
  );
}
