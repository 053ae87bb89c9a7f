// CSV of a sheet: its title block, an empty line, then the table. With a byte-order mark
// (Excel on Windows reads UTF-8 Chinese only with it) and CRLF lines. Numbers as plain
// numbers, times as `YYYY-MM-DD HH:mm`.
import { sheetTime, type Sheet, type SheetCell } from './sheet.ts';

function text(value: SheetCell): string {
  if (value === null) return '';
  if (value instanceof Date) return sheetTime(value);
  return String(value);
}

// A text cell a spreadsheet would run as a formula (=, +, -, @ first) is kept as text; a number is a number.
function csvCell(value: SheetCell): string {
  const raw = text(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvSheet(sheet: Sheet): Buffer {
  const lines: SheetCell[][] = [
    [sheet.title],
    ...sheet.info.map(([label, value]) => [label, value]),
    [],
    sheet.columns.map((column) => column.header),
    ...sheet.rows,
  ];
  return Buffer.from(`\uFEFF${lines.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}
