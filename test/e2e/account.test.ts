/**
 * The account side and the follow-ups, through the built CLI against the emulator:
 * login (stored 0600 / --print / wrong password), token expiry warnings, templates,
 * validate --online, and send → status → remind → cancel, each follow-up also
 * interrupted (SIGINT, SIGKILL) mid-run and re-run without doing anything twice.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, runCli, spawnCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { readResults, writeSigners } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
  dir = tempDir('esb-account-');
});
afterEach(() => dir.remove());

const cfgHome = () => join(dir.path, 'config');
const credentials = () => join(cfgHome(), 'esignon-bulk', 'credentials.json');

/** The emulator's settings, a private config folder, and ESIGNON_TOKEN unless overridden. */
const opts = (extra: Record<string, string | undefined> = {}, input?: string): CliOptions => ({
  cwd: dir.path,
  env: emulatorEnv(emu, { ESIGNON_CLIENT_ID: SANDBOX.client_id, XDG_CONFIG_HOME: cfgHome(), ...extra }),
  ...(input === undefined ? {} : { input }),
});
const cli = (args: string[], extra: Record<string, string | undefined> = {}, input?: string) => runCli(args, opts(extra, input));
const noToken = { ESIGNON_TOKEN: undefined };
const json = <T = Record<string, unknown>>(stdout: string): T => JSON.parse(stdout) as T;
const requests = (code: string): number => emu.state().requests.by_code[code] ?? 0;

function writeCredentials(expireInMs: number, token: string = SANDBOX.token): void {
  // eSignon writes dates in Korean time, `YYYY-MM-DD HH:mm:ss`.
  const kst = new Date(Date.now() + expireInMs + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  mkdirSync(join(cfgHome(), 'esignon-bulk'), { recursive: true, mode: 0o700 });
  writeFileSync(
    credentials(),
    JSON.stringify({ token, expire_date: kst, comp_id: SANDBOX.comp_id, memb_email: SANDBOX.memb_email, api_url: emu.url, saved_at: new Date().toISOString() }),
    { mode: 0o600 },
  );
}

// =================================================================== login and the token

describe('login', () => {
  it('stores the token 0600 in a 0700 folder, and later commands use it without ESIGNON_TOKEN', async () => {
    const r = await cli(['login'], { ...noToken, ESIGNON_PASSWORD: SANDBOX.password });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(join(cfgHome(), 'esignon-bulk')).mode & 0o777).toBe(0o700);
    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(credentials(), 'utf8')) as { token: string; expire_date: string; api_url: string };
    expect(emu.account.tokens).toContain(stored.token);
    expect(stored.token).not.toBe(SANDBOX.token);
    expect(stored.api_url).toBe(emu.url);
    expect(r.stderr).not.toContain(stored.token);
    expect(r.stderr).not.toContain(SANDBOX.password);

    // Only the stored token can make this work: no ESIGNON_TOKEN, no token file.
    emu.account.tokens.splice(emu.account.tokens.indexOf(SANDBOX.token), 1);
    try {
      const list = await cli(['templates'], noToken);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain(SANDBOX.workflow_lib_id);
      expect(list.stderr).not.toMatch(/expire/);
    } finally {
      emu.account.tokens.push(SANDBOX.token);
    }
  });

  it('--print writes only the token to stdout and stores nothing; the password may come from --password-file -', async () => {
    const r = await cli(['login', '--print', '--password-file', '-'], noToken, `${SANDBOX.password}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    expect(emu.account.tokens).toContain(r.stdout.trim());
    expect(r.stderr).not.toContain(r.stdout.trim());
    expect(existsSync(credentials())).toBe(false);
  });

  it('a wrong password is a clear error (exit 4) naming what to check; nothing stored, the password never echoed', async () => {
    const r = await cli(['login'], { ...noToken, ESIGNON_PASSWORD: 'not-the-password-42' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('login failed for sender@sandbox.esignon.test');
    expect(r.stderr).toMatch(/check the password \(from ESIGNON_PASSWORD\)/);
    expect(r.stderr).not.toContain('not-the-password-42');
    expect(existsSync(credentials())).toBe(false);
  });

  it('without a password and without a terminal it says where a password can come from (exit 2)', async () => {
    const r = await cli(['login'], { ...noToken, ESIGNON_PASSWORD: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ESIGNON_PASSWORD');
    expect(r.stderr).toContain('--password-file');
  });

  it('warns when the stored token expires within 3 days, says to log in when it has expired or is refused', async () => {
    writeCredentials(2 * 86_400_000);
    const soon = await cli(['templates'], noToken);
    expect(soon.code, soon.stderr).toBe(0);
    expect(soon.stderr).toMatch(/expires on .* \(in (1 day|2 days)\): run `esignon-bulk login`/);

    writeCredentials(10 * 86_400_000);
    const fine = await cli(['templates'], noToken);
    expect(fine.stderr).not.toMatch(/expire/);

    writeCredentials(-3_600_000);
    emu.setFaults({ reject_tokens: true });
    const expired = await cli(['templates'], noToken);
    expect(expired.code).toBe(4);
    expect(expired.stderr).toMatch(/expired on .*: run `esignon-bulk login` for a new one/);
    expect(expired.stderr).toContain('refused the token stored by `esignon-bulk login` (HTTP 401)');
  });

  it('the same warning comes from send', async () => {
    writeCredentials(20 * 3_600_000);
    writeSigners(join(dir.path, 'signers.csv'), 2);
    const r = await cli(['send', 'signers.csv', '--yes'], noToken);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/expires on .* \(in \d+ hours\)/);
  });
});

// =================================================================== templates

describe('templates', () => {
  it('lists bulk templates as an aligned table, every kind with --all (bulk first), JSON with --json', async () => {
    const r = await cli(['templates']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+workflow_lib_id\s+STEPS\s+FOLDER\s+LAST CHANGE$/);
    expect(lines).toHaveLength(4); // the header and the three bulk templates (one of them "2단계 C")
    expect(r.stdout).not.toContain('SANDBOX-WEB-1');
    // Columns line up although the names are Korean (two cells per character).
    const at = lines.map((l) => l.indexOf('SANDBOX-BULK-') >= 0 ? width(l.slice(0, l.indexOf('SANDBOX-BULK-'))) : width(l.slice(0, l.indexOf('workflow_lib_id'))));
    expect(new Set(at).size).toBe(1);
    expect(r.stderr).toContain('--all');

    const all = await cli(['templates', '--all']);
    const ids = all.stdout.split('\n').slice(1).map((l) => /SANDBOX-[A-Z]+-[0-9A-Z]/.exec(l)?.[0]);
    expect(ids).toEqual(['SANDBOX-BULK-1', 'SANDBOX-BULK-2', 'SANDBOX-BULK-C', 'SANDBOX-WEB-1', undefined]);

    const doc = json<{ templates: { workflow_lib_id: string; type: string; steps: string; folder: string }[] }>((await cli(['templates', '--json', '--folder', 'my'])).stdout);
    expect(doc.templates).toEqual([expect.objectContaining({ workflow_lib_id: 'SANDBOX-BULK-2', type: 'BULK', steps: '2', folder: 'my' })]);
  });
});

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\uac00-\ud7a3\u3000-\u303f\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

// =================================================================== online checks

describe('validate --online and the send pre-flight', () => {
  const csv = (header: string) => writeFileSync(join(dir.path, 'signers.csv'), `name,email,${header}\n김민준,a@example.com,100\n이서연,b@example.com,200\n`);

  it('a misspelt field name fails naming the column and the closest field (exit 3); send sends nothing', async () => {
    csv('field:amuont');
    const r = await cli(['validate', 'signers.csv', '--online']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('column field:amuont');
    expect(r.stderr).toContain('Did you mean "amount"?');
    expect(r.stderr).toContain('amount, start_date, department, position');

    const j = json<{ exit_code: number; online: { mapping_problems: { column: string; closest: string }[] } }>(
      (await cli(['validate', 'signers.csv', '--online', '--json'])).stdout,
    );
    expect(j.exit_code).toBe(3);
    expect(j.online.mapping_problems).toEqual([expect.objectContaining({ column: 'field:amuont', closest: 'amount' })]);

    const s = await cli(['send', 'signers.csv', '--yes']);
    expect(s.code).toBe(3);
    expect(requests('1410Q')).toBe(0);
    expect(existsSync(join(dir.path, 'signers.results.csv'))).toBe(false);
  });

  it('a wrong workflow_lib_id fails with exit 4 naming the templates there are; a web template is not a bulk one', async () => {
    csv('field:amount');
    const r = await cli(['validate', 'signers.csv', '--online'], { ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-9' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('"SANDBOX-BULK-9" is not a template of this account');
    expect(r.stderr).toContain('SANDBOX-BULK-1 (근로계약서');
    const web = await cli(['validate', 'signers.csv', '--online'], { ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-WEB-1' });
    expect(web.code).toBe(4);
    expect(web.stderr).toContain('not a bulk one');
    const ok = await cli(['validate', 'signers.csv', '--online']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('online check passed');
    // Offline, nothing is asked of the server.
    const before = emu.state().requests.total;
    expect((await cli(['validate', 'signers.csv'], { ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-9' })).code).toBe(0);
    expect(emu.state().requests.total).toBe(before);
  });
});

// =================================================================== send → status → remind → cancel

interface Row {
  row: string;
  workflow_id: string;
  workflow_status: string;
  reminded_at: string;
  remind_result: string;
  canceled_at: string;
  cancel_result: string;
  [k: string]: string;
}

const resultsFile = () => join(dir.path, 'r.csv');
const rows = () => readResults(resultsFile()).rows as unknown as Row[];
const doc = (wid: string) => emu.state().documents.find((d) => d.workflow_id === wid)!;
const sign = async (wid: string) => expect((await fetch(`${emu.url}/__emulator/documents/${wid}/sign`, { method: 'POST' })).status).toBe(200);

async function sendSigners(n: number): Promise<Row[]> {
  writeSigners(join(dir.path, 'signers.csv'), n);
  const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv']);
  expect(r.code, r.stderr).toBe(0);
  return rows();
}

describe('follow-ups', () => {
  it('status counts the signed, remind reaches only the unsigned, cancel --rows cancels the chosen and skips the complete', async () => {
    const sent = await sendSigners(6);
    const originalHeader = readResults(resultsFile()).header;
    await sign(sent[0]!.workflow_id);
    await sign(sent[1]!.workflow_id);

    const status = await cli(['status', 'r.csv', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({ command: 'status', documents: 6, checked: 6, lookup_failed: 0, counts: { Playing: 4, Complete: 2 } });
    const after = readResults(resultsFile());
    expect(after.bom).toBe(true);
    expect(after.header.slice(0, originalHeader.length)).toEqual(originalHeader);
    expect(after.header).toEqual(expect.arrayContaining(['workflow_status', 'current_step', 'last_event', 'last_event_at', 'checked_at']));
    expect(after.rows.map((r) => r.token)).toEqual(sent.map((r) => r.token));
    expect((after.rows as unknown as Row[]).map((r) => r.workflow_status)).toEqual(['Complete', 'Complete', 'Playing', 'Playing', 'Playing', 'Playing']);
    expect((after.rows as unknown as Row[])[0]!.last_event).toBe('WORKFLOW_COMPLETE');

    // Without a terminal, remind needs --yes.
    const refused = await cli(['remind', 'r.csv']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(requests('1429Q')).toBe(0);

    const remind = await cli(['remind', 'r.csv', '--yes', '--json']);
    expect(remind.code, remind.stderr).toBe(0);
    expect(json(remind.stdout)).toMatchObject({ counts: { reminded: 4, not_waiting: 2, failed: 0 } });
    expect(sent.map((r) => doc(r.workflow_id).reminded)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(rows().map((r) => r.remind_result)).toEqual(['', '', 'ok', 'ok', 'ok', 'ok']);

    // Again: nobody is reminded twice unless --again.
    const again = await cli(['remind', 'r.csv', '--yes', '--json']);
    expect(json(again.stdout)).toMatchObject({ counts: { reminded: 0, already_reminded: 4 } });
    expect(sent.map((r) => doc(r.workflow_id).reminded)).toEqual([0, 0, 1, 1, 1, 1]);

    // Row 4 is signed after the last status: the server's 11, then a lookup, says it is complete.
    await sign(sent[3]!.workflow_id);
    const cancel = await cli(['cancel', 'r.csv', '--rows', '1,3-4', '--yes', '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(json(cancel.stdout)).toMatchObject({ mode: 'cancel', request: 'CANCEL', counts: { done: 1, skipped: 2, failed: 0 }, skipped: { complete: 2 } });
    expect(cancel.stderr).toMatch(/cancelled 1; skipped 2 \(2 complete \(`--disposal --reason` disposes of completed documents\)\)/);
    expect(sent.map((r) => doc(r.workflow_id).status)).toEqual(['Complete', 'Complete', 'Canceled', 'Complete', 'Playing', 'Playing']);
    const final = rows();
    expect(final[2]!.canceled_at).not.toBe('');
    expect(final[2]!.workflow_status).toBe('Canceled');
    expect(final[2]!.cancel_result).toBe('ok: cancel');
    expect(final[0]!.cancel_result).toMatch(/^skipped: .*complete/);
    expect(final[3]!.cancel_result).toMatch(/^skipped: .*complete/);
    expect(final[4]!.cancel_result).toBe('');
  });

  it('cancel has three commands, each for the documents in its state: CANCEL in progress, DISPOSAL complete, DELETE cancelled', async () => {
    const sent = await sendSigners(6);
    await sign(sent[0]!.workflow_id);
    await sign(sent[1]!.workflow_id);
    const status = () => sent.map((r) => doc(r.workflow_id).status);

    // Disposal needs a reason; --disposal and --delete are two commands.
    expect((await cli(['cancel', 'r.csv', '--disposal', '--yes'])).code).toBe(2);
    expect((await cli(['cancel', 'r.csv', '--disposal', '--delete', '--reason', 'x', '--yes'])).code).toBe(2);
    expect(requests('1510Q')).toBe(0);

    // No status was ever run: every state is unknown, so each document is looked up first.
    const lookups = requests('workflows');
    const dispose = await cli(['cancel', 'r.csv', '--disposal', '--reason', '잘못 보냄', '--yes', '--json']);
    expect(dispose.code, dispose.stderr).toBe(0);
    expect(json(dispose.stdout)).toMatchObject({ mode: 'disposal', request: 'DISPOSAL', counts: { done: 2, skipped: 4, failed: 0, unknown: 0 }, skipped: { in_progress: 4 } });
    expect(requests('workflows') - lookups).toBe(6);
    expect(requests('1510Q')).toBe(2);
    expect(status()).toEqual(['Disposal', 'Disposal', 'Playing', 'Playing', 'Playing', 'Playing']);
    expect(rows()[0]!.cancel_result).toBe('ok: disposal');
    expect(rows()[2]!.cancel_result).toMatch(/^skipped: the document is in progress/);

    // CANCEL: only the documents in progress (their state is now known: no lookup).
    const cancel = await cli(['cancel', 'r.csv', '--rows', '3-4', '--yes', '--json']);
    expect(json(cancel.stdout)).toMatchObject({ counts: { done: 2, skipped: 0 } });
    expect(status()).toEqual(['Disposal', 'Disposal', 'Canceled', 'Canceled', 'Playing', 'Playing']);

    // DELETE: the cancelled ones; the disposed ones are skipped by their known state, those in progress looked up.
    const before = requests('1510Q');
    const del = await cli(['cancel', 'r.csv', '--delete', '--yes', '--json']);
    expect(del.code, del.stderr).toBe(0);
    expect(json(del.stdout)).toMatchObject({ mode: 'delete', request: 'DELETE', counts: { done: 2, skipped: 4 }, skipped: { disposed: 2, in_progress: 2 } });
    expect(requests('1510Q') - before).toBe(2);
    expect(status()).toEqual(['Disposal', 'Disposal', 'Truncate', 'Truncate', 'Playing', 'Playing']);
    expect(rows().map((r) => r.workflow_status)).toEqual(['Disposal', 'Disposal', 'Truncate', 'Truncate', 'Playing', 'Playing']);
    expect(del.stderr).toMatch(/deleted 2; skipped 4 \(2 in progress \(`cancel` it first\), 2 disposed of\)/);

    // A second --delete has nothing left to do, and says why.
    const again = await cli(['cancel', 'r.csv', '--delete', '--yes', '--json']);
    expect(json(again.stdout)).toMatchObject({ counts: { done: 0 }, skipped: { deleted: 2, disposed: 2, in_progress: 2 } });
    expect(requests('1510Q') - before).toBe(2);
  });

  it('status --out leaves the input alone; remind --only-older-than and --limit; a file that is not a results file is refused', async () => {
    await sendSigners(4);
    const before = readFileSync(resultsFile(), 'utf8');
    expect((await cli(['status', 'r.csv', '--out', 's.csv', '-q'])).code).toBe(0);
    expect(readFileSync(resultsFile(), 'utf8')).toBe(before);
    expect(readResults(join(dir.path, 's.csv')).rows.map((r) => (r as unknown as Row).workflow_status)).toEqual(Array(4).fill('Playing'));

    const young = await cli(['remind', 'r.csv', '--yes', '--only-older-than', '1h', '--json']);
    expect(json(young.stdout)).toMatchObject({ counts: { reminded: 0, too_recent: 4 } });
    const limited = await cli(['remind', 'r.csv', '--yes', '--limit', '3', '--json']);
    expect(json(limited.stdout)).toMatchObject({ counts: { reminded: 3, over_limit: 1 } });
    expect(requests('1429Q')).toBe(3);

    const bad = await cli(['status', 'signers.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no column');
  });
});

// =================================================================== interrupted and re-run

/** Spawns a follow-up and stops it with `signal` once the emulator has received `after` requests of `code`. */
async function interrupt(args: string[], code: string, after: number, signal: NodeJS.Signals) {
  const base = requests(code);
  const child = spawnCli(args, opts());
  child.stdin!.end();
  const done = finished(child);
  const deadline = Date.now() + 20_000;
  while (requests(code) - base < after && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill(signal);
  return done;
}

describe('interrupted follow-ups re-run without doing anything twice', () => {
  const N = 10;

  it('status: Ctrl-C records what was looked up (exit 130); the re-run reads only the rest', async () => {
    const sent = await sendSigners(N);
    // The search down: status looks each document up.
    emu.setFaults({ latency_ms: 150, search_fail: true });
    const first = await interrupt(['status', 'r.csv', '--concurrency', '1'], 'workflows', 3, 'SIGINT');
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('to finish the job');
    const partly = rows().filter((r) => r.workflow_status === 'Playing').length;
    expect(partly).toBeGreaterThanOrEqual(2);
    expect(partly).toBeLessThan(N);
    expect(existsSync(`${resultsFile()}.status.journal`)).toBe(true);

    emu.setFaults({ latency_ms: 0, search_fail: false });
    const lookupsBefore = requests('workflows');
    const second = await cli(['status', 'r.csv', '--json']);
    expect(second.code, second.stderr).toBe(0);
    // The search is back: the rest is read through it, nothing looked up twice.
    expect(json(second.stdout)).toMatchObject({ counts: { Playing: N }, checked: N - partly, found_by_search: N - partly, looked_up: 0 });
    expect(requests('workflows') - lookupsBefore).toBe(0);
    expect(rows().every((r) => r.workflow_status === 'Playing')).toBe(true);
    expect(existsSync(`${resultsFile()}.status.journal`)).toBe(false);
    expect(sent).toHaveLength(N);
  });

  it.each(['SIGINT', 'SIGKILL'] as const)('remind killed with %s: no document is ever reminded twice', async (signal) => {
    const sent = await sendSigners(N);
    await cli(['status', 'r.csv']);
    emu.setFaults({ latency_ms: 150 });
    const first = await interrupt(['remind', 'r.csv', '--yes', '--concurrency', '1'], '1429Q', 3, signal);
    expect(signal === 'SIGINT' ? first.code : first.signal).toBe(signal === 'SIGINT' ? 130 : 'SIGKILL');
    const reminded1 = sent.filter((r) => doc(r.workflow_id).reminded === 1).length;
    expect(reminded1).toBeGreaterThanOrEqual(2);
    expect(reminded1).toBeLessThan(N);

    emu.setFaults({ latency_ms: 0 });
    const second = await cli(['remind', 'r.csv', '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('continuing the remind');
    const counts = sent.map((r) => doc(r.workflow_id).reminded);
    expect(Math.max(...counts)).toBe(1);
    // Every document was reminded once, except one whose reminder was in flight at a kill -9:
    // it may have gone out, so it is recorded as unknown and left alone.
    const final = rows();
    for (const [i, r] of final.entries()) {
      if (counts[i] === 0) expect(r.remind_result).toMatch(/^unknown: /);
      else expect(r.remind_result).toMatch(/^(ok$|unknown: )/); // a kill after the server acted, before we heard
    }
    expect(counts.filter((c) => c === 0).length).toBeLessThanOrEqual(signal === 'SIGKILL' ? 1 : 0);

    // A third run has nothing left to do.
    const third = await cli(['remind', 'r.csv', '--yes', '--json']);
    expect(json(third.stdout)).toMatchObject({ counts: { reminded: 0 } });
    expect(sent.map((r) => doc(r.workflow_id).reminded)).toEqual(counts);
  });

  it.each([
    { mode: 'cancel', signal: 'SIGINT', flags: [], prepare: async () => {}, from: 'Playing', to: 'Canceled' },
    { mode: 'cancel', signal: 'SIGKILL', flags: [], prepare: async () => {}, from: 'Playing', to: 'Canceled' },
    {
      mode: 'disposal',
      signal: 'SIGKILL',
      flags: ['--disposal', '--reason', 'wrong'],
      prepare: async (sent: Row[]) => {
        for (const r of sent) await sign(r.workflow_id);
        expect((await cli(['status', 'r.csv'])).code).toBe(0);
      },
      from: 'Complete',
      to: 'Disposal',
    },
    {
      mode: 'delete',
      signal: 'SIGINT',
      flags: ['--delete'],
      prepare: async () => expect((await cli(['cancel', 'r.csv', '--yes'])).code).toBe(0),
      from: 'Canceled',
      to: 'Truncate',
    },
  ] as const)('cancel $flags killed with $signal: the re-run finishes, each document acted on once', async ({ mode, signal, flags, prepare, from, to }) => {
    const sent = await sendSigners(N);
    await prepare(sent);
    expect(sent.every((r) => doc(r.workflow_id).status === from)).toBe(true);
    const base = requests('1510Q');
    emu.setFaults({ latency_ms: 150 });
    const first = await interrupt(['cancel', 'r.csv', ...flags, '--yes', '--concurrency', '1'], '1510Q', 3, signal);
    expect(signal === 'SIGINT' ? first.code : first.signal).toBe(signal === 'SIGINT' ? 130 : 'SIGKILL');
    const done1 = sent.filter((r) => doc(r.workflow_id).status === to).length;
    expect(done1).toBeGreaterThanOrEqual(2);
    expect(done1).toBeLessThan(N);
    expect(existsSync(`${resultsFile()}.${mode}.journal`)).toBe(true);

    emu.setFaults({ latency_ms: 0 });
    const second = await cli(['cancel', 'r.csv', ...flags, '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('continuing the cancel');
    const j = json<{ counts: { done: number; failed: number; skipped: number } }>(second.stdout);
    expect(j.counts.failed).toBe(0);
    // No document was asked twice: no 11 answered, nothing skipped as already done.
    expect(j.counts.skipped).toBe(0);
    expect(sent.every((r) => doc(r.workflow_id).status === to)).toBe(true);
    expect(rows().every((r) => r.canceled_at !== '' && r.cancel_result.startsWith(`ok: ${mode}`))).toBe(true);
    expect(existsSync(`${resultsFile()}.${mode}.journal`)).toBe(false);
    const state = emu.state();
    expect(requests('1510Q') - base).toBe(N + state.requests.abandoned);
  });
});
