/**
 * Excel both ways, through the built CLI: an .xlsx signer sheet validates like its
 * CSV twin (lines = the sheet's rows), sends, and its results come back as a
 * workbook whose cells have the right types; status/remind/cancel read and rewrite
 * such a workbook.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { readResults } from '../helpers/signers.js';
import { csvOf, exceljsWorkbook, handWorkbook, si, unzip, type CellInput } from '../helpers/xlsx.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('esb-xlsx-');
});
afterEach(() => dir.remove());

const at = (name: string): string => join(dir.path, name);
const HEADER = ['name', 'email', 'language', 'field:amount'];
const SENDER = 'sender@sandbox.esignon.test';

interface Problem {
  line: number;
  code: string;
  column: string;
  value: string;
}
interface ValidateJson {
  exit_code: number;
  problems?: Problem[];
  preview?: { body: { body: { unset_player_list: { name: string; email: string; mobile_number?: string; field_list?: unknown }[] } } };
}

async function validate(file: string): Promise<{ code: number | null; stderr: string; json: ValidateJson }> {
  const r = await runCli(['validate', file, '--json', '--memb-email', SENDER, '--doc-id', 'D1'], { cwd: dir.path });
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout) as ValidateJson };
}

interface Twin {
  name: string;
  rows: (string | null)[][];
  exit: number;
  /** [sheet row, code] of each problem in the workbook */
  problems?: [number, string][];
  stderr?: RegExp;
  /** the CSV twin's lines differ (a cell with a line break takes two lines there) */
  csvLinesDiffer?: boolean;
}

const ok = (i: number): string[] => [`김민준${i}`, `k${i}@example.com`, 'ko', String(100 + i)];
const TWINS: Twin[] = [
  { name: 'valid Korean rows', rows: [HEADER, ok(1), ok(2), ok(3)], exit: 0 },
  {
    name: 'a multi-line name, then bad rows after a blank one',
    rows: [HEADER, ['김\n민준', 'a@example.com', 'ko', '1'], ['x', 'bad-email', 'ko', '2'], [null, null, null, null], [null, 'b@example.com', 'ko', '3']],
    exit: 3,
    problems: [
      [3, 'invalid_email'],
      [5, 'missing_name'],
    ],
    csvLinesDiffer: true,
  },
  {
    name: 'a value past the header',
    rows: [HEADER, ok(1), ['b', 'b@example.com', 'ko', '1', 'extra']],
    exit: 3,
    problems: [[3, 'cell_count']],
  },
  {
    name: 'duplicates and the sender',
    rows: [HEADER, ['a', 'a@example.com', 'ko', '1'], ['b', 'A@Example.com', 'ko', '2'], ['c', SENDER, 'ko', '3']],
    exit: 3,
    problems: [
      [3, 'duplicate_contact'],
      [4, 'sender_contact'],
    ],
  },
  { name: 'blank rows above the header', rows: [[null], [null], HEADER, ok(1)], exit: 0 },
  { name: 'an empty sheet', rows: [[null]], exit: 2, stderr: /is empty/ },
  { name: 'a header only', rows: [HEADER], exit: 2, stderr: /has a header \(line 1\) but no signer rows/ },
  { name: 'duplicate header names', rows: [['name', 'email', 'Email'], ['a', 'a@example.com', 'x']], exit: 2, stderr: /"email" \(columns 2 \(B\), 3 \(C\)\)/ },
  { name: 'an empty header name', rows: [['name', null, 'email'], ['a', 'x', 'a@example.com']], exit: 2, stderr: /no name for column 2 \(B\)/ },
];

describe('validate: a workbook gives its CSV twin\'s problems, with the sheet\'s rows as lines', () => {
  it.each(TWINS)('$name → exit $exit', async (twin) => {
    await exceljsWorkbook(at('in.xlsx'), { 서명자: twin.rows });
    writeFileSync(at('in.csv'), csvOf(twin.rows));
    const x = await validate('in.xlsx');
    const c = await validate('in.csv');
    expect(x.code, x.stderr).toBe(twin.exit);
    expect(c.code, c.stderr).toBe(twin.exit);
    expect(x.json.exit_code).toBe(twin.exit);
    if (twin.problems) expect(x.json.problems!.map((p) => [p.line, p.code])).toEqual(twin.problems);
    const facts = (ps: Problem[] | undefined, lines: boolean) => (ps ?? []).map((p) => ({ code: p.code, column: p.column, value: p.value, ...(lines ? { line: p.line } : {}) }));
    expect(facts(x.json.problems, !twin.csvLinesDiffer)).toEqual(facts(c.json.problems, !twin.csvLinesDiffer));
    if (twin.stderr) {
      expect(x.stderr).toMatch(twin.stderr);
      expect(c.stderr).toMatch(twin.stderr);
    }
    if (twin.exit === 0) expect(x.json.preview).toEqual(c.json.preview);
  });

  it('a sheet as Excel saves it: a phone stored as a number formatted 000-0000-0000 and a date column read as shown', async () => {
    const strings = [si('name'), si('memb_id_type'), si('email'), si('field:start_date'), si('field:code'), si('홍길동'), si('Mobile'), si('00123'), si('이서연')];
    const sheetData =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" s="2"><v>1012345678</v></c><c r="D2" s="1"><v>46023</v></c><c r="E2" s="3" t="s"><v>7</v></c></row>' +
      // typed as a number without a format: Excel shows 1098765432 and so do we (the phone rule accepts it)
      '<row r="3"><c r="A3" t="s"><v>8</v></c><c r="B3" t="s"><v>6</v></c><c r="C3"><v>1098765432</v></c><c r="D3" s="1"><v>46054</v></c><c r="E3" s="3" t="s"><v>7</v></c></row>';
    writeFileSync(at('excel.xlsx'), handWorkbook({ sheets: [{ name: 'Sheet1', sheetData }], sharedStrings: strings, numFmts: { 176: '000-0000-0000' }, cellXfs: [0, 14, 176, 49] }));
    const x = await validate('excel.xlsx');
    expect(x.code, x.stderr).toBe(0);
    const players = x.json.preview!.body.body.unset_player_list as unknown as { name: string; email: string; field_list?: { field_name: string; field_value: string }[] }[];
    expect(players.map((p) => [p.name, p.email])).toEqual([
      ['홍길동', '01012345678'],
      ['이서연', '01098765432'],
    ]);
    expect(JSON.stringify(players[0])).toContain('"2026-01-01"');
    expect(JSON.stringify(players[0])).toContain('"00123"');
  });

  it('a workbook on standard input (-) is read too', async () => {
    await exceljsWorkbook(at('in.xlsx'), { S: [HEADER, ok(1), ok(2)] });
    const r = await runCli(['validate', '-', '--doc-id', 'D1'], { cwd: dir.path, input: readFileSync(at('in.xlsx')) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 rows: 2 valid/);
  });

  it('an old .xls and a password-protected workbook are refused with what to do (Korean too)', async () => {
    writeFileSync(at('old.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]));
    writeFileSync(at('locked.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1000), Buffer.from('EncryptedPackage', 'utf16le')]));
    const old = await runCli(['validate', 'old.xls', '--doc-id', 'D1'], { cwd: dir.path });
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/Excel 97-2003 workbook \(\.xls\).*Excel Workbook \(\*\.xlsx\)/);
    const locked = await runCli(['validate', 'locked.xlsx', '--doc-id', 'D1'], { cwd: dir.path, env: { LANG: 'ko_KR.UTF-8' } });
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('암호가 걸린');
    expect(locked.stderr).not.toMatch(/\n\s+at /);
  });
});

// ---------------------------------------------------------------------------
// Results as a workbook

const RESULTS_HEADER = ['row', 'line', 'name', 'contact', 'status', 'workflow_id', 'token', 'result', 'result_code', 'message', 'batch', 'session_id', 'sent_at (UTC)'];

async function readBook(path: string): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets[0]!;
}

function values(sheet: ExcelJS.Worksheet): { header: string[]; rows: Record<string, ExcelJS.CellValue>[] } {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  }
  return { header, rows };
}

/** The cell XML of a column (by letter) in the sheet part, read with a plain unzip. */
function columnCells(path: string, letter: string): { t: string | undefined; s: string | undefined; v: string | undefined }[] {
  const xml = unzip(readFileSync(path)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
  return [...xml.matchAll(new RegExp(`<c r="${letter}(\\d+)"([^>]*?)(?:/>|>(.*?)</c>)`, 'g'))]
    .filter((m) => m[1] !== '1')
    .map((m) => ({ t: /\bt="([^"]+)"/.exec(m[2]!)?.[1], s: /\bs="([^"]+)"/.exec(m[2]!)?.[1], v: /<v>(.*?)<\/v>/.exec(m[3] ?? '')?.[1] }));
}

function numFmtOfStyle(path: string, style: string): string {
  const styles = unzip(readFileSync(path)).get('xl/styles.xml')!.toString('utf8');
  const xfs = [...styles.split('<cellXfs')[1]!.matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
  const id = xfs[Number(style)]!;
  return new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]+)"`).exec(styles)?.[1] ?? `builtin ${id}`;
}

const SIGNERS: CellInput[][] = [
  ['name', 'email', 'language', 'field:amount'],
  ['김민준', 'minjun@example.com', 'ko', 35000000],
  ['이서연', { value: '010-2345-6789', numFmt: '@' }, 'ko', 42000000],
  ['박지훈', '01034567890', 'ko', 38000000],
];

describe('a workbook in, a workbook out', () => {
  it('--sheet picks the sheet; problems name the row and column letter; the results are <name>.results.xlsx beside it', async () => {
    await exceljsWorkbook(at('signers.xlsx'), {
      안내: [['이 통합 문서의 2월 시트를 보내세요']],
      '2월': [...SIGNERS, ['최유나', 'yuna@', 'ko', 1], ['정다은', '010 2345 6789', 'ko', 2]],
    });
    // The first sheet is read unless --sheet says otherwise.
    const first = await runCli(['validate', 'signers.xlsx'], { cwd: dir.path });
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/no data rows|header/);
    const v = await runCli(['validate', 'signers.xlsx', '--sheet', '2월', '--doc-id', 'D1'], { cwd: dir.path, env: { LANG: 'ko_KR.UTF-8' } });
    expect(v.code, v.stderr).toBe(3);
    const problems = v.stderr.split('\n').filter((l) => /^\d+행/.test(l));
    expect(problems, v.stderr).toEqual([
      expect.stringMatching(/^5행, B열\(email\): "yuna@"/),
      // The duplicate shows the cell as typed, not the number it compares (01023456789).
      expect.stringMatching(/^6행, B열\(email\): "010 2345 6789"은\(는\) 3행의 연락처와 같습니다/),
    ]);
    expect(v.stderr.trimEnd().split('\n').slice(-2)).toEqual(problems.map((p) => `  ${p}`));

    const sent = await runCli(['send', 'signers.xlsx', '--sheet', '2월', '--sandbox', '--skip-invalid'], { cwd: dir.path });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toContain(`results: ${at('signers.results.xlsx')}`);
    const { rows } = values(await readBook(at('signers.results.xlsx')));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'invalid', 'skipped_duplicate']);
    expect(rows[3]!.message).toMatch(/^row 5, column B \(email\): "yuna@"/);
    expect(rows[4]!.message).toMatch(/^row 6, column B \(email\): "010 2345 6789" is also the contact on line 3/);

    writeFileSync(at('x.csv'), csvOf([['name', 'email'], ['김민준', 'minjun@example.com']]));
    const csv = await runCli(['validate', 'x.csv', '--sheet', '2월'], { cwd: dir.path });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--sheet is for Excel workbooks');
  });
});

describe('send --out results.xlsx', () => {
  it('a sandbox send of a workbook writes the results as a workbook: text, numbers and dates where they belong', async () => {
    await exceljsWorkbook(at('signers.xlsx'), { 명단: SIGNERS });
    const started = Date.now();
    const r = await runCli(['send', 'signers.xlsx', '--sandbox', '--out', 'r.xlsx'], { cwd: dir.path });
    expect(r.code, r.stderr).toBe(0);
    const finished = Date.now();

    const sheet = await readBook(at('r.xlsx'));
    expect(sheet.name).toBe('results');
    const { header, rows } = values(sheet);
    expect(header).toEqual(RESULTS_HEADER);
    expect(rows).toHaveLength(3);
    expect(rows.map((x) => [x.row, x.line, x.name, x.contact, x.status, x.result, x.result_code, x.batch])).toEqual([
      [1, 2, '김민준', 'minjun@example.com', 'sent', 'OK', '00', 1],
      [2, 3, '이서연', '01023456789', 'sent', 'OK', '00', 1],
      [3, 4, '박지훈', '01034567890', 'sent', 'OK', '00', 1],
    ]);
    for (const x of rows) {
      expect(typeof x.workflow_id).toBe('string');
      expect(x.workflow_id).toMatch(/^\d+$/);
      expect(typeof x.token).toBe('string');
      expect(typeof x.session_id).toBe('string');
      expect(x.message).toBeNull();
      expect(x['sent_at (UTC)']).toBeInstanceOf(Date);
      const time = (x['sent_at (UTC)'] as Date).getTime();
      expect(time).toBeGreaterThanOrEqual(started - 1000);
      expect(time).toBeLessThanOrEqual(finished + 1000);
    }
    // the header stays in view and filters the table
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:M4');
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(20);

    // The same, read from the XML without exceljs: contacts and codes are strings, sent_at a number with a date format.
    const contacts = columnCells(at('r.xlsx'), 'D');
    expect(contacts.map((c) => [c.t, c.v])).toEqual([
      ['str', 'minjun@example.com'],
      ['str', '01023456789'],
      ['str', '01034567890'],
    ]);
    expect(columnCells(at('r.xlsx'), 'I').every((c) => c.t === 'str' && c.v === '00')).toBe(true);
    expect(columnCells(at('r.xlsx'), 'A').map((c) => [c.t, c.v])).toEqual([
      [undefined, '1'],
      [undefined, '2'],
      [undefined, '3'],
    ]);
    const sentAt = columnCells(at('r.xlsx'), 'M');
    expect(sentAt.every((c) => c.t === undefined && /^\d{5}\.\d+$/.test(c.v!))).toBe(true);
    expect(numFmtOfStyle(at('r.xlsx'), sentAt[0]!.s!)).toBe('yyyy-mm-dd hh:mm:ss');
    expect(numFmtOfStyle(at('r.xlsx'), contacts[0]!.s!)).toBe('builtin 49'); // '@': typing in the column keeps text

    // And our own reader gives back what the results CSV would hold.
    const v = await runCli(['send', 'signers.xlsx', '--sandbox', '--out', 'r.csv'], { cwd: dir.path });
    expect(v.code, v.stderr).toBe(0);
    const csv = readResults(at('r.csv')).rows;
    expect(rows.map((x) => [x.name, x.contact, x.status, x.result_code])).toEqual(csv.map((x) => [x.name, x.contact, x.status, x.result_code]));
  });
});

describe('follow-ups on a results workbook', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => emu.close());

  const cli = (args: string[]) => runCli(args, { cwd: dir.path, env: emulatorEnv(emu) });

  it('status, remind and cancel rewrite the workbook in place, keeping every cell\'s type; --out .csv gives the CSV', async () => {
    await exceljsWorkbook(at('signers.xlsx'), { 명단: SIGNERS });
    const sent = await cli(['send', 'signers.xlsx', '--yes', '--out', 'r.xlsx']);
    expect(sent.code, sent.stderr).toBe(0);
    const before = values(await readBook(at('r.xlsx'))).rows;
    const ids = before.map((x) => x.workflow_id as string);
    expect((await fetch(`${emu.url}/__emulator/documents/${ids[0]}/sign`, { method: 'POST' })).status).toBe(200);

    const status = await cli(['status', 'r.xlsx', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ documents: 3, checked: 3, counts: { Complete: 1, Playing: 2 } });
    let book = values(await readBook(at('r.xlsx')));
    expect(book.header).toEqual([
      ...RESULTS_HEADER,
      'workflow_status',
      'current_step',
      'steps_done',
      'steps_total',
      'last_event',
      'last_event_at (UTC)',
      'checked_at (UTC)',
      'check_error',
    ]);
    expect(book.rows.map((x) => x.workflow_status)).toEqual(['Complete', 'Playing', 'Playing']);
    expect(book.rows.every((x) => x['checked_at (UTC)'] instanceof Date)).toBe(true);
    // The server's time of the last event (the search knows it for a completed document) is a date like the tool's own times.
    expect(book.rows[0]!['last_event_at (UTC)']).toBeInstanceOf(Date);
    // The step counts are numbers.
    expect(book.rows.map((x) => [x.steps_done, x.steps_total])).toEqual([
      [1, 1],
      [0, 1],
      [0, 1],
    ]);
    // what send wrote is still there, with its types
    expect(book.rows.map((x) => [x.row, x.contact, x.result_code, x.workflow_id, x.token])).toEqual(before.map((x) => [x.row, x.contact, x.result_code, x.workflow_id, x.token]));
    expect(book.rows.map((x) => (x['sent_at (UTC)'] as Date).getTime())).toEqual(before.map((x) => (x['sent_at (UTC)'] as Date).getTime()));

    const remind = await cli(['remind', 'r.xlsx', '--yes', '--json']);
    expect(remind.code, remind.stderr).toBe(0);
    expect(JSON.parse(remind.stdout)).toMatchObject({ counts: { reminded: 2, not_waiting: 1 } });
    const cancel = await cli(['cancel', 'r.xlsx', '--rows', '3', '--yes', '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ counts: { done: 1 } });
    book = values(await readBook(at('r.xlsx')));
    expect(book.rows.map((x) => x.remind_result)).toEqual([null, 'ok', 'ok']);
    expect(book.rows.map((x) => x.workflow_status)).toEqual(['Complete', 'Playing', 'Canceled']);
    expect(book.rows[2]!['canceled_at (UTC)']).toBeInstanceOf(Date);
    expect(book.rows[1]!['reminded_at (UTC)']).toBeInstanceOf(Date);
    expect(book.rows.map((x) => x.contact)).toEqual(['minjun@example.com', '01023456789', '01034567890']);

    // To CSV: the times are the ISO UTC strings send wrote, to the millisecond.
    const out = await cli(['status', 'r.xlsx', '--out', 's.csv', '-q']);
    expect(out.code, out.stderr).toBe(0);
    const csv = readResults(at('s.csv'));
    expect(csv.header.slice(0, 13)).toEqual([...RESULTS_HEADER.slice(0, 12), 'sent_at']);
    expect(csv.rows.map((x) => x.sent_at)).toEqual(before.map((x) => (x['sent_at (UTC)'] as Date).toISOString()));
    expect(csv.rows.map((x) => [x.contact, x.result_code, x.row])).toEqual([
      ['minjun@example.com', '00', '1'],
      ['01023456789', '00', '2'],
      ['01034567890', '00', '3'],
    ]);
  });
});

// ---------------------------------------------------------------------------
// init --xlsx

describe('init --xlsx', () => {
  const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');

  it.each([
    { lang: 'C', templates: TEMPLATES, first: ['name', 'email'] },
    { lang: 'ko_KR.UTF-8', templates: join(TEMPLATES, 'ko'), first: ['이름', '연락처'] },
  ])('LANG=$lang: the starter sheet as a workbook reads as the template CSV, and sends as the hint says', async ({ lang, templates, first }) => {
    const r = await runCli(['init', 'starter', '--xlsx'], { cwd: dir.path, env: { LANG: lang } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('send signers.xlsx --sandbox');
    const sheet = await readBook(at('starter/signers.xlsx'));
    const { header, rows } = values(sheet);
    expect(header.slice(0, 2)).toEqual(first);
    // contacts are text, amounts numbers, dates dates
    expect(rows[1]![header[1]!]).toBe('010-2345-6789');
    expect(rows[0]![header[5]!]).toBe(35000000);
    expect(rows[0]![header[6]!]).toEqual(new Date('2027-01-04T00:00:00Z'));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // What validate makes of it is what it makes of the template CSV.
    const config = join(templates, 'esignon-bulk.config.json');
    const opts = { cwd: dir.path, env: { LANG: lang } };
    // (the account and template of the starter config are init's example values, which validate refuses)
    const account = ['--comp-id', 'C1', '--memb-email', 'me@c1.example', '--workflow-lib-id', 'W1', '--doc-id', 'D1'];
    const fromXlsx = await runCli(['validate', 'starter/signers.xlsx', '--json', '--config', config, ...account], opts);
    const fromCsv = await runCli(['validate', join(templates, 'signers.csv'), '--json', '--config', config, ...account], opts);
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    expect(JSON.parse(fromXlsx.stdout).preview).toEqual(JSON.parse(fromCsv.stdout).preview);

    const sent = await runCli(['send', 'signers.xlsx', '--sandbox'], { cwd: at('starter'), env: { LANG: lang } });
    expect(sent.code, sent.stderr).toBe(0);
  });

  it('refuses to overwrite an existing signers.xlsx without --force', async () => {
    expect((await runCli(['init', 's', '--xlsx'], { cwd: dir.path })).code).toBe(0);
    writeFileSync(at('s/signers.xlsx'), 'mine');
    const again = await runCli(['init', 's', '--xlsx'], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(readFileSync(at('s/signers.xlsx'), 'utf8')).toBe('mine');
    expect((await runCli(['init', 's', '--xlsx', '--force'], { cwd: dir.path })).code).toBe(0);
    expect(values(await readBook(at('s/signers.xlsx'))).rows).toHaveLength(5);
  });
});
