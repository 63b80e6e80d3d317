/**
 * The core pipeline end to end: the built CLI against the emulator on a free port,
 * no terminal, NO_COLOR. Each test checks the exit code, the output, the results
 * file and what the emulator received.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { countBy, readResults, signerEmail, writeSigners } from '../helpers/signers.js';

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

const send = (args: string[], extraEnv: Record<string, string | undefined> = {}, input?: string) =>
  runCli(['send', ...args], { cwd: dir.path, env: emulatorEnv(emu, extraEnv), input });

describe('send', () => {
  it('sends 1,000 rows in batches of 50, each contact exactly once, every id in the results', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 1000);
    const r = await send(['signers.csv', '--yes', '--batch-size', '50', '--concurrency', '4']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');

    const state = emu.state();
    expect(bulkRequests(emu)).toBe(20);
    expect(state.documents).toHaveLength(1000);
    expect(Object.values(state.per_contact).every((n) => n === 1)).toBe(true);

    const results = readResults(join(dir.path, 'signers.results.csv'));
    expect(results.bom).toBe(true);
    expect(results.header).toEqual(['row', 'line', 'name', 'contact', 'status', 'workflow_id', 'token', 'result', 'result_code', 'message', 'batch', 'session_id', 'sent_at']);
    expect(results.rows).toHaveLength(1000);
    expect(results.rows.map((r) => Number(r.row))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(results.rows[0]!.line).toBe('2');
    expect(countBy(results.rows, (r) => r.status)).toEqual({ sent: 1000 });
    const serverIds = new Set(state.documents.map((d) => d.workflow_id));
    for (const row of results.rows) {
      expect(serverIds.has(row.workflow_id)).toBe(true);
      expect(row.token).not.toBe('');
    }
    // Row i's document went to signer i.
    const byId = new Map(state.documents.map((d) => [d.workflow_id, d]));
    expect(byId.get(results.rows[499]!.workflow_id)!.contact).toBe(signerEmail(500));
    expect(new Set(results.rows.map((r) => r.session_id)).size).toBe(20);
  });

  it('sends nothing when a row is invalid, and names every bad line (exit 3)', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5, ['홍길동,not-an-email,ko,1', ',someone@example.com,ko,2', '김철수,010-12-5678,ko,3']);
    const r = await send(['signers.csv', '--yes']);
    expect(r.code).toBe(3);
    expect(bulkRequests(emu)).toBe(0);
    expect(r.stderr).toContain('line 7');
    expect(r.stderr).toContain('line 8');
    expect(r.stderr).toContain('line 9');
    expect(r.stderr).toContain('not-an-email');
    expect(existsSync(join(dir.path, 'signers.results.csv'))).toBe(false);
  });

  it('--skip-invalid sends the valid rows and records the others as invalid', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3, ['홍길동,not-an-email,ko,1', '김철수,signer1@example.com,ko,2']);
    const r = await send(['signers.csv', '--yes', '--skip-invalid']);
    expect(r.code).toBe(0);
    expect(emu.state().documents).toHaveLength(3);
    const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
    expect(rows.map((x) => x.status)).toEqual(['sent', 'sent', 'sent', 'invalid', 'skipped_duplicate']);
    expect(rows[3]!.message).toMatch(/not-an-email/);
    expect(rows[4]!.message).toMatch(/line 2/);
  });

  it.each([
    { name: '13 (document quota)', faults: { quota: 100 }, code: '13', sent: 100 },
    { name: '14 (expired)', faults: { expired: true }, code: '14', sent: 0 },
  ])('stops the run on $name: sent rows stay sent, the rest not_sent, exit 4', async ({ faults, code, sent }) => {
    emu.setFaults(faults);
    writeSigners(join(dir.path, 'signers.csv'), 300);
    // Without the pre-flight, which would refuse the run before the first batch (see below).
    const r = await send(['signers.csv', '--yes', '--concurrency', '1', '--no-preflight']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(code);
    const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
    expect(countBy(rows, (x) => x.status)).toEqual(sent ? { sent, not_sent: 300 - sent } : { not_sent: 300 });
    expect(emu.state().documents).toHaveLength(sent);
    // No batch left after the stop: the refused one was the last request.
    expect(bulkRequests(emu)).toBe(sent / 50 + 1);
  });

  it('stops on 10 (unknown template) and on -1 (a field the template does not have) when the pre-flight is skipped', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 10);
    const r10 = await send(['signers.csv', '--yes', '--no-preflight', '--workflow-lib-id', 'NO-SUCH-TEMPLATE', '--out', 'r10.csv']);
    expect(r10.code).toBe(4);
    expect(r10.stderr).toMatch(/templates/);
    expect(countBy(readResults(join(dir.path, 'r10.csv')).rows, (x) => x.status)).toEqual({ not_sent: 10 });

    writeFileSync(join(dir.path, 'bad-field.csv'), 'name,email,field:no_such_field\n홍길동,hong@example.com,1\n');
    const r1 = await send(['bad-field.csv', '--yes', '--no-preflight']);
    expect(r1.code).toBe(4);
    expect(r1.stderr).toContain('-1');
    expect(emu.state().documents).toHaveLength(0);
  });

  it('a batch answered 11 is failed; the other batches are sent (exit 1)', async () => {
    emu.setFaults({ fail_requests: [2] });
    writeSigners(join(dir.path, 'signers.csv'), 150);
    const r = await send(['signers.csv', '--yes', '--concurrency', '1']);
    expect(r.code).toBe(1);
    const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: 100, failed: 50 });
    expect(rows.slice(50, 100).every((x) => x.status === 'failed' && x.result_code === '11')).toBe(true);
    expect(r.stderr).toMatch(/--retry-failed/);
  });

  it('--json prints one JSON document on stdout and nothing else', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 7);
    const r = await send(['signers.csv', '--yes', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { exit_code: number; counts: Record<string, number>; results: string };
    expect(doc.exit_code).toBe(0);
    expect(doc.counts.sent).toBe(7);
    expect(doc.results).toBe(join(dir.path, 'signers.results.csv'));
  });

  it('never lets the token or a document password reach an output or a file', async () => {
    const secretPassword = 'Pa55-zebra-7781';
    writeFileSync(
      join(dir.path, 'signers.csv'),
      'name,email,enable_password_cert,password,password_hint\n' +
        `홍길동,hong@example.com,y,${secretPassword},생일\n` +
        `김영희,kim@example.com,y,${secretPassword}x,생일\n` +
        `박민수,park@example.com,y,,생일\n`,
    );
    const validate = await runCli(['validate', 'signers.csv', '--verbose', '--json'], { cwd: dir.path, env: emulatorEnv(emu) });
    expect(validate.code).toBe(3); // the third row has no password
    const r = await send(['signers.csv', '--yes', '--verbose', '--skip-invalid']);
    expect(r.code).toBe(0);
    expect(emu.state().documents).toHaveLength(2);
    const outputs = [validate.stdout, validate.stderr, r.stdout, r.stderr];
    for (const file of readdirSync(dir.path)) {
      if (file !== 'signers.csv') outputs.push(readFileSync(join(dir.path, file), 'utf8'));
    }
    expect(outputs.length).toBeGreaterThanOrEqual(6); // results file and journal among them
    for (const text of outputs) {
      expect(text).not.toContain(secretPassword);
      expect(text).not.toContain(SANDBOX.token);
    }
    expect(r.stderr).toContain('1410Q'); // --verbose did log the requests
  });

  it('refuses to send without --yes when standard input is not a terminal (exit 2)', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const r = await send(['signers.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(bulkRequests(emu)).toBe(0);
  });

  it('refuses to overwrite an existing results file (exit 2)', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    writeFileSync(join(dir.path, 'signers.results.csv'), 'precious\n');
    const r = await send(['signers.csv', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume');
    expect(readFileSync(join(dir.path, 'signers.results.csv'), 'utf8')).toBe('precious\n');
    expect(bulkRequests(emu)).toBe(0);
  });

  it('neutralises formulas in the results file', async () => {
    writeFileSync(join(dir.path, 'signers.csv'), 'name,email\n"=HYPERLINK(""x"")",formula@example.com\n');
    const r = await send(['signers.csv', '--yes']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir.path, 'signers.results.csv'), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('send options', () => {
  it('--limit N sends the first N valid rows; the rest are not_sent and go on resume', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 12);
    const r = await send(['signers.csv', '--yes', '--limit', '3']);
    expect(r.code).toBe(0);
    const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
    expect(rows.map((x) => x.status)).toEqual([...Array(3).fill('sent'), ...Array(9).fill('not_sent')]);
    expect(rows[3]!.message).toContain('--limit 3');
    expect(emu.state().documents).toHaveLength(3);
    expect((await send(['signers.csv', '--yes', '--resume'])).code).toBe(0);
    expect(emu.state().documents).toHaveLength(12);
  });

  it('--allow-duplicates sends both rows of a contact', async () => {
    writeFileSync(join(dir.path, 'signers.csv'), 'name,email\n홍길동,same@example.com\n홍길동,SAME@example.com\n');
    expect((await send(['signers.csv', '--yes'])).code).toBe(3);
    const r = await send(['signers.csv', '--yes', '--allow-duplicates']);
    expect(r.code).toBe(0);
    expect(emu.state().per_contact['same@example.com']).toBe(2);
  });

  it('--dry-run sends nothing and writes nothing; --preview shows the first request', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    const plain = await send(['signers.csv', '--dry-run']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('"unset_player_list"');
    expect((await send(['signers.csv', '--preview'])).code).toBe(2);
    const r = await send(['signers.csv', '--dry-run', '--preview']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"unset_player_list"');
    expect(r.stderr).toContain('esignon ***');
    expect(bulkRequests(emu)).toBe(0);
    expect(existsSync(join(dir.path, 'signers.results.csv'))).toBe(false);
  });

  it('reads the CSV from standard input with - (and then needs --out)', async () => {
    const csv = 'name,email\n홍길동,hong@example.com\n';
    expect((await send(['-', '--yes'], {}, csv)).code).toBe(2);
    const r = await send(['-', '--yes', '--out', 'stdin.results.csv'], {}, csv);
    expect(r.code).toBe(0);
    expect(readResults(join(dir.path, 'stdin.results.csv')).rows[0]!.name).toBe('홍길동');
  });

  it('--quiet prints nothing but errors; --no-bom leaves the BOM out', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const r = await send(['signers.csv', '--yes', '--quiet', '--no-bom']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readResults(join(dir.path, 'signers.results.csv')).bom).toBe(false);
  });
});

describe('init', () => {
  it('writes the starter files, refuses to overwrite them, and --force replaces them', async () => {
    const first = await runCli(['init', 'starter'], { cwd: dir.path });
    expect(first.code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir.path, 'starter', 'esignon-bulk.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.workflow_lib_id).toBeDefined();
    writeFileSync(join(dir.path, 'starter', 'signers.csv'), 'mine\n');
    const again = await runCli(['init', 'starter'], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(readFileSync(join(dir.path, 'starter', 'signers.csv'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', 'starter', '--force'], { cwd: dir.path })).code).toBe(0);
    expect(readFileSync(join(dir.path, 'starter', 'signers.csv'), 'utf8')).toContain('김민준');
    // The starter files work as they are against the sandbox.
    const sent = await runCli(['send', 'signers.csv', '--sandbox'], { cwd: join(dir.path, 'starter') });
    expect(sent.code, sent.stderr).toBe(0);
  });

  it('writes the Korean pair when messages are Korean, with a BOM so that Korean Excel opens it by double click', async () => {
    const r = await runCli(['init', 'ko'], { cwd: dir.path, env: { LANG: 'ko_KR.UTF-8' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('만든 파일');
    const bytes = readFileSync(join(dir.path, 'ko', 'signers.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The contact column holds emails and mobile numbers: it is named for both.
    const lines = bytes.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toMatch(/^이름,연락처,/);
    const contacts = lines.slice(1).map((l) => l.split(',')[1]!);
    expect(contacts.some((c) => c.includes('@'))).toBe(true);
    expect(contacts.some((c) => /^[+\d][\d -]+$/.test(c))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir.path, 'ko', 'esignon-bulk.config.json'), 'utf8')) as { columns: Record<string, string> };
    expect(config.columns.email).toBe('연락처');
    const english = await runCli(['init', 'en'], { cwd: dir.path });
    expect([...readFileSync(join(dir.path, 'en', 'signers.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(english.code).toBe(0);
  });
});

describe('the README quick start', () => {
  it('sends the starter CSV to the in-process sandbox with no account', async () => {
    const r = await runCli(['send', join(ROOT, 'templates', 'signers.csv'), '--sandbox', '--out', join(dir.path, 'demo.results.csv')], {
      cwd: dir.path,
    });
    expect(r.stderr).toContain('sandbox');
    expect(r.code).toBe(0);
    const rows = readResults(join(dir.path, 'demo.results.csv')).rows;
    expect(rows).toHaveLength(5);
    expect(rows.every((x) => x.status === 'sent' && x.workflow_id !== '')).toBe(true);
    expect(rows[0]!.name).toBe('김민준');
    expect(rows[1]!.contact).toBe('01023456789');
  });
});
