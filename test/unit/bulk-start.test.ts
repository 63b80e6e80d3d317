import { describe, expect, it } from 'vitest';
import { contactKey, interpretBulkStart, toUnsetPlayer } from '../../src/api/bulk-start.js';
import type { PostResult } from '../../src/api/client.js';
import { unsetPlayerSchema } from '../../src/api/schemas.js';
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

describe('interpretBulkStart', () => {
  it('matches by position and checks the contact', () => {
    const out = interpretBulkStart(ok([entry('a@x.com'), entry('01012345678')]), ['A@x.com', '01012345678'], meta);
    expect(out.stop).toBeUndefined();
    expect(out.rows).toMatchObject([
      { status: 'sent', workflow_id: 'W-a@x.com', token: 'T-a@x.com', batch: 3, session_id: 'sid-3' },
      { status: 'sent', workflow_id: 'W-01012345678' },
    ]);
  });

  it('never marks a row sent when the answer does not match it', () => {
    const swapped = interpretBulkStart(ok([entry('b@x.com'), entry('a@x.com')]), ['a@x.com', 'b@x.com'], meta);
    expect(swapped.rows.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    const short = interpretBulkStart(ok([entry('a@x.com')]), ['a@x.com', 'b@x.com'], meta);
    expect(short.rows.map((r) => r.status)).toEqual(['sent', 'unknown']);
    const otherSession = interpretBulkStart(ok([entry('a@x.com')], { session_id: 'someone-else' }), ['a@x.com'], meta);
    expect(otherSession.rows.map((r) => r.status)).toEqual(['unknown']);
    const noId = interpretBulkStart(ok([entry('a@x.com', { workflow_id: '' })]), ['a@x.com'], meta);
    expect(noId.rows[0]!.status).toBe('failed');
  });

  it('a per-signer failure fails only that signer', () => {
    const out = interpretBulkStart(ok([entry('a@x.com'), entry('b@x.com', { result: 'FAIL', description: 'bad' })]), ['a@x.com', 'b@x.com'], meta);
    expect(out.rows).toMatchObject([{ status: 'sent' }, { status: 'failed', result: 'FAIL', message: 'bad' }]);
  });

  it.each(['-1', '10', '12', '13', '14', '15'])('result code %s stops the run; the batch is not_sent', (code) => {
    const out = interpretBulkStart(ok([], { result_code: code, result_msg: 'no' }), ['a@x.com', 'b@x.com'], meta);
    expect(out.stop).toMatchObject({ code });
    expect(out.rows.map((r) => r.status)).toEqual(['not_sent', 'not_sent']);
  });

  it.each(['11', '99'])('result code %s fails the batch and the run goes on', (code) => {
    const out = interpretBulkStart(ok([], { result_code: code }), ['a@x.com'], meta);
    expect(out.stop).toBeUndefined();
    expect(out.rows).toMatchObject([{ status: 'failed', result_code: code, batch: 3 }]);
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
    const out = interpretBulkStart(result, ['a@x.com'], meta);
    expect(out.rows[0]!.status).toBe(status);
    expect(out.stop !== undefined).toBe(stops);
  });
});

describe('contactKey', () => {
  it.each([
    ['Hong@Example.com ', 'hong@example.com'],
    ['010-1234-5678', '01012345678'],
    ['+82 10 1234 5678', '01012345678'],
  ])('%s → %s', (input, key) => expect(contactKey(input)).toBe(key));
});

describe('toUnsetPlayer', () => {
  it('turns a signer into a 1410Q entry of strings that the shared schema accepts', () => {
    const header = ['name', 'email', 'enable_mobile_cert', 'mobile_number', 'field:D1:amount'];
    const compiled = compileMapping(header, { columns: {}, fields: [], defaults: {} });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const parsed = parseSignerRow({ row: 1, line: 2, cells: ['홍길동', '010-1234-5678', 'yes', '010-1234-5678', '100'] }, compiled.mapping, {});
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const p = toUnsetPlayer(parsed.signer);
    expect(p).toEqual({
      memb_id_type: 'Mobile',
      email: '01012345678',
      name: '홍길동',
      language: 'ko-KR',
      workflow_name: '',
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
