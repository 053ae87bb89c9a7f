// The live attendance of one class for its organiser: a large count of who is here, who
// came late or was checked in by hand, unknown cards waiting for the hub, who is missing;
// manual check-in with a reason, closing, export and print. It reloads when the station
// says the class's attendance changed.
import { useEffect, useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { downloadFile } from './download.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { errorText, refusalText } from './error-text.ts';
import { clockTime } from './time.ts';

type Props = {
  station: LecternApi;
  /** The organiser's calls, carrying their session. */
  call: OrganiserCall;
  sessionId: string;
  onChanged: () => void;
  onPrint: (view: AttendanceView) => void;
};

export function AttendancePanel({ station, call, sessionId, onChanged, onPrint }: Props) {
  const { t, locale } = useLocale();
  const [view, setView] = useState<AttendanceView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [learnerId, setLearnerId] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    let alive = true;
    const load = () =>
      call('organiser.attendance', { sessionId }).then(
        (answer) => alive && ('refused' in answer ? setMessage(refusalText(t, answer.refused)) : setView(answer)),
        (error: unknown) => alive && setMessage(errorText(t, error)),
      );
    void load();
    const unsubscribe = station.on(
      'classroom.attendanceChanged',
      (change) => change.sessionId === sessionId && void load(),
    );
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [station, call, sessionId]);

  if (!view)
    return message ? (
      <p className="notice-error" role="alert">
        {message}
      </p>
    ) : (
      <p className="notice">{t('home.loading')}</p>
    );

  const open = view.session.status !== 'closed';
  const attended = view.rows.filter((row) => row.status !== 'absent');
  const absent = view.rows.filter((row) => row.status === 'absent');

  const act = <T,>(promise: Promise<T | { refused: Parameters<typeof refusalText>[1] }>, then: (value: T) => void) => {
    setMessage(null);
    promise.then(
      (answer) =>
        answer && typeof answer === 'object' && 'refused' in answer
          ? setMessage(refusalText(t, answer.refused))
          : then(answer as T),
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };
  const checkIn = (event: FormEvent) => {
    event.preventDefault();
    act(call('organiser.manualCheckIn', { sessionId, learnerId, reason }), (next: AttendanceView) => {
      setView(next);
      setLearnerId('');
      setReason('');
    });
  };
  const close = () => {
    if (!window.confirm(t('organiser.closeConfirm', { title: view.session.title }))) return;
    act(call('organiser.closeClass', { sessionId }), () => onChanged());
  };
  const exportAs = (format: 'csv' | 'xlsx') =>
    act(call('organiser.report', { sessionId, format, locale }), downloadFile);

  return (
    <section className="card attendance" data-testid="attendance">
      <header className="attendance-head">
        <div>
          <h2 data-testid="attendance-title">{view.session.title}</h2>
          <p className="hint">
            {clockTime(view.startsAt)} ·{' '}
            <span className={`session-${view.session.status}`}>{t(`organiser.status.${view.session.status}`)}</span>
          </p>
        </div>
        <p className="live-count" data-testid="live-count">
          {t('attendance.live', { present: view.counts.present })}
        </p>
      </header>
      <p data-testid="attendance-counts">{t('attendance.counts', view.counts)}</p>
      {message && (
        <p className="notice-error" role="alert" data-testid="attendance-message">
          {message}
        </p>
      )}

      <table className="attendance-table" data-testid="attendance-table">
        <thead>
          <tr>
            <th>{t('attendance.name')}</th>
            <th>{t('attendance.unit')}</th>
            <th>{t('attendance.status')}</th>
            <th>{t('attendance.time')}</th>
          </tr>
        </thead>
        <tbody>
          {attended.map((row) => (
            <tr key={row.learnerId} className={`row-${row.status}`} data-testid="attendance-row">
              <td className="name">{row.name}</td>
              <td>{row.unit}</td>
              <td>
                {t(`attendance.${row.status}`)}
                {row.late && <span className="badge badge-late">{t('attendance.late')}</span>}
                {row.manual && <span className="badge badge-manual">{t('attendance.manual')}</span>}
              </td>
              <td>{row.firstInAt !== null && clockTime(row.firstInAt)}</td>
            </tr>
          ))}
          {view.pending.map((card) => (
            <tr key={card.id} className="row-pending" data-testid="pending-row">
              <td className="name">{card.masked}</td>
              <td>{card.resolvedName ? t('attendance.pendingResolved', { name: card.resolvedName }) : ''}</td>
              <td>{t('attendance.pending')}</td>
              <td>{clockTime(card.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <details className="absent" open={absent.length <= 12}>
        <summary>{t('attendance.absentList', { count: absent.length })}</summary>
        <p className="absent-names">{absent.map((row) => row.name).join('、')}</p>
      </details>

      {open && absent.length > 0 && (
        <form className="manual" onSubmit={checkIn} data-testid="manual-check-in">
          <h3>{t('manual.title')}</h3>
          <select
            className="field"
            required
            value={learnerId}
            onChange={(event) => setLearnerId(event.target.value)}
            data-testid="manual-learner"
            aria-label={t('manual.learner')}
          >
            <option value="">{t('manual.choose')}</option>
            {absent.map((row) => (
              <option key={row.learnerId} value={row.learnerId}>
                {row.name} · {row.unit}
              </option>
            ))}
          </select>
          <input
            className="field"
            required
            minLength={2}
            maxLength={200}
            value={reason}
            placeholder={t('manual.reasonPlaceholder')}
            aria-label={t('manual.reason')}
            onChange={(event) => setReason(event.target.value)}
            data-testid="manual-reason"
          />
          <button type="submit" className="big primary" data-testid="manual-submit">
            {t('manual.submit')}
          </button>
        </form>
      )}

      <div className="attendance-actions">
        <button type="button" className="big" onClick={() => exportAs('csv')} data-testid="export-csv">
          {t('organiser.exportCsv')}
        </button>
        <button type="button" className="big" onClick={() => exportAs('xlsx')} data-testid="export-xlsx">
          {t('organiser.exportXlsx')}
        </button>
        <button type="button" className="big" onClick={() => onPrint(view)} data-testid="print">
          {t('organiser.print')}
        </button>
        {open && (
          <button type="button" className="big danger" onClick={close} data-testid="close-class">
            {t('organiser.close')}
          </button>
        )}
      </div>
    </section>
  );
}
