/**
 * Never twice, across everything (the contract's section of that name): a declined
 * or refused start changes nothing, the same input is not sent again to the same
 * template and account by another run, a resumed run matches rows by content, and
 * the columns the follow-ups added survive send's rewrites. Through the built CLI,
 * checked against the emulator's own record of what it created.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, runCli, spawnCli, stateHome, tempDir, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { plainText, runInPty } from '../helpers/pty.js';
import { countBy, koreanName, readResults, signerEmail, writeSigners, type ResultRecord } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const opts = (): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu) });
const path = (name: string) => join(dir.path, name);
const send = (...args: string[]) => runCli(['send', 'signers.csv', '--yes', ...args], opts());
const results = (name = 'signers.results.csv'): ResultRecord[] => readResults(path(name)).rows;
const journal = () => path('signers.results.csv.journal');
const oldJournals = () => readdirSync(dir.path).filter((f) => f.endsWith('.old'));
const pty = (args: string[], answer: string) =>
  runInPty(args, { cwd: dir.path, env: emulatorEnv(emu), steps: [{ wait_for: '\\[y/N\\]' }, { delay_ms: 50 }, { write: answer }] });

/** No contact has two documents; every `sent` row has the document the emulator made for its contact. */
function noneTwiceNoWrongId(rows: readonly ResultRecord[]): void {
  const state = emu.state();
  for (const [contact, count] of Object.entries(state.per_contact)) expect(count, contact).toBe(1);
  const byContact = new Map(state.documents.map((d) => [d.contact, d.workflow_id]));
  for (const row of rows.filter((r) => r.status === 'sent')) expect(row.workflow_id, `row ${row.row}`).toBe(byContact.get(row.contact));
}

describe('a declined or refused start changes nothing', () => {
  it('"n" at the question of a first send: exit 1, no journal, no results; a plain run then sends', async () => {
    writeSigners(path('signers.csv'), 5);
    const r = await pty(['send', 'signers.csv'], 'n\r');
    expect(r.exit_code, plainText(r.output)).toBe(1);
    expect(plainText(r.output)).toContain('cancelled at the prompt');
    expect(readdirSync(dir.path)).toEqual(['signers.csv']);
    expect(bulkRequests(emu)).toBe(0);
    const plain = await send();
    expect(plain.code, plain.stderr).toBe(0);
    noneTwiceNoWrongId(results());
    expect(emu.state().documents).toHaveLength(5);
  });

  it('"n" at the question of a resume: the journal stays byte for byte as it was', async () => {
    writeSigners(path('signers.csv'), 10);
    expect((await send('--limit', '4')).code).toBe(0);
    const before = readFileSync(journal());
    const r = await pty(['send', 'signers.csv', '--resume'], 'n\r');
    expect(r.exit_code, plainText(r.output)).toBe(1);
    expect(readFileSync(journal())).toEqual(before);
    expect((await send('--resume')).code).toBe(0);
    noneTwiceNoWrongId(results());
    expect(emu.state().documents).toHaveLength(10);
  });

  it('--force over a finished run: the question says how many rows were sent; "n" discards nothing, and --resume sends nothing', async () => {
    writeSigners(path('signers.csv'), 5);
    expect((await send()).code).toBe(0);
    const before = readFileSync(journal());
    // Another input in the same results (so that no earlier run of it stands in the way).
    writeSigners(path('signers.csv'), 6);
    const r = await pty(['send', 'signers.csv', '--force'], 'n\r');
    expect(r.exit_code, plainText(r.output)).toBe(1);
    expect(plainText(r.output)).toMatch(/already sent 5 of its 5 rows; starting over sends 6 rows now/);
    expect(readFileSync(journal())).toEqual(before);
    expect(oldJournals()).toEqual([]);
    // The finished run is still the one on record: with its own input, a resume sends nothing.
    writeSigners(path('signers.csv'), 5);
    const resumed = await send('--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(bulkRequests(emu)).toBe(1);
    expect(emu.state().documents).toHaveLength(5);
  });

  it('"n" at the question of `remind` and `cancel` exits 1 too, and does nothing', async () => {
    writeSigners(path('signers.csv'), 3);
    expect((await send()).code).toBe(0);
    for (const command of ['remind', 'cancel']) {
      const r = await pty([command, 'signers.results.csv'], 'n\r');
      expect(r.exit_code, plainText(r.output)).toBe(1);
      expect(plainText(r.output)).toContain('declined at the prompt');
    }
    expect(emu.state().requests.by_code['1429Q'] ?? 0).toBe(0);
    expect(emu.state().requests.by_code['1510Q'] ?? 0).toBe(0);
  });

  it('--force on the same input is refused unless --again, naming the earlier run; nothing changes', async () => {
    writeSigners(path('signers.csv'), 5);
    expect((await send()).code).toBe(0);
    const before = readFileSync(journal());
    const r = await send('--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/signers\.csv was already sent with template SANDBOX-BULK-1 .* on \d{4}-\d\d-\d\d \d\d:\d\d: 5 sent/);
    expect(r.stderr).toContain(path('signers.results.csv'));
    expect(r.stderr).toContain('--again');
    expect(readFileSync(journal())).toEqual(before);
    expect(oldJournals()).toEqual([]);
    expect(bulkRequests(emu)).toBe(1);
  });
});

describe('every local refusal comes before the online checks', () => {
  const requests = () => Object.values(emu.state().requests.by_code).reduce((a, b) => a + (b ?? 0), 0);

  it('results that exist, an input already sent, --out naming the input, nothing valid: refused without a request to the server', async () => {
    writeSigners(path('signers.csv'), 5);
    expect((await send()).code).toBe(0);
    // The company has no document left: were the online checks first, each would be refused for that (exit 4).
    emu.setFaults({ quota: 5 });
    const before = requests();
    const exists = await send();
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('already exists');
    const sent = await send('--out', 'other.csv');
    expect(sent.code).toBe(2);
    expect(sent.stderr).toMatch(/already sent with template/);
    const itself = await send('--out', 'signers.csv');
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('is the input');
    writeFileSync(path('bad.csv'), 'name,email,language,field:amount\n김민준,not-an-email,ko,1\n');
    const nothing = await runCli(['send', 'bad.csv', '--yes', '--skip-invalid'], opts());
    expect(nothing.code).toBe(3);
    expect(requests()).toBe(before);
    expect(readdirSync(dir.path).filter((f) => f.startsWith('other') || f.startsWith('bad.results'))).toEqual([]);
    // Past the local refusals, the company's documents are checked before anything is written.
    writeSigners(path('more.csv'), 10);
    expect((await runCli(['send', 'more.csv', '--yes', '--limit', '2'], opts())).code).toBe(4);
    expect(existsSync(path('more.results.csv.journal'))).toBe(false);
  });
});

describe('across runs: the same input, template and account', () => {
  it('--resume with another --out is refused with the earlier run’s date and results path', async () => {
    writeSigners(path('signers.csv'), 20);
    expect((await send()).code).toBe(0);
    const r = await send('--resume', '--out', 'other.results.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already sent .* on \d{4}-\d\d-\d\d \d\d:\d\d: 20 sent \(results: .*signers\.results\.csv\)/);
    expect(r.stderr).toContain(`esignon-bulk send signers.csv --resume --out ${path('signers.results.csv')}`);
    expect(existsSync(path('other.results.csv'))).toBe(false);
    expect(existsSync(path('other.results.csv.journal'))).toBe(false);
    expect(existsSync(path('other.results.csv.lock'))).toBe(false);
    expect(emu.state().documents).toHaveLength(20);
  });

  it('a renamed copy, and a cron job that lost its results and journal, are refused; --again sends on purpose', async () => {
    writeSigners(path('signers.csv'), 8);
    expect((await send()).code).toBe(0);
    copyFileSync(path('signers.csv'), path('copy.csv'));
    const copy = await runCli(['send', 'copy.csv', '--yes'], opts());
    expect(copy.code).toBe(2);
    expect(copy.stderr).toContain('copy.csv has the same content as signers.csv');

    rmSync(path('signers.results.csv'));
    rmSync(journal());
    const lost = await send();
    expect(lost.code).toBe(2);
    expect(lost.stderr).toMatch(/already sent/);
    expect(emu.state().documents).toHaveLength(8);

    const again = await send('--again');
    expect(again.code, again.stderr).toBe(0);
    expect(Object.values(emu.state().per_contact)).toEqual(new Array(8).fill(2));
  });

  it('not refused: a run that made nothing (token refused at the first batch), dry runs, validate, the sandbox', async () => {
    writeSigners(path('signers.csv'), 6);
    emu.setFaults({ reject_tokens: true });
    const refused = await send('--no-preflight');
    expect(refused.code).toBe(4);
    expect(countBy(results(), (r) => r.status)).toEqual({ not_sent: 6 });
    emu.setFaults({ reject_tokens: false });
    expect((await runCli(['validate', 'signers.csv'], opts())).code).toBe(0);
    expect((await send('--dry-run')).code).toBe(0);
    const elsewhere = await send('--out', 'second.results.csv');
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(emu.state().documents).toHaveLength(6);

    // The quick start, twice: sandbox runs are not recorded.
    for (const out of ['demo1.csv', 'demo2.csv']) expect((await send('--sandbox', '--out', out)).code).toBe(0);
    const listed = JSON.parse((await runCli(['runs', '--json'], opts())).stdout) as { runs: { results: string; counts: { sent: number } }[] };
    expect(listed.runs.map((r) => [r.results, r.counts.sent])).toEqual([
      [path('signers.results.csv'), 0],
      [path('second.results.csv'), 6],
    ]);
  });

  it('`runs` lists the records; the state folder is private and holds no secret and no contact', async () => {
    writeSigners(path('signers.csv'), 3);
    expect((await send()).code).toBe(0);
    const table = await runCli(['runs'], opts());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^started +input +template +account +results +rows$/m);
    expect(table.stdout).toMatch(/signers\.csv +SANDBOX-BULK-1 +sender@sandbox\.esignon\.test \(sandbox\) http:\/\/127\.0\.0\.1:\d+ +.*signers\.results\.csv +3 sent/);
    const korean = await runCli(['runs', '--lang', 'ko'], opts());
    expect(korean.stdout).toMatch(/^시작 +입력 +서식/m);

    const json = JSON.parse((await runCli(['runs', '--json'], opts())).stdout) as { dir: string; runs: Record<string, unknown>[] };
    expect(json.runs).toHaveLength(1);
    expect(json.runs[0]).toMatchObject({
      input: 'signers.csv',
      input_path: path('signers.csv'),
      workflow_lib_id: 'SANDBOX-BULK-1',
      comp_id: 'sandbox',
      memb_email: 'sender@sandbox.esignon.test',
      results: path('signers.results.csv'),
      rows: 3,
      exit_code: 0,
      counts: { sent: 3, failed: 0, unknown: 0, not_sent: 0, invalid: 0, skipped_duplicate: 0 },
    });
    const runsDir = join(stateHome(dir.path), 'esignon-bulk', 'runs');
    expect(json.dir).toBe(runsDir);
    expect(statSync(join(stateHome(dir.path), 'esignon-bulk')).mode & 0o777).toBe(0o700);
    expect(statSync(runsDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(runsDir)) {
      expect(statSync(join(runsDir, file)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(runsDir, file), 'utf8');
      expect(text).not.toContain('sandbox-token');
      for (let i = 1; i <= 3; i++) expect(text).not.toContain(signerEmail(i));
    }
  });

  it('two processes starting the same input to different --out at once: never both send', async () => {
    writeSigners(path('signers.csv'), 10);
    emu.setFaults({ latency_ms: 300 });
    const runs = ['a.csv', 'b.csv', 'c.csv'].map((out) => finished(spawnCli(['send', 'signers.csv', '--yes', '--out', out, '--no-preflight'], opts())));
    const codes = (await Promise.all(runs)).map((r) => r.code);
    expect(codes.filter((c) => c === 0).length).toBeLessThanOrEqual(1);
    expect(codes.filter((c) => c === 2).length).toBeGreaterThanOrEqual(2);
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
  });
});

describe('a resume over a changed input matches rows by content (--resume --force)', () => {
  /** n signers, their rows in `order` (1-based signer numbers), amounts overridden by `amounts`. */
  function writeOrdered(order: number[], amounts: Record<number, number> = {}): void {
    const lines = ['name,email,language,field:amount'];
    for (const i of order) lines.push(`${koreanName(i)},${signerEmail(i)},ko,${amounts[i] ?? 1000 + i}`);
    writeFileSync(path('signers.csv'), lines.join('\n') + '\n');
  }
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('a row inserted at the top: nobody twice, the new person gets their own id, the others keep theirs', async () => {
    writeOrdered(range(1, 40));
    expect((await send('--limit', '10')).code).toBe(0);
    const before = new Map(results().map((r) => [r.contact, r.workflow_id]));
    writeOrdered([99, ...range(1, 40)]);
    expect((await send('--resume')).code).toBe(2);
    const r = await send('--resume', '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/10 keep their result \(10 at another row number\)/);
    expect(r.stderr).toContain('row 2 was row 1: its result is kept');
    const rows = results();
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: 41 });
    noneTwiceNoWrongId(rows);
    for (let i = 1; i <= 10; i++) expect(rows[i]!.workflow_id).toBe(before.get(signerEmail(i)));
    expect(rows[0]!.contact).toBe(signerEmail(99));
    expect(emu.state().documents).toHaveLength(41);
    // The old journal is kept aside; the new one resumes plainly from now on.
    expect(oldJournals()).toHaveLength(1);
    const again = await send('--resume');
    expect(again.code).toBe(0);
    expect(emu.state().documents).toHaveLength(41);
  });

  it('a sent row whose values changed is reported and not sent again; --again sends it on purpose', async () => {
    writeOrdered(range(1, 10));
    expect((await send('--limit', '5')).code).toBe(0);
    writeOrdered([11, ...range(1, 10)], { 3: 7777 });
    const r = await send('--resume', '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 are not sent because their contact already has a document made with other values/);
    const row = results().find((x) => x.contact === signerEmail(3))!;
    expect(row.status).toBe('skipped_duplicate');
    expect(row.message).toMatch(/from row 3 of the earlier input, made with other values/);
    noneTwiceNoWrongId(results());
    expect(emu.state().documents).toHaveLength(11);

    // The user checked: a second contract for that person with the new amount is wanted.
    writeOrdered([11, ...range(1, 10)], { 3: 8888 });
    const again = await send('--resume', '--force', '--again');
    expect(again.code, again.stderr).toBe(0);
    expect(emu.state().per_contact[signerEmail(3)]).toBe(2);
    expect(emu.state().documents).toHaveLength(12);
  });

  it('a row removed, then brought back in a later version, is still not sent twice', async () => {
    writeOrdered(range(1, 6));
    expect((await send('--limit', '3')).code).toBe(0);
    writeOrdered([1, 3, 4, 5, 6]);
    expect((await send('--resume', '--force', '--limit', '0')).code).toBe(0);
    writeOrdered(range(1, 6));
    const r = await send('--resume', '--force');
    expect(r.code, r.stderr).toBe(0);
    const rows = results();
    expect(rows[1]).toMatchObject({ contact: signerEmail(2), status: 'skipped_duplicate' });
    expect(rows[1]!.message).toMatch(/earlier version of the input/);
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
    expect(emu.state().documents).toHaveLength(6);
  });

  it('a version 1 journal (from an older esignon-bulk) refuses --force over a changed input, saying why', async () => {
    writeOrdered(range(1, 10));
    expect((await send('--limit', '5')).code).toBe(0);
    const v1 = readFileSync(journal(), 'utf8')
      .split('\n')
      .map((line) => (line === '' ? line : JSON.stringify({ ...(JSON.parse(line) as object), ...(line.includes('"t":"run"') ? { v: 1 } : {}), keys: undefined })))
      .join('\n');
    writeFileSync(journal(), v1);
    writeOrdered([11, ...range(1, 10)]);
    const r = await send('--resume', '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/older version of esignon-bulk began this journal/);
    expect(readFileSync(journal(), 'utf8')).toBe(v1);
    expect(emu.state().documents).toHaveLength(5);
    // With the file it began with, the version 1 journal resumes as before.
    writeOrdered(range(1, 10));
    expect((await send('--resume')).code).toBe(0);
    noneTwiceNoWrongId(results());
    expect(emu.state().documents).toHaveLength(10);
  });
});

describe('the columns the follow-ups added survive send’s rewrites', () => {
  const FOLLOWUP = ['workflow_status', 'checked_at', 'reminded_at', 'remind_result', 'canceled_at', 'cancel_result'];

  /** Adds a column of the user's own to a results CSV, a note per row. */
  function addNote(name: string): void {
    const { bom, header, rows } = readResults(path(name));
    const lines = [[...header, 'note'].join(',')];
    for (const r of rows) lines.push([...header.map((h) => (r as Record<string, string>)[h]), `note ${r.row}`].map((c) => (/[",]/.test(c!) ? `"${c!.replace(/"/g, '""')}"` : c)).join(','));
    writeFileSync(path(name), (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n');
  }

  it('CSV: --resume and --limit 0 keep status, remind, cancel and user columns per row; remind then reminds nobody again', async () => {
    writeSigners(path('signers.csv'), 6);
    expect((await send('--limit', '4')).code).toBe(0);
    expect((await runCli(['status', 'signers.results.csv'], opts())).code).toBe(0);
    expect((await runCli(['remind', 'signers.results.csv', '--yes'], opts())).code).toBe(0);
    expect((await runCli(['cancel', 'signers.results.csv', '--rows', '4', '--yes'], opts())).code).toBe(0);
    addNote('signers.results.csv');
    const before = readResults(path('signers.results.csv'));
    // status, remind and cancel kept each other's columns.
    for (const column of [...FOLLOWUP, 'note']) expect(before.header).toContain(column);

    expect((await send('--resume')).code).toBe(0);
    expect((await send('--resume', '--limit', '0')).code).toBe(0);
    const after = readResults(path('signers.results.csv'));
    expect(after.header).toEqual(before.header);
    for (let i = 0; i < 6; i++) {
      for (const column of [...FOLLOWUP, 'note']) {
        const was = (before.rows[i] as Record<string, string>)[column];
        expect((after.rows[i] as Record<string, string>)[column], `row ${i + 1} ${column}`).toBe(was);
      }
    }
    expect(after.rows.map((r) => r.status)).toEqual(new Array(6).fill('sent'));
    const reminders = emu.state().requests.by_code['1429Q'] ?? 0;
    const remind = await runCli(['remind', 'signers.results.csv', '--yes'], opts());
    expect(remind.code, remind.stderr).toBe(0);
    // Only the two rows sent by the resume are reminded; the four reminded before (one since cancelled) are left alone.
    expect((emu.state().requests.by_code['1429Q'] ?? 0) - reminders).toBe(2);
    expect(remind.stderr).toMatch(/reminded before 4/);
  });

  it('a workbook: the same, across --resume', async () => {
    writeSigners(path('signers.csv'), 4);
    expect((await send('--limit', '2', '--out', 'r.xlsx')).code).toBe(0);
    expect((await runCli(['remind', 'r.xlsx', '--yes'], opts())).code).toBe(0);
    expect((await send('--resume', '--out', 'r.xlsx')).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path('r.xlsx'));
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    expect(header).toContain('reminded_at (UTC)');
    expect(header).toContain('remind_result');
    const at = header.indexOf('remind_result') + 1;
    expect([2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(at).value)).toEqual(['ok', 'ok', null, null]);
    expect(sheet.getRow(2).getCell(header.indexOf('reminded_at (UTC)') + 1).value).toBeInstanceOf(Date);
    expect([2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(header.indexOf('status') + 1).value)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('a row whose contact changed (matched by content) inherits no one else’s follow-up columns', async () => {
    const lines = (emails: string[]) => ['name,email,field:amount', ...emails.map((e, i) => `n${i + 1},${e},${i + 1}`)].join('\n') + '\n';
    writeFileSync(path('signers.csv'), lines(['a@x.co', 'b@x.co', 'c@x.co']));
    expect((await send('--limit', '2')).code).toBe(0);
    expect((await runCli(['remind', 'signers.results.csv', '--yes'], opts())).code).toBe(0);
    // Row 2 is now someone else, at the same row number.
    writeFileSync(path('signers.csv'), lines(['a@x.co', 'z@x.co', 'c@x.co']));
    const r = await send('--resume', '--force');
    expect(r.code, r.stderr).toBe(0);
    const rows = readResults(path('signers.results.csv')).rows as Record<string, string>[];
    expect(rows.map((x) => [x.contact, x.status, x.remind_result])).toEqual([
      ['a@x.co', 'sent', 'ok'],
      ['z@x.co', 'sent', ''],
      ['c@x.co', 'sent', ''],
    ]);
    noneTwiceNoWrongId(rows as unknown as ResultRecord[]);
  });
});
