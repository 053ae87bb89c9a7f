// 节目播放记录: what the station played on a day, for the organiser and for the file — per
// class and source, when it played, how often the picture stopped and the minutes really
// played; then every start, pause, seek, stall (and why), recovery and end with its time.
// Printable on paper, black on white, like the attendance report.
import { useEffect, useState } from 'react';
import type { PlaybackLogDay } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { mediaClock } from '../player/media-clock.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { errorText } from './error-text.ts';
import { PrintPage } from './PrintPage.tsx';
import { clockSeconds, clockTime, dayOf } from './time.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REASONS = ['buffering', 'network', 'media_error', 'end_of_stream', 'no_progress'] as const;
const isReason = (detail: string | null): detail is (typeof REASONS)[number] =>
  (REASONS as readonly (string | null)[]).includes(detail);

export function PlaybackLogPanel({ call }: { call: OrganiserCall }) {
  const { t } = useLocale();
  const [date, setDate] = useState(dayOf(Date.now()));
  const [log, setLog] = useState<PlaybackLogDay | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    if (!DATE.test(date)) return;
    let alive = true;
    call('playbackLog.day', { date }).then(
      (answer) => {
        if (!alive) return;
        if ('refused' in answer) return setMessage(t(`refused.${answer.refused}`));
        setMessage(null);
        setLog(answer);
      },
      (error: unknown) => alive && setMessage(errorText(t, error)),
    );
    return () => {
      alive = false;
    };
  }, [call, date]);

  if (printing && log) return <PlaybackLogPrint log={log} onBack={() => setPrinting(false)} />;
  return (
    <section className="card playback-log" data-testid="playback-log">
      <header className="playback-log-head">
        <h2>{t('log.title')}</h2>
        <label>
          {t('log.date')}{' '}
          <input
            type="date"
            className="field"
            value={date}
            onChange={(event) => setDate(event.target.value)}
            data-testid="log-date"
          />
        </label>
        <button
          type="button"
          className="small"
          disabled={!log}
          onClick={() => setPrinting(true)}
          data-testid="log-print"
        >
          {t('organiser.print')}
        </button>
      </header>
      {message && (
        <p className="notice-error" role="alert">
          {message}
        </p>
      )}
      {log && <LogTables log={log} />}
    </section>
  );
}

function LogTables({ log }: { log: PlaybackLogDay }) {
  const { t } = useLocale();
  if (log.rows.length === 0)
    return (
      <p className="hint" data-testid="log-empty">
        {t('log.empty')}
      </p>
    );
  return (
    <div className="playback-log-scroll">
      <table className="print-table log-sources" data-testid="log-sources">
        <thead>
          <tr>
            <th>{t('log.class')}</th>
            <th>{t('log.source')}</th>
            <th>{t('log.span')}</th>
            <th className="num">{t('log.played')}</th>
            <th className="num">{t('log.stalls')}</th>
          </tr>
        </thead>
        <tbody>
          {log.sources.map((source, index) => (
            <tr key={index} data-testid="log-source">
              <td>{source.sessionTitle}</td>
              <td>
                {source.kind === 'live' && `${t('playlist.live')} `}
                {source.sourceTitle}
              </td>
              <td>
                {clockTime(source.firstAt)}–{clockTime(source.lastAt)}
              </td>
              <td className="num">{t('log.minutes', { minutes: source.playedMinutes })}</td>
              <td className="num">{source.stalls}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="print-table log-rows" data-testid="log-rows">
        <thead>
          <tr>
            <th>{t('log.time')}</th>
            <th>{t('log.source')}</th>
            <th>{t('log.event')}</th>
            <th className="num">{t('log.position')}</th>
          </tr>
        </thead>
        <tbody>
          {log.rows.map((row, index) => (
            <tr key={index} data-testid="log-row" data-signal={row.signal}>
              <td>{clockSeconds(row.at)}</td>
              <td>{row.sourceTitle}</td>
              <td>
                {t(`log.signal.${row.signal}`)}
                {row.signal === 'stalled' && isReason(row.detail) && `（${t(`log.reason.${row.detail}`)}）`}
                {row.signal === 'ratechange' && row.detail && ` ×${row.detail}`}
              </td>
              <td className="num">{row.kind === 'lesson' && row.mediaS !== null ? mediaClock(row.mediaS) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.truncated && <p className="hint">{t('log.truncated')}</p>}
    </div>
  );
}

function PlaybackLogPrint({ log, onBack }: { log: PlaybackLogDay; onBack: () => void }) {
  const { t } = useLocale();
  return (
    <PrintPage testId="log-print-view" onBack={onBack}>
      <h1>{t('log.printTitle', { date: log.date })}</h1>
      <p>
        {t('report.site')}：{log.site ?? '—'} ·{' '}
        {t('report.printedAt', { time: `${dayOf(Date.now())} ${clockTime(Date.now())}` })}
      </p>
      <LogTables log={log} />
    </PrintPage>
  );
}
