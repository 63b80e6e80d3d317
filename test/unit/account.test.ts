/**
 * The pure parts of the account side and the follow-ups, and the pre-flight against
 * the in-process emulator (no CLI).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client.js';
import { localTimezoneOffset } from '../../src/api/requests.js';
import { checkStoredToken, parseExpireDate, tokenRejectedMessage } from '../../src/config/token-warnings.js';
import { parseFilters, parseRowSpec } from '../../src/commands/cancel.js';
import { parseAge } from '../../src/commands/remind.js';
import { statusUpdate } from '../../src/jobs/followup.js';
import { closestMatch, editDistance } from '../../src/core/closest.js';
import { preflight, preflightExitCode } from '../../src/jobs/preflight.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { UsageError } from '../../src/errors.js';
import { createFollowupJournal, readFollowupJournal } from '../../src/io/followup-journal.js';
import { openResults, plain, rewriteResults, STATUS_COLUMNS } from '../../src/io/results-update.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';
import { Reporter } from '../../src/ui/reporter.js';
import { renderTable } from '../../src/ui/table.js';
import { displayWidth } from '../../src/ui/width.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

setLang('en');

function reporter(): { ui: Reporter; text: () => string } {
  let out = '';
  const stream = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
  const ui = new Reporter({ quiet: false, json: false, color: false, verbose: false }, { stdout: stream, stderr: stream, env: {} });
  return { ui, text: () => out };
}

describe('token expiry', () => {
  it('reads eSignon dates as Korean time, and ISO dates as written', () => {
    expect(parseExpireDate('2026-12-29 10:00:00')).toBe(Date.parse('2026-12-29T01:00:00Z'));
    expect(parseExpireDate('2026-12-29')).toBe(Date.parse('2026-12-29T14:59:59Z'));
    expect(parseExpireDate('2026-12-29T10:00:00Z')).toBe(Date.parse('2026-12-29T10:00:00Z'));
    expect(parseExpireDate('soon')).toBeUndefined();
  });

  const stored = (expire_date: string, api_url = 'https://docs.esignon.net') => ({
    token: 'secret-token-value',
    source: 'login' as const,
    stored: { token: 'secret-token-value', expire_date, comp_id: 'c', memb_email: 'a@b.c', api_url, saved_at: '' },
  });
  const now = Date.parse('2026-12-01T00:00:00Z');
  const settings = { api_url: 'https://docs.esignon.net', comp_id: 'c', memb_email: 'a@b.c' };

  it.each([
    ['2026-12-03 08:00:00', /expires on 2026-12-03 08:00:00 \(in 1 day\): run `esignon-bulk login`/],
    ['2026-12-01 12:00:00', /\(in 3 hours\)/],
    ['2026-11-30 09:00:00', /expired on 2026-11-30 09:00:00: run `esignon-bulk login`/],
    ['2026-12-10 09:00:00', /^$/],
  ])('%s', (date, expected) => {
    const { ui, text } = reporter();
    checkStoredToken(stored(date), ui, settings, now);
    expect(text().trim()).toMatch(expected);
    expect(text()).not.toContain('secret-token-value');
  });

  it('a stored token is not sent to another API URL; tokens from the environment are not checked', () => {
    const { ui, text } = reporter();
    expect(() => checkStoredToken(stored('2027-01-01 00:00:00', 'http://127.0.0.1:8787'), ui, settings, now)).toThrow(UsageError);
    checkStoredToken({ token: 'x', source: 'ESIGNON_TOKEN' }, ui, settings, now);
    expect(text()).toBe('');
  });

  it('a refused token says how to renew it, per source', () => {
    expect(tokenRejectedMessage({ source: 'ESIGNON_TOKEN' }, 'HTTP 401')).toMatch(/login --print.*ESIGNON_TOKEN/);
    expect(tokenRejectedMessage({ source: 'token_file' }, 'HTTP 401', 'tok.txt')).toContain('login --print > tok.txt');
    expect(tokenRejectedMessage({ source: 'login' }, '94')).toContain('run `esignon-bulk login` again');
  });
});

describe('flag parsing', () => {
  it('--rows', () => {
    expect([...parseRowSpec('3, 7-9,3')]).toEqual([3, 7, 8, 9]);
    expect(() => parseRowSpec('3,x')).toThrow(/"x" is not a row number/);
    expect(() => parseRowSpec('9-7')).toThrow(UsageError);
  });
  it('--filter', () => {
    expect(parseFilters(['Status=Sent', 'a= b=c '])).toEqual([
      { column: 'status', value: 'sent' },
      { column: 'a', value: 'b=c' },
    ]);
    expect(() => parseFilters(['=x'])).toThrow(/COLUMN=VALUE/);
  });
  it('--only-older-than', () => {
    expect(parseAge('--x', '3d')).toBe(3 * 86_400_000);
    expect(parseAge('--x', '1.5h')).toBe(5_400_000);
    expect(parseAge('--x', '30m')).toBe(1_800_000);
    expect(() => parseAge('--x', '3 weeks')).toThrow(/m, h or d/);
  });
  it('timezone offset for disposal', () => {
    expect(localTimezoneOffset()).toMatch(/^[+-]\d{2}:\d{2}$/);
  });
});

describe('closest match', () => {
  it.each([
    ['amuont', ['amount', 'start_date'], 'amount'],
    ['Amount', ['amount'], 'amount'],
    ['start-date', ['amount', 'start_date'], 'start_date'],
    ['salary', ['amount', 'start_date'], undefined],
    ['근로게약', ['근로계약', '연봉'], '근로계약'],
  ])('%s among %j → %s', (name, candidates, expected) => {
    expect(closestMatch(name, candidates)).toBe(expected);
  });
  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('tables', () => {
  it('line up Korean text by display width', () => {
    const lines = renderTable(['NAME', 'ID'], [['근로계약서', 'A'], ['x', 'BB']]);
    expect(lines.map((l) => displayWidth(l.slice(0, l.search(/ [A-Z]+$/) + 1)))).toEqual([12, 12, 12]);
    expect(renderTable(['A'], [['a\u001b[31mb']])[1]).toBe('a[31mb');
  });
});

describe('status columns', () => {
  it('a lookup failure marks the row instead of dropping it; a refused token writes nothing', () => {
    expect(statusUpdate({ kind: 'result', code: '10', message: 'no\u0007 such' }, 'T')).toEqual({ workflow_status: 'lookup_failed', checked_at: 'T', check_error: '10 no such' });
    expect(statusUpdate({ kind: 'auth_rejected', status: 401 }, 'T')).toBeUndefined();
    expect(
      statusUpdate(
        { kind: 'ok', value: { workflow_status: 'Playing', current_step: '2/2', steps_done: '1', steps_total: '2', last_event: 'VIEW', last_event_at: 'D' } },
        'T',
      ),
    ).toEqual({
      workflow_status: 'Playing',
      current_step: '2/2',
      steps_done: '1',
      steps_total: '2',
      last_event: 'VIEW',
      last_event_at: 'D',
      checked_at: 'T',
      check_error: '',
    });
  });
});

describe('results file and journal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'esb-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites keeping every column, adding new ones at the end, formulas still neutralised', async () => {
    const path = join(dir, 'r.csv');
    writeFileSync(path, '\uFEFFrow,name,status,workflow_id,extra,workflow_status\r\n1,"\'=cmd",sent,111,keep,Playing\r\n2,b,invalid,,,\r\n3,c,sent,333,,\r\n');
    const file = await openResults(path, 'r.csv');
    await rewriteResults(file, path, STATUS_COLUMNS, new Map([['333', { workflow_status: '=Complete', checked_at: 'T' }]]), { bom: true });
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      '\uFEFFrow,name,status,workflow_id,extra,workflow_status,current_step,steps_done,steps_total,last_event,last_event_at,checked_at,check_error\r\n' +
        "1,'=cmd,sent,111,keep,Playing,,,,,,,\r\n" +
        '2,b,invalid,,,,,,,,,,\r\n' +
        "3,c,sent,333,,'=Complete,,,,,,T,\r\n",
    );
    expect(plain("'=Complete")).toBe('=Complete');
    await expect(openResults(join(dir, 'nope.csv'), 'nope.csv')).rejects.toThrow();
    writeFileSync(join(dir, 's.csv'), 'name,email\na,b\n');
    await expect(openResults(join(dir, 's.csv'), 's.csv')).rejects.toThrow(/no column row, status, workflow_id/);
  });

  it('a journal replays what was done, what was in flight, and ignores a torn last line', async () => {
    const path = join(dir, 'r.csv.remind.journal');
    const journal = await createFollowupJournal(path, { v: 1, t: 'followup', command: 'remind', input: 'r.csv', created_at: 'T0' });
    await journal.append({ t: 'look', w: '1', at: 'T', u: { workflow_status: 'Playing' } });
    await journal.append({ t: 'start', w: '1', at: 'T1' });
    await journal.append({ t: 'done', w: '1', at: 'T2', u: { reminded_at: 'T2', remind_result: 'ok' } });
    await journal.append({ t: 'start', w: '2', at: 'T3' });
    await journal.append({ t: 'start', w: '3', at: 'T4' });
    await journal.append({ t: 'none', w: '3', at: 'T5' });
    await journal.close();
    writeFileSync(path, readFileSync(path, 'utf8') + '{"t":"done","w":"2"');
    const replay = (await readFollowupJournal(path, 'remind'))!;
    expect(replay.tornTail).toBe(true);
    expect(replay.updates.get('1')).toEqual({ workflow_status: 'Playing', reminded_at: 'T2', remind_result: 'ok' });
    expect([...replay.handled].sort()).toEqual(['1', '2']);
    expect([...replay.pending]).toEqual([['2', 'T3']]);
    expect(await readFollowupJournal(join(dir, 'none.journal'), 'remind')).toBeUndefined();
    await expect(readFollowupJournal(path, 'cancel')).rejects.toThrow(/damaged/);
  });
});

describe('preflight against the emulator', () => {
  let emu: RunningEmulator;
  let client: ApiClient;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 3 });
    client = new ApiClient({ apiUrl: emu.url, token: SANDBOX.token, apiVersion: '1.1.57', connectTimeout: 2000, responseTimeout: 5000, maxRetries: 0 });
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });
  afterEach(() => emu.setFaults({ reset: true }));

  const settings = (workflow_lib_id: string) => ({ comp_id: SANDBOX.comp_id, memb_email: SANDBOX.memb_email, workflow_lib_id, api_url: emu.url });
  const field = (column: string, field_name: string, doc_id: string = SANDBOX.doc_id) => ({ column, field_name, doc_id });

  it('passes for the sandbox template and its fields', async () => {
    const r = await preflight(client, settings(SANDBOX.workflow_lib_id), { fields: [field('금액', 'amount'), field('부서', 'department')] });
    expect(r).toMatchObject({ ok: true, accountProblems: [], mappingProblems: [], template: { workflow_lib_id: SANDBOX.workflow_lib_id } });
    expect(preflightExitCode(r)).toBe(0);
  });

  it('names the column, the fields there are and the closest one; an unknown document too', async () => {
    const r = await preflight(client, settings(SANDBOX.workflow_lib_id), {
      fields: [field('금액', 'amuont'), field('주소', 'address', 'NO-SUCH-DOC')],
    });
    expect(r.accountProblems).toEqual([]);
    expect(r.mappingProblems).toEqual([
      expect.objectContaining({ code: 'field_missing', column: '금액', closest: 'amount', fields: ['amount', 'start_date', 'department', 'position'] }),
      expect.objectContaining({ code: 'doc_missing', column: '주소', doc_id: 'NO-SUCH-DOC' }),
    ]);
    expect(r.mappingProblems[0]!.message).toMatch(/^column 금액: .*"amuont".*Did you mean "amount"\?$/);
    expect(preflightExitCode(r)).toBe(3);
  });

  it('reference_field: a field of the template\'s own document that no column fills', async () => {
    const ok = await preflight(client, { ...settings(SANDBOX.workflow_lib_id), reference_field: 'position' }, { fields: [field('금액', 'amount')] });
    expect(ok).toMatchObject({ ok: true, template: { doc_id: SANDBOX.doc_id } });
    const typo = await preflight(client, { ...settings(SANDBOX.workflow_lib_id), reference_field: 'positon' }, { fields: [] });
    expect(typo.mappingProblems).toEqual([expect.objectContaining({ code: 'reference_missing', field_name: 'positon', closest: 'position' })]);
    expect(typo.mappingProblems[0]!.message).toMatch(/^reference_field "positon": the template's document SANDBOX-DOC-1 has no such field; .*Did you mean "position"\?$/);
    expect(preflightExitCode(typo)).toBe(3);
    const mapped = await preflight(client, { ...settings(SANDBOX.workflow_lib_id), reference_field: 'amount' }, { fields: [field('금액', 'amount')] });
    expect(mapped.mappingProblems).toEqual([expect.objectContaining({ code: 'reference_mapped', column: '금액' })]);
  });

  it('a document of another template is a mapping problem', async () => {
    const r = await preflight(client, settings(SANDBOX.workflow_lib_id), { fields: [field('연봉', 'salary', 'SANDBOX-DOC-2')] });
    expect(r.mappingProblems).toEqual([expect.objectContaining({ code: 'doc_other_template', doc_id: 'SANDBOX-DOC-2' })]);
  });

  it.each([
    ['SANDBOX-BULK-7', 'template_missing'],
    ['SANDBOX-WEB-1', 'template_not_bulk'],
  ])('%s → %s (exit 4)', async (id, code) => {
    const r = await preflight(client, settings(id), { fields: [field('금액', 'amount')] });
    expect(r.accountProblems).toEqual([expect.objectContaining({ code })]);
    expect(preflightExitCode(r)).toBe(4);
  });

  it('a refused token is an account problem that says how to renew it', async () => {
    emu.setFaults({ reject_tokens: true });
    const r = await preflight(client, settings(SANDBOX.workflow_lib_id), { fields: [] }, { source: 'login' });
    expect(r.accountProblems).toEqual([expect.objectContaining({ code: 'token_rejected' })]);
    expect(r.accountProblems[0]!.message).toContain('esignon-bulk login');
  });
});
