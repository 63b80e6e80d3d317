/**
 * Issue 12, the client side, end to end through the built CLI against the emulator
 * (which enforces the current pages with rules of its own): one test per item.
 * Requests: enable_legal_agreement, the body's title, "2단계 C" customer B, one 1123Q
 * with folders, login without a client ID, the company's documents and plan.
 * Answers: undocumented result codes, lists in any order, missing header fields,
 * numbers for strings, extra keys, the history's names, times in UTC. (The three
 * cancels are in account.test.ts; the exact JSON of every request in wire.test.ts.)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultsPatch, RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { countBy, readResults, signerEmail, writeSigners } from '../helpers/signers.js';
import { wireProxy } from '../helpers/wire.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => emu.close());
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
  dir = tempDir('esb-current-');
});
afterEach(() => dir.remove());

const at = (name: string) => join(dir.path, name);
const cli = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(args, { cwd: dir.path, env: emulatorEnv(emu, extra) });
const json = <T = any>(stdout: string): T => JSON.parse(stdout) as T;
const requests = (code: string): number => emu.state().requests.by_code[code] ?? 0;
const docs = () => emu.state().documents;
const sign = async (wid: string) => expect((await fetch(`${emu.url}/__emulator/documents/${wid}/sign`, { method: 'POST' })).status).toBe(200);
const config = (name: string, value: object) => writeFileSync(at(name), JSON.stringify(value));
/** ISO 8601 UTC, to the millisecond: the one format of every time in a results file. */
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A document as GET /api/v2/workflows answers for it, asked for directly. */
async function workflow(wid: string): Promise<any> {
  const res = await fetch(`${emu.url}/api/v2/workflows/${wid}?offset=%2B00:00`, { headers: { Authorization: `esignon ${SANDBOX.token}` } });
  return ((await res.json()) as { body: unknown }).body;
}

// =================================================================== 1410Q

describe('1410Q', () => {
  it('sends enable_legal_agreement from the config (false unless set), and a resumed run keeps it', async () => {
    const proxy = await wireProxy(emu.url);
    try {
      writeSigners(at('signers.csv'), 3);
      config('legal.json', { legal_agreement: true });
      const r = await cli(['send', 'signers.csv', '--config', 'legal.json', '--yes', '--limit', '2'], { ESIGNON_API_URL: proxy.url });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.of('1410Q').map((c) => c.json.body.enable_legal_agreement)).toEqual(['true']);
      // It shapes every request: a resume with another value is refused.
      config('legal.json', { legal_agreement: false });
      const resumed = await cli(['send', 'signers.csv', '--config', 'legal.json', '--yes', '--resume'], { ESIGNON_API_URL: proxy.url });
      expect(resumed.code).toBe(2);
      expect(resumed.stderr).toMatch(/settings/);
      config('bad.json', { legal_agreement: 'yes' });
      const bad = await cli(['validate', 'signers.csv', '--config', 'bad.json']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('legal_agreement');
    } finally {
      await proxy.close();
    }
  });

  it('the body-level workflow_name: never empty, the template\'s name unless the config gives a fixed title', async () => {
    const proxy = await wireProxy(emu.url);
    const titles = () => proxy.of('1410Q').map((c) => c.json.body.workflow_name);
    try {
      const env = { ESIGNON_API_URL: proxy.url, ESIGNON_CLIENT_ID: 'someone' };
      writeSigners(at('signers.csv'), 2);
      // No title anywhere: the template's name, found by the pre-flight, titles the documents.
      expect((await cli(['send', 'signers.csv', '--yes', '--out', 'a.csv'], env)).code).toBe(0);
      expect(titles()).toEqual(['근로계약서 (샘플, 대량발송)']);
      expect(docs().map((d) => d.workflow_name)).toEqual(['근로계약서 (샘플, 대량발송)', '근로계약서 (샘플, 대량발송)']);
      // No clientid, even with a client ID configured.
      expect(Object.keys(proxy.of('1410Q')[0]!.json.body)).not.toContain('clientid');

      // A fixed title is every signer's title and the default (the same file again: --again, across runs).
      config('fixed.json', { workflow_name: '2025 근로계약서' });
      expect((await cli(['send', 'signers.csv', '--config', 'fixed.json', '--yes', '--out', 'b.csv', '--again'], env)).code).toBe(0);
      expect(titles()[1]).toBe('2025 근로계약서');

      // A title with row placeholders: each signer's own; the default is the template's name.
      config('rows.json', { workflow_name: '{name} 근로계약서' });
      expect((await cli(['send', 'signers.csv', '--config', 'rows.json', '--yes', '--out', 'c.csv', '--again'], env)).code).toBe(0);
      expect(titles()[2]).toBe('근로계약서 (샘플, 대량발송)');
      expect(proxy.of('1410Q')[2]!.json.body.unset_player_list.map((p: { workflow_name: string }) => p.workflow_name)).toEqual(['이민준 근로계약서', '박민준 근로계약서']);

      // Without a pre-flight nothing is asked first: the title's own text, else the template's id, with a warning.
      const blind = await cli(['send', 'signers.csv', '--no-preflight', '--yes', '--out', 'd.csv', '--again'], env);
      expect(blind.code, blind.stderr).toBe(0);
      expect(titles()[3]).toBe(SANDBOX.workflow_lib_id);
      expect(blind.stderr).toContain(`titled "${SANDBOX.workflow_lib_id}"`);
      expect(blind.stderr).toContain('workflow_name');
      expect(titles().every((t) => t !== '')).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('an undocumented result code stops the run: the batch is unknown (documents made or not), later batches never leave (exit 4)', async () => {
    writeSigners(at('signers.csv'), 120);
    emu.setFaults({ undocumented_code: { code: '94', requests: [2] } });
    const r = await cli(['send', 'signers.csv', '--yes', '--concurrency', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('94');
    const rows = readResults(at('signers.results.csv')).rows;
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: 50, unknown: 50, not_sent: 20 });
    expect(rows.slice(50, 100).every((x) => x.status === 'unknown' && /undocumented result 94/.test(x.message))).toBe(true);
    expect(bulkRequests(emu)).toBe(2);
    expect(docs()).toHaveLength(50);

    // The same code after the documents were made: still unknown, never "sent" nor "not_sent" (the same file again: --again).
    await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
    emu.setFaults({ undocumented_code: { code: '99', processed: true, count: 1 } });
    const hidden = await cli(['send', 'signers.csv', '--yes', '--concurrency', '1', '--out', 'h.csv', '--again']);
    expect(hidden.code).toBe(4);
    expect(countBy(readResults(at('h.csv')).rows, (x) => x.status)).toEqual({ unknown: 50, not_sent: 70 });
    expect(docs()).toHaveLength(50);
    // A plain resume sends the rest and leaves the unknown batch alone.
    const resumed = await cli(['send', 'signers.csv', '--yes', '--out', 'h.csv', '--resume']);
    expect(resumed.code).toBe(1);
    expect(countBy(readResults(at('h.csv')).rows, (x) => x.status)).toEqual({ unknown: 50, sent: 70 });
    expect(docs()).toHaveLength(120);
  });
});

// =================================================================== "2단계 C"

describe('"2단계 C" templates: customer B', () => {
  const cEnv = { ESIGNON_WORKFLOW_LIB_ID: SANDBOX.customer_b_workflow_lib_id, ESIGNON_DOC_ID: SANDBOX.customer_b_doc_id };
  const mapping = { customer_b: { name: '보증인', email: '보증인 연락처', password: '보증인 비밀번호', enable_password_cert: '보증인 비밀번호 사용' } };
  const header = 'name,email,보증인,보증인 연락처,보증인 비밀번호,보증인 비밀번호 사용,field:amount';

  it('is validated like a signer: its columns, its line and column, the same rules, its password masked', async () => {
    config('b.json', { ...mapping, customer_b: { ...mapping.customer_b, language: '보증인 언어' } });
    writeFileSync(at('c.csv'), `${header}\n정하은,haeun@example.com,강지호,010-4567-8901,,,500\n`);
    const missing = await cli(['validate', 'c.csv', '--config', 'b.json']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('customer_b.language names the column "보증인 언어", which is not in the file');

    config('b.json', mapping);
    writeFileSync(
      at('c.csv'),
      [
        header,
        '정하은,haeun@example.com,강지호,010-4567-8901,Guard-Secret-9,yes,500',
        '윤서윤,seoyun@example.com,,not-an-email,,yes,600',
      ].join('\n') + '\n',
    );
    const r = await cli(['validate', 'c.csv', '--config', 'b.json', '--verbose'], cEnv);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('line 3, column 보증인: the name is empty');
    expect(r.stderr).toContain('line 3, column 보증인 연락처: "not-an-email" is not a valid email address');
    expect(r.stderr).toMatch(/line 3, column 보증인 비밀번호: .*password/);
    // The preview shows customer B as customer_list, its password masked.
    expect(r.stderr).toContain('"customer_list"');
    expect(r.stderr).not.toContain('Guard-Secret-9');
  });

  it('the online check asks for the mapping on a "2단계 C" template, and refuses it on another (exit 3, nothing sent)', async () => {
    writeSigners(at('signers.csv'), 2);
    const lacks = await cli(['send', 'signers.csv', '--yes'], cEnv);
    expect(lacks.code).toBe(3);
    expect(lacks.stderr).toContain('"2단계 C"');
    expect(lacks.stderr).toContain('"customer_b"');
    config('b.json', { customer_b: { name: 'name', email: 'email' } });
    const extra = await cli(['validate', 'signers.csv', '--config', 'b.json', '--online', '--json']);
    expect(extra.code).toBe(3);
    expect(json(extra.stdout).online.mapping_problems.map((p: { code: string }) => p.code)).toEqual(['customer_b_unexpected']);
    expect(bulkRequests(emu)).toBe(0);
  });

  it('is sent as the request\'s one customer_list entry: a batch ends where customer B changes', async () => {
    config('b.json', mapping);
    writeFileSync(
      at('c.csv'),
      [
        header,
        '정하은,haeun@example.com,강지호,010-4567-8901,,,500',
        '윤서윤,seoyun@example.com,강지호,010-4567-8901,,,600',
        '장예준,yejun@example.com,임주원,juwon@example.com,Pw-1234,yes,700',
        '임지우,jiwoo@example.com,강지호,010-4567-8901,,,800',
      ].join('\n') + '\n',
    );
    const online = await cli(['validate', 'c.csv', '--config', 'b.json', '--online'], cEnv);
    expect(online.code, online.stderr).toBe(0);
    expect(online.stderr).toContain('"2단계 C"');
    const r = await cli(['send', 'c.csv', '--config', 'b.json', '--yes'], cEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(bulkRequests(emu)).toBe(3);
    const rows = readResults(at('c.results.csv')).rows;
    expect(rows.map((x) => x.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(rows.map((x) => x.batch)).toEqual(['1', '1', '2', '3']);
    // Each document's second step is its row's customer B.
    const second = await Promise.all(rows.map(async (x) => (await workflow(x.workflow_id)).owner_list[1]));
    expect(second.map((o: { name: string; email: string }) => [o.name, o.email])).toEqual([
      ['강지호', '01045678901'],
      ['강지호', '01045678901'],
      ['임주원', 'juwon@example.com'],
      ['강지호', '01045678901'],
    ]);
    expect(second[2].cert_password_yn).toBe('Y');
  });
});

// =================================================================== 1123Q, 1001Q

describe('templates and login as the current pages have them', () => {
  it('1123Q: `all` is every folder, in one call; --folder shared and my', async () => {
    writeSigners(at('signers.csv'), 1);
    // SANDBOX-BULK-2 lives in "my": one `all` call finds it.
    const r = await cli(['validate', 'signers.csv', '--online'], { ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-2', ESIGNON_DOC_ID: 'SANDBOX-DOC-2' });
    expect(r.stderr).not.toContain('not a template of this account');
    expect(requests('1123Q')).toBe(1);
    const ids = async (folder: string) =>
      json((await cli(['templates', '--folder', folder, '--all', '--json'])).stdout).templates.map((t: { workflow_lib_id: string }) => t.workflow_lib_id);
    expect(await ids('shared')).toEqual(['SANDBOX-BULK-1', 'SANDBOX-BULK-C', 'SANDBOX-WEB-1']);
    expect(await ids('my')).toEqual(['SANDBOX-BULK-2']);
    expect((await ids('all')).sort()).toEqual(['SANDBOX-BULK-1', 'SANDBOX-BULK-2', 'SANDBOX-BULK-C', 'SANDBOX-WEB-1']);
    expect((await cli(['templates', '--folder', 'everything'])).code).toBe(2);
  });

  it('1001Q: login needs no client ID; one that is configured is sent and checked', async () => {
    const home = { XDG_CONFIG_HOME: at('config'), ESIGNON_TOKEN: undefined, ESIGNON_PASSWORD: SANDBOX.password };
    const plain = await cli(['login', '--print'], home);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
    const withId = await cli(['login', '--print'], { ...home, ESIGNON_CLIENT_ID: SANDBOX.client_id });
    expect(withId.code, withId.stderr).toBe(0);
    const wrongId = await cli(['login', '--print'], { ...home, ESIGNON_CLIENT_ID: 'not-ours' });
    expect(wrongId.code).toBe(4);
    expect(wrongId.stderr).toContain('client ID');
  });
});

// =================================================================== the company

describe('the pre-flight reads the company: documents left, the plan\'s end', () => {
  it('validate --online shows both numbers', async () => {
    writeSigners(at('signers.csv'), 3);
    emu.setFaults({ quota: 1000 });
    const r = await cli(['validate', 'signers.csv', '--online']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/company: 1,000 documents left \(1,000 bought, 0 used\); plan valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z/);
    const j = json((await cli(['validate', 'signers.csv', '--online', '--json'])).stdout);
    expect(j.online.company).toMatchObject({ capacity: 1000, usage: 0, remaining: 1000, expired: false });
    expect(j.online.company.expiry).toMatch(UTC_ISO);
  });

  it('a run needing more documents than remain is refused before the first batch, with the numbers (exit 4); --limit fits it', async () => {
    writeSigners(at('signers.csv'), 30);
    emu.setFaults({ quota: 25 });
    const validate = await cli(['validate', 'signers.csv', '--online']);
    expect(validate.code).toBe(4);
    const r = await cli(['send', 'signers.csv', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('this run needs 30 documents but the company has 25 left (25 bought, 0 used)');
    expect(bulkRequests(emu)).toBe(0);
    // Nothing to resume: no journal, no results.
    expect(existsSync(at('signers.results.csv.journal'))).toBe(false);
    expect(existsSync(at('signers.results.csv'))).toBe(false);

    expect((await cli(['send', 'signers.csv', '--yes', '--limit', '20'])).code).toBe(0);
    // A resumed run is checked for the rows it has left: 10, with 5 left; refused, its journal as it was.
    const journal = readFileSync(at('signers.results.csv.journal'));
    const resumed = await cli(['send', 'signers.csv', '--yes', '--resume']);
    expect(resumed.code).toBe(4);
    expect(readFileSync(at('signers.results.csv.journal'))).toEqual(journal);
    expect(resumed.stderr).toContain('needs 10 documents but the company has 5 left (25 bought, 20 used)');
    expect(bulkRequests(emu)).toBe(1);
    expect((await cli(['send', 'signers.csv', '--yes', '--resume', '--limit', '5'])).code).toBe(0);
    expect(docs()).toHaveLength(25);
  });

  it('an expired plan is refused before the first batch (exit 4)', async () => {
    writeSigners(at('signers.csv'), 3);
    emu.setFaults({ expired: true });
    const r = await cli(['send', 'signers.csv', '--yes', '--json']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/plan expired on \d{4}-\d\d-\d\dT/);
    expect(json(r.stdout).online.account_problems.map((p: { code: string }) => p.code)).toEqual(['expired']);
    expect(bulkRequests(emu)).toBe(0);
  });
});

// =================================================================== liberal in what it reads

describe('answers read liberally', () => {
  /** send, sign the first two, status, remind, cancel the third: everything right whatever the shape of the answers. */
  async function lifecycle(faults: FaultsPatch): Promise<void> {
    writeSigners(at('signers.csv'), 120);
    emu.setFaults(faults);
    const templates = await cli(['templates', '--json']);
    expect(templates.code, templates.stderr).toBe(0);
    expect(json(templates.stdout).templates.map((t: { workflow_lib_id: string }) => t.workflow_lib_id)).toContain(SANDBOX.workflow_lib_id);
    const sent = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv']);
    expect(sent.code, sent.stderr).toBe(0);
    const rows = readResults(at('r.csv')).rows;
    expect(rows.every((x) => x.status === 'sent')).toBe(true);
    // Every row has its own document, whatever the order of workflow_list.
    const byContact = new Map(docs().map((d) => [d.contact, d.workflow_id]));
    expect(rows.map((x) => x.workflow_id)).toEqual(rows.map((_, i) => byContact.get(signerEmail(i + 1))));
    expect(new Set(rows.map((x) => x.workflow_id)).size).toBe(120);

    await fetch(`${emu.url}/__emulator/documents/${rows[0]!.workflow_id}/view`, { method: 'POST' });
    await sign(rows[0]!.workflow_id);
    const status = await cli(['status', 'r.csv', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout).counts).toEqual({ Complete: 1, Playing: 119 });
    const after = readResults(at('r.csv')).rows as unknown as Record<string, string>[];
    // Read through the search (one 5009Q): the completed document's completion; no history for the others.
    expect(json(status.stdout)).toMatchObject({ found_by_search: 120, looked_up: 0, steps: { '0/1': 119, '1/1': 1 } });
    expect(after[0]!.last_event).toBe('WORKFLOW_COMPLETE');
    expect(after[0]!.last_event_at).toMatch(UTC_ISO);
    expect(after[0]!.current_step).toBe('1/1');
    expect([after[0]!.steps_done, after[0]!.steps_total]).toEqual(['1', '1']);
    expect([after[1]!.last_event, after[1]!.steps_done, after[1]!.steps_total]).toEqual(['', '0', '1']);

    const cancel = await cli(['cancel', 'r.csv', '--rows', '1-2', '--yes', '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(json(cancel.stdout)).toMatchObject({ counts: { done: 1, skipped: 1, failed: 0, unknown: 0 } });
  }

  it('workflow_list, histories and file lists in reverse order', () => lifecycle({ reverse_order: true }));
  it('no response_code, result_msg, session_id or version in any answer header', () =>
    lifecycle({ missing_header_fields: ['response_code', 'result_msg', 'session_id', 'version'] }));
  it('ids and counts as JSON numbers where the pages document strings', () => lifecycle({ numbers_for_strings: true }));
  it('undocumented keys in every header, body and entry', () => lifecycle({ extra_fields: true }));
  it('all of them at once', () =>
    lifecycle({ reverse_order: true, numbers_for_strings: true, extra_fields: true, missing_header_fields: ['response_code', 'session_id'] }));
});

// =================================================================== history and times

describe('the history and the times', () => {
  it('status reads the documented history names, newest by date, and writes every time as UTC ISO 8601', async () => {
    writeSigners(at('signers.csv'), 2);
    expect((await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv'])).code).toBe(0);
    const [first] = readResults(at('r.csv')).rows;
    emu.setFaults({ reverse_order: true });
    const before = Math.floor(Date.now() / 1000) * 1000;
    await sign(first!.workflow_id);
    const after = Date.now();
    expect((await cli(['status', 'r.csv'])).code).toBe(0);
    expect((await cli(['remind', 'r.csv', '--yes'])).code).toBe(0);
    expect((await cli(['cancel', 'r.csv', '--rows', '2', '--yes'])).code).toBe(0);

    const rows = readResults(at('r.csv')).rows as unknown as Record<string, string>[];
    const signed = rows[0]!;
    expect(signed.last_event).toBe('WORKFLOW_COMPLETE');
    expect(signed.last_event_at).toMatch(UTC_ISO);
    const t = Date.parse(signed.last_event_at!);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    // The same instant as the service's own record of it, asked for in UTC.
    const history = (await workflow(signed.workflow_id!)).action_history_list as { step_code: string; confirm_date: string }[];
    const complete = history.find((e) => e.step_code === 'WORKFLOW_COMPLETE')!;
    expect(signed.last_event_at).toBe(`${complete.confirm_date.replace(' ', 'T')}.000Z`);

    const times = ['sent_at', 'checked_at', 'last_event_at', 'reminded_at', 'canceled_at'];
    for (const row of rows) {
      for (const column of times) if (row[column] !== '') expect(row[column], column).toMatch(UTC_ISO);
    }
    expect(rows[1]!.reminded_at).toMatch(UTC_ISO);
    expect(rows[1]!.canceled_at).toMatch(UTC_ISO);
  });
});
