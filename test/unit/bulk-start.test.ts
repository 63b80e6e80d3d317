import { describe, expect, it } from 'vitest';
import { buildRequest, interpretBulkStart, toUnsetPlayer } from '../../src/api/bulk-start.js';
import type { PostResult } from '../../src/api/client.js';
import { bulkStartBodySchema, unsetPlayerSchema } from '../../src/api/schemas.js';
import { compileMapping } from '../../src/core/mapping.js';
import { parseSignerRow } from '../../src/core/signer.js';

const meta = { batch: 3, session_id: 'sid-3', sent_at: '2026-11-29T00:00:00.000Z' };
const ok = (list: object[], header: object = {}): PostResult => ({
  kind: 'response',
  status: 200,
  attempts: 1,
  body: {
    header: { response_code: '1410A', result_code: '00', result_msg: 'ok', session_id: 'sid-3', version: '1.1.57', ...header },
    body: { workflow_list: list },
  },
});
const entry = (email: string, extra: object = {}) => ({ workflow_id: `W-${email}`, unset_player_email: email, result: 'OK', token: `T-${email}`, ...extra });
/** The signers of a batch as interpretBulkStart takes them. */
const who = (...contacts: string[]) => contacts.map((contact) => ({ contact, title: 'T' }));

describe('interpretBulkStart', () => {
  it('matches each entry to its signer by unset_player_email (normalised), in whatever order the list comes', () => {
    const out = interpretBulkStart(ok([entry('010-1234-5678'), entry('a@x.com')]), who('A@x.com', '01012345678'), meta);
    expect(out.stop).toBeUndefined();
    expect(out.rows).toMatchObject([
      { status: 'sent', workflow_id: 'W-a@x.com', token: 'T-a@x.com', batch: 3, session_id: 'sid-3' },
      { status: 'sent', workflow_id: 'W-010-1234-5678' },
    ]);
  });

  it('never marks a row sent when the answer has no entry for it', () => {
    const short = interpretBulkStart(ok([entry('a@x.com')]), who('a@x.com', 'b@x.com'), meta);
    expect(short.rows.map((r) => r.status)).toEqual(['sent', 'unknown']);
    const other = interpretBulkStart(ok([entry('c@x.com'), entry('a@x.com')]), who('a@x.com', 'b@x.com'), meta);
    expect(other.rows.map((r) => r.status)).toEqual(['sent', 'unknown']);
    const otherSession = interpretBulkStart(ok([entry('a@x.com')], { session_id: 'someone-else' }), who('a@x.com'), meta);
    expect(otherSession.rows.map((r) => r.status)).toEqual(['unknown']);
    const noId = interpretBulkStart(ok([entry('a@x.com', { workflow_id: '' })]), who('a@x.com'), meta);
    expect(noId.rows[0]!.status).toBe('failed');
  });

  it('two signers with one contact: told apart by title, else left unknown rather than guessed', () => {
    const twins = [
      { contact: 'a@x.com', title: 'one' },
      { contact: 'A@x.com', title: 'two' },
    ];
    const byTitle = interpretBulkStart(ok([entry('a@x.com', { workflow_id: 'W2', workflow_name: 'two' }), entry('a@x.com', { workflow_id: 'W1', workflow_name: 'one' })]), twins, meta);
    expect(byTitle.rows).toMatchObject([{ status: 'sent', workflow_id: 'W1' }, { status: 'sent', workflow_id: 'W2' }]);
    const same = [
      { contact: 'a@x.com', title: 'same' },
      { contact: 'a@x.com', title: 'same' },
    ];
    const guess = interpretBulkStart(ok([entry('a@x.com', { workflow_name: 'same' }), entry('a@x.com', { workflow_name: 'same' })]), same, meta);
    expect(guess.rows.map((r) => r.status)).toEqual(['unknown', 'unknown']);
  });

  it('reads liberally: no response_code, numbers for strings, extra keys, null lists', () => {
    const body = {
      header: { result_code: 0, extra: 1 },
      body: { workflow_list: [{ workflow_id: 123456, unset_player_email: 'a@x.com', result: 'OK', token: 'T', more: 'x' }], biz_id: 0, extra: {} },
    };
    const out = interpretBulkStart({ kind: 'response', status: 200, attempts: 1, body }, who('a@x.com'), meta);
    expect(out.rows).toMatchObject([{ status: 'sent', workflow_id: '123456', result_code: '00' }]);
    const empty = interpretBulkStart({ kind: 'response', status: 200, attempts: 1, body: { header: { result_code: '00' }, body: { workflow_list: null } } }, who('a@x.com'), meta);
    expect(empty.rows.map((r) => r.status)).toEqual(['unknown']);
  });

  it('a per-signer failure fails only that signer', () => {
    const out = interpretBulkStart(ok([entry('a@x.com'), entry('b@x.com', { result: 'FAIL', description: 'bad' })]), who('a@x.com', 'b@x.com'), meta);
    expect(out.rows).toMatchObject([{ status: 'sent' }, { status: 'failed', result: 'FAIL', message: 'bad' }]);
  });

  it.each(['-1', '10', '12', '13', '14', '15'])('result code %s stops the run; the batch is not_sent', (code) => {
    const out = interpretBulkStart(ok([], { result_code: code, result_msg: 'no' }), who('a@x.com', 'b@x.com'), meta);
    expect(out.stop).toMatchObject({ code });
    expect(out.rows.map((r) => r.status)).toEqual(['not_sent', 'not_sent']);
  });

  it('result code 11 fails the batch and the run goes on', () => {
    const out = interpretBulkStart(ok([], { result_code: '11' }), who('a@x.com'), meta);
    expect(out.stop).toBeUndefined();
    expect(out.rows).toMatchObject([{ status: 'failed', result_code: '11', batch: 3 }]);
  });

  it.each(['94', '95', '99', '16', '00 '])('an undocumented result code (%j) stops the run; the batch is unknown', (code) => {
    const out = interpretBulkStart(ok([entry('a@x.com')], { result_code: code, result_msg: 'hm' }), who('a@x.com', 'b@x.com'), meta);
    expect(out.stop).toMatchObject({ code });
    expect(out.rows).toMatchObject([
      { status: 'unknown', batch: 3 },
      { status: 'unknown', batch: 3 },
    ]);
  });

  it.each<[string, PostResult, string, boolean]>([
    ['auth rejected', { kind: 'auth_rejected', status: 401, attempts: 1 }, 'not_sent', true],
    ['not processed', { kind: 'not_processed', reason: 'ECONNREFUSED', attempts: 6 }, 'not_sent', true],
    ['unknown', { kind: 'unknown', reason: 'timeout', attempts: 1 }, 'unknown', false],
    ['HTTP 500', { kind: 'unknown', reason: 'HTTP 500', status: 500, attempts: 1 }, 'unknown', false],
    ['HTTP 302 (may have been processed; no later batch leaves)', { kind: 'unknown', reason: 'HTTP 302', status: 302, attempts: 1 }, 'unknown', true],
    ['HTTP 404 (may have been processed; no later batch leaves)', { kind: 'unknown', reason: 'HTTP 404', status: 404, attempts: 1 }, 'unknown', true],
    ['a body that is not 1410A', { kind: 'response', status: 200, body: { nope: 1 }, attempts: 1 }, 'unknown', false],
  ])('%s → %s', (_name, result, status, stops) => {
    const out = interpretBulkStart(result, who('a@x.com'), meta);
    expect(out.rows[0]!.status).toBe(status);
    expect(out.stop !== undefined).toBe(stops);
  });
});


describe('toUnsetPlayer', () => {
  it('turns a signer into a 1410Q entry of strings that the shared schema accepts', () => {
    const header = ['name', 'email', 'enable_mobile_cert', 'mobile_number', 'field:D1:amount'];
    const compiled = compileMapping(header, { columns: {}, fields: [], defaults: {} });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const parsed = parseSignerRow({ row: 1, line: 2, cells: ['홍길동', '010-1234-5678', 'yes', '010-1234-5678', '100'] }, compiled.mapping, {});
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const p = toUnsetPlayer(parsed.signer);
    // No title of its own: left out, so that the body's workflow_name is its title.
    expect(p).toEqual({
      memb_id_type: 'Mobile',
      email: '01012345678',
      name: '홍길동',
      language: 'ko-KR',
      enable_mobile_cert: 'true',
      mobile_number: '01012345678',
      enable_password_cert: 'false',
      password_hint: '',
      password: '',
      field_list: [{ doc_id: 'D1', field_name: 'amount', field_value: '100' }],
    });
    expect(unsetPlayerSchema.safeParse(p).success).toBe(true);
    expect(Object.values(p).filter((v) => !Array.isArray(v)).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('buildRequest', () => {
  const settings = { api_version: '1.1.57', comp_id: 'c', memb_email: 's@x.com', workflow_lib_id: 'L', comment: '', legal_agreement: false };
  const player = { memb_id_type: 'EMail' as const, email: 'a@x.com', name: 'A', enable_mobile_cert: 'false' as const, mobile_number: '', enable_password_cert: 'false' as const, password_hint: '', password: '', field_list: [] };

  it('carries enable_legal_agreement and a title, never clientid, and customer_list only for customer B', () => {
    const plain = buildRequest([player], settings, 'sid', '근로계약서');
    expect(plain.body).toEqual({
      comp_id: 'c',
      biz_id: '0',
      memb_email: 's@x.com',
      workflow_name: '근로계약서',
      workflow_lib_id: 'L',
      unset_player_list: [player],
      comment: '',
      enable_legal_agreement: 'false',
    });
    expect(bulkStartBodySchema.safeParse(plain.body).success).toBe(true);
    const { field_list: _f, ...customer } = player;
    const withB = buildRequest([player], { ...settings, legal_agreement: true }, 'sid', 'T', customer);
    expect(withB.body).toMatchObject({ enable_legal_agreement: 'true', customer_list: [customer] });
    expect(bulkStartBodySchema.safeParse(withB.body).success).toBe(true);
  });
});
