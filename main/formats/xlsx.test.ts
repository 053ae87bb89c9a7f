import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { toCsv } from '../classroom/report.ts';
import { xlsxWorkbook } from './xlsx.ts';

/** Reads a ZIP by its central directory, as an unzip tool does, checking each CRC. */
function unzip(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    assert.equal(archive.readUInt32LE(at), 0x02014b50);
    const crc = archive.readUInt32LE(at + 16);
    const packedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.equal(archive.readUInt32LE(local), 0x04034b50);
    const dataAt = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = zlib.inflateRawSync(archive.subarray(dataAt, dataAt + packedSize));
    assert.equal(zlib.crc32(data), crc, name);
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength;
  }
  return files;
}

test('the workbook is a ZIP of the five parts, with the cells escaped and in order', () => {
  const book = xlsxWorkbook('考勤', [
    ['姓名', '单位'],
    ['张三 <A&B>', '=1+1'],
  ]);
  const files = unzip(book);
  assert.deepEqual(
    [...files.keys()],
    ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'],
  );
  const sheet = files.get('xl/worksheets/sheet1.xml')!;
  assert.match(sheet, /<c r="A2" t="inlineStr"><is><t xml:space="preserve">张三 &lt;A&amp;B&gt;<\/t><\/is><\/c>/);
  // Inline strings are text: a formula-looking cell is not evaluated.
  assert.match(sheet, /<c r="B2" t="inlineStr"><is><t xml:space="preserve">=1\+1<\/t>/);
  assert.match(files.get('xl/workbook.xml')!, /<sheet name="考勤"/);
  assert.deepEqual(
    xlsxWorkbook('考勤', [['a']]),
    xlsxWorkbook('考勤', [['a']]),
    'the same report gives the same bytes',
  );
});

test("python's zipfile, an independent reader, accepts the archive", (t) => {
  let python: string;
  try {
    python = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile, io; z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); print(z.testzip() or "ok", len(z.namelist()))',
      ],
      { input: xlsxWorkbook('S', [['x']]) },
    )
      .toString()
      .trim();
  } catch {
    t.skip('python3 is not installed');
    return;
  }
  assert.equal(python, 'ok 5');
});

test('CSV: byte-order mark, CRLF, quoting, and formula-looking cells kept as text', () => {
  const text = toCsv([
    ['a', 'b,c'],
    ['say "hi"', '=cmd|x'],
    ['-1', 'line\nbreak'],
  ]).toString('utf8');
  assert.equal(text, '\uFEFFa,"b,c"\r\n"say ""hi""",\'=cmd|x\r\n\'-1,"line\nbreak"\r\n');
});
