// The print-friendly attendance report: black on white, the whole roster in one table, no
// buttons on paper. Print opens at once; the page stays for a second copy.
import { useEffect } from 'react';
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { clockTime } from './time.ts';

export function ReportPrint({ view, onBack }: { view: AttendanceView; onBack: () => void }) {
  const { t } = useLocale();
  useEffect(() => {
    window.print();
  }, []);
  return (
    <main className="report-print" data-testid="report-print">
      <div className="no-print">
        <button type="button" className="back" onClick={onBack}>
          ← {t('report.back')}
        </button>
        <button type="button" className="back" onClick={() => window.print()}>
          {t('organiser.print')}
        </button>
      </div>
      <h1>
        {t('report.title')}：{view.session.title}
      </h1>
      <p>
        {new Date(view.session.openedAt).toLocaleDateString()} {clockTime(view.startsAt)} ·{' '}
        {t('attendance.counts', view.counts)}
      </p>
      <table className="print-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('attendance.name')}</th>
            <th>{t('attendance.unit')}</th>
            <th>{t('attendance.status')}</th>
            <th>{t('attendance.time')}</th>
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
              </td>
              <td>{row.firstInAt !== null && clockTime(row.firstInAt)}</td>
            </tr>
          ))}
          {view.pending.map((card, index) => (
            <tr key={card.id}>
              <td>{view.rows.length + index + 1}</td>
              <td>{card.masked}</td>
              <td>{card.resolvedName ?? ''}</td>
              <td>{t('attendance.pending')}</td>
              <td>{clockTime(card.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('report.printedAt', { time: new Date().toLocaleString() })}</p>
    </main>
  );
}
