/**
 * `--sandbox` end to end: the built CLI, no account, each command a process of its
 * own, the sandbox's documents carried from one to the next in the state folder of a
 * temporary HOME. The whole life of a send (send, status, sign, remind, cancel,
 * download, disposal, validate) runs on the same documents; the hints the commands
 * print are run as printed. A real account's settings and token are there all along
 * and never used: the sandbox's emulator accepts only its own token.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatorPdf, type RunningEmulator } from '../../src/emulator/server.js';
import { finished, ROOT, runCli, spawnCli, stateHome, tempDir, type CliOptions, type CliResult } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { countBy, readResults, signersCsv } from '../helpers/signers.js';

const SAMPLE = join(ROOT, 'templates', 'signers.csv');

let dir: { path: string; remove(): void };
/** A HOME with a real-looking account: a stored login and a config naming a real company and server. */
let home: string;

beforeEach(() => {
  dir = tempDir('esb-sandbox-');
  home = join(dir.path, 'home');
  mkdirSync(join(home, '.config', 'esignon-bulk'), { recursive: true });
  writeFileSync(
    join(home, '.config', 'esignon-bulk', 'credentials.json'),
    JSON.stringify({ token: 'real-stored-token', expire_date: '2099-01-01 00:00:00', comp_id: 'acme', memb_email: 'me@acme.example', api_url: 'https://docs.esignon.net' }),
    { mode: 0o600 },
  );
});

afterEach(() => dir.remove());

/** The CLI in the temporary folder, HOME and state folder, with a real token in the environment that must never be sent. */
function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runCli(args, { cwd: dir.path, ...options, env: { HOME: home, ESIGNON_TOKEN: 'real-env-token', ...options.env } });
}

/** The results file's rows with the columns the follow-ups add. */
const followedRows = (file: string) => readResults(join(dir.path, file)).rows as (ReturnType<typeof readResults>['rows'][number] & Record<string, string>)[];

const statePath = (): string => join(stateHome(dir.path), 'esignon-bulk', 'sandbox.json');

/** The command of a hint (`… \`esignon-bulk status x --sandbox\` …`), as arguments to run it with. */
function hint(stderr: string, pattern: RegExp): string[] {
  const line = stderr.split('\n').find((l) => pattern.test(l));
  expect(line, `no hint ${pattern} in:\n${stderr}`).toBeDefined();
  const command = /esignon-bulk ([^`(]+?)(?:`|\s\(|$)/.exec(line!)![1]!.trim();
  expect(command).not.toMatch(/['"\\]/); // these paths need no quoting: split as a shell would
  return command.split(' ');
}

describe('the whole life of a send in the sandbox', () => {
  it('send → status → sign → status → remind → cancel → download → disposal → validate, each a command of its own', async () => {
    // A config for a real account in the folder: the sandbox replaces its account, template and server.
    writeFileSync(
      join(dir.path, 'esignon-bulk.config.json'),
      JSON.stringify({ api_url: 'https://docs.esignon.net', comp_id: 'acme', memb_email: 'me@acme.example', workflow_lib_id: 'ACME-1', doc_id: 'ACME-DOC' }),
    );

    const sent = await cli(['send', SAMPLE, '--sandbox', '--out', 'demo.results.csv']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toContain(`documents kept in ${statePath()}`);
    expect(statSync(statePath()).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateHome(dir.path), 'esignon-bulk')).mode & 0o777).toBe(0o700);
    const ids = readResults(join(dir.path, 'demo.results.csv')).rows.map((r) => r.workflow_id);
    expect(ids).toHaveLength(5);

    // The next step, as printed.
    const statusArgs = hint(sent.stderr, /^next: /);
    expect(statusArgs).toEqual(['status', 'demo.results.csv', '--sandbox']);
    const status = await cli(statusArgs);
    expect(status.code, status.stderr).toBe(0);
    expect(countBy(followedRows('demo.results.csv'), (r) => r.workflow_status!)).toEqual({ Playing: 5 });

    // Nobody signs in the sandbox by themselves: the hint plays the signer of the first row.
    const signArgs = hint(status.stderr, /nobody signs/);
    expect(signArgs).toEqual(['sandbox', 'sign', 'demo.results.csv', '--rows', '1']);
    const signed = await cli(signArgs);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stderr).toMatch(/signed 1 document in the sandbox/);

    const again = await cli([...hint(signed.stderr, /^next: /), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ command: 'status', documents: 5, counts: { Complete: 1, Playing: 4 } });

    // remind: the four still waiting, not the signed one; nothing asked (no terminal, no --yes).
    const reminded = await cli(['remind', 'demo.results.csv', '--sandbox', '--json']);
    expect(reminded.code, reminded.stderr).toBe(0);
    expect(JSON.parse(reminded.stdout)).toMatchObject({ counts: { reminded: 4, not_waiting: 1 } });

    // cancel: the four in progress; the signed one is skipped as complete.
    const cancelled = await cli(['cancel', 'demo.results.csv', '--sandbox', '--json']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ counts: { done: 4, skipped: 1 }, skipped: { complete: 1 } });

    // download: the signed document's PDF and certificate, the emulator's very bytes.
    const downloaded = await cli(['download', 'demo.results.csv', '--sandbox', '--json']);
    expect(downloaded.code, downloaded.stderr).toBe(0);
    expect(JSON.parse(downloaded.stdout)).toMatchObject({ complete: 1, files_downloaded: 2, skipped: { Canceled: 4 } });
    const pdfDir = join(dir.path, 'demo.results-pdf');
    const pdfs = readdirSync(pdfDir).filter((f) => f.endsWith('.pdf')).sort();
    expect(pdfs).toEqual([`1-김민준-${ids[0]}-certificate.pdf`, `1-김민준-${ids[0]}.pdf`]);
    expect(readFileSync(join(pdfDir, pdfs[1]!))).toEqual(emulatorPdf(ids[0]!, 'document'));

    // cancel --disposal: the complete one.
    const disposed = await cli(['cancel', 'demo.results.csv', '--sandbox', '--disposal', '--reason', 'a test of the sandbox', '--json']);
    expect(disposed.code, disposed.stderr).toBe(0);
    expect(JSON.parse(disposed.stdout)).toMatchObject({ counts: { done: 1, skipped: 4 } });
    const last = await cli(['status', 'demo.results.csv', '--sandbox', '--json']);
    expect(JSON.parse(last.stdout)).toMatchObject({ counts: { Disposal: 1, Canceled: 4 } });
    const rows = followedRows('demo.results.csv');
    expect(rows.map((r) => r.workflow_id)).toEqual(ids);
    expect(rows[0]).toMatchObject({ workflow_status: 'Disposal', cancel_result: 'ok: disposal', remind_result: '' });
    expect(rows.slice(1).map((r) => [r.workflow_status, r.canceled_at !== ''])).toEqual(new Array(4).fill(['Canceled', true]));

    // validate --online against the sandbox account: its template and fields, its company's usage.
    const validated = await cli(['validate', SAMPLE, '--sandbox', '--online']);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toContain('online check passed: template SANDBOX-BULK-1');
    expect(validated.stderr).toMatch(/\(100,000,000 bought, 5 used\)/);

    const templates = await cli(['templates', '--sandbox', '--json']);
    expect(templates.code, templates.stderr).toBe(0);
    expect((JSON.parse(templates.stdout) as { templates: { workflow_lib_id: string }[] }).templates.map((x) => x.workflow_lib_id)).toContain(
      SANDBOX.workflow_lib_id,
    );

    // Never in the record of real runs; the real token and login never read into a request (else a 401 above).
    const runs = await cli(['runs', '--json']);
    expect(JSON.parse(runs.stdout)).toMatchObject({ runs: [] });
    for (const r of [sent, status, signed, reminded, cancelled, downloaded, disposed, validated]) {
      expect(r.stderr + r.stdout).not.toMatch(/real-(env|stored)-token|acme/);
    }
  });

  it('offline, validate --sandbox and send --sandbox --dry-run check the sample against the sandbox template; without it, the error says how', async () => {
    for (const args of [['validate', SAMPLE, '--sandbox'], ['send', SAMPLE, '--sandbox', '--dry-run']]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/5 rows: 5 valid/);
    }
    // Offline: no emulator, no state file.
    expect(existsSync(statePath())).toBe(false);

    const plain = await cli(['validate', SAMPLE]);
    expect(plain.code).toBe(3);
    const tryIt = /against the sandbox template: esignon-bulk (.+)$/m.exec(plain.stderr)![1]!.split(' ');
    expect(tryIt).toEqual(['validate', SAMPLE, '--sandbox']);
    expect((await cli(tryIt)).code).toBe(0);
  });

  it('the README quick start twice: the second replaces the first sandbox run\'s results, saying so; a real run\'s are never replaced', async () => {
    const quickStart = ['send', SAMPLE, '--sandbox', '--out', 'demo.results.csv'];
    const first = await cli(quickStart);
    expect(first.code, first.stderr).toBe(0);
    const before = readResults(join(dir.path, 'demo.results.csv')).rows.map((r) => r.workflow_id);
    // A follow-up of the first run left unfinished: its journal goes with the results it belonged to.
    writeFileSync(join(dir.path, 'demo.results.csv.status.journal'), '');

    const second = await cli(quickStart);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`replacing the results of an earlier sandbox run (${join(dir.path, 'demo.results.csv')})`);
    const after = readResults(join(dir.path, 'demo.results.csv')).rows;
    expect(after.every((r) => r.status === 'sent')).toBe(true);
    expect(after.map((r) => r.workflow_id).filter((id) => before.includes(id))).toEqual([]);
    expect(existsSync(join(dir.path, 'demo.results.csv.status.journal'))).toBe(false);
    // The sandbox keeps both runs' documents.
    const status = await cli(['status', 'demo.results.csv', '--sandbox', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ counts: { Playing: 5 } });

    // --resume continues a sandbox run as any other: nothing sent twice.
    const resumed = await cli([...quickStart, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readResults(join(dir.path, 'demo.results.csv')).rows.map((r) => r.workflow_id)).toEqual(after.map((r) => r.workflow_id));

    // Results of a real send (here to a standalone emulator) are not a sandbox run's: refused, left as they were.
    const emu: RunningEmulator = await emulator();
    try {
      const real = await runCli(['send', SAMPLE, '--yes', '--out', 'real.results.csv'], { cwd: dir.path, env: emulatorEnv(emu) });
      expect(real.code, real.stderr).toBe(0);
    } finally {
      await emu.close();
    }
    const realBytes = readFileSync(join(dir.path, 'real.results.csv'));
    const over = await cli(['send', SAMPLE, '--sandbox', '--out', 'real.results.csv']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/already exist/);
    expect(readFileSync(join(dir.path, 'real.results.csv'))).toEqual(realBytes);
  });
});

describe('the README', () => {
  it('its sandbox tour runs as written, each command as the README prints it', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const tour = /```sh\n((?:(?:npx )?esignon-bulk [^\n]*\n)+)```/.exec(readme.slice(readme.indexOf('sandbox keeps its documents between commands')))![1]!;
    const commands = tour
      .trim()
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').replace(/^(npx )?esignon-bulk /, '').split(' '));
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual([
      'send templates/signers.csv',
      'status demo.results.csv',
      'sandbox sign',
      'status demo.results.csv',
      'remind demo.results.csv',
      'download demo.results.csv',
      'cancel demo.results.csv',
      'sandbox reset',
    ]);
    mkdirSync(join(dir.path, 'templates'));
    writeFileSync(join(dir.path, 'templates', 'signers.csv'), readFileSync(SAMPLE));
    const outputs: string[] = [];
    for (const args of commands) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      outputs.push(r.stderr);
    }
    // What the comments say: 1 Complete after the signature, 4 reminded, 2 files, 4 cancelled, 5 forgotten.
    expect(outputs[3]).toMatch(/Playing: 4\b/);
    expect(outputs[3]).toMatch(/Complete: 1\b/);
    expect(outputs[4]).toMatch(/reminded 4\b/);
    expect(outputs[5]).toMatch(/2 files downloaded now/);
    expect(outputs[6]).toMatch(/cancelled 4\b/);
    expect(outputs[7]).toMatch(/forgot its 5 documents/);
  });
});

describe('one sandbox at a time', () => {
  it('a second sandbox command while one runs is refused, saying so, and changes nothing; the first finishes', async () => {
    // A send reading its signers from standard input holds the sandbox until they have all come.
    const first = spawnCli(['send', '-', '--sandbox', '--out', 'piped.results.csv'], {
      cwd: dir.path,
      env: { HOME: home, ESIGNON_TOKEN: 'real-env-token' },
    });
    const done = finished(first);
    const lock = `${statePath()}.lock`;
    for (let i = 0; i < 300 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock)).toBe(true);

    for (const args of [['sandbox', 'reset'], ['templates', '--sandbox'], ['send', SAMPLE, '--sandbox', '--out', 'other.csv']]) {
      const second = await cli(args);
      expect(second.code, args.join(' ')).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`another sandbox command \\(PID ${first.pid}, since .*\\) is using the sandbox: wait for it to finish`));
    }
    expect(existsSync(join(dir.path, 'other.csv'))).toBe(false);

    first.stdin!.end(signersCsv(20));
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    const status = await cli(['status', 'piped.results.csv', '--sandbox', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ documents: 20, counts: { Playing: 20 } });
  });

  it('sandbox reset forgets the documents; a damaged state file is refused with what to do, and reset clears it', async () => {
    expect((await cli(['send', SAMPLE, '--sandbox', '--out', 'demo.results.csv'])).code).toBe(0);
    const reset = await cli(['sandbox', 'reset', '--json']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ command: 'sandbox reset', documents_forgotten: 5 });
    expect(existsSync(statePath())).toBe(false);

    // Forgotten: the results name documents the sandbox no longer has.
    const sign = await cli(['sandbox', 'sign', 'demo.results.csv', '--json']);
    expect(sign.code).toBe(1);
    expect(JSON.parse(sign.stdout)).toMatchObject({ signed: 0, skipped: { not_in_sandbox: 5 } });

    writeFileSync(statePath(), '{"format": "something else"}');
    const damaged = await cli(['status', 'demo.results.csv', '--sandbox']);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`the sandbox's documents cannot be read from ${statePath()}`);
    expect(damaged.stderr).toContain('`esignon-bulk sandbox reset` starts an empty sandbox');
    expect((await cli(['sandbox', 'reset'])).stderr).toContain('damaged state file');
    expect((await cli(['send', SAMPLE, '--sandbox', '--out', 'demo2.results.csv'])).code).toBe(0);
  });

  it('sandbox sign: picked rows only, each document once; a cancelled one cannot be signed (exit 1); missing rows are named', async () => {
    expect((await cli(['send', SAMPLE, '--sandbox', '--out', 'demo.results.csv'])).code).toBe(0);
    expect((await cli(['cancel', 'demo.results.csv', '--sandbox', '--rows', '2'])).code).toBe(0);
    const r = await cli(['sandbox', 'sign', 'demo.results.csv', '--rows', '1-3,9', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ signed: 2, skipped: { Canceled: 1 } });
    expect(r.stderr).toContain('--rows: demo.results.csv has no row 9');
    // Signing what is signed already is what was asked: exit 0.
    const all = await cli(['sandbox', 'sign', 'demo.results.csv', '--rows', '1,3-5', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ signed: 2, skipped: { Complete: 2 } });
    const status = await cli(['status', 'demo.results.csv', '--sandbox', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ counts: { Complete: 4, Canceled: 1 } });
  });
});

describe('init --online', () => {
  it('--sandbox --xlsx: the sheet has the sandbox template\'s fields and sends as it is', async () => {
    const r = await cli(['init', 'starter', '--online', '--sandbox', '--xlsx']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('a column for each of the 4 fields of template document SANDBOX-DOC-1');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir.path, 'starter', 'signers.xlsx'));
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header.filter((h) => String(h).startsWith('field:'))).toEqual(['field:amount', 'field:start_date', 'field:department', 'field:position']);
    // The sandbox's values are not written into the config: a real send must not go to SANDBOX-BULK-1.
    expect(readFileSync(join(dir.path, 'starter', 'esignon-bulk.config.json'), 'utf8')).toContain('your-bulk-template-id');
    const sent = await cli(['send', 'signers.xlsx', '--sandbox', '--out', 'r.csv'], { cwd: join(dir.path, 'starter') });
    expect(sent.code, sent.stderr).toBe(0);
    expect(countBy(readResults(join(dir.path, 'starter', 'r.csv')).rows, (x) => x.status)).toEqual({ sent: 5 });
  });

  it('against an account: the columns of its template (kept, added, dropped), the config naming it; validate --online passes', async () => {
    const emu = await emulator();
    try {
      const env = { ...emulatorEnv(emu), ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-2', ESIGNON_DOC_ID: undefined };
      for (const lang of ['en', 'ko'] as const) {
        const r = await runCli(['init', lang, '--online', '--lang', lang], { cwd: dir.path, env });
        expect(r.code, r.stderr).toBe(0);
        const csv = readFileSync(join(dir.path, lang, 'signers.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
        const config = JSON.parse(readFileSync(join(dir.path, lang, 'esignon-bulk.config.json'), 'utf8')) as Record<string, unknown>;
        expect(config).toMatchObject({ api_url: emu.url, comp_id: SANDBOX.comp_id, memb_email: SANDBOX.memb_email, workflow_lib_id: 'SANDBOX-BULK-2', doc_id: 'SANDBOX-DOC-2' });
        if (lang === 'en') {
          // start_date was the sample's (its values kept); salary, end_date, manager_note are new; amount, department, position dropped.
          expect(csv[0]).toBe('name,email,language,enable_mobile_cert,mobile_number,field:salary,field:start_date,field:end_date,field:manager_note');
          expect(csv[1]).toBe('김민준,minjun.kim@example.com,ko,n,,,2027-01-04,,');
        } else {
          expect(csv[0]).toBe('이름,연락처,언어,휴대폰인증,휴대폰,field:salary,입사일,field:end_date,field:manager_note');
          expect(config.fields).toEqual([{ column: '입사일', field_name: 'start_date' }]);
        }
        const v = await runCli(['validate', 'signers.csv', '--online'], { cwd: join(dir.path, lang), env: { ESIGNON_TOKEN: SANDBOX.token } });
        expect(v.code, v.stderr).toBe(0);
        expect(v.stderr).toMatch(lang === 'en' ? /online check passed: template SANDBOX-BULK-2 .* has all 4 mapped fields/ : /SANDBOX-BULK-2/);
      }

      // A "2단계 C" template: its fields, and a warning that customer B needs columns of its own.
      const c = await runCli(['init', 'c', '--online', '--workflow-lib-id', 'SANDBOX-BULK-C'], { cwd: dir.path, env: emulatorEnv(emu, { ESIGNON_DOC_ID: undefined }) });
      expect(c.code, c.stderr).toBe(0);
      expect(readFileSync(join(dir.path, 'c', 'signers.csv'), 'utf8')).toMatch(/field:amount,field:due_date,field:guarantor_address\r?\n/);
      expect(c.stderr).toContain('"2단계 C"');

      // No template to read: said before anything is written.
      const none = await runCli(['init', 'none', '--online'], { cwd: dir.path, env: emulatorEnv(emu, { ESIGNON_WORKFLOW_LIB_ID: undefined, ESIGNON_DOC_ID: undefined }) });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('--online needs the template to read');
      expect(existsSync(join(dir.path, 'none'))).toBe(false);
    } finally {
      await emu.close();
    }
  });
});
