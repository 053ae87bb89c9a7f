// Attendance reports an office can file: one class (its title block — class, date and time,
// site, organiser — then a row per learner with check-in and check-out times, minutes
// present, credited minutes and provisional hours), or every class over a date range, one
// row per class and learner. They hold what the organiser's screen shows and nothing more:
// names, units, times, masked numbers of unknown cards — never a card number or a card hash.
// Times are in the rule set's time zone, whatever zone the PC is set to.
import type { AttendanceView } from '../../preload/contract/channels.ts';
import { csvSheet } from '../formats/csv.ts';
import { sheetTime, type Sheet, type SheetCell, type SheetColumn } from '../formats/sheet.ts';
import { xlsxSheet } from '../formats/xlsx.ts';

export type ReportLocale = 'zh-CN' | 'en';
export type ReportFormat = 'csv' | 'xlsx';
export type ReportFile = { fileName: string; mimeType: string; data: Buffer };

type Row = AttendanceView['rows'][number];

const WORDS = {
  'zh-CN': {
    classTitle: '考勤报表',
    rangeTitle: '考勤汇总报表',
    class: '班次',
    time: '时间',
    site: '地点',
    organiser: '组织者',
    preparedBy: '制表人',
    exportedAt: '导出时间',
    period: '日期范围',
    classes: '班次数',
    counts: '人数',
    countsLine: '在场 {present} · 已签退 {left} · 缺席 {absent} · 迟到 {late} · 名册 {roster} 人',
    played: '课程播放',
    minutes: '{n} 分钟',
    provisional: '学时为本机暂计，以省级平台核定为准。',
    header: {
      no: '序号',
      date: '日期',
      class: '班次',
      name: '姓名',
      unit: '单位',
      status: '状态',
      late: '迟到',
      manual: '补签',
      in: '签到时间',
      out: '签退时间',
      present: '在场分钟',
      credited: '计入分钟',
      hours: '学时（暂计）',
      note: '备注',
    },
    status: {
      present: '在场',
      stayed: '在场至结束',
      left: '已签退',
      left_early: '早退',
      absent: '缺席',
    },
    pending: '未登记卡（待平台确认）',
    resolved: '平台已确认：{name}',
    earlyLeave: '早退原因：{reason}',
    yes: '是',
    sheet: '考勤',
    unknownCard: '未登记卡',
    none: '—',
  },
  en: {
    classTitle: 'Attendance report',
    rangeTitle: 'Attendance summary',
    class: 'Class',
    time: 'Time',
    site: 'Site',
    organiser: 'Organiser',
    preparedBy: 'Prepared by',
    exportedAt: 'Exported',
    period: 'Period',
    classes: 'Classes',
    counts: 'Attendance',
    countsLine: '{present} present · {left} left · {absent} absent · {late} late · roster {roster}',
    played: 'Lecture played',
    minutes: '{n} min',
    provisional: "Hours are this station's provisional figure; the provincial hub's count is final.",
    header: {
      no: 'No.',
      date: 'Date',
      class: 'Class',
      name: 'Name',
      unit: 'Unit',
      status: 'Status',
      late: 'Late',
      manual: 'Manual',
      in: 'Checked in',
      out: 'Checked out',
      present: 'Minutes present',
      credited: 'Minutes credited',
      hours: 'Hours (provisional)',
      note: 'Note',
    },
    status: {
      present: 'Present',
      stayed: 'Stayed to the end',
      left: 'Checked out',
      left_early: 'Left early',
      absent: 'Absent',
    },
    pending: 'Unknown card (awaiting the hub)',
    resolved: 'Resolved by the hub: {name}',
    earlyLeave: 'Left early: {reason}',
    yes: 'yes',
    sheet: 'Attendance',
    unknownCard: 'Unknown card',
    none: '—',
  },
} as const;

type Words = (typeof WORDS)[ReportLocale];

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The report's clock: station-clock ms to a Date whose UTC fields are the rule set's wall time. */
export type ReportClock = { offsetMinutes: number };
const shifted = (ms: number | null, clock: ReportClock): Date | null =>
  ms === null ? null : new Date(ms + clock.offsetMinutes * 60_000);

function learnerColumns(words: Words): SheetColumn[] {
  const h = words.header;
  return [
    { header: h.name, width: 12, kind: 'text' },
    { header: h.unit, width: 22, kind: 'text' },
    { header: h.status, width: 12, kind: 'text' },
    { header: h.late, width: 6, kind: 'text' },
    { header: h.manual, width: 6, kind: 'text' },
    { header: h.in, width: 17, kind: 'time' },
    { header: h.out, width: 17, kind: 'time' },
    { header: h.present, width: 10, kind: 'integer' },
    { header: h.credited, width: 10, kind: 'integer' },
    { header: h.hours, width: 12, kind: 'decimal' },
    { header: h.note, width: 24, kind: 'text' },
  ];
}

function learnerCells(row: Row, words: Words, clock: ReportClock): SheetCell[] {
  return [
    row.name,
    row.unit,
    words.status[row.status],
    row.late ? words.yes : '',
    row.manual ? words.yes : '',
    shifted(row.firstInAt, clock),
    shifted(row.outAt, clock),
    row.status === 'absent' ? null : row.presentMinutes,
    row.status === 'absent' ? null : row.creditedMinutes,
    row.status === 'absent' ? null : row.hours,
    row.earlyLeaveReason ? fill(words.earlyLeave, { reason: row.earlyLeaveReason }) : '',
  ];
}

function pendingCells(view: AttendanceView, words: Words, clock: ReportClock): SheetCell[][] {
  return view.pending.map((card) => [
    `${words.unknownCard} ${card.masked}`,
    card.resolvedName ? fill(words.resolved, { name: card.resolvedName }) : '',
    words.pending,
    '',
    '',
    shifted(card.at, clock),
    null,
    null,
    null,
    null,
    '',
  ]);
}

/** "2026-11-27 09:00–10:30" of a class, in the report's zone. */
function classTime(view: AttendanceView, clock: ReportClock): string {
  const start = sheetTime(shifted(view.startsAt, clock)!);
  const end = view.session.closedAt;
  return end === null ? start : `${start}–${sheetTime(shifted(end, clock)!).slice(11)}`;
}

export type ReportAuthor = { preparedBy: string; exportedAt: number };

export function classSheet(
  view: AttendanceView,
  locale: ReportLocale,
  clock: ReportClock,
  author: ReportAuthor,
): Sheet {
  const words = WORDS[locale];
  const exported = sheetTime(shifted(author.exportedAt, clock)!);
  return {
    name: words.sheet,
    title: `${words.classTitle}：${view.session.title}`,
    info: [
      [words.class, view.session.title],
      [words.time, classTime(view, clock)],
      [words.site, view.site ?? words.none],
      [words.organiser, view.organiser ?? author.preparedBy],
      [words.counts, fill(words.countsLine, view.counts)],
      [words.played, fill(words.minutes, { n: view.playedMinutes })],
      [words.preparedBy, author.preparedBy],
      [words.exportedAt, exported],
      ['', words.provisional],
    ],
    columns: [{ header: words.header.no, width: 6, kind: 'integer' }, ...learnerColumns(words)],
    rows: [...view.rows.map((row) => learnerCells(row, words, clock)), ...pendingCells(view, words, clock)].map(
      (cells, index) => [index + 1, ...cells],
    ),
  };
}

/** Every class of a date range, a row per class and learner who came (absent learners are left out). */
export function rangeSheet(
  views: readonly AttendanceView[],
  range: { from: string; to: string; site: string | null },
  locale: ReportLocale,
  clock: ReportClock,
  author: ReportAuthor,
): Sheet {
  const words = WORDS[locale];
  const rows: SheetCell[][] = [];
  for (const view of views) {
    const date = sheetTime(shifted(view.startsAt, clock)!).slice(0, 10);
    for (const row of view.rows)
      if (row.status !== 'absent') rows.push([date, view.session.title, ...learnerCells(row, words, clock)]);
  }
  return {
    name: words.sheet,
    title: words.rangeTitle,
    info: [
      [words.period, `${range.from} – ${range.to}`],
      [words.site, range.site ?? words.none],
      [words.classes, String(views.length)],
      [words.preparedBy, author.preparedBy],
      [words.exportedAt, sheetTime(shifted(author.exportedAt, clock)!)],
      ['', words.provisional],
    ],
    columns: [
      { header: words.header.date, width: 11, kind: 'text' },
      { header: words.header.class, width: 24, kind: 'text' },
      ...learnerColumns(words),
    ],
    rows,
  };
}

/** File names keep letters of any script, digits and a few separators. */
function safeName(name: string, fallback: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 80) || fallback
  );
}

export async function reportFile(sheet: Sheet, baseName: string, format: ReportFormat): Promise<ReportFile> {
  const base = safeName(baseName, 'attendance');
  return format === 'csv'
    ? { fileName: `${base}.csv`, mimeType: 'text/csv;charset=utf-8', data: csvSheet(sheet) }
    : {
        fileName: `${base}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: await xlsxSheet(sheet),
      };
}
