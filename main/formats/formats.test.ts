import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { csvSheet } from './csv.ts';
import type { Sheet } from './sheet.ts';
import { xlsxSheet } from './xlsx.ts';

// 2026-11-27 09:05 as the report shows it (the caller has shifted it into the zone).
const NINE_OH_FIVE = new Date(Date.UTC(2026, 10, 27, 9, 5));

const SHEET: Sheet = {
  name: '考勤',
  title: '考勤报表：学习贯彻党的二十届四中全会精神',
  info: [
    ['班次', '学习贯彻党的二十届四中全会精神'],
    ['地点', '演示县委党校'],
  ],
  columns: [
    { header: '序号', width: 6, kind: 'integer' },
    { header: '姓名', width: 12, kind: 'text' },
    { header: '签到时间', width: 17, kind: 'time' },
    { header: '计入分钟', width: 10, kind: 'integer' },
    { header: '学时（暂计）', width: 12, kind: 'decimal' },
  ],
  rows: [
    [1, '张三', NINE_OH_FIVE, 90, 2],
    [2, '=HYPERLINK("x")', null, 44, 0.75],
  ],
};

test('the XLSX reads back with a spreadsheet library: title block, real numbers and dates, widths, text kept as text', async () => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await xlsxSheet(SHEET)) as unknown as ExcelJS.Buffer);
  const ws = book.getWorksheet('考勤')!;
  assert.equal(ws.getCell('A1').value, SHEET.title);
  assert.deepEqual([ws.getCell('A2').value, ws.getCell('B2').value], ['班次', '学习贯彻党的二十届四中全会精神']);
  assert.deepEqual([ws.getCell('A3').value, ws.getCell('B3').value], ['地点', '演示县委党校']);
  assert.equal(ws.getCell('A5').value, '序号', 'the header row follows an empty line');
  const first = ws.getRow(6);
  assert.equal(first.getCell(1).value, 1);
  assert.equal(first.getCell(2).value, '张三');
  assert.ok(first.getCell(3).value instanceof Date, 'a time is a date cell');
  assert.equal((first.getCell(3).value as Date).toISOString(), NINE_OH_FIVE.toISOString());
  assert.equal(first.getCell(3).numFmt, 'yyyy-mm-dd hh:mm');
  assert.equal(first.getCell(4).value, 90);
  assert.equal(first.getCell(5).value, 2);
  const second = ws.getRow(7);
  assert.equal(second.getCell(2).value, '=HYPERLINK("x")', 'a name is never a formula');
  assert.equal(second.getCell(2).formula, undefined);
  assert.equal(second.getCell(3).value, null);
  assert.equal(second.getCell(5).value, 0.75);
  assert.deepEqual(
    ws.columns.map((column) => column.width),
    [6, 12, 17, 10, 12],
  );
});

test('the same report is the same bytes', async () => {
  assert.deepEqual(await xlsxSheet(SHEET), await xlsxSheet(SHEET));
});

test('the CSV: BOM, title block, CRLF, numbers as numbers, times in the shown zone, formulas defused', () => {
  const text = csvSheet(SHEET).toString('utf8');
  assert.ok(text.startsWith('\uFEFF'));
  assert.deepEqual(text.slice(1).split('\r\n'), [
    '考勤报表：学习贯彻党的二十届四中全会精神',
    '班次,学习贯彻党的二十届四中全会精神',
    '地点,演示县委党校',
    '',
    '序号,姓名,签到时间,计入分钟,学时（暂计）',
    '1,张三,2026-11-27 09:05,90,2',
    `2,"'=HYPERLINK(""x"")",,44,0.75`,
    '',
  ]);
});

// CI installs libreoffice-calc-nogui (.ci/run); a developer machine without it skips, saying so.
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

test(
  'LibreOffice opens the XLSX and converts it to CSV with the same cells',
  { skip: soffice ? false : 'soffice is not installed (Debian: libreoffice-calc-nogui)', timeout: 120_000 },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
    try {
      fs.writeFileSync(path.join(dir, 'report.xlsx'), await xlsxSheet(SHEET));
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76',
          '--outdir',
          dir,
          path.join(dir, 'report.xlsx'),
        ],
        { stdio: 'pipe', timeout: 110_000 },
      );
      const lines = fs.readFileSync(path.join(dir, 'report.csv'), 'utf8').trim().split(/\r?\n/);
      assert.equal(lines[0]!.split(',')[0], SHEET.title);
      assert.equal(lines[4], '序号,姓名,签到时间,计入分钟,学时（暂计）');
      assert.equal(lines[5], '1,张三,2026-11-27 09:05,90,2.00', 'the date and number formats hold in LibreOffice');
      assert.equal(lines[6], '2,"=HYPERLINK(""x"")",,44,0.75');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
