/** The CSV reader against real-shaped files, generated here: what Excel and other tools write. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CsvRecord } from '../../src/core/signer-types.js';
import { UsageError } from '../../src/errors.js';
import { openCsv, type CsvFile, type CsvReadOptions } from '../../src/io/csv-reader.js';
import { copyInput } from '../../src/io/input-copy.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CHUNK = 64 * 1024; // fs.createReadStream's default highWaterMark

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-reader-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  setLang('en');
});

async function fixture(content: string | Buffer, name = `f${++counter}.csv`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function records(file: CsvFile): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const chunk of file.chunks()) out.push(...chunk);
  return out;
}

/** Opens and reads the whole file; a file-level problem may surface in either step. */
async function readAll(path: string, options?: CsvReadOptions): Promise<{ file: CsvFile; rows: CsvRecord[] }> {
  const file = await openCsv(path, options);
  return { file, rows: await records(file) };
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

const NAMES = ['홍길동', '김똠순', '이쀍', '박서연'];
const signerLines = (sep: string): string[] => [
  ['name', 'email', 'mobile_number'].join(sep),
  ...NAMES.map((name, i) => [name, `user${i}@example.com`, `010-1234-000${i}`].join(sep)),
];

describe('encodings', () => {
  it.each([
    { what: 'UTF-8 without BOM, LF', bytes: () => Buffer.from(signerLines(',').join('\n') + '\n'), encoding: 'utf8' },
    {
      what: 'UTF-8 with BOM, CRLF (Excel "CSV UTF-8")',
      bytes: () => Buffer.concat([UTF8_BOM, Buffer.from(signerLines(',').join('\r\n') + '\r\n')]),
      encoding: 'utf8',
    },
    {
      what: 'CP949, CRLF (Excel "CSV" on Korean Windows)',
      bytes: () => iconv.encode(signerLines(',').join('\r\n') + '\r\n', 'cp949'),
      encoding: 'cp949',
    },
    {
      what: 'UTF-16LE with BOM, tabs (Excel "Unicode text")',
      bytes: () => iconv.encode('\ufeff' + signerLines('\t').join('\r\n') + '\r\n', 'utf16le'),
      encoding: 'utf16le',
      delimiter: '\t',
    },
    {
      what: 'UTF-16BE with BOM',
      bytes: () => iconv.encode('\ufeff' + signerLines('\t').join('\n'), 'utf16be'),
      encoding: 'utf16be',
      delimiter: '\t',
    },
  ])('$what: detected, Korean byte-for-byte', async ({ bytes, encoding, delimiter = ',' }) => {
    const { file, rows } = await readAll(await fixture(bytes()));
    expect(file.encoding).toBe(encoding);
    expect(file.delimiter).toBe(delimiter);
    expect(file.header).toEqual(['name', 'email', 'mobile_number']);
    expect(file.headerLine).toBe(1);
    expect(rows.map((r) => r.cells[0])).toEqual(NAMES);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rows[3]!.cells).toEqual(['박서연', 'user3@example.com', '010-1234-0003']);
  });

  it('takes CP949 apart from UTF-8 even when Node would mangle it as EUC-KR', async () => {
    const bytes = iconv.encode('이름,이메일\r\n김똠순,a@example.com\r\n쀍쀍,b@example.com\r\n', 'cp949');
    expect(new TextDecoder('euc-kr').decode(bytes)).not.toContain('똠'); // why iconv-lite is used
    const { file, rows } = await readAll(await fixture(bytes));
    expect(file.header).toEqual(['이름', '이메일']);
    expect(rows.map((r) => r.cells[0])).toEqual(['김똠순', '쀍쀍']);
  });

  it.each([
    { forced: 'cp949', bytes: () => iconv.encode('이름,이메일\n김똠순,a@example.com\n', 'cp949') },
    { forced: 'euc-kr', bytes: () => iconv.encode('이름,이메일\n김똠순,a@example.com\n', 'cp949') },
    { forced: 'EUC-KR', bytes: () => iconv.encode('이름,이메일\n김똠순,a@example.com\n', 'cp949') },
    { forced: 'utf8', bytes: () => Buffer.from('이름,이메일\n김똠순,a@example.com\n') },
    { forced: 'utf-8', bytes: () => Buffer.concat([UTF8_BOM, Buffer.from('이름,이메일\n김똠순,a@example.com\n')]) },
  ])('--encoding $forced is obeyed', async ({ forced, bytes }) => {
    const { file, rows } = await readAll(await fixture(bytes()), { encoding: forced });
    expect(file.encoding).toBe(forced.toLowerCase().startsWith('utf') ? 'utf8' : 'cp949');
    expect(file.header).toEqual(['이름', '이메일']);
    expect(rows[0]!.cells).toEqual(['김똠순', 'a@example.com']);
  });

  it('a forced encoding skips detection: CP949 read as UTF-8 fails at the first Korean line', async () => {
    const path = await fixture(iconv.encode('name,email\nhong,a@example.com\n김똠순,b@example.com\n', 'cp949'));
    const err = await failure(path, { encoding: 'utf8' });
    expect(err.message).toContain(`Line 3 of ${path}`);
    expect(err.message).toContain('--encoding cp949');
  });

  it('refuses an unknown --encoding', async () => {
    const path = await fixture('name,email\nhong,a@example.com\n');
    const err = await failure(path, { encoding: 'latin1' });
    expect(err.message).toContain('"latin1"');
  });

  it('refuses a forced encoding that contradicts the byte order mark', async () => {
    const path = await fixture(Buffer.concat([UTF8_BOM, Buffer.from('name,email\nhong,a@example.com\n')]));
    const err = await failure(path, { encoding: 'cp949' });
    expect(err.message).toMatch(/--encoding cp949 .* UTF-8 byte order mark/);
  });

  it.each(['홍길동', '김민준', '이서연', '최수아'])('takes a short CP949 file with one Korean name (%s) for CP949, however it reads as UTF-8', async (name) => {
    const { file, rows } = await readAll(await fixture(iconv.encode(`name,email\n${name},a@example.com\n`, 'cp949')));
    expect(file.encoding).toBe('cp949');
    expect(rows[0]!.cells).toEqual([name, 'a@example.com']);
  });

  it('reports the line of a damaged byte in an otherwise UTF-8 file instead of guessing CP949', async () => {
    const good = Buffer.from('name,email\n홍길동,a@example.com\n김똠순,b@example.com\n');
    const damaged = Buffer.concat([good, Buffer.from([0xea, 0xb9]), Buffer.from(',c@example.com\n이쀍,d@example.com\n')]);
    const err = await failure(await fixture(damaged));
    expect(err.message).toContain('Line 4 of');
  });

  it('reports the line of invalid UTF-8 that appears after an ASCII-only head', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `kim${i},user${i}@example.com`);
    const head = Buffer.from(['name,email', ...rows].join('\n') + '\n');
    expect(head.length).toBeGreaterThan(CHUNK);
    const path = await fixture(Buffer.concat([head, iconv.encode('김똠순,late@example.com\n', 'cp949')]));
    const file = await openCsv(path);
    expect(file.encoding).toBe('utf8');
    const err = await records(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('Line 4002 of');
  });

  it('reports the line of a byte that CP949 cannot decode', async () => {
    const body = iconv.encode('이름,이메일\r\n김똠순,a@example.com\r\n박서연,b@example.com\r\n', 'cp949');
    const path = await fixture(Buffer.concat([body, Buffer.from([0xff, 0x2c, 0x63, 0x0d, 0x0a])]));
    const file = await openCsv(path).catch((e: unknown) => e);
    const err = file instanceof Error ? file : await records(file as CsvFile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('Line 4 of');
    expect((err as Error).message).toContain('CP949');
  });

  it('refuses a file that is neither UTF-8 nor CP949', async () => {
    const path = await fixture(Buffer.concat([Buffer.from('name,email\n'), Buffer.alloc(40, 0xff), Buffer.from('\n')]));
    const err = await failure(path);
    expect(err.message).toContain('neither UTF-8 nor CP949');
  });
});

describe('characters and line breaks split across read chunks', () => {
  /**
   * A file whose byte at `at` (counted after the BOM, where reading starts) is the
   * first byte of `target`, so that `target` straddles the first read chunk's end.
   */
  function straddling(
    encode: (s: string) => Buffer,
    bom: Buffer,
    target: string,
    { lineEnd = '\n', at = CHUNK - 1 }: { lineEnd?: string; at?: number } = {},
  ): Buffer {
    const header = encode(`name,email,pad${lineEnd}`);
    const rows: Buffer[] = [];
    let length = header.length;
    let i = 0;
    // Whole rows until the next one would reach the boundary.
    for (;;) {
      const row = encode(`${NAMES[i % 4]},user${i}@example.com,x${lineEnd}`);
      if (length + row.length + 200 > CHUNK) break;
      rows.push(row);
      length += row.length;
      i++;
    }
    const lead = encode(`${NAMES[i % 4]},user${i}@example.com,`);
    const padding = (at - length - lead.length) / encode('p').length;
    const split = encode(`${'p'.repeat(padding)}${target}${lineEnd}`);
    const tail = Array.from({ length: 50 }, (_, j) => encode(`${NAMES[j % 4]},tail${j}@example.com,y${lineEnd}`));
    const body = Buffer.concat([header, ...rows, lead, split, ...tail]);
    expect(body.subarray(at, at + encode(target).length)).toEqual(encode(target));
    expect(at + encode(target + lineEnd).length).toBeGreaterThan(CHUNK);
    return Buffer.concat([bom, body]);
  }

  it.each([
    { what: 'UTF-8', encode: (s: string) => Buffer.from(s), bom: Buffer.alloc(0), target: '똠방각하' },
    { what: 'UTF-8 with BOM', encode: (s: string) => Buffer.from(s), bom: UTF8_BOM, target: '쀍' },
    { what: 'CP949', encode: (s: string) => iconv.encode(s, 'cp949'), bom: Buffer.alloc(0), target: '똠' },
    {
      what: 'UTF-16LE, a surrogate pair',
      encode: (s: string) => iconv.encode(s, 'utf16le'),
      bom: Buffer.from([0xff, 0xfe]),
      target: '𠀀', // U+20000: split between its two UTF-16 code units
      at: CHUNK - 2,
    },
  ])('$what: a character across the boundary comes out whole', async ({ encode, bom, target, at }) => {
    const { rows } = await readAll(await fixture(straddling(encode, bom, target, { at })));
    const split = rows.find((r) => r.cells[2]!.endsWith(target));
    expect(split?.cells[2]).toMatch(new RegExp(`^p+${target}$`));
    expect(rows.every((r) => NAMES.includes(r.cells[0]!))).toBe(true);
    expect(rows.every((r) => !r.cells.join('').includes('\ufffd'))).toBe(true);
    expect(rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
  });

  it('a CRLF across the boundary ends one line, not two', async () => {
    // The padded cell ends right before the boundary, so '\r' is the chunk's last byte.
    const bytes = straddling((s) => Buffer.from(s), Buffer.alloc(0), '\r', { lineEnd: '\n' });
    const { rows } = await readAll(await fixture(bytes));
    expect(rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
    expect(rows.every((r) => r.cells.length === 3 && !r.cells[2]!.includes('\n'))).toBe(true);
  });

  it('a quoted value with a line break across the boundary keeps the line numbers', async () => {
    const bytes = straddling((s) => Buffer.from(s), Buffer.alloc(0), '"a\nb"');
    // The quoted cell is the third column only if the padding is inside the quotes.
    const text = bytes.toString('utf8').replace(/(p+)"a\nb"/, '"$1a\nb"');
    const { rows } = await readAll(await fixture(text));
    const i = rows.findIndex((r) => r.cells[2]!.endsWith('a\nb'));
    expect(i).toBeGreaterThan(0);
    expect(rows[i + 1]!.line).toBe(rows[i]!.line + 2);
    expect(rows.at(-1)!.line).toBe(rows.length + 2);
  });
});

describe('delimiters', () => {
  it.each([
    { what: 'comma', text: 'name,email\nhong,a@x.kr\n', delimiter: ',' },
    { what: 'semicolon (European Excel)', text: 'name;email;memo\nhong;a@x.kr;1,5\n', delimiter: ';' },
    { what: 'tab', text: 'name\temail\nhong\ta@x.kr\n', delimiter: '\t' },
    { what: 'commas inside quotes do not count', text: '"a,b,c";email;x\nhong;a@x.kr;1\n', delimiter: ';' },
    { what: 'a single column defaults to comma', text: 'name\nhong\n', delimiter: ',' },
    { what: 'detected on the header, not on blank lines before it', text: '\n\nname;email\nhong;a@x.kr\n', delimiter: ';' },
    { what: "Excel's sep= line", text: 'sep=;\nname;email\nhong;a@x.kr\n', delimiter: ';' },
  ])('$what', async ({ text, delimiter }) => {
    const { file, rows } = await readAll(await fixture(text));
    expect(file.delimiter).toBe(delimiter);
    expect(rows[0]!.cells[0]).toBe('hong');
  });

  it('a sep= line is not the header', async () => {
    const { file, rows } = await readAll(await fixture('sep=;\r\nname;email\r\nhong;a@x.kr\r\n'));
    expect(file.header).toEqual(['name', 'email']);
    expect(file.headerLine).toBe(2);
    expect(rows).toEqual([{ row: 1, line: 3, cells: ['hong', 'a@x.kr'] }]);
  });

  it.each([
    [';', ';', 'a,b,c'],
    ['semicolon', ';', 'a,b,c'],
    ['tab', '\t', 'a,b,c'],
    ['TAB', '\t', 'a;b;c'],
    ['\t', '\t', 'a,b,c'],
    ['\\t', '\t', 'a,b,c'],
    ['comma', ',', 'a;b;c'],
  ])('--delimiter %j overrides detection', async (option, delimiter, first) => {
    // `first` holds more of another delimiter than the header holds of the forced one.
    const text = `${first}${delimiter}d\n1${delimiter}2\n`;
    const { file, rows } = await readAll(await fixture(text), { delimiter: option });
    expect(file.delimiter).toBe(delimiter);
    expect(file.header).toEqual([first, 'd']);
    expect(rows[0]!.cells).toEqual(['1', '2']);
  });

  it('refuses an unknown --delimiter', async () => {
    const err = await failure(await fixture('name,email\nhong,a@x.kr\n'), { delimiter: 'pipe' });
    expect(err.message).toContain('"pipe"');
  });
});

describe('lines and records', () => {
  it.each([
    { what: 'LF', text: 'name,email\nhong,a@x.kr\nkim,b@x.kr\nlee,c@x.kr\n' },
    { what: 'CRLF', text: 'name,email\r\nhong,a@x.kr\r\nkim,b@x.kr\r\nlee,c@x.kr\r\n' },
    { what: 'CR only (old Mac Excel)', text: 'name,email\rhong,a@x.kr\rkim,b@x.kr\rlee,c@x.kr\r' },
    { what: 'no newline at the end', text: 'name,email\r\nhong,a@x.kr\r\nkim,b@x.kr\r\nlee,c@x.kr' },
    { what: 'mixed line endings', text: 'name,email\r\nhong,a@x.kr\nkim,b@x.kr\rlee,c@x.kr\r\n' },
  ])('$what', async ({ text }) => {
    const { rows } = await readAll(await fixture(text));
    expect(rows).toEqual([
      { row: 1, line: 2, cells: ['hong', 'a@x.kr'] },
      { row: 2, line: 3, cells: ['kim', 'b@x.kr'] },
      { row: 3, line: 4, cells: ['lee', 'c@x.kr'] },
    ]);
  });

  it('multi-line quoted values: each record has the line it starts on', async () => {
    const text = [
      'name,email,memo', // 1
      '"Kim\nMinjun",a@x.kr,one', // 2-3 (an Excel in-cell break is LF, even in a CRLF file)
      'lee,b@x.kr,"two\r\nthree\r\nfour"', // 4-6
      'park,c@x.kr,"five\rsix"', // 7-8
      'choi,d@x.kr,"say ""hi"", then, go"', // 9
      'jung,e@x.kr,last', // 10
    ].join('\r\n');
    const { rows } = await readAll(await fixture(text));
    expect(rows.map((r) => r.line)).toEqual([2, 4, 7, 9, 10]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.cells[0]).toBe('Kim\nMinjun');
    expect(rows[1]!.cells[2]).toBe('two\r\nthree\r\nfour');
    expect(rows[3]!.cells[2]).toBe('say "hi", then, go');
  });

  it('blank lines and empty Excel rows are skipped but counted', async () => {
    const text = [
      '', // 1
      '   ', // 2
      'name,email,phone', // 3
      'hong,a@x.kr,010', // 4
      '', // 5
      ',,', // 6
      ' , ,\t', // 7
      '"",""', // 8
      'kim,b@x.kr,011', // 9
      '',
      '',
    ].join('\r\n');
    const { file, rows } = await readAll(await fixture(text));
    expect(file.headerLine).toBe(3);
    expect(rows).toEqual([
      { row: 1, line: 4, cells: ['hong', 'a@x.kr', '010'] },
      { row: 2, line: 9, cells: ['kim', 'b@x.kr', '011'] },
    ]);
  });

  it('ragged rows are yielded as they are', async () => {
    const text = 'name,email,phone\nhong,a@x.kr\nkim,b@x.kr,011,extra,more\nlee\n';
    const { rows } = await readAll(await fixture(text));
    expect(rows.map((r) => r.cells)).toEqual([
      ['hong', 'a@x.kr'],
      ['kim', 'b@x.kr', '011', 'extra', 'more'],
      ['lee'],
    ]);
  });

  it('cells are raw; header names are trimmed and never carry the BOM', async () => {
    const text = Buffer.concat([UTF8_BOM, Buffer.from(' name , Email\t,"전화 "\n  홍길동 , a@x.kr ," 010 "\n')]);
    const { file, rows } = await readAll(await fixture(text));
    expect(file.header).toEqual(['name', 'Email', '전화']);
    expect(rows[0]!.cells).toEqual(['  홍길동 ', ' a@x.kr ', ' 010 ']);
  });

  it('every call to chunks() is a new pass, in chunks of a few hundred records', async () => {
    const lines = ['name,email', ...Array.from({ length: 5000 }, (_, i) => `김${i},u${i}@x.kr`)];
    const file = await openCsv(await fixture(lines.join('\n')));
    const sizes: number[] = [];
    for await (const chunk of file.chunks()) sizes.push(chunk.length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(5000);
    const first = await records(file);
    const second = await records(file);
    expect(second).toEqual(first);
    expect(first).toHaveLength(5000);
    expect(first.at(-1)).toEqual({ row: 5000, line: 5001, cells: ['김4999', 'u4999@x.kr'] });
  });
});

describe('files that are not a signers CSV', () => {
  it.each([
    // A real .xlsx is read (test/unit/xlsx-reader.test.ts); a broken zip is not.
    { what: 'a broken .xlsx (zip)', bytes: [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], says: 'could not be read as an Excel workbook' },
    { what: 'an .xls (OLE)', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], says: 'Excel 97-2003 workbook (.xls)' },
    { what: 'a PDF', bytes: [...Buffer.from('%PDF-1.7\n%\xe2\xe3\n', 'latin1')], says: 'PDF' },
    { what: 'a PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], says: 'image (PNG)' },
    { what: 'a JPEG', bytes: [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46], says: 'image (JPEG)' },
    { what: 'a GIF', bytes: [...Buffer.from('GIF89a'), 1, 0, 1, 0], says: 'image (GIF)' },
    { what: 'other binary', bytes: [...Buffer.from('name,email\n'), 0, 1, 2, 3, 0x0a], says: 'binary file' },
  ])('$what', async ({ bytes, says }) => {
    const path = await fixture(Buffer.from(bytes));
    const err = await failure(path);
    expect(err.message).toContain(path);
    expect(err.message).toContain(says);
  });

  it('says it in Korean for a Korean user', async () => {
    setLang('ko');
    const err = await failure(await fixture(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])));
    expect(err.message).toContain("엑셀 통합 문서로 읽을 수 없습니다");
    expect(err.message).toContain("'Excel 통합 문서(*.xlsx)'로 다시 저장하세요");
  });

  it.each([
    { what: '0 bytes', bytes: Buffer.alloc(0) },
    { what: 'only a BOM', bytes: UTF8_BOM },
    { what: 'only blank lines', bytes: Buffer.from('\r\n  \r\n\t\r\n') },
    { what: 'only empty Excel rows', bytes: Buffer.from(',,,\r\n,,,\r\n') },
    { what: 'only a UTF-16 BOM', bytes: Buffer.from([0xff, 0xfe]) },
  ])('empty: $what', async ({ bytes }) => {
    const err = await failure(await fixture(bytes));
    expect(err.message).toContain('is empty');
  });

  it.each([
    { what: 'header only', text: 'name,email\n', line: 1 },
    { what: 'header without newline', text: 'name,email', line: 1 },
    { what: 'header and blank lines', text: '\nname,email\n\n,\n\n', line: 2 },
  ])('no signer rows: $what', async ({ text, line }) => {
    const err = await failure(await fixture(text));
    expect(err.message).toContain(`has a header (line ${line}) but no signer rows`);
  });

  it('duplicate header names, case-insensitive after trimming', async () => {
    const err = await failure(await fixture('name,Email, email ,phone,EMAIL,phone\nhong,a,b,c,d,e\n'));
    expect(err.message).toContain('"Email" (columns 2 (B), 3 (C), 5 (E))');
    expect(err.message).toContain('"phone" (columns 4 (D), 6 (F))');
  });

  it('a header full of clashes (a data row as header?) lists only the first few', async () => {
    const header = Array.from({ length: 14 }, (_, i) => `c${i % 7}`).join(',');
    const err = await failure(await fixture(`${header}\n${header}\n`));
    expect(err.message).toContain('"c0" (columns 1 (A), 8 (H)); "c1"');
    expect(err.message).toContain('"c4" (columns 5 (E), 12 (L)); …');
    expect(err.message).not.toContain('"c5"');
  });

  it('empty header names, with their positions', async () => {
    const err = await failure(await fixture('name,,email, \nhong,x,a@x.kr,y\n'));
    expect(err.message).toContain('header (line 1)');
    expect(err.message).toContain('no name for column 2 (B), 4 (D)');
  });

  it('empty and duplicate header names are both reported', async () => {
    const err = await failure(await fixture('name,,name\nhong,x,y\n'));
    expect(err.message).toContain('no name for column 2 (B)');
    expect(err.details.join('\n')).toContain('"name" (columns 1 (A), 3 (C))');
  });

  it('a missing file, and a folder', async () => {
    const missing = join(dir, 'missing.csv');
    expect((await failure(missing)).message).toContain(`${missing}: no such file`);
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder);
    expect((await failure(folder)).message).toContain('not a regular file');
  });

  it('messages name the file by its label when one is given', async () => {
    const err = await failure(await fixture(''), { label: 'standard input' });
    expect(err.message).toMatch(/^standard input is empty/);
  });
});

describe('malformed CSV', () => {
  it('an unclosed quote names the line where its row starts', async () => {
    const text = 'name,email\nhong,a@x.kr\nkim,b@x.kr\n"lee,c@x.kr\npark,d@x.kr\n';
    const err = await failure(await fixture(text));
    expect(err.message).toContain('row starting at line 4 is never closed');
  });

  it('an unclosed quote in a big file stops at 1 MiB and names its line', async () => {
    const rows = Array.from({ length: 60000 }, (_, i) => `kim${i},u${i}@example.com`);
    const text = ['name,email', 'hong,a@x.kr', '"lee,b@x.kr', ...rows].join('\n');
    const err = await failure(await fixture(text));
    expect(err.message).toContain('row starting at line 3 is larger than 1 MiB');
  });

  it('rows that never end (an unknown line separator) cannot make one huge record', async () => {
    const rows = Array.from({ length: 60000 }, (_, i) => `kim${i}\tu${i}@example.com`);
    const path = await fixture('name\temail\n' + rows.join('\u2028'));
    const err = await failure(path);
    expect(err.message).toContain('row starting at line 2 is larger than 1 MiB');
    expect(err.message).toContain('read as tab');
  });

  it.each([
    { what: 'text after a closing quote', row: '"kim"x,b@x.kr', says: 'a quoted value is followed by more text' },
    { what: 'a quote inside an unquoted value', row: 'kim "K",b@x.kr', says: 'a quote (") appears in the middle' },
  ])('$what names the line', async ({ row, says }) => {
    const err = await failure(await fixture(`name,email\n"multi\nline",a@x.kr\n${row}\nlee,c@x.kr\n`));
    expect(err.message).toContain('row starting at line 4');
    expect(err.message).toContain(says);
  });
});

describe('copyInput', () => {
  let saved: string | undefined;
  let spoolRoot: string;
  beforeEach(async () => {
    saved = process.env.TMPDIR;
    spoolRoot = await mkdtemp(join(dir, 'tmp-'));
    process.env.TMPDIR = spoolRoot; // os.tmpdir() reads it on every call
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it('copies the input to a private temp file that can be read twice, and cleans up', async () => {
    const bytes = iconv.encode('이름,이메일\r\n김똠순,a@example.com\r\n', 'cp949');
    const spool = await copyInput(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), 'stdin');
    expect(spool.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(dirname(dirname(spool.path))).toBe(spoolRoot);
    expect(await readFile(spool.path)).toEqual(bytes);
    expect((await stat(spool.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(spool.path))).mode & 0o777).toBe(0o700);

    const file = await openCsv(spool.path);
    expect((await records(file))[0]!.cells[0]).toBe('김똠순');
    expect((await records(file))[0]!.cells[0]).toBe('김똠순');

    await spool.cleanup();
    expect(await readdir(spoolRoot)).toEqual([]);
    await spool.cleanup(); // twice is harmless
  });

  it('removes its folder when the input fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('broken pipe'));
      },
    });
    await expect(copyInput(failing, 'stdin')).rejects.toThrow('broken pipe');
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});
