// A class's attendance report as a table, then as CSV or XLSX. It holds what the organiser's
// screen shows and nothing more: names, units, times, masked numbers of unknown cards —
// never a card number or a card hash.
import type { AttendanceView } from '../../preload/contract/channels.ts';
import { xlsxWorkbook } from '../formats/xlsx.ts';

export type ReportLocale = 'zh-CN' | 'en';

const WORDS = {
  'zh-CN': {
    header: ['序号', '姓名', '单位', '状态', '迟到', '补签', '首次签到', '最后记录'],
    present: '在场',
    left: '已签退',
    absent: '缺席',
    pending: '未登记卡（待平台确认）',
    yes: '是',
    no: '',
    sheet: '考勤',
    unknownCard: '未登记卡',
  },
  en: {
    header: ['No.', 'Name', 'Unit', 'Status', 'Late', 'Manual', 'First check-in', 'Last record'],
    present: 'Present',
    left: 'Checked out',
    absent: 'Absent',
    pending: 'Unknown card (awaiting the hub)',
    yes: 'yes',
    no: '',
    sheet: 'Attendance',
    unknownCard: 'Unknown card',
  },
} as const;

/** `YYYY-MM-DD HH:mm` in the given time zone (minutes east of UTC). */
function formatTime(ms: number | null, offsetMinutes: number): string {
  if (ms === null) return '';
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function reportTable(view: AttendanceView, locale: ReportLocale, offsetMinutes: number): string[][] {
  const words = WORDS[locale];
  const learners = view.rows.map((row, index) => [
    String(index + 1),
    row.name,
    row.unit,
    words[row.status],
    row.late ? words.yes : words.no,
    row.manual ? words.yes : words.no,
    formatTime(row.firstInAt, offsetMinutes),
    formatTime(row.lastAt, offsetMinutes),
  ]);
  const pending = view.pending.map((card, index) => [
    String(view.rows.length + index + 1),
    `${words.unknownCard} ${card.masked}`,
    card.resolvedName ?? '',
    words.pending,
    '',
    '',
    formatTime(card.at, offsetMinutes),
    '',
  ]);
  return [[...words.header], ...learners, ...pending];
}

// A cell a spreadsheet would run as a formula (=, +, -, @ first) is kept as text.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a byte-order mark (Excel on Windows reads UTF-8 Chinese only with it) and CRLF lines. */
export function toCsv(table: string[][]): Buffer {
  return Buffer.from(`\uFEFF${table.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

export function reportFile(
  view: AttendanceView,
  format: 'csv' | 'xlsx',
  locale: ReportLocale,
  offsetMinutes: number,
): { fileName: string; mimeType: string; data: Buffer } {
  const table = reportTable(view, locale, offsetMinutes);
  const date = formatTime(view.session.openedAt, offsetMinutes).slice(0, 10);
  // File names keep letters of any script, digits and a few separators.
  const base =
    `${date} ${view.session.title}`
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 80) || 'attendance';
  return format === 'csv'
    ? { fileName: `${base}.csv`, mimeType: 'text/csv;charset=utf-8', data: toCsv(table) }
    : {
        fileName: `${base}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: xlsxWorkbook(WORDS[locale].sheet, table),
      };
}
