// The live attendance of one class for its organiser: a large count of who is here, minutes
// the lecture has played, and per learner when they came and left, minutes present and
// counted and provisional hours, live; a warning when the class is open and nothing has
// played for five minutes; early leave and undo of a check-out with a reason; check-in by hand
// from a searchable roster; closing, export and print. It reloads when the station says the
// class's attendance changed, and every LIVE_REFRESH_MS while the class is open (the minutes
// grow by themselves); after closing it shows the final states and stops.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { AttendanceView, Refusal } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { downloadFile } from './download.ts';
import type { OrganiserCall } from '../station-client/organiser-calls.ts';
import { errorText, refusalText } from './error-text.ts';
import { formatHours } from './format.ts';
import { silentMinutes } from './live-class.ts';
import { RosterCheckIn } from './RosterCheckIn.tsx';
import { clockTime } from './time.ts';

type Props = {
  station: LecternApi;
  /** The organiser's calls, carrying their session. */
  call: OrganiserCall;
  sessionId: string;
  onChanged: () => void;
  onPrint: (view: AttendanceView) => void;
};

type Row = AttendanceView['rows'][number];
type Correction = { kind: 'earlyLeave' | 'undoCheckOut'; row: Row };

const LIVE_REFRESH_MS = 20_000;

export function AttendancePanel({ station, call, sessionId, onChanged, onPrint }: Props) {
  const { t, locale } = useLocale();
  const [view, setView] = useState<AttendanceView | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [message, setMessage] = useState<string | null>(null);
  const [correction, setCorrection] = useState<Correction | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [checkingIn, setCheckingIn] = useState(false);
  const open = view !== null && view.session.status !== 'closed';

  useEffect(() => {
    let alive = true;
    const load = () =>
      call('organiser.attendance', { sessionId }).then(
        (answer) => {
          if (!alive) return;
          if ('refused' in answer) return setMessage(refusalText(t, answer.refused));
          setView(answer);
          setLoadedAt(Date.now());
        },
        (error: unknown) => alive && setMessage(errorText(t, error)),
      );
    void load();
    const unsubscribe = station.on(
      'classroom.attendanceChanged',
      (change) => change.sessionId === sessionId && void load(),
    );
    const timer = setInterval(() => {
      setNow(Date.now());
      if (open) void load();
    }, LIVE_REFRESH_MS);
    return () => {
      alive = false;
      unsubscribe();
      clearInterval(timer);
    };
  }, [station, call, sessionId, open]);

  if (!view)
    return message ? (
      <p className="notice-error" role="alert">
        {message}
      </p>
    ) : (
      <p className="notice">{t('home.loading')}</p>
    );

  const attended = view.rows.filter((row) => row.status !== 'absent');
  const absent = view.rows.filter((row) => row.status === 'absent');
  const silent = silentMinutes(view, loadedAt, now);

  const act = <T,>(promise: Promise<T | { refused: Refusal }>, then: (value: T) => void) => {
    setMessage(null);
    promise.then(
      (answer) =>
        answer && typeof answer === 'object' && 'refused' in answer
          ? setMessage(refusalText(t, answer.refused))
          : then(answer as T),
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };
  const updated = (next: AttendanceView) => {
    setView(next);
    setLoadedAt(Date.now());
  };
  const close = () => {
    setConfirmingClose(false);
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
            <span className={`session-${view.session.status}`} data-testid="session-status">
              {t(`organiser.status.${view.session.status}`)}
            </span>{' '}
            · <span data-testid="played-minutes">{t('live.played', { minutes: view.playedMinutes })}</span>
          </p>
        </div>
        <p className={open ? 'live-count' : 'live-count final-count'} data-testid="live-count">
          {open
            ? t('attendance.live', { present: view.counts.present })
            : t('attendance.final', { attended: view.counts.present + view.counts.left })}
        </p>
      </header>
      {silent !== null && (
        <p className="silence-warning" role="alert" data-testid="silence-warning">
          {view.lastPlayedAt === null ? t('live.noPlayback') : t('live.noPlaybackFor', { minutes: silent })}
        </p>
      )}
      <p data-testid="attendance-counts">
        {t('attendance.counts', view.counts)} · {t('live.provisional')}
      </p>
      {!open && (
        <p className="hint" data-testid="closed-note">
          {t('attendance.closedNote')}
        </p>
      )}
      {message && (
        <p className="notice-error" role="alert" data-testid="attendance-message">
          {message}
        </p>
      )}
      {correction && (
        <CorrectionForm
          correction={correction}
          onCancel={() => setCorrection(null)}
          onSubmit={(reason) =>
            act(
              call(`organiser.${correction.kind}`, { sessionId, learnerId: correction.row.learnerId, reason }),
              (next: AttendanceView) => {
                updated(next);
                setCorrection(null);
              },
            )
          }
        />
      )}

      {/* Checking in by hand takes the table's place (the roster search and its keys need the room). */}
      <div className="attendance-scroll" hidden={checkingIn}>
        <table className="attendance-table" data-testid="attendance-table">
          <thead>
            <tr>
              <th>{t('attendance.name')}</th>
              <th>{t('attendance.status')}</th>
              <th>{t('attendance.in')}</th>
              <th>{t('attendance.out')}</th>
              <th className="num">{t('attendance.presentMinutes')}</th>
              <th className="num">{t('attendance.creditedMinutes')}</th>
              <th className="num">{t('attendance.hours')}</th>
              {open && <th>{t('attendance.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {attended.map((row) => (
              <tr key={row.learnerId} className={`row-${row.status}`} data-testid="attendance-row">
                <td className="name">
                  {row.name}
                  <small className="unit">{row.unit}</small>
                </td>
                <td data-testid="row-status">
                  {t(`attendance.${row.status}`)}
                  {row.late && <span className="badge badge-late">{t('attendance.late')}</span>}
                  {row.manual && <span className="badge badge-manual">{t('attendance.manual')}</span>}
                  {row.earlyLeaveReason && <small className="reason">{row.earlyLeaveReason}</small>}
                </td>
                <td>{row.firstInAt !== null && clockTime(row.firstInAt)}</td>
                <td>{row.outAt !== null && clockTime(row.outAt)}</td>
                <td className="num">{row.presentMinutes}</td>
                <td className="num">{row.creditedMinutes}</td>
                <td className="num" data-testid="row-hours">
                  {formatHours(row.hours)}
                </td>
                {open && (
                  <td>
                    <RowCorrection row={row} onChoose={setCorrection} />
                  </td>
                )}
              </tr>
            ))}
            {view.pending.map((card) => (
              <tr key={card.id} className="row-pending" data-testid="pending-row">
                <td className="name">{card.masked}</td>
                <td>
                  {t('attendance.pending')}
                  {card.resolvedName && (
                    <small className="reason">{t('attendance.pendingResolved', { name: card.resolvedName })}</small>
                  )}
                </td>
                <td>{clockTime(card.at)}</td>
                <td colSpan={open ? 5 : 4} />
              </tr>
            ))}
          </tbody>
        </table>
        {!open && absent.length > 0 && (
          <p className="absent-names" data-testid="absent-names">
            {t('attendance.absentList', { count: absent.length })}：{absent.map((row) => row.name).join('、')}
          </p>
        )}
      </div>

      {open && checkingIn && absent.length > 0 && (
        <RosterCheckIn
          absent={absent}
          onCheckIn={(learnerId, reason, done) =>
            act(call('organiser.manualCheckIn', { sessionId, learnerId, reason }), (next: AttendanceView) => {
              updated(next);
              done();
              setCheckingIn(false);
            })
          }
        />
      )}

      <div className="attendance-actions">
        {open && absent.length > 0 && (
          <button
            type="button"
            className={checkingIn ? 'big primary' : 'big'}
            onClick={() => setCheckingIn(!checkingIn)}
            aria-expanded={checkingIn}
            data-testid="manual-open"
          >
            {t('manual.title')}
          </button>
        )}
        <button type="button" className="big" onClick={() => exportAs('csv')} data-testid="export-csv">
          {t('organiser.exportCsv')}
        </button>
        <button type="button" className="big" onClick={() => exportAs('xlsx')} data-testid="export-xlsx">
          {t('organiser.exportXlsx')}
        </button>
        <button type="button" className="big" onClick={() => onPrint(view)} data-testid="print">
          {t('organiser.print')}
        </button>
        {open &&
          (confirmingClose ? (
            <span className="confirm-close" role="alertdialog" data-testid="close-confirm">
              {t('organiser.closeConfirm', { title: view.session.title })}
              <button type="button" className="big danger" onClick={close} data-testid="close-class-confirm">
                {t('organiser.close')}
              </button>
              <button type="button" className="big" onClick={() => setConfirmingClose(false)}>
                {t('correction.cancel')}
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="big danger"
              onClick={() => setConfirmingClose(true)}
              data-testid="close-class"
            >
              {t('organiser.close')}
            </button>
          ))}
      </div>
    </section>
  );
}

/** The reason for an early leave or an undone check-out: both are audited like a manual check-in. */
function CorrectionForm({
  correction,
  onSubmit,
  onCancel,
}: {
  correction: Correction;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useLocale();
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  const early = correction.kind === 'earlyLeave';
  return (
    <form
      className="correction"
      noValidate
      data-testid="correction"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim().length < 2) return setShort(true);
        onSubmit(reason.trim());
      }}
    >
      <strong>{t(early ? 'correction.earlyTitle' : 'correction.undoTitle', { name: correction.row.name })}</strong>
      <input
        className="field"
        maxLength={200}
        value={reason}
        placeholder={t(early ? 'correction.earlyPlaceholder' : 'correction.undoPlaceholder')}
        aria-label={t('correction.reason')}
        onChange={(event) => {
          setReason(event.target.value);
          setShort(false);
        }}
        data-testid="correction-reason"
        autoFocus
      />
      <button type="submit" className="big primary" data-testid="correction-submit">
        {t('correction.confirm')}
      </button>
      <button type="button" className="big" onClick={onCancel}>
        {t('correction.cancel')}
      </button>
      {short && (
        <p className="notice-error" role="alert">
          {t('correction.reasonShort')}
        </p>
      )}
    </form>
  );
}

/** A present learner can be marked as gone early; one who left can be put back (a check-out undone). */
function RowCorrection({ row, onChoose }: { row: Row; onChoose: (correction: Correction) => void }) {
  const { t } = useLocale();
  const kind = row.status === 'present' ? 'earlyLeave' : 'undoCheckOut';
  return (
    <button
      type="button"
      className="small"
      onClick={() => onChoose({ kind, row })}
      data-testid={kind === 'earlyLeave' ? 'early-leave' : 'undo-check-out'}
    >
      {t(kind === 'earlyLeave' ? 'attendance.earlyLeave' : 'attendance.undo')}
    </button>
  );
}
