/**
 * What Excel really writes, through the built CLI: each fixture with its expected
 * exit code and, for invalid ones, the exact lines and problem codes. And the
 * language of everything a user reads.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { readResults } from '../helpers/signers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const HEADER = 'name,email,language,field:amount';
const KOREAN = ['김똠이', '이쀍', '박서연'];
const rows = (sep = ',') => KOREAN.map((n, i) => [n, `k${i}@example.com`, 'ko', String(100 + i)].join(sep));

interface Fixture {
  name: string;
  bytes: () => Buffer;
  exit: number;
  problems?: [line: number, code: string][];
  stderr?: RegExp;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const FIXTURES: Fixture[] = [
  { name: 'UTF-8', bytes: () => utf8([HEADER, ...rows()].join('\n') + '\n'), exit: 0 },
  { name: 'UTF-8 with BOM, CRLF', bytes: () => utf8('\uFEFF' + [HEADER, ...rows()].join('\r\n') + '\r\n'), exit: 0 },
  { name: 'CP949 (Excel "CSV" on Korean Windows)', bytes: () => iconv.encode([HEADER, ...rows()].join('\r\n') + '\r\n', 'cp949'), exit: 0 },
  {
    name: 'UTF-16LE with BOM, tabs (Excel "Unicode text")',
    bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode([HEADER.replace(/,/g, '\t'), ...rows('\t')].join('\r\n') + '\r\n', 'utf16le')]),
    exit: 0,
  },
  { name: 'semicolons', bytes: () => utf8([HEADER.replace(/,/g, ';'), ...rows(';')].join('\n')), exit: 0 },
  { name: 'CR line ends, no final newline', bytes: () => utf8([HEADER, ...rows()].join('\r')), exit: 0 },
  {
    name: 'multi-line quoted name, then bad rows (lines are where records start)',
    bytes: () => utf8([HEADER, '"김\n민준",a@example.com,ko,1', 'x,bad-email,ko,2', '', ',b@example.com,ko,3'].join('\n') + '\n'),
    exit: 3,
    problems: [
      [4, 'invalid_email'],
      [6, 'missing_name'],
    ],
  },
  {
    name: 'ragged rows',
    bytes: () => utf8([HEADER, 'a,a@example.com,ko', 'b,b@example.com,ko,1,extra', 'c,c@example.com,ko,3'].join('\n') + '\n'),
    exit: 3,
    problems: [
      [2, 'cell_count'],
      [3, 'cell_count'],
    ],
  },
  {
    name: 'duplicates and the sender',
    bytes: () => utf8([HEADER, 'a,a@example.com,ko,1', 'b,A@Example.com,ko,2', 'c,sender@sandbox.esignon.test,ko,3'].join('\n') + '\n'),
    exit: 3,
    problems: [
      [3, 'duplicate_contact'],
      [4, 'sender_contact'],
    ],
  },
  { name: 'a broken .xlsx workbook', bytes: () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]), exit: 2, stderr: /could not be read as an Excel workbook/ },
  { name: 'an empty file', bytes: () => Buffer.alloc(0), exit: 2, stderr: /empty/ },
  { name: 'a header only', bytes: () => utf8(HEADER + '\n'), exit: 2, stderr: /no data|header/ },
];

describe('validate: what Excel writes', () => {
  it.each(FIXTURES)('$name → exit $exit', async (f) => {
    writeFileSync(join(dir.path, 'in.csv'), f.bytes());
    const r = await runCli(['validate', 'in.csv', '--json', '--memb-email', 'sender@sandbox.esignon.test', '--doc-id', 'D1'], { cwd: dir.path });
    expect(r.code, r.stderr).toBe(f.exit);
    const doc = JSON.parse(r.stdout) as { exit_code: number; problems?: { line: number; code: string; message: string }[]; preview?: { body: { body: { unset_player_list: { name: string }[] } } } };
    expect(doc.exit_code).toBe(f.exit);
    if (f.problems) expect(doc.problems!.map((p) => [p.line, p.code])).toEqual(f.problems);
    if (f.stderr) expect(r.stderr).toMatch(f.stderr);
    if (f.exit === 0) expect(doc.preview!.body.body.unset_player_list.slice(0, 3).map((p) => p.name)).toEqual(KOREAN);
  });

  it('reads standard input with -', async () => {
    const r = await runCli(['validate', '-', '--doc-id', 'D1'], { cwd: dir.path, input: [HEADER, ...rows()].join('\n') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/3 rows: 3 valid/);
  });
});

describe('Korean end to end', () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await emulator();
  });
  afterEach(async () => emu.close());

  it('a CP949 file arrives at the server with the right Hangul, and the results keep it', async () => {
    writeFileSync(join(dir.path, 'in.csv'), iconv.encode([HEADER, ...rows()].join('\r\n') + '\r\n', 'cp949'));
    const r = await runCli(['send', 'in.csv', '--yes'], { cwd: dir.path, env: emulatorEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    expect(emu.state().documents.map((d) => d.name)).toEqual(KOREAN);
    expect(readResults(join(dir.path, 'in.results.csv')).rows.map((x) => x.name)).toEqual(KOREAN);
  });

  it('the Korean example config maps Korean headers', async () => {
    const r = await runCli(['send', join(process.cwd(), 'templates/ko/signers.csv'), '--sandbox', '--out', 'ko.results.csv', '--config', join(process.cwd(), 'templates/ko/esignon-bulk.config.json')], {
      cwd: dir.path,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readResults(join(dir.path, 'ko.results.csv')).rows.map((x) => x.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it.each([
    ['ko_KR.UTF-8', /행|발송|오류/, /rows: /],
    ['C', /rows: .* valid/, /[\uac00-\ud7a3]{2,}.*행/],
  ])('LANG=%s speaks the right language', async (lang, expected, notExpected) => {
    writeFileSync(join(dir.path, 'in.csv'), [HEADER, 'a,bad,ko,1'].join('\n'));
    const r = await runCli(['validate', 'in.csv', '--doc-id', 'D1'], { cwd: dir.path, env: { LANG: lang } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(notExpected);
  });

  it('--lang ko gives Korean --help', async () => {
    const r = await runCli(['send', '--help', '--lang', 'ko'], { cwd: dir.path });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('사용법:');
    expect(r.stdout).toContain('확인 없이 발송');
  });
});

describe('errors a user makes', () => {
  it.each([
    [['validate', 'missing.csv'], 2, /missing\.csv/],
    [['send', 'x.csv', '--batch-size', 'ten', '--yes'], 2, /--batch-size/],
    [['send', 'x.csv', '--limit', '-3', '--yes'], 2, /--limit/],
    [['send', 'x.csv', '--api-url', 'http://example.com', '--yes'], 2, /http:\/\//],
    [['send', 'x.csv', '--yes'], 2, /comp_id/],
    [['frobnicate'], 2, /unknown command/],
  ])('%j → exit %i, a clear message, no stack trace', async (args, code, message) => {
    writeFileSync(join(dir.path, 'x.csv'), HEADER + '\na,a@example.com,ko,1\n');
    const r = await runCli(args, { cwd: dir.path });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown config key names the file and the key', async () => {
    writeFileSync(join(dir.path, 'esignon-bulk.config.json'), JSON.stringify({ comp_id: 'c', batchsize: 10, fields: [{ column: 'a' }] }));
    writeFileSync(join(dir.path, 'x.csv'), HEADER + '\na,a@example.com,ko,1\n');
    const r = await runCli(['validate', 'x.csv', '--json'], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('esignon-bulk.config.json:batchsize');
    expect(r.stderr).toContain('fields[0].field_name');
    expect(JSON.parse(r.stdout)).toMatchObject({ exit_code: 2 });
  });
});
