/**
 * A newcomer's path through the built command line: `init`'s example values refused
 * with the line to edit, the pilot and the next steps a send prints, the follow-ups.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator } from '../helpers/emulator.js';
import { plainText, runInPty } from '../helpers/pty.js';
import { writeSigners } from '../helpers/signers.js';

let dir: { path: string; remove(): void };
let emu: RunningEmulator;
beforeEach(async () => {
  dir = tempDir();
  emu = await emulator();
});
afterEach(async () => {
  await emu.close();
  dir.remove();
});

/** `esignon-bulk init` in `lang`; returns the folder. */
async function init(lang: string, name = 'my-send'): Promise<string> {
  const r = await runCli(['init', name], { cwd: dir.path, env: { LANG: lang } });
  expect(r.code, r.stderr).toBe(0);
  return join(dir.path, name);
}

describe("init's example values", () => {
  it.each(['C', 'ko_KR.UTF-8'])('are refused by validate, send, login and templates with the line to edit; --sandbox replaces them (LANG=%s)', async (lang) => {
    const folder = await init(lang);
    const env = { LANG: lang, ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_PASSWORD: 'secret' };
    const lines = (stderr: string) => stderr.split('\n').filter((l) => /^ {2,}esignon-bulk\.config\.json:\d+: /.test(l)).map((l) => l.trim().replace(/ ".*$/, ''));
    const all = ['esignon-bulk.config.json:2: comp_id', 'esignon-bulk.config.json:3: memb_email', 'esignon-bulk.config.json:4: workflow_lib_id', 'esignon-bulk.config.json:5: doc_id'];

    for (const args of [['validate', 'signers.csv'], ['validate', 'signers.csv', '--online'], ['send', 'signers.csv', '--yes'], ['send', 'signers.csv', '--dry-run']]) {
      const r = await runCli(args, { cwd: folder, env });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toEqual(all);
    }
    for (const args of [['templates'], ['login', '--client-id', 'x']]) {
      const r = await runCli(args, { cwd: folder, env });
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toEqual(all.slice(0, 2));
    }
    expect(emu.state().requests.total ?? 0).toBe(0);

    // The pointer is right: with the four lines edited, the send goes through.
    const sandbox = await runCli(['send', 'signers.csv', '--sandbox'], { cwd: folder, env });
    expect(sandbox.code, sandbox.stderr).toBe(0);
    const remind = await runCli(['remind', 'signers.results.csv', '--yes'], { cwd: folder, env });
    expect(remind.code, remind.stderr).toBe(2);
    expect(lines(remind.stderr)).toEqual(all.slice(0, 2));

    const config = join(folder, 'esignon-bulk.config.json');
    const edited = readFileSync(config, 'utf8')
      .split('\n')
      .map((line, i) =>
        i === 1 ? line.replace(/: ".*"/, ': "sandbox"')
        : i === 2 ? line.replace(/: ".*"/, ': "sender@sandbox.esignon.test"')
        : i === 3 ? line.replace(/: ".*"/, ': "SANDBOX-BULK-1"')
        : i === 4 ? line.replace(/: ".*"/, ': "SANDBOX-DOC-1"')
        : line,
      )
      .join('\n');
    writeFileSync(config, edited);
    const sent = await runCli(['send', 'signers.csv', '--yes', '--out', 'real.results.csv'], { cwd: folder, env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(emu.state().documents).toHaveLength(5);
  });
});

describe('validate at a terminal', () => {
  /** The lines a terminal shows, blank ones dropped. */
  const screen = (output: string) => plainText(output).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');

  it.each(['validate', 'send --dry-run'])('%s: the one bad row of 5,000 first and last, the preview only with --preview', async (typed) => {
    const command = typed.split(' ');
    writeSigners(join(dir.path, 'signers.csv'), 5000);
    const csv = readFileSync(join(dir.path, 'signers.csv'), 'utf8').replace('signer2345@example.com', 'signer2345@');
    writeFileSync(join(dir.path, 'signers.csv'), csv);
    const problem = 'line 2346, column email: "signer2345@" is not a valid email address';

    const r = await runInPty([...command, 'signers.csv', '--doc-id', 'D1'], { cwd: dir.path, cols: 80 });
    expect(r.exit_code, plainText(r.output)).toBe(3);
    const lines = screen(r.output);
    expect(lines[0]).toBe(problem);
    expect(lines.at(-1)).toBe(`  ${problem}`);
    expect(lines.at(-2)).toMatch(/^1 row has problems; .*--skip-invalid.*The problem:$/);
    expect(lines).toHaveLength(4);
    expect(r.output).not.toContain('unset_player_list');

    const preview = await runInPty([...command, 'signers.csv', '--doc-id', 'D1', '--preview'], { cwd: dir.path, cols: 80 });
    const shown = screen(preview.output);
    expect(shown[0]).toBe(problem);
    expect(shown.at(-1)).toBe(`  ${problem}`);
    const request = shown.findIndex((l) => l.startsWith('First request'));
    expect(request).toBeGreaterThan(0);
    expect(shown.findIndex((l) => l.includes('unset_player_list'))).toBeGreaterThan(request);
    expect(shown.findIndex((l) => l.startsWith('5000 rows:'))).toBeGreaterThan(request);
  });

  it('shows the first five problems at the end, and how many more are above; a send refused for them too', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 100);
    let csv = readFileSync(join(dir.path, 'signers.csv'), 'utf8');
    for (const i of [10, 20, 30, 40, 50, 60, 70]) csv = csv.replace(`signer${i}@example.com`, `signer${i}@`);
    writeFileSync(join(dir.path, 'signers.csv'), csv);
    const r = await runInPty(['validate', 'signers.csv', '--doc-id', 'D1'], { cwd: dir.path, cols: 80 });
    const lines = screen(r.output);
    expect(lines.slice(-7)).toEqual([
      expect.stringMatching(/^7 rows have problems; .*The first 5:$/),
      '  line 11, column email: "signer10@" is not a valid email address',
      '  line 21, column email: "signer20@" is not a valid email address',
      '  line 31, column email: "signer30@" is not a valid email address',
      '  line 41, column email: "signer40@" is not a valid email address',
      '  line 51, column email: "signer50@" is not a valid email address',
      '  … and 2 more problems, listed above',
    ]);

    const send = await runCli(['send', 'signers.csv', '--sandbox'], { cwd: dir.path, env: { LANG: 'ko_KR.UTF-8' } });
    expect(send.code).toBe(3);
    const end = send.stderr.trimEnd().split('\n').slice(-8);
    expect(end[0]).toMatch(/^오류: 7개 행에 문제가 있습니다\. .*처음 5건:$/);
    expect(end[1]).toMatch(/^ {2}11행, email 열: /);
    expect(end[6]).toBe('  … 그 밖에 문제 2건 (위 목록)');
    expect(end[7]).toContain('--skip-invalid');
  });
});

describe('progress without a terminal (a CI log)', () => {
  /** Progress lines: `batch n/N …` of send, `…: n/N` of the follow-ups. */
  const progressLines = (stderr: string, total: number) => stderr.split('\n').filter((l) => new RegExp(`\\b\\d+/${total}\\b`).test(l));

  it('is a line at the start, one every five seconds and one at the end, not one a batch', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 1000);
    const started = Date.now();
    const r = await runCli(['send', 'signers.csv', '--sandbox', '--batch-size', '1'], { cwd: dir.path, timeoutMs: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sending 1000 signers in 1000 batches\n');
    const lines = progressLines(r.stderr, 1000);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 1);
    expect(lines.at(-1)).toBe('batch 1000/1000: 1000 sent, 0 failed');
    expect(r.stderr.split('\n').length).toBeLessThan(20);
  });

  it('of status is paced the same way', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 600);
    const opts = { cwd: dir.path, env: { ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_COMP_ID: 'sandbox', ESIGNON_MEMB_EMAIL: 'sender@sandbox.esignon.test', ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-1', ESIGNON_DOC_ID: 'SANDBOX-DOC-1' } };
    expect((await runCli(['send', 'signers.csv', '--yes', '--batch-size', '100'], opts)).code).toBe(0);
    // Without the template, status looks every document up by itself: the paced loop.
    const { ESIGNON_WORKFLOW_LIB_ID: _template, ...lookups } = opts.env;
    const started = Date.now();
    const r = await runCli(['status', 'signers.results.csv'], { ...opts, env: lookups });
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const lines = progressLines(r.stderr, 600);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 1);
    expect(lines.at(-1)).toMatch(/: 600\/600$/);
  });
});

describe('the next steps a send prints', () => {
  it('after a pilot: the command that sends the rest, which (typed at a terminal) sends them; then the status command, which runs as printed', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 12);
    // The account from a config file of another name: the hints must carry --config.
    writeFileSync(
      join(dir.path, 'account.json'),
      JSON.stringify({ api_url: emu.url, comp_id: 'sandbox', memb_email: 'sender@sandbox.esignon.test', workflow_lib_id: 'SANDBOX-BULK-1', doc_id: 'SANDBOX-DOC-1' }),
    );
    const env = { ESIGNON_TOKEN: 'sandbox-token' };
    const pilot = await runCli(['send', 'signers.csv', '--config', 'account.json', '--limit', '5', '--yes'], { cwd: dir.path, env });
    expect(pilot.code, pilot.stderr).toBe(0);
    expect(pilot.stderr).not.toContain('esignon-bulk status');
    const rest = /send the rest \(nothing is sent twice\): (esignon-bulk .*)$/m.exec(pilot.stderr)?.[1];
    expect(rest).toBe('esignon-bulk send signers.csv --config account.json --resume');

    const typed = await runInPty(rest!.split(' ').slice(1), { cwd: dir.path, env, steps: [{ wait_for: '\\[y/N\\] ' }, { write: 'y\r' }] });
    expect(typed.exit_code, plainText(typed.output)).toBe(0);
    expect(emu.state().documents).toHaveLength(12);
    const status = /see who has signed with (esignon-bulk .*?) \(run it/.exec(plainText(typed.output))?.[1];
    expect(status).toBe('esignon-bulk status signers.results.csv --config account.json');

    const looked = await runCli(status!.split(' ').slice(1), { cwd: dir.path, env });
    expect(looked.code, looked.stderr).toBe(0);
    expect(readFileSync(join(dir.path, 'signers.results.csv'), 'utf8')).toContain('workflow_status');
  });

  it('in Korean too; a sandbox send suggests the sandbox status', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 4);
    const ko = await runCli(['send', 'signers.csv', '--sandbox', '--limit', '2'], { cwd: dir.path, env: { LANG: 'ko_KR.UTF-8' } });
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stderr).toContain('나머지를 보내세요 (중복 발송 없음): esignon-bulk send signers.csv --sandbox --resume');
    const rest = await runCli(['send', 'signers.csv', '--sandbox', '--resume'], { cwd: dir.path });
    expect(rest.code).toBe(0);
    expect(rest.stderr).not.toMatch(/the rest/);
    expect(rest.stderr).toContain('see who has signed with esignon-bulk status signers.results.csv --sandbox');
  });
});

describe('templates at a narrow terminal', () => {
  const env = () => ({ ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_COMP_ID: 'sandbox', ESIGNON_MEMB_EMAIL: 'sender@sandbox.esignon.test' });

  it.each(['C', 'ko_KR.UTF-8'])('falls back to one template a block at 40 columns, every line within them (LANG=%s)', async (lang) => {
    const narrow = await runInPty(['templates', '--all'], { cwd: dir.path, cols: 40, env: { ...env(), LANG: lang } });
    expect(narrow.exit_code, plainText(narrow.output)).toBe(0);
    // The table's lines (stdout); the hint after it (stderr) is a sentence the terminal wraps.
    const lines = plainText(narrow.output).split('\n').filter((l) => !l.includes('esignon-bulk.config.json'));
    const wide = (l: string) => [...l].reduce((n, c) => n + (/[\u1100-\u115f\u3000-\u9fff\uac00-\ud7a3\uff00-\uff60]/.test(c) ? 2 : 1), 0);
    expect(lines.filter((l) => wide(l) > 40), plainText(narrow.output)).toEqual([]);
    expect(lines).toContain('  workflow_lib_id  SANDBOX-BULK-1');
    expect(lines).toContain('  workflow_lib_id  SANDBOX-BULK-2');

    // Wide enough: the table, one line a template.
    const table = await runInPty(['templates', '--all'], { cwd: dir.path, cols: 160, env: { ...env(), LANG: lang } });
    const rows = plainText(table.output).split('\n').filter((l) => /SANDBOX-BULK-\d/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((l) => !l.startsWith('  workflow_lib_id'))).toBe(true);
  });
});

describe('the cheap refusals first', () => {
  it('"results already exist" comes before the online check and before the rows are read', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    writeFileSync(join(dir.path, 'signers.results.csv'), 'an earlier run\n');
    const env = { ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_COMP_ID: 'sandbox', ESIGNON_MEMB_EMAIL: 'sender@sandbox.esignon.test', ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-1', ESIGNON_DOC_ID: 'SANDBOX-DOC-1' };
    const r = await runCli(['send', 'signers.csv', '--yes'], { cwd: dir.path, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/signers\.results\.csv already exists/);
    expect(r.stderr).not.toMatch(/online check/);
    expect(emu.state().requests.total ?? 0).toBe(0);
    // Also before the input is read: a missing input is not what it reports.
    const missing = await runCli(['send', 'nowhere.csv', '--yes', '--out', 'signers.results.csv'], { cwd: dir.path, env });
    expect(missing.stderr).toMatch(/already exists/);
    // --resume without its journal is refused as early.
    const resume = await runCli(['send', 'signers.csv', '--yes', '--resume'], { cwd: dir.path, env });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/journal .* does not/);
    expect(emu.state().requests.total ?? 0).toBe(0);
  });
});

describe('cancel at a terminal', () => {
  it('without --rows or --filter asks about ALL the documents, naming how many; with --rows only those', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const env = { ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_COMP_ID: 'sandbox', ESIGNON_MEMB_EMAIL: 'sender@sandbox.esignon.test', ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-1', ESIGNON_DOC_ID: 'SANDBOX-DOC-1' };
    expect((await runCli(['send', 'signers.csv', '--yes'], { cwd: dir.path, env })).code).toBe(0);
    const canceled = () => emu.state().by_status.Canceled ?? 0;

    const all = await runInPty(['cancel', 'signers.results.csv'], { cwd: dir.path, env, steps: [{ wait_for: '\\[y/N\\] ' }, { write: 'n\r' }] });
    expect(plainText(all.output)).toMatch(/Cancel ALL documents in progress of signers\.results\.csv \(no --rows or --filter given\), up to 3 documents,/);
    expect(canceled()).toBe(0);

    const ko = await runInPty(['cancel', 'signers.results.csv'], { cwd: dir.path, env: { ...env, LANG: 'ko_KR.UTF-8' }, steps: [{ wait_for: '\\[y/N\\] ' }, { write: 'n\r' }] });
    expect(plainText(ko.output)).toContain('signers.results.csv의 진행 중인 문서를 모두(최대 3건) 취소할까요?');

    const one = await runInPty(['cancel', 'signers.results.csv', '--rows', '2'], { cwd: dir.path, env, steps: [{ wait_for: '\\[y/N\\] ' }, { write: 'y\r' }] });
    expect(one.exit_code, plainText(one.output)).toBe(0);
    expect(plainText(one.output)).toMatch(/Cancel up to 1 document in progress as /);
    expect(plainText(one.output)).not.toContain('ALL');
    expect(canceled()).toBe(1);
  });
});
