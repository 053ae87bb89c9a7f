// An .xlsx of a sheet through exceljs (a maintained writer: shared strings, styles, number
// formats and column widths are its job, not ours). The title block sits above the table in
// bold; the header row is frozen, so it stays in view while scrolling a long roster; times
// are real date cells, minutes and hours real numbers, and text is text — a name that starts
// with "=" stays a name.
import ExcelJS from 'exceljs';
import type { Sheet, SheetColumn } from './sheet.ts';

const NUMBER_FORMATS: Record<SheetColumn['kind'], string | undefined> = {
  text: '@',
  integer: '0',
  decimal: '0.00',
  time: 'yyyy-mm-dd hh:mm',
};

export async function xlsxSheet(sheet: Sheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lectern';
  // A fixed date, so the same report is the same file.
  book.created = book.modified = new Date(Date.UTC(2026, 0, 1));
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const ws = book.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1');
  ws.columns = sheet.columns.map((column) => ({ width: column.width }));

  ws.addRow([sheet.title]).font = { bold: true, size: 14 };
  for (const [label, value] of sheet.info) {
    const row = ws.addRow([label, value]);
    row.getCell(1).font = { bold: true };
  }
  ws.addRow([]);
  const header = ws.addRow(sheet.columns.map((column) => column.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  ws.views = [{ state: 'frozen', ySplit: header.number }];

  for (const values of sheet.rows) {
    const row = ws.addRow(values.map((value) => value ?? null));
    sheet.columns.forEach((column, index) => {
      const format = NUMBER_FORMATS[column.kind];
      if (format) row.getCell(index + 1).numFmt = format;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
