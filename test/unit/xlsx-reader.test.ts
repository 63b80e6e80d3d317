/**
 * The .xlsx reader: workbooks made here with exceljs and by hand as Excel writes them.
 * It must give what the CSV reader gives for the same sheet saved as CSV, with the
 * sheet's row numbers as lines, and cells as Excel shows them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CsvRecord } from '../../src/core/signer-types.js';
import { UsageError } from '../../src/errors.js';
import { openCsv, type CsvFile, type CsvReadOptions } from '../../src/io/csv-reader.js';
import { columnLetter, openXlsx, type XlsxFile } from '../../src/io/xlsx-reader.js';
import { compileMapping } from '../../src/core/mapping.js';
import { parseSignerRow } from '../../src/core/signer.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';
import { rowProblemFormatter } from '../../src/ui/problems.js';
import { csvOf, exceljsWorkbook, handWorkbook, si, zip, type CellInput } from '../helpers/xlsx.js';

await loadMessages();

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-reader-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  setLang('en');
});

const name = (ext = 'xlsx'): string => join(dir, `w${++counter}.${ext}`);
const book = (rows: CellInput[][], sheet = 'Sheet1'): Promise<string> => exceljsWorkbook(name(), { [sheet]: rows });
async function file(path: string, content: string | Buffer): Promise<string> {
  await writeFile(path, content);
  return path;
}

async function records(f: CsvFile): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const chunk of f.chunks()) out.push(...chunk);
  return out;
}

async function readAll(path: string, options?: CsvReadOptions): Promise<{ file: CsvFile; rows: CsvRecord[] }> {
  const f = await openCsv(path, options);
  return { file: f, rows: await records(f) };
}

async function failure(path: string, options?: CsvReadOptions): Promise<UsageError> {
  try {
    await readAll(path, options);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return err as UsageError;
  }
  throw new Error(`expected ${path} to be refused`);
}

/** Reads the workbook and its CSV twin (every cell's text) and expects the same header and records. */
async function sameAsCsv(rows: (string | null)[][]): Promise<{ file: CsvFile; rows: CsvRecord[] }> {
  const xlsx = await readAll(await book(rows));
  const csv = await readAll(await file(name('csv'), csvOf(rows)));
  expect(xlsx.file.header).toEqual(csv.file.header);
  expect(xlsx.file.headerLine).toBe(csv.file.headerLine);
  expect(xlsx.rows).toEqual(csv.rows);
  return xlsx;
}

async function sameFailure(rows: (string | null)[][]): Promise<{ xlsx: UsageError; csv: UsageError }> {
  const xlsx = await failure(await book(rows));
  const csv = await failure(await file(name('csv'), csvOf(rows)));
  return { xlsx, csv };
}

describe('the same records as the CSV reader gives for the sheet saved as CSV', () => {
  it('a plain sheet, Korean text and all', async () => {
    const { file: f, rows } = await sameAsCsv([
      ['name', 'email', 'mobile_number'],
      ['홍길동', 'hong@example.com', '010-1234-5678'],
      ['김똠순', 'kim@example.com', '010-2345-6789'],
    ]);
    expect(f.header).toEqual(['name', 'email', 'mobile_number']);
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect((f as XlsxFile).format).toBe('xlsx');
  });

  it('blank rows (empty, or only spaces) are skipped, and lines are the sheet rows', async () => {
    const { rows } = await sameAsCsv([
      [null, null],
      ['name', 'email'],
      [null, null],
      ['a', 'a@example.com'],
      ['  ', null],
      [null, null],
      ['b', 'b@example.com'],
    ]);
    expect(rows.map((r) => [r.row, r.line, r.cells[0]])).toEqual([
      [1, 4, 'a'],
      [2, 7, 'b'],
    ]);
  });

  it('a line break in a cell (Alt+Enter) stays in the value; the row number is the row', async () => {
    const xlsx = await readAll(await book([['name', 'email'], ['김\n민준', 'a@example.com'], ['b', 'b@example.com']]));
    expect(xlsx.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, '김\n민준'],
      [3, 'b'],
    ]);
    // The CSV twin counts the physical lines the quoted break takes: the next record is on line 4 there.
    const csv = await readAll(await file(name('csv'), csvOf([['name', 'email'], ['김\n민준', 'a@example.com'], ['b', 'b@example.com']])));
    expect(csv.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('missing cells at the end of a row are empty; a value past the header makes the row longer (a cell_count problem)', async () => {
    const xlsx = await readAll(await book([['name', 'email', 'language'], ['a', 'a@example.com'], ['b', 'b@example.com', 'ko', 'extra']]));
    expect(xlsx.rows.map((r) => r.cells)).toEqual([
      ['a', 'a@example.com', ''],
      ['b', 'b@example.com', 'ko', 'extra'],
    ]);
  });

  it('header names are trimmed; cells are as typed', async () => {
    await sameAsCsv([[' name ', 'email'], [' 홍길동 ', 'a@example.com']]);
  });

  it('empty formatted cells at the end of the header are not columns', async () => {
    const path = await exceljsWorkbook(name(), { S: [['name', 'email', { value: null, numFmt: '@' }], ['a', 'a@example.com']] });
    const { file: f } = await readAll(path);
    expect(f.header).toEqual(['name', 'email']);
  });

  it('every call to chunks() is a new pass', async () => {
    const rows: CellInput[][] = [['name', 'email']];
    for (let i = 0; i < 3000; i++) rows.push([`이름${i}`, `u${i}@example.com`]);
    const f = await openCsv(await book(rows));
    const first = await records(f);
    const second = await records(f);
    expect(first).toHaveLength(3000);
    expect(second).toEqual(first);
    expect(f.estimatedRows).toBe(3000);
  });
});

describe('file-level problems: the CSV reader\'s, for a workbook', () => {
  it('an empty sheet', async () => {
    const { xlsx, csv } = await sameFailure([[null]]);
    expect(xlsx.message).toContain('is empty');
    expect(csv.message).toContain('is empty');
  });

  it('a sheet of only blank cells', async () => {
    const err = await failure(await book([[' ', null], [null, '']]));
    expect(err.message).toContain('is empty');
  });

  it.each([
    { what: 'header only', rows: [['name', 'email']], line: 1 },
    { what: 'header and blank rows', rows: [[null], ['name', 'email'], [null], [' ', null]], line: 2 },
  ])('no signer rows: $what', async ({ rows, line }) => {
    const { xlsx, csv } = await sameFailure(rows);
    expect(xlsx.message).toContain(`has a header (line ${line}) but no signer rows`);
    expect(csv.message).toContain(`has a header (line ${line}) but no signer rows`);
  });

  it('duplicate header names, case-insensitive after trimming, with their column letters', async () => {
    const { xlsx, csv } = await sameFailure([
      ['name', 'Email', ' email ', 'phone', 'EMAIL', 'phone'],
      ['hong', 'a', 'b', 'c', 'd', 'e'],
    ]);
    expect(xlsx.message).toContain('"Email" (columns 2 (B), 3 (C), 5 (E))');
    expect(xlsx.message).toContain('"phone" (columns 4 (D), 6 (F))');
    expect(xlsx.message.replace(/\S+\.xlsx/, 'F')).toBe(csv.message.replace(/\S+\.csv/, 'F'));
  });

  it('empty header names between named ones', async () => {
    const { xlsx } = await sameFailure([
      ['name', null, 'email', ' ', 'x'],
      ['hong', 'x', 'a@x.kr', 'y', 'z'],
    ]);
    expect(xlsx.message).toContain('header (line 1)');
    expect(xlsx.message).toContain('no name for column 2 (B), 4 (D)');
  });

  it('a missing file', async () => {
    const missing = join(dir, 'missing.xlsx');
    expect((await failure(missing)).message).toContain(`${missing}: no such file`);
  });
});

describe('workbooks that cannot be read, and what to do', () => {
  it('an .xls (OLE2 compound file)', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(600)]);
    const err = await failure(await file(name('xls'), ole));
    expect(err.message).toContain('Excel 97-2003 workbook (.xls)');
    expect(err.message).toContain('Save As > "Excel Workbook (*.xlsx)"');
  });

  it('a password-protected .xlsx (an OLE2 file with an EncryptedPackage stream), its name split across read chunks', async () => {
    const filler = Buffer.alloc(64 * 1024 - 9, 0x20);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), filler, Buffer.from('EncryptionInfo', 'utf16le'), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]);
    const err = await failure(await file(name(), ole));
    expect(err.message).toContain('password-protected');
    expect(err.message).toContain('remove the password');
    setLang('ko');
    expect((await failure(await file(name(), ole))).message).toContain('암호를 지우고');
  });

  it('a zip that is not a workbook (an OpenDocument spreadsheet)', async () => {
    const ods = zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    expect((await failure(await file(name('ods'), ods))).message).toContain('not an Excel workbook (.xlsx)');
  });

  it('an .xlsb (binary workbook)', async () => {
    const xlsb = zip({
      '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',
      'xl/workbook.bin': Buffer.from([1, 2, 3]),
    });
    expect((await failure(await file(name('xlsb'), xlsb))).message).toContain('binary workbook (.xlsb)');
  });

  it('a workbook whose sheet XML is broken', async () => {
    const bad = handWorkbook({ sheets: [{ name: 'S', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2"' }] });
    const err = await failure(await file(name(), bad));
    expect(err.message).toContain('could not be read as an Excel workbook');
  });

  it('a truncated workbook', async () => {
    const whole = handWorkbook({ sheets: [{ name: 'S', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>' }] });
    const err = await failure(await file(name(), whole.subarray(0, whole.length - 30)));
    expect(err.message).toContain('could not be read as an Excel workbook');
  });
});

describe('sheets', () => {
  const rowsOf = (who: string): CellInput[][] => [
    ['name', 'email'],
    [who, `${who}@example.com`],
  ];

  it('the first sheet by default; --sheet picks another, by name or in another case', async () => {
    const path = await exceljsWorkbook(name(), { 명단: rowsOf('first'), 추가: rowsOf('second') });
    const first = await readAll(path);
    expect(first.rows[0]!.cells[0]).toBe('first');
    expect((first.file as XlsxFile).sheets).toEqual(['명단', '추가']);
    expect((await readAll(path, { sheet: '추가' })).rows[0]!.cells[0]).toBe('second');
    const path2 = await exceljsWorkbook(name(), { Signers: rowsOf('a'), More: rowsOf('b') });
    expect((await readAll(path2, { sheet: 'more' })).rows[0]!.cells[0]).toBe('b');
  });

  it('a hidden first sheet is passed over by default, but can be named', async () => {
    const path = await exceljsWorkbook(name(), { Lists: rowsOf('hidden'), Signers: rowsOf('shown') }, { hidden: ['Lists'] });
    expect((await readAll(path)).rows[0]!.cells[0]).toBe('shown');
    expect((await readAll(path, { sheet: 'Lists' })).rows[0]!.cells[0]).toBe('hidden');
  });

  it('an unknown sheet name lists the sheets', async () => {
    const path = await exceljsWorkbook(name(), { 명단: rowsOf('a'), Sheet2: rowsOf('b') });
    const err = await failure(path, { sheet: 'Signers' });
    expect(err.message).toContain('has no sheet named "Signers". Its sheets: "명단", "Sheet2".');
    setLang('ko');
    expect((await failure(path, { sheet: 'Signers' })).message).toContain('"Signers" 시트가 없습니다. 있는 시트: "명단", "Sheet2"');
  });

  it('with several sheets, messages name the sheet read', async () => {
    const path = await exceljsWorkbook(name(), { 명단: [['name', 'email']], Other: rowsOf('b') });
    expect((await failure(path)).message).toContain('[명단] has a header (line 1) but no signer rows');
  });

  it('--sheet for a CSV file is refused', async () => {
    const path = await file(name('csv'), 'name,email\na,a@example.com\n');
    expect((await failure(path, { sheet: 'Sheet1' })).message).toContain('--sheet is for Excel workbooks');
  });
});

describe('cells as Excel shows them', () => {
  it('numbers, dates and other values written by exceljs', async () => {
    const rows: CellInput[][] = [
      ['name', 'phone', 'phone11', 'joined', 'at', 'amount', 'rate', 'ok', 'sum', 'rich', 'err', 'id', 'text0', 'plain'],
      [
        '홍길동',
        { value: 1012345678, numFmt: '000-0000-0000' },
        { value: 1012345678, numFmt: '00000000000' },
        { value: new Date(Date.UTC(2025, 2, 1)), numFmt: 'yyyy-mm-dd' },
        { value: new Date(Date.UTC(2025, 2, 1, 9, 30, 15)), numFmt: 'yyyy-mm-dd hh:mm' },
        { value: 35000000.5, numFmt: '#,##0' },
        { value: 0.125, numFmt: '0.0%' },
        true,
        { value: { formula: 'B2+1', result: 1012345679 } },
        { value: { richText: [{ text: '김' }, { text: '민준', font: { bold: true } }] } },
        { value: { error: '#N/A' } },
        123456789012,
        { value: '010', numFmt: '@' },
        2.5,
      ],
    ];
    const { rows: got } = await readAll(await book(rows));
    expect(got[0]!.cells).toEqual([
      '홍길동',
      '010-1234-5678',
      '01012345678',
      '2025-03-01',
      '2025-03-01 09:30',
      '35,000,001',
      '12.5%',
      'TRUE',
      '1012345679',
      '김민준',
      '#N/A',
      '123456789012',
      '010',
      '2.5',
    ]);
  });

  it('a workbook as Excel saves it: shared strings, numFmtId 14, a phone as a number formatted 000-0000-0000, a leading-zero text column', async () => {
    const strings = [
      si('이름'),
      si('휴대폰'),
      si('입사일'),
      si('사번'),
      si('계약금액'),
      si('비고'),
      si('홍길동'),
      si('00123'),
      // a run-formatted name, with a phonetic guide Excel keeps beside it
      '<r><rPr><b/><sz val="11"/><rFont val="맑은 고딕"/></rPr><t>김</t></r><r><t>민준</t></r><rPh sb="0" eb="1"><t>キム</t></rPh><phoneticPr fontId="1"/>',
      si('00456'),
      '<t>줄_x000D_\n바꿈 _x005F_x0041_</t>',
    ];
    // cellXfs: 0 General, 1 date (14), 2 phone (164), 3 text (49), 4 #,##0 (3), 5 date-time (22), 6 Korean long date (31), 7 percent (10)
    const sheetData =
      '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>' +
      '<row r="2" spans="1:6"><c r="A2" t="s"><v>6</v></c><c r="B2" s="2"><v>1012345678</v></c><c r="C2" s="1"><v>45717</v></c><c r="D2" s="3" t="s"><v>7</v></c><c r="E2" s="4"><v>35000000</v></c><c r="F2" s="5"><v>45717.395833333336</v></c></row>' +
      '<row r="4" spans="1:6"><c r="A4" t="s"><v>8</v></c><c r="B4" s="2"><v>1098765432</v></c><c r="C4" s="6"><v>45658</v></c><c r="D4" s="3" t="s"><v>9</v></c><c r="E4" s="7"><v>0.035</v></c><c r="F4" t="s"><v>10</v></c></row>' +
      '<row r="5" spans="1:6"><c r="A5" t="str"><f>"박"&amp;"서연"</f><v>박서연</v></c><c r="B5" t="b"><f>TRUE()</f><v>1</v></c><c r="C5" s="1"><f>C2+1</f><v>45718</v></c><c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E5"><f>E2*2</f></c><c r="F5" t="inlineStr"><is><t>inline</t></is></c></row>';
    const path = await file(name(), handWorkbook({ sheets: [{ name: '서명자', sheetData }], sharedStrings: strings, numFmts: { 164: '000\\-0000\\-0000' }, cellXfs: [0, 14, 164, 49, 3, 22, 31, 10] }));
    const { file: f, rows } = await readAll(path);
    expect(f.header).toEqual(['이름', '휴대폰', '입사일', '사번', '계약금액', '비고']);
    expect(rows.map((r) => [r.line, ...r.cells])).toEqual([
      [2, '홍길동', '010-1234-5678', '2025-03-01', '00123', '35,000,000', '2025-03-01 09:30'],
      [4, '김민준', '010-9876-5432', '2025-01-01', '00456', '3.50%', '줄\r\n바꿈 _x0041_'],
      // a formula's cached result, of every type; a formula never calculated is empty
      [5, '박서연', 'TRUE', '2025-03-02', '#DIV/0!', '', 'inline'],
    ]);
    expect((f as XlsxFile).columnLetter('휴대폰')).toBe('B');
    expect((f as XlsxFile).columnLetter(' 비고 ')).toBe('F');
    expect((f as XlsxFile).columnLetter('nope')).toBeUndefined();
  });

  it('the 1904 date system (old Mac workbooks)', async () => {
    const sheetData =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" s="1"><v>44255</v></c></row>';
    const path = await file(name(), handWorkbook({ sheets: [{ name: 'S', sheetData }], cellXfs: [0, 14], date1904: true }));
    expect((await readAll(path)).rows[0]!.cells).toEqual(['a', '2025-03-01']);
  });

  it('cells without r attributes follow each other; prefixed element names are read', async () => {
    const sheetData =
      '<x:row><x:c t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>email</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>a@example.com</x:t></x:is></x:c></x:row>';
    const path = await file(name(), handWorkbook({ sheets: [{ name: 'S', sheetData }] }));
    expect((await readAll(path)).rows).toEqual([{ row: 1, line: 2, cells: ['a', 'a@example.com'] }]);
  });

  it('results read back with dates as ISO-8601 UTC', async () => {
    const at = new Date(Date.UTC(2025, 2, 1, 9, 30, 15, 123));
    const path = await book([['sent_at', 'n'], [{ value: at, numFmt: 'yyyy-mm-dd hh:mm:ss' }, 1]]);
    expect((await readAll(path, { workbookDates: 'iso' })).rows[0]!.cells).toEqual([at.toISOString(), '1']);
    expect((await readAll(path)).rows[0]!.cells).toEqual(['2025-03-01 09:30:15', '1']);
  });
});

describe('streaming', () => {
  it('Korean text across the inflated chunks stays whole (exceljs\'s reader breaks it)', async () => {
    const rows: CellInput[][] = [['이름', '메모']];
    for (let i = 0; i < 20_000; i++) rows.push([`홍길동${i}`, `${i}번째 서명자의 계약서 서명 요청입니다`]);
    const path = await book(rows);
    const got = await records(await openXlsx(path));
    expect(got).toHaveLength(20_000);
    expect(got.filter((r) => r.cells.some((c) => c.includes('\ufffd')))).toEqual([]);
    expect(got[19_999]!.cells).toEqual(['홍길동19999', '19999번째 서명자의 계약서 서명 요청입니다']);
  });
});

describe('problems name the sheet row and the column letter', () => {
  it('through rowProblemFormatter, in English and Korean; a CSV keeps its wording', async () => {
    const rows: CellInput[][] = [['name', 'email', 'language'], [null, null, null], ['a', 'not-an-email', 'ko'], [null, 'b@example.com', 'ko']];
    const f = await openCsv(await book(rows));
    const mapping = compileMapping(f.header, { columns: {}, fields: [], defaults: {} });
    if (!mapping.ok) throw new Error('mapping');
    const problems = (await records(f)).flatMap((r) => {
      const parsed = parseSignerRow(r, mapping.mapping, {});
      return parsed.ok ? [] : parsed.problems;
    });
    const format = rowProblemFormatter(f);
    expect(problems.map(format)).toEqual(['row 3, column B (email): "not-an-email" is not a valid email address', 'row 4, column A (name): the name is empty']);
    setLang('ko');
    expect(format(problems[0]!)).toMatch(/^3행, B열\(email\): /);
    setLang('en');
    const csv = await openCsv(await file(name('csv'), csvOf([['name', 'email', 'language'], ['a', 'not-an-email', 'ko']])));
    expect(rowProblemFormatter(csv)(problems[0]!)).toMatch(/^line 3, column email: /);
  });
});

it('columnLetter', () => {
  expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
});
