// The print-friendly attendance report: black on white, a title block (class, date and time,
// site, organiser), the whole roster in one table with check-in and check-out times, minutes
// and provisional hours, no buttons on paper. It opens scrolled to the top (the class screen
// may have been scrolled) and print starts at once; the page stays for a second copy.
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatHours } from './format.ts';
import { PrintPage } from './PrintPage.tsx';
import { clockTime, dateTime } from './time.ts';

export function ReportPrint({
  view,
  preparedBy,
  onBack,
}: {
  view: AttendanceView;
  preparedBy: string;
  onBack: () => void;
}) {
  const { t } = useLocale();
  const end = view.session.closedAt;
  return (
    <PrintPage testId="report-print" onBack={onBack}>
      <h1>
        {t('report.title')}：{view.session.title}
      </h1>
      <dl className="report-block" data-testid="report-block">
        <dt>{t('report.time')}</dt>
        <dd>
          {dateTime(view.startsAt)}
          {end !== null && `–${clockTime(end)}`}
        </dd>
        <dt>{t('report.site')}</dt>
        <dd>{view.site ?? '—'}</dd>
        <dt>{t('report.organiser')}</dt>
        <dd>{view.organiser ?? preparedBy}</dd>
        <dt>{t('attendance.status')}</dt>
        <dd>
          {t('attendance.counts', view.counts)} · {t('report.played', { minutes: view.playedMinutes })}
        </dd>
      </dl>
      <table className="print-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('attendance.name')}</th>
            <th>{t('attendance.unit')}</th>
            <th>{t('attendance.status')}</th>
            <th>{t('attendance.in')}</th>
            <th>{t('attendance.out')}</th>
            <th>{t('attendance.presentMinutes')}</th>
            <th>{t('attendance.creditedMinutes')}</th>
            <th>{t('attendance.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row, index) => (
            <tr key={row.learnerId}>
              <td>{index + 1}</td>
              <td>{row.name}</td>
              <td>{row.unit}</td>
              <td>
                {t(`attendance.${row.status}`)}
                {row.late && ` · ${t('attendance.late')}`}
                {row.manual && ` · ${t('attendance.manual')}`}
                {row.earlyLeaveReason && `（${row.earlyLeaveReason}）`}
              </td>
              <td>{row.firstInAt !== null && clockTime(row.firstInAt)}</td>
              <td>{row.outAt !== null && clockTime(row.outAt)}</td>
              <td>{row.status !== 'absent' && row.presentMinutes}</td>
              <td>{row.status !== 'absent' && row.creditedMinutes}</td>
              <td>{row.status !== 'absent' && formatHours(row.hours)}</td>
            </tr>
          ))}
          {view.pending.map((card, index) => (
            <tr key={card.id}>
              <td>{view.rows.length + index + 1}</td>
              <td>{card.masked}</td>
              <td>{card.resolvedName ?? ''}</td>
              <td>{t('attendance.pending')}</td>
              <td>{clockTime(card.at)}</td>
              <td colSpan={4} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {t('live.provisional')} · {t('report.printedAt', { time: dateTime(Date.now()) })}
      </p>
    </PrintPage>
  );
}
