/**
 * The emulator over real HTTP (port 0, fetch): strictness, the API calls, the
 * document lifecycle, every fault and the control endpoints.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { faultsPatchSchema } from '../../src/emulator/faults.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import {
  answer,
  bulk as rawBulk,
  COMMON,
  control as controlRequest,
  common,
  customerB,
  get,
  GET_HEADERS,
  HEADERS,
  post,
  sendOk as rawSendOk,
  signer,
  without,
  type Answer,
  type Json,
} from '../helpers/emulator-http.js';

const bulk = (signers: Json[], body: Json = {}, header: Json = {}) => rawBulk(signers, body, header);
const control = (path: string): Promise<Answer> => controlRequest(em, 'POST', path);

let em: RunningEmulator;
const started: RunningEmulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, seed: 7, ...options });
  started.push(e);
  return e;
}

beforeEach(async () => {
  em = await start();
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

/** Sends `signers` through 1410Q and returns the workflow list (asserting success). */
const sendOk = (signers: Json[], header: Json = {}): Promise<any[]> => rawSendOk(em, signers, {}, header);

// ---------------------------------------------------------------- strictness

describe('1410Q strictness', () => {
  const good = (): { header: Json; body: Json } => bulk([signer(1)]);
  const field = (field_name: string, field_value: unknown = '1', doc_id: string = SANDBOX.doc_id): Json => ({ doc_id, field_name, field_value });
  const cases: { name: string; payload: () => unknown; headers?: Record<string, string>; code?: string; status?: number }[] = [
    // headers
    { name: 'no Content-Type', payload: good, headers: without(HEADERS, 'Content-Type'), code: '-1' },
    { name: 'Content-Type text/plain', payload: good, headers: { ...HEADERS, 'Content-Type': 'text/plain' }, code: '-1' },
    { name: 'no Authorization', payload: good, headers: without(HEADERS, 'Authorization'), code: '-1' },
    { name: 'Bearer instead of esignon', payload: good, headers: { ...HEADERS, Authorization: `Bearer ${SANDBOX.token}` }, code: '-1' },
    { name: 'no space after esignon', payload: good, headers: { ...HEADERS, Authorization: `esignon${SANDBOX.token}` }, code: '-1' },
    { name: 'two spaces after esignon', payload: good, headers: { ...HEADERS, Authorization: `esignon  ${SANDBOX.token}` }, code: '-1' },
    { name: 'capitalised scheme', payload: good, headers: { ...HEADERS, Authorization: `Esignon ${SANDBOX.token}` }, code: '-1' },
    { name: 'a token never issued', payload: good, headers: { ...HEADERS, Authorization: 'esignon not-a-token' }, status: 401 },
    // envelope
    { name: 'body not JSON', payload: () => '{"header": {', code: '-1' },
    { name: 'no body object', payload: () => ({ header: good().header }), code: '-1' },
    { name: 'header value not a string', payload: () => bulk([signer(1)], {}, { session_id: 12 }), code: '-1' },
    { name: 'header without version', payload: () => bulk([signer(1)], {}, { version: undefined }), code: '-1' },
    { name: 'header without session_id', payload: () => bulk([signer(1)], {}, { session_id: undefined }), code: '-1' },
    { name: 'unknown request_code', payload: () => bulk([signer(1)], {}, { request_code: '9999Q' }), code: '-1' },
    // body level
    { name: 'clientid (gone from the current page)', payload: () => bulk([signer(1)], { clientid: SANDBOX.client_id }), code: '-1' },
    { name: 'field_list at body level', payload: () => bulk([signer(1)], { field_list: [field('amount')] }), code: '-1' },
    { name: 'no enable_legal_agreement', payload: () => bulk([signer(1)], { enable_legal_agreement: undefined }), code: '-1' },
    { name: 'enable_legal_agreement as JSON false', payload: () => bulk([signer(1)], { enable_legal_agreement: false }), code: '-1' },
    { name: 'enable_legal_agreement "False"', payload: () => bulk([signer(1)], { enable_legal_agreement: 'False' }), code: '-1' },
    { name: 'no body workflow_name', payload: () => bulk([signer(1)], { workflow_name: undefined }), code: '-1' },
    { name: 'empty body workflow_name and an untitled signer', payload: () => bulk([signer(1), signer(2, { workflow_name: '' })], { workflow_name: '' }), code: '-1' },
    { name: 'blank body workflow_name and a signer without one', payload: () => bulk([signer(1, { workflow_name: undefined })], { workflow_name: ' ' }), code: '-1' },
    { name: 'no comment', payload: () => bulk([signer(1)], { comment: undefined }), code: '-1' },
    { name: 'biz_id as a number', payload: () => bulk([signer(1)], { biz_id: 0 }), code: '-1' },
    { name: 'biz_id "1"', payload: () => bulk([signer(1)], { biz_id: '1' }), code: '-1' },
    { name: 'missing workflow_lib_id', payload: () => bulk([signer(1)], { workflow_lib_id: undefined }), code: '-1' },
    { name: 'empty signer list', payload: () => bulk([]), code: '-1' },
    { name: 'unset_player_list not a list', payload: () => bulk([signer(1)], { unset_player_list: signer(1) }), code: '-1' },
    { name: 'customer_list for a template that is not 2단계 C', payload: () => bulk([signer(1)], { customer_list: [customerB()] }), code: '-1' },
    // signer level
    { name: 'an unknown signer key', payload: () => bulk([signer(1, { phone: '01012345678' })]), code: '-1' },
    { name: 'JSON false for a boolean', payload: () => bulk([signer(1, { enable_mobile_cert: false })]), code: '-1' },
    { name: '"True" for a boolean', payload: () => bulk([signer(1, { enable_password_cert: 'True' })]), code: '-1' },
    { name: 'memb_id_type spelt email', payload: () => bulk([signer(1, { memb_id_type: 'email' })]), code: '-1' },
    { name: 'memb_id_type spelt MOBILE', payload: () => bulk([signer(1, { memb_id_type: 'MOBILE', email: '01012345678' })]), code: '-1' },
    { name: 'missing name', payload: () => bulk([signer(1, { name: undefined })]), code: '-1' },
    { name: 'empty name', payload: () => bulk([signer(1, { name: ' ' })]), code: '-1' },
    { name: 'missing mobile_number', payload: () => bulk([signer(1, { mobile_number: undefined })]), code: '-1' },
    { name: 'missing password_hint', payload: () => bulk([signer(1, { password_hint: undefined })]), code: '-1' },
    { name: 'missing field_list', payload: () => bulk([signer(1, { field_list: undefined })]), code: '-1' },
    { name: 'language ko', payload: () => bulk([signer(1, { language: 'ko' })]), code: '-1' },
    { name: 'language ""', payload: () => bulk([signer(1, { language: '' })]), code: '-1' },
    { name: 'invalid email', payload: () => bulk([signer(1, { email: 'not-an-email' })]), code: '-1' },
    { name: 'an email with a space', payload: () => bulk([signer(1, { email: 'a b@example.com' })]), code: '-1' },
    { name: 'an email with a double dot', payload: () => bulk([signer(1, { email: 'a..b@example.com' })]), code: '-1' },
    { name: 'an email without a top-level domain', payload: () => bulk([signer(1, { email: 'a@localhost' })]), code: '-1' },
    { name: 'an internationalised email', payload: () => bulk([signer(1, { email: '홍길동@example.kr' })]), code: '-1' },
    { name: 'mobile with dashes', payload: () => bulk([signer(1, { memb_id_type: 'Mobile', email: '010-1234-5678' })]), code: '-1' },
    { name: 'mobile with +82', payload: () => bulk([signer(1, { memb_id_type: 'Mobile', email: '+821012345678' })]), code: '-1' },
    { name: 'a landline as Mobile', payload: () => bulk([signer(1, { memb_id_type: 'Mobile', email: '0212345678' })]), code: '-1' },
    { name: 'an email as Mobile', payload: () => bulk([signer(1, { memb_id_type: 'Mobile' })]), code: '-1' },
    { name: 'mobile cert without number', payload: () => bulk([signer(1, { enable_mobile_cert: 'true' })]), code: '-1' },
    { name: 'mobile_number with dashes', payload: () => bulk([signer(1, { enable_mobile_cert: 'true', mobile_number: '010-1234-5678' })]), code: '-1' },
    { name: 'password cert without password', payload: () => bulk([signer(1, { enable_password_cert: 'true' })]), code: '-1' },
    // field level
    { name: 'field_value as a number', payload: () => bulk([signer(1, { field_list: [field('amount', 5)] })]), code: '-1' },
    { name: 'a field entry without field_value', payload: () => bulk([signer(1, { field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'amount' }] })]), code: '-1' },
    { name: 'an unknown field entry key', payload: () => bulk([signer(1, { field_list: [{ ...field('amount'), field_type: 'text' }] })]), code: '-1' },
    { name: 'a field filled twice', payload: () => bulk([signer(1, { field_list: [field('amount'), field('amount', '2')] })]), code: '-1' },
    { name: 'field of another document', payload: () => bulk([signer(1, { field_list: [field('salary', '1', 'SANDBOX-DOC-2')] })]), code: '-1' },
    { name: 'unknown field name', payload: () => bulk([signer(1, { field_list: [field('amout')] })]), code: '-1' },
    { name: 'a bad second signer', payload: () => bulk([signer(1), signer(2, { language: 'kr' })]), code: '-1' },
    // identity and template
    { name: 'another company', payload: () => bulk([signer(1)], { comp_id: 'other' }), code: '15' },
    { name: 'another sender', payload: () => bulk([signer(1)], { memb_email: 'someone@sandbox.esignon.test' }), code: '15' },
    { name: 'unknown template', payload: () => bulk([signer(1)], { workflow_lib_id: 'NOPE' }), code: '10' },
    { name: 'a WEBTYPE template', payload: () => bulk([signer(1)], { workflow_lib_id: 'SANDBOX-WEB-1' }), code: '10' },
  ];

  const table = cases.map((c) => ({ ...c, want: c.code ?? `HTTP ${c.status}` }));
  it.each(table)('$name → $want, nothing created', async ({ payload, headers, code, status }) => {
    const r = await post(em, COMMON, payload(), headers ?? HEADERS);
    if (status !== undefined) {
      expect(r.status).toBe(status);
    } else {
      expect(r.status).toBe(200);
      expect(r.json.header.result_code).toBe(code);
      expect(r.json.header.result_msg).not.toBe('');
    }
    const state = em.state();
    expect(state.documents).toHaveLength(0);
    expect(state.requests.total).toBe(1);
  });

  it('names the offending key in result_msg', async () => {
    const r = await post(em, COMMON, bulk([signer(1)], { clientid: 'x' }));
    expect(r.json.header.result_msg).toContain('body.clientid');
    const s = await post(em, COMMON, bulk([signer(1), signer(2, { email: 'nope' })]));
    expect(s.json.header.result_msg).toContain('body.unset_player_list.1.email');
  });

  it('echoes session_id and version and answers 1410A, also on errors', async () => {
    const r = await post(em, COMMON, bulk([signer(1)], { workflow_lib_id: 'NOPE' }, { session_id: 'run-9', version: '9.9.99' }));
    expect(r.json.header).toMatchObject({ response_code: '1410A', result_code: '10', session_id: 'run-9', version: '9.9.99' });
  });

  it('accepts a header without request_msg, with api_name, any User-Agent or none, and a charset on the Content-Type', async () => {
    const req = bulk([signer(1)], {}, { api_name: 'Work Flow Bulk Sending를 시작합니다.' });
    delete req.header.request_msg;
    const r = await post(em, COMMON, req, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    expect(r.json.header.result_code).toBe('00');
    const other = await post(em, COMMON, bulk([signer(2)]), { ...HEADERS, 'User-Agent': 'got (https://github.com/sindresorhus/got)' });
    expect(other.json.header.result_code).toBe('00');
    expect(em.state().documents).toHaveLength(2);
  });

  it("accepts an empty body-level workflow_name when every signer has its own title (the page's example)", async () => {
    const list = await rawSendOk(em, [signer(1), signer(2)], { workflow_name: '' });
    expect(list.map((w) => w.workflow_name)).toEqual(['근로계약서 - 서명자1', '근로계약서 - 서명자2']);
  });

  it('accepts signers without language or workflow_name, an empty field_list, and an empty customer_list', async () => {
    const list = await rawSendOk(em, [signer(1, { language: undefined, workflow_name: undefined, field_list: [] })], { customer_list: [] });
    expect(list[0]).toMatchObject({ result: 'OK', lang: 'ko-KR', workflow_name: '근로계약서' });
    expect(em.state().documents[0]!.field_list).toEqual([]);
  });
});

describe('1410Q "2단계 C" templates (customer B in customer_list)', () => {
  const lib = SANDBOX.customer_b_workflow_lib_id;
  const cSigner = (n: number): Json => signer(n, { field_list: [{ doc_id: SANDBOX.customer_b_doc_id, field_name: 'amount', field_value: '5000000' }] });

  it('creates documents whose second step is customer B', async () => {
    const list = await rawSendOk(em, [cSigner(1), cSigner(2)], {
      workflow_lib_id: lib,
      customer_list: [customerB({ memb_id_type: 'Mobile', email: '01099998888', enable_password_cert: 'true', password: '1234', password_hint: '생일' })],
    });
    expect(list.map((w) => w.result)).toEqual(['OK', 'OK']);
    const wf = await get(em, `/api/v2/workflows/${list[0].workflow_id}`);
    expect(wf.json.body.owner_list).toEqual([
      expect.objectContaining({ action_id: '1', email: 'signer1@example.com', turn_yn: 'Y' }),
      expect.objectContaining({ action_id: '2', email: '01099998888', name: '보증인', turn_yn: 'N', cert_password_yn: 'Y', password_hint: '생일' }),
    ]);
    expect(JSON.stringify(wf.json)).not.toContain('1234');
  });

  it.each([
    ['no customer_list', {}],
    ['an empty customer_list', { customer_list: [] }],
    ['two customers B', { customer_list: [customerB(), customerB({ email: 'b2@example.com' })] }],
    ['customer B with an unknown key', { customer_list: [customerB({ workflow_name: 'x' })] }],
    ['customer B without name', { customer_list: [customerB({ name: undefined })] }],
    ['customer B with a bad email', { customer_list: [customerB({ email: 'guarantor' })] }],
    ['customer B with "yes" as a boolean', { customer_list: [customerB({ enable_mobile_cert: 'yes' })] }],
  ])('refuses %s with -1', async (_name, body) => {
    const r = await post(em, COMMON, bulk([cSigner(1)], { workflow_lib_id: lib, ...body }));
    expect(r.json.header.result_code).toBe('-1');
    expect(em.state().documents).toHaveLength(0);
  });

  it('the two customers sign in turn; the document completes with no manager step', async () => {
    const [w] = await rawSendOk(em, [cSigner(1)], { workflow_lib_id: lib, customer_list: [customerB()] });
    const first = await control(`/documents/${w.workflow_id}/sign?steps=1`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ workflow_status: 'Playing', current_action_id: '2' });
    const done = await control(`/documents/${w.workflow_id}/sign`);
    expect(done.json.workflow_status).toBe('Complete');
    const signed = (done.json.action_history_list as Json[]).filter((e) => e.step_code === 'SIGN_COMPLETE').map((e) => e.confirm_email);
    expect(signed).toEqual(['signer1@example.com', 'guarantor@example.com']);
  });
});

// ---------------------------------------------------------------- 1410Q success

describe('1410Q bulk start', () => {
  it('creates one Playing document per signer, in request order, with unique ids and tokens', async () => {
    const signers = [
      signer(1),
      signer(2, { email: 'Signer.Two@Example.com' }),
      signer(3, { memb_id_type: 'Mobile', email: '01012345678', enable_mobile_cert: 'true', mobile_number: '01012345678' }),
    ];
    const r = await post(em, COMMON, bulk(signers, {}, { session_id: 'sess-A' }));
    expect(r.json.header).toMatchObject({ response_code: '1410A', result_code: '00', session_id: 'sess-A', version: '1.1.57' });
    expect(r.json.body).toMatchObject({
      comp_id: SANDBOX.comp_id,
      biz_id: '0',
      memb_email: SANDBOX.memb_email,
      workflow_lib_id: SANDBOX.workflow_lib_id,
    });
    const list = r.json.body.workflow_list as any[];
    expect(list.map((w) => w.unset_player_email)).toEqual(['signer1@example.com', 'Signer.Two@Example.com', '01012345678']);
    expect(list.map((w) => w.unset_player_name)).toEqual(['서명자1', '서명자2', '서명자3']);
    for (const w of list) {
      expect(w.result).toBe('OK');
      expect(w.workflow_id).toMatch(/^\d+$/);
      expect(w.token).toMatch(/^[0-9a-f]{32}$/);
      expect(w.lang).toBe('ko-KR');
      expect(w.reg_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(w.workflow_name).toMatch(/^근로계약서 - 서명자\d$/);
    }
    expect(new Set(list.map((w) => w.workflow_id)).size).toBe(3);
    expect(new Set(list.map((w) => w.token)).size).toBe(3);

    const state = em.state();
    expect(state.documents).toHaveLength(3);
    expect(state.per_contact).toEqual({ 'signer1@example.com': 1, 'signer.two@example.com': 1, '01012345678': 1 });
    expect(state.by_status).toEqual({ Playing: 3 });
    expect(state.requests).toMatchObject({ total: 1, by_code: { '1410Q': 1 }, bulk_signers: 3 });
    const first = state.documents[0]!;
    expect(first).toMatchObject({
      workflow_id: list[0].workflow_id,
      token: list[0].token,
      contact: 'signer1@example.com',
      name: '서명자1',
      status: 'Playing',
      session_id: 'sess-A',
      reminded: 0,
      workflow_lib_id: SANDBOX.workflow_lib_id,
    });
    expect(first.field_list).toEqual([
      { doc_id: SANDBOX.doc_id, field_name: 'amount', field_value: '1000000' },
      { doc_id: SANDBOX.doc_id, field_name: 'department', field_value: '영업부' },
    ]);
    expect(Number.isNaN(Date.parse(first.created_at))).toBe(false);
  });

  it('counts a contact twice when it is sent twice (the emulator does not deduplicate)', async () => {
    await sendOk([signer(1)], { session_id: 'a' });
    await sendOk([signer(1)], { session_id: 'b' });
    const state = em.state();
    expect(state.per_contact['signer1@example.com']).toBe(2);
    expect(state.documents.map((d) => d.session_id)).toEqual(['a', 'b']);
  });

  it('fails the sending account as a signer of its own send, and creates the others', async () => {
    const list = await sendOk([signer(1), signer(2, { email: SANDBOX.memb_email.toUpperCase() })]);
    expect(list.map((w) => w.result)).toEqual(['OK', 'FAIL']);
    expect(list[1].workflow_id).toBe('');
    expect(list[1].description).not.toBe('');
    expect(em.state().documents).toHaveLength(1);
  });

  it('keeps a field value larger than its text buffers intact, and the documents after it', async () => {
    const big = '가'.repeat(1_500_000) + 'end'; // 4.5 MB of UTF-8
    await sendOk([signer(1, { field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'position', field_value: big }] }), signer(2)]);
    await sendOk([signer(3)]);
    const docs = em.state().documents;
    expect(docs.map((d) => d.contact)).toEqual(['signer1@example.com', 'signer2@example.com', 'signer3@example.com']);
    expect(docs[0]!.field_list[0]!.field_value).toBe(big);
    expect(docs[2]!.name).toBe('서명자3');
  });

  it('titles a document without its own workflow_name with the body-level one', async () => {
    const list = await rawSendOk(em, [signer(1, { workflow_name: '' }), signer(2, { workflow_name: undefined }), signer(3)], { workflow_name: '2026 근로계약' });
    expect(list.map((w) => w.workflow_name)).toEqual(['2026 근로계약', '2026 근로계약', '근로계약서 - 서명자3']);
    const wf = await get(em, `/api/v2/workflows/${list[0].workflow_id}`);
    expect(wf.json.body.workflow_name).toBe('2026 근로계약');
    expect(em.state().documents.map((d) => d.workflow_name)).toEqual(['2026 근로계약', '2026 근로계약', '근로계약서 - 서명자3']);
  });

  it('sends with the two-step bulk template and its own fields', async () => {
    const s = signer(1, { field_list: [{ doc_id: 'SANDBOX-DOC-2', field_name: 'salary', field_value: '1' }] });
    const r = await post(em, COMMON, bulk([s], { workflow_lib_id: 'SANDBOX-BULK-2' }));
    expect(r.json.header.result_code).toBe('00');
    const id = r.json.body.workflow_list[0].workflow_id;
    const wf = await get(em, `/api/v2/workflows/${id}`);
    expect(wf.json.body.total_action_count).toBe('2');
    expect(wf.json.body.owner_list.map((o: Json) => [o.action_id, o.email])).toEqual([
      ['1', 'signer1@example.com'],
      ['2', SANDBOX.memb_email],
    ]);
  });

  it('gives the same ids and tokens for the same seed, and different ones for another seed', async () => {
    const again = await start({ seed: 7 });
    const other = await start({ seed: 8 });
    const a = await sendOk([signer(1), signer(2)]);
    const send = async (e: RunningEmulator): Promise<any[]> => (await post(e, COMMON, bulk([signer(1), signer(2)]))).json.body.workflow_list;
    const b = await send(again);
    const c = await send(other);
    expect(b.map((w) => [w.workflow_id, w.token])).toEqual(a.map((w) => [w.workflow_id, w.token]));
    expect(c.map((w) => w.workflow_id)).not.toEqual(a.map((w) => w.workflow_id));
  });
});

// ---------------------------------------------------------------- 1001Q login

describe('1001Q login', () => {
  const login = (body: Json = {}): { header: Json; body: Json } => ({
    header: { request_code: '1001Q', request_msg: 'login', session_id: 'login-1', version: '1.1.57' },
    body: {
      comp_id: SANDBOX.comp_id,
      memb_email: SANDBOX.memb_email,
      memb_pwd: SANDBOX.password,
      client_id: SANDBOX.client_id,
      ...body,
    },
  });
  const pageLogin = { header: { request_code: '1001Q' }, body: { memb_email: SANDBOX.memb_email, memb_pwd: SANDBOX.password } };
  const loginHeaders = without(HEADERS, 'Authorization');

  it('issues a new token, valid 30 days, that later calls accept', async () => {
    const now = Date.parse('2026-11-29T01:00:00Z');
    const e = await start({ now: () => now });
    const r = await post(e, `/api/${SANDBOX.comp_id}/login`, login(), loginHeaders);
    expect(r.json.header).toMatchObject({ response_code: '1001A', result_code: '00', session_id: 'login-1' });
    const token = r.json.body.access_token as string;
    expect(token).not.toBe(SANDBOX.token);
    expect(r.json.body).toMatchObject({ comp_id: SANDBOX.comp_id, memb_email: SANDBOX.memb_email });
    expect(r.json.body.expire_date).toBe('2026-12-29 10:00:00');
    expect(e.account.tokens).toContain(token);
    const list = await post(e, COMMON, common('1123Q', { search_dir_id: 'all', display_order_mode: '2' }), {
      ...HEADERS,
      Authorization: `esignon ${token}`,
    });
    expect(list.json.header.result_code).toBe('00');
  });

  it.each([
    ['a wrong password', { memb_pwd: 'wrong' }, '10'],
    ['another sender', { memb_email: 'x@sandbox.esignon.test' }, '10'],
    ['a wrong client id', { client_id: 'other' }, '10'],
    ['another company in the body', { comp_id: 'other' }, '10'],
    ['a password that is not a string', { memb_pwd: 1234 }, '12'],
    ['no password', { memb_pwd: undefined }, '12'],
    ['an unknown key', { device_id: 'x' }, '12'],
  ] as const)('refuses %s with %s', async (_name, body, code) => {
    const r = await post(em, `/api/${SANDBOX.comp_id}/login`, login(body), loginHeaders);
    expect(r.json.header.result_code).toBe(code);
    expect(r.json.body.access_token).toBeUndefined();
    expect(em.account.tokens).toEqual([SANDBOX.token]);
  });

  it("accepts the page's request: request_code alone in the header, memb_email and memb_pwd alone in the body", async () => {
    const r = await post(em, `/api/${SANDBOX.comp_id}/login`, pageLogin, { 'Content-Type': 'application/json' });
    expect(r.json.header).toMatchObject({ response_code: '1001A', result_code: '00' });
    expect(r.json.header.version).toBeUndefined();
    expect(em.account.tokens).toContain(r.json.body.access_token);
  });

  it('refuses a company in the path that is not the account', async () => {
    const r = await post(em, '/api/other/login', pageLogin, loginHeaders);
    expect(r.json.header.result_code).toBe('10');
  });

  it('answers 12 to a body it cannot parse and 99 to a wrong request code', async () => {
    expect((await post(em, `/api/${SANDBOX.comp_id}/login`, 'nope', loginHeaders)).json.header.result_code).toBe('12');
    const wrongCode = login();
    wrongCode.header.request_code = '1002Q';
    expect((await post(em, `/api/${SANDBOX.comp_id}/login`, wrongCode, loginHeaders)).json.header.result_code).toBe('99');
  });
});

// ---------------------------------------------------------------- 1123Q, GET docs

describe('1123Q templates and GET docs', () => {
  it('lists every template for "all", the own folder for "my", the shared ones for "shared"', async () => {
    const all = await post(em, `${COMMON}?lang=ko`, common('1123Q', { search_dir_id: 'all', display_order_mode: '2' }));
    expect(all.json.header).toMatchObject({ response_code: '1123A', result_code: '00' });
    expect(all.json.body).toMatchObject({ comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, search_dir_id: 'all' });
    const files = all.json.body.file_list as any[];
    expect(files.map((f) => [f.file_workflow_library_id, f.file_workflow_type, f.file_workflow_count, f.file_id])).toEqual([
      ['SANDBOX-BULK-1', 'BULK', '1', SANDBOX.doc_id],
      ['SANDBOX-BULK-2', 'BULK', '2', 'SANDBOX-DOC-2'],
      ['SANDBOX-WEB-1', 'WEBTYPE', '1', 'SANDBOX-DOC-3'],
      ['SANDBOX-BULK-C', 'BULK', '2', 'SANDBOX-DOC-C'],
    ]);
    const my = await post(em, COMMON, common('1123Q', { search_dir_id: 'my', display_order_mode: '2' }));
    expect((my.json.body.file_list as any[]).map((f) => f.file_workflow_library_id)).toEqual(['SANDBOX-BULK-2']);
    const shared = await post(em, COMMON, common('1123Q', { search_dir_id: 'shared', display_order_mode: '2' }));
    expect((shared.json.body.file_list as any[]).map((f) => f.file_workflow_library_id)).toEqual(['SANDBOX-BULK-1', 'SANDBOX-WEB-1', 'SANDBOX-BULK-C']);
  });

  it('sorts by display_order_mode', async () => {
    const ids = async (mode: string): Promise<string[]> =>
      ((await post(em, COMMON, common('1123Q', { search_dir_id: 'all', display_order_mode: mode }))).json.body.file_list as any[]).map((f) => f.file_workflow_library_id);
    expect(await ids('6')).toEqual(['SANDBOX-BULK-1', 'SANDBOX-BULK-2', 'SANDBOX-WEB-1', 'SANDBOX-BULK-C']);
    expect(await ids('5')).toEqual(['SANDBOX-BULK-C', 'SANDBOX-WEB-1', 'SANDBOX-BULK-2', 'SANDBOX-BULK-1']);
    expect((await ids('9')).slice(0, 2).sort()).toEqual(['SANDBOX-BULK-2', 'SANDBOX-BULK-C']);
  });

  it.each([
    ['an unknown folder', { search_dir_id: 'everything', display_order_mode: '2' }, '', '99'],
    ['order mode 1 (gone from the current page)', { search_dir_id: 'all', display_order_mode: '1' }, '', '99'],
    ['an unknown order mode', { search_dir_id: 'all', display_order_mode: '12' }, '', '99'],
    ['an unknown lang', { search_dir_id: 'all', display_order_mode: '2' }, '?lang=de', '99'],
    ['a missing folder', { display_order_mode: '2' }, '', '12'],
    ['an unknown key', { search_dir_id: 'all', display_order_mode: '2', page: '1' }, '', '12'],
    ['another company', { search_dir_id: 'all', display_order_mode: '2', comp_id: 'other' }, '', '10'],
  ])('refuses %s', async (_name, body, query, code) => {
    const r = await post(em, COMMON + query, common('1123Q', body));
    expect(r.json.header.result_code).toBe(code);
    expect(r.json.body.file_list).toBeUndefined();
  });

  it('GET docs gives the template document with its fields, each with its step', async () => {
    const r = await get(em, `/api/v2/docs/${SANDBOX.doc_id}`);
    expect(r.json.header).toEqual({ response_code: '/api/v2/docs/:documentId', result_code: '00', result_msg: 'Success', session_id: '' });
    expect(r.json.body).toMatchObject({ doc_id: SANDBOX.doc_id, doc_type: 'BULKTYPE', workflow_library_id: SANDBOX.workflow_lib_id, dir_type: 'shared' });
    expect((r.json.body.field_list as any[]).map((f) => f.field_owner)).toEqual(SANDBOX.field_names);
    // a manager step's fields name the sending account; a customer's step has no fixed email
    const two = await get(em, '/api/v2/docs/SANDBOX-DOC-2');
    expect((two.json.body.field_list as any[]).at(-1)).toEqual({ action_id: '2', field_owner: 'manager_note', email: SANDBOX.memb_email });
    const c = await get(em, `/api/v2/docs/${SANDBOX.customer_b_doc_id}`);
    expect((c.json.body.field_list as any[]).at(-1)).toEqual({ action_id: '2', field_owner: 'guarantor_address', email: '' });
  });

  it('GET docs: unknown → 11, wrong Authorization format → 11, unknown token → 401; no User-Agent needed', async () => {
    expect((await get(em, '/api/v2/docs/NOPE')).json.header.result_code).toBe('11');
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, { ...GET_HEADERS, Authorization: SANDBOX.token })).json.header.result_code).toBe('11');
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, { ...GET_HEADERS, Authorization: 'esignon nope' })).status).toBe(401);
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, GET_HEADERS)).json.header.result_code).toBe('00');
  });

  it('answers 404 to unknown paths and 405 to a wrong method', async () => {
    expect((await get(em, '/api/v3/nothing')).status).toBe(404);
    expect((await get(em, COMMON)).status).toBe(405);
    expect(em.state().documents).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- lifecycle: workflows, 1429Q, 1510Q

describe('document lifecycle', () => {
  const remind = (id: string, query = ''): Promise<Answer> =>
    post(em, COMMON + query, { header: { request_code: '1429Q', request_msg: 'Remind 를 요청합니다.', session_id: '' }, body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: id } });
  const cmd = (command: string) => (id: string, extra: Json = {}): Promise<Answer> =>
    post(em, COMMON, common('1510Q', { workflow_id: id, command, ...extra }, { request_lang: 'ko' }));
  const cancel = cmd('CANCEL');
  const dispose = (id: string, extra: Json = { description: '잘못 발송', timezone_offset: '+09:00' }): Promise<Answer> => cmd('DISPOSAL')(id, extra);
  const del = cmd('DELETE');
  const status = async (id: string): Promise<string> => (await get(em, `/api/v2/workflows/${id}`)).json.body.workflow_status;
  const steps = async (id: string): Promise<string[]> => (await get(em, `/api/v2/workflows/${id}`)).json.body.action_history_list.map((e: Json) => e.step_code);

  it('GET workflows follows a document from Playing through VIEW to Complete, with the documented names', async () => {
    const now = Date.parse('2026-03-02T01:00:00Z');
    let clock = now;
    em = await start({ now: () => clock });
    const [w] = await sendOk([signer(1)]);
    const id = w.workflow_id as string;
    const playing = await get(em, `/api/v2/workflows/${id}`);
    expect(playing.json.header).toEqual({ response_code: '/api/v2/workflows/:workflowId', result_code: '00', result_msg: 'Success', session_id: '' });
    expect(playing.json.body).toMatchObject({
      workflow_id: id,
      workflow_name: '근로계약서 - 서명자1',
      workflow_status: 'Playing',
      create_date: '2026-03-02 10:00:00',
      current_action_id: '1',
      total_action_count: '1',
      creator_email: SANDBOX.memb_email,
      certificate_url: '',
      download_url: '',
      referer_list: [{ name: 'Sandbox Sender', type: 'starter', email: SANDBOX.memb_email }],
    });
    expect(playing.json.body.action_history_list).toEqual([
      { step_code: 'WORKFLOW_START', action_id: '1', confirm_date: '2026-03-02 10:00:00', name: 'Sandbox Sender', confirm_email: SANDBOX.memb_email, comment: '' },
      { step_code: 'SIGN_REQ', action_id: '1', confirm_date: '2026-03-02 10:00:00', name: '서명자1', confirm_email: 'signer1@example.com', comment: '' },
    ]);
    expect(playing.json.body.field_list).toEqual([
      { action_id: '1', field_owner: 'amount', field_value: '1000000', email: 'signer1@example.com' },
      { action_id: '1', field_owner: 'start_date', field_value: '', email: 'signer1@example.com' },
      { action_id: '1', field_owner: 'department', field_value: '영업부', email: 'signer1@example.com' },
      { action_id: '1', field_owner: 'position', field_value: '', email: 'signer1@example.com' },
    ]);
    expect(playing.json.body.owner_list).toEqual([
      { action_id: '1', turn_yn: 'Y', name: '서명자1', email: 'signer1@example.com', phone_number: '', cert_mobile_yn: 'N', cert_password_yn: 'N', password_hint: '' },
    ]);

    clock += 60_000;
    expect((await control(`/documents/${id}/view`)).status).toBe(200);
    expect(await status(id)).toBe('Playing');
    expect(await steps(id)).toEqual(['WORKFLOW_START', 'SIGN_REQ', 'VIEW']);

    clock += 60_000;
    const signed = await control(`/documents/${id}/sign`);
    expect(signed.json.workflow_status).toBe('Complete');
    const done = await get(em, `/api/v2/workflows/${id}`);
    expect(done.json.body).toMatchObject({ workflow_status: 'Complete', current_action_id: '1', last_modify_date: '2026-03-02 10:02:00' });
    expect(done.json.body.owner_list[0].turn_yn).toBe('N');
    expect(await steps(id)).toEqual(['WORKFLOW_START', 'SIGN_REQ', 'VIEW', 'SIGN_COMPLETE', 'WORKFLOW_COMPLETE']);
    expect(done.json.body.download_url).toMatch(new RegExp(`^${em.url}/files/${id}/document\\.pdf\\?`));
    expect(done.json.body.certificate_url).toMatch(new RegExp(`^${em.url}/files/${id}/certificate\\.pdf\\?`));
    expect(em.state().by_status).toEqual({ Complete: 1 });
    expect((await control(`/documents/${id}/sign`)).status).toBe(409);
  });

  it('GET workflows writes its dates in the zone of ?offset= (default +09:00)', async () => {
    em = await start({ now: () => Date.parse('2026-03-02T23:30:00Z') });
    const [w] = await sendOk([signer(1)]);
    const date = async (q: string): Promise<string> => (await get(em, `/api/v2/workflows/${w.workflow_id}${q}`)).json.body.create_date;
    expect(await date('')).toBe('2026-03-03 08:30:00');
    expect(await date('?offset=%2B09:00')).toBe('2026-03-03 08:30:00');
    expect(await date('?offset=%2B00:00')).toBe('2026-03-02 23:30:00');
    expect(await date('?offset=-05:30')).toBe('2026-03-02 18:00:00');
    for (const bad of ['9', '%2B9:00', '%2B15:00', 'Z', '%2B09:60']) {
      expect((await get(em, `/api/v2/workflows/${w.workflow_id}?offset=${bad}`)).json.header.result_code).toBe('10');
    }
  });

  it('signs a two-step document one step at a time: SIGN_REQ to the manager, then Complete', async () => {
    const s = signer(1, { field_list: [{ doc_id: 'SANDBOX-DOC-2', field_name: 'salary', field_value: '1' }] });
    const [w] = await rawSendOk(em, [s], { workflow_lib_id: 'SANDBOX-BULK-2' });
    const half = await control(`/documents/${w.workflow_id}/sign?steps=1`);
    expect(half.json).toMatchObject({ workflow_status: 'Playing', current_action_id: '2' });
    expect(half.json.owner_list.map((o: Json) => o.turn_yn)).toEqual(['N', 'Y']);
    expect(await steps(w.workflow_id)).toEqual(['WORKFLOW_START', 'SIGN_REQ', 'VIEW', 'SIGN_COMPLETE', 'SIGN_REQ']);
    expect((await control(`/documents/${w.workflow_id}/sign?steps=0`)).status).toBe(400);
    expect((await control(`/documents/${w.workflow_id}/sign?steps=1`)).json.workflow_status).toBe('Complete');
  });

  it('GET workflows of an unknown id → 10; signing an unknown id → 404', async () => {
    expect((await get(em, '/api/v2/workflows/123')).json.header.result_code).toBe('10');
    expect((await get(em, '/api/v2/workflows/abc')).json.header.result_code).toBe('10');
    expect((await control('/documents/123/sign')).status).toBe(404);
  });

  it('1429Q reminds a Playing document (RESEND), refuses a completed one with 11, a cancelled one with 12, an unknown one with 10', async () => {
    const [a, b, c] = await sendOk([signer(1), signer(2), signer(3)]);
    const r = await remind(a.workflow_id, '?lang=ko');
    expect(r.json.header).toEqual({ response_code: '1429A', result_code: '00', result_msg: 'Remind를 성공 하었습니다.', session_id: '' });
    expect(r.json.body).toEqual({ comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: a.workflow_id });
    await remind(a.workflow_id);
    expect((await steps(a.workflow_id)).slice(-2)).toEqual(['RESEND', 'RESEND']);
    await control(`/documents/${b.workflow_id}/sign`);
    expect((await remind(b.workflow_id)).json.header.result_code).toBe('11');
    await cancel(c.workflow_id);
    expect((await remind(c.workflow_id)).json.header.result_code).toBe('12');
    expect((await remind('999')).json.header.result_code).toBe('10');
    expect(em.state().documents.map((d) => d.reminded)).toEqual([2, 0, 0]);
  });

  it('1429Q answers 99 to a malformed body or an unknown lang', async () => {
    const [a] = await sendOk([signer(1)]);
    expect((await post(em, COMMON, common('1429Q', { workflow_id: Number(a.workflow_id) }))).json.header.result_code).toBe('99');
    expect((await post(em, COMMON, common('1429Q', { workflow_id: a.workflow_id, command: 'x' }))).json.header.result_code).toBe('99');
    expect((await remind(a.workflow_id, '?lang=kr')).json.header.result_code).toBe('99');
    expect(em.state().documents[0]!.reminded).toBe(0);
  });

  it('1510Q CANCEL takes a Playing document only', async () => {
    const [a, b] = await sendOk([signer(1), signer(2)]);
    const r = await cancel(a.workflow_id);
    expect(r.json.header).toMatchObject({ response_code: '1510A', result_code: '00' });
    expect(r.json.body).toEqual({ comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: a.workflow_id, command: 'CANCEL' });
    expect(await status(a.workflow_id)).toBe('Canceled');
    expect((await steps(a.workflow_id)).at(-1)).toBe('WORKFLOW_CANCEL');
    expect((await cancel(a.workflow_id)).json.header.result_code).toBe('11');
    await control(`/documents/${b.workflow_id}/sign`);
    expect((await cancel(b.workflow_id)).json.header.result_code).toBe('11');
    expect((await cancel('12345')).json.header.result_code).toBe('11');
    expect(em.state().by_status).toEqual({ Canceled: 1, Complete: 1 });
  });

  it('1510Q DISPOSAL takes a Complete document only, with a reason and a timezone offset', async () => {
    const [a, b] = await sendOk([signer(1), signer(2)]);
    expect((await dispose(a.workflow_id)).json.header.result_code).toBe('11'); // Playing
    await control(`/documents/${a.workflow_id}/sign`);
    expect((await dispose(a.workflow_id, { timezone_offset: '+09:00' })).json.header.result_code).toBe('11');
    expect((await dispose(a.workflow_id, { description: '  ', timezone_offset: '+09:00' })).json.header.result_code).toBe('11');
    expect((await dispose(a.workflow_id, { description: '잘못 발송' })).json.header.result_code).toBe('11');
    expect((await dispose(a.workflow_id, { description: '잘못 발송', timezone_offset: '9' })).json.header.result_code).toBe('-1');
    expect(await status(a.workflow_id)).toBe('Complete');
    const ok = await dispose(a.workflow_id);
    expect(ok.json.header.result_code).toBe('00');
    const wf = await get(em, `/api/v2/workflows/${a.workflow_id}`);
    expect(wf.json.body.workflow_status).toBe('Disposal');
    expect(wf.json.body.action_history_list.at(-1)).toMatchObject({ step_code: 'DISPOSAL', comment: '잘못 발송' });
    expect(wf.json.body.download_url).toBe('');
    await cancel(b.workflow_id);
    expect((await dispose(b.workflow_id)).json.header.result_code).toBe('11'); // Canceled
    expect((await dispose(a.workflow_id)).json.header.result_code).toBe('11'); // already disposed
  });

  it('1510Q DELETE takes a Canceled document only, and leaves it Truncate', async () => {
    const [a, b] = await sendOk([signer(1), signer(2)]);
    expect((await del(a.workflow_id)).json.header.result_code).toBe('11'); // Playing
    await cancel(a.workflow_id);
    expect((await del(a.workflow_id)).json.header.result_code).toBe('00');
    expect(await status(a.workflow_id)).toBe('Truncate');
    expect((await steps(a.workflow_id)).at(-1)).toBe('TRUNCATE');
    expect((await del(a.workflow_id)).json.header.result_code).toBe('11');
    await control(`/documents/${b.workflow_id}/sign`);
    expect((await del(b.workflow_id)).json.header.result_code).toBe('11'); // Complete
    expect(em.state().by_status).toEqual({ Truncate: 1, Complete: 1 });
  });

  it.each(['cancel', 'Cancel', 'disposal', 'delete', 'CANCELED'])('1510Q refuses the command %j with -1 (the pages spell them in capitals)', async (command) => {
    const [a] = await sendOk([signer(1)]);
    expect((await cmd(command)(a.workflow_id)).json.header.result_code).toBe('-1');
    expect(await status(a.workflow_id)).toBe('Playing');
  });

  it('1510Q: missing values → 11, unknown keys and types → -1, unknown token → 94, wrong Authorization format → -1', async () => {
    const [a] = await sendOk([signer(1)]);
    expect((await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id }))).json.header.result_code).toBe('11');
    expect((await post(em, COMMON, common('1510Q', { command: 'CANCEL' }))).json.header.result_code).toBe('11');
    expect((await cancel(a.workflow_id, { reason: 'x' })).json.header.result_code).toBe('-1');
    expect((await cancel(a.workflow_id, { description: 3 })).json.header.result_code).toBe('-1');
    expect((await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'CANCEL' }, { request_lang: 'kr' }))).json.header.result_code).toBe('-1');
    const noMsg = common('1510Q', { workflow_id: a.workflow_id, command: 'CANCEL' });
    delete noMsg.header.request_msg;
    expect((await post(em, COMMON, noMsg)).json.header.result_code).toBe('-1');
    const bad = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'CANCEL' }), { ...HEADERS, Authorization: 'esignon revoked' });
    expect(bad.status).toBe(200);
    expect(bad.json.header.result_code).toBe('94');
    const format = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'CANCEL' }), { ...HEADERS, Authorization: 'revoked' });
    expect(format.json.header.result_code).toBe('-1');
    expect(em.state().by_status).toEqual({ Playing: 1 });
  });
});

// ---------------------------------------------------------------- faults

describe('faults', () => {
  /** A 1410Q whose fetch outcome is either an answer or the network error. */
  async function attempt(signers: Json[]): Promise<Answer | Error> {
    try {
      return await post(em, COMMON, bulk(signers));
    } catch (err) {
      return err as Error;
    }
  }

  it('latency_ms delays every API answer', async () => {
    em.setFaults({ latency_ms: 300 });
    const t0 = Date.now();
    const r = await get(em, `/api/v2/docs/${SANDBOX.doc_id}`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(r.json.header.result_code).toBe('00');
    const t1 = Date.now();
    await fetch(`${em.url}/__emulator/state?documents=0`);
    expect(Date.now() - t1).toBeLessThan(250);
  });

  it('fail_requests answers 11 to the chosen 1410Q ordinals, creating nothing for them', async () => {
    em.setFaults({ fail_requests: [2, 4] });
    const codes: string[] = [];
    for (let i = 1; i <= 4; i++) {
      codes.push((await post(em, COMMON, bulk([signer(i)]))).json.header.result_code);
    }
    expect(codes).toEqual(['00', '11', '00', '11']);
    expect(Object.keys(em.state().per_contact)).toEqual(['signer1@example.com', 'signer3@example.com']);
  });

  it('fail_rate 1 fails every 1410Q; 0 none; a rate is reproducible with a seed', async () => {
    em.setFaults({ fail_rate: 1 });
    expect((await post(em, COMMON, bulk([signer(1)]))).json.header.result_code).toBe('11');
    expect(em.state().documents).toHaveLength(0);

    const run = async (): Promise<string[]> => {
      const e = await start({ seed: 99, faults: { fail_rate: 0.5 } });
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push((await post(e, COMMON, bulk([signer(i)]))).json.header.result_code);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain('11');
    expect(first).toContain('00');
  });

  it('quota answers 13 to a request that would exceed it, creating nothing', async () => {
    em.setFaults({ quota: 4 });
    await sendOk([signer(1), signer(2), signer(3)]);
    expect((await post(em, COMMON, bulk([signer(4), signer(5)]))).json.header.result_code).toBe('13');
    expect(em.state().documents).toHaveLength(3);
    await sendOk([signer(4)]);
    expect((await post(em, COMMON, bulk([signer(5)]))).json.header.result_code).toBe('13');
    expect(em.state().documents).toHaveLength(4);
  });

  it.each([
    ['storage_full', { storage_full: true }, '12'],
    ['expired', { expired: true }, '14'],
  ] as const)('%s → %s, nothing created', async (_name, faults, code) => {
    em.setFaults(faults);
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.json.header.result_code).toBe(code);
    expect(em.state().documents).toHaveLength(0);
  });

  it('signer_fail_rate fails single signers with a description and no document', async () => {
    em.setFaults({ signer_fail_rate: 1 });
    const list = await sendOk([signer(1), signer(2)]);
    expect(list.map((w) => w.result)).toEqual(['FAIL', 'FAIL']);
    expect(list.every((w) => w.workflow_id === '' && w.description !== '')).toBe(true);
    expect(em.state().documents).toHaveLength(0);
  });

  it('reject_tokens answers 401 to authenticated calls (94 for 1510Q); login still works', async () => {
    const [a] = await sendOk([signer(1)]);
    em.setFaults({ reject_tokens: true });
    const r = await post(em, COMMON, bulk([signer(2)]));
    expect(r.status).toBe(401);
    expect((await get(em, `/api/v2/workflows/${a.workflow_id}`)).status).toBe(401);
    const c = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'CANCEL' }));
    expect(c.json.header.result_code).toBe('94');
    const login = await post(
      em,
      `/api/${SANDBOX.comp_id}/login`,
      {
        header: { request_code: '1001Q', request_msg: '', session_id: '', version: '1.1.57' },
        body: { comp_id: SANDBOX.comp_id, memb_email: SANDBOX.memb_email, memb_pwd: SANDBOX.password, client_id: SANDBOX.client_id },
      },
      without(HEADERS, 'Authorization'),
    );
    expect(login.json.header.result_code).toBe('00');
    expect(em.state().documents).toHaveLength(1);
  });

  it('http429 and http503 answer the next n 1410Q with Retry-After, creating nothing', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    em.setFaults({ http429: { count: 2, retry_after: '3' }, http503: { count: 1, retry_after: date } });
    const a = await post(em, COMMON, bulk([signer(1)]));
    const b = await post(em, COMMON, bulk([signer(1)]));
    const c = await post(em, COMMON, bulk([signer(1)]));
    expect([a.status, b.status, c.status]).toEqual([429, 429, 503]);
    expect(a.headers.get('retry-after')).toBe('3');
    expect(c.headers.get('retry-after')).toBe(date);
    expect(em.state().documents).toHaveLength(0);
    // other calls are not affected while the fault is on
    em.setFaults({ http429: { count: 1 } });
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`)).status).toBe(200);
    const d = await post(em, COMMON, bulk([signer(1)]));
    expect(d.status).toBe(429);
    expect(d.headers.get('retry-after')).toBe('1');
    await sendOk([signer(1)]);
    expect(em.state().documents).toHaveLength(1);
    expect(em.state().faults.http429).toBeNull();
  });

  it('drop_before destroys the connection and creates nothing', async () => {
    em.setFaults({ drop_before: { count: 1 } });
    const r = await attempt([signer(1), signer(2)]);
    expect(r).toBeInstanceOf(Error);
    const state = em.state();
    expect(state.documents).toHaveLength(0);
    expect(state.requests.by_code['1410Q']).toBe(1);
    expect(state.faults.drop_before).toBeNull();
    await sendOk([signer(1)]);
  });

  it('drop_after creates the documents, then destroys the connection', async () => {
    em.setFaults({ drop_after: { count: 1 } });
    const r = await attempt([signer(1), signer(2)]);
    expect(r).toBeInstanceOf(Error);
    expect(em.state().per_contact).toEqual({ 'signer1@example.com': 1, 'signer2@example.com': 1 });
  });

  it('http500_after creates the documents, then answers 500', async () => {
    em.setFaults({ http500_after: { rate: 1 } });
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.status).toBe(500);
    expect(em.state().documents).toHaveLength(1);
    // no count: it stays on
    expect((await post(em, COMMON, bulk([signer(2)]))).status).toBe(500);
    expect(em.state().documents).toHaveLength(2);
  });

  it('does not process a request whose client went away during the latency', async () => {
    em.setFaults({ latency_ms: 400 });
    const ac = new AbortController();
    const pending = fetch(`${em.url}${COMMON}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(bulk([signer(1)])), signal: ac.signal });
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await expect(pending).rejects.toThrow();
    // The latency ends 300 ms after the abort; on a loaded machine later: wait for the verdict.
    for (let waited = 0; em.state().requests.abandoned === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const state = em.state();
    expect(state.requests.by_code['1410Q']).toBe(1);
    expect(state.requests.abandoned).toBe(1);
    expect(state.documents).toHaveLength(0);
  });

  it('faults can be switched on at start', async () => {
    const e = await start({ faults: { expired: true } });
    expect((await post(e, COMMON, bulk([signer(1)]))).json.header.result_code).toBe('14');
  });

  it('setFaults rejects unknown keys and bad values', () => {
    expect(() => em.setFaults({ latency: 5 } as never)).toThrow(/latency/);
    expect(() => em.setFaults({ fail_rate: 2 })).toThrow();
    expect(() => em.setFaults({ http429: { count: 1, retry_after: 'soon' } })).toThrow();
    expect(em.state().faults.fail_rate).toBe(0);
  });

  it('drop_after with requests drops the answers of exactly those 1410Q ordinals, after processing', async () => {
    em.setFaults({ drop_after: { requests: [2, 4] } });
    const outcomes: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await attempt([signer(i)]);
      outcomes.push(r instanceof Error ? 'dropped' : r.json.header.result_code);
    }
    expect(outcomes).toEqual(['00', 'dropped', '00', 'dropped', '00']);
    expect(em.state().documents).toHaveLength(5);
  });

  it.each(['94', '95', '99'])('undocumented_code %s answers 1410Q with that code and creates nothing', async (code) => {
    em.setFaults({ undocumented_code: { code, count: 1 } });
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.json.header).toMatchObject({ response_code: '1410A', result_code: code });
    expect(em.state().documents).toHaveLength(0);
    expect(em.state().faults.undocumented_code).toBeNull();
    await sendOk([signer(1)]);
  });

  it('undocumented_code with processed: true creates the documents and hides them behind the code', async () => {
    em.setFaults({ undocumented_code: { code: '99', processed: true, requests: [2] } });
    await sendOk([signer(1)]);
    const r = await post(em, COMMON, bulk([signer(2), signer(3)]));
    expect(r.json.header.result_code).toBe('99');
    expect(r.json.body).toEqual({});
    expect(em.state().documents).toHaveLength(3);
  });

  it('undocumented_code refuses the codes the 1410Q page documents', () => {
    expect(() => em.setFaults({ undocumented_code: { code: '11' } })).toThrow();
    expect(() => em.setFaults({ undocumented_code: { code: 'x' } })).toThrow();
  });

  it('reverse_order answers workflow_list, the history and file_list in reverse order', async () => {
    const forward = await sendOk([signer(1), signer(2), signer(3)]);
    em.setFaults({ reverse_order: true });
    const r = await post(em, COMMON, bulk([signer(4), signer(5), signer(6)]));
    expect(r.json.body.workflow_list.map((w: Json) => w.unset_player_email)).toEqual(['signer6@example.com', 'signer5@example.com', 'signer4@example.com']);
    const wf = await get(em, `/api/v2/workflows/${forward[0].workflow_id}`);
    expect(wf.json.body.action_history_list.map((e: Json) => e.step_code)).toEqual(['SIGN_REQ', 'WORKFLOW_START']);
    const files = await post(em, COMMON, common('1123Q', { search_dir_id: 'all', display_order_mode: '2' }));
    expect(files.json.body.file_list[0].file_workflow_library_id).toBe('SANDBOX-BULK-C');
  });

  it('missing_header_fields leaves those keys out of every answer header', async () => {
    em.setFaults({ missing_header_fields: ['response_code', 'version'] });
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.json.header).toEqual({ result_code: '00', result_msg: expect.any(String), session_id: 'batch-1' });
    expect(r.json.body.workflow_list).toHaveLength(1);
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`)).json.header.response_code).toBeUndefined();
  });

  it('numbers_for_strings sends ids and counts as JSON numbers, never result codes', async () => {
    em.setFaults({ numbers_for_strings: true });
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.json.header.result_code).toBe('00');
    const w = r.json.body.workflow_list[0];
    expect(typeof w.workflow_id).toBe('number');
    expect(r.json.body.biz_id).toBe(0);
    const wf = await get(em, `/api/v2/workflows/${w.workflow_id}`);
    expect(wf.json.body).toMatchObject({ workflow_id: w.workflow_id, current_action_id: 1, total_action_count: 1 });
    expect(em.state().documents[0]!.workflow_id).toBe(String(w.workflow_id));
    const company = await get(em, '/api/v2/company');
    expect(typeof company.json.body.workflow_usage).toBe('number');
  });

  it('extra_fields adds an undocumented key to the header, the body and every entry', async () => {
    em.setFaults({ extra_fields: true });
    const r = await post(em, COMMON, bulk([signer(1)]));
    expect(r.json.header.emulator_undocumented).toBeDefined();
    expect(r.json.body.emulator_undocumented).toBeDefined();
    expect(r.json.body.workflow_list[0].emulator_undocumented).toBeDefined();
    expect(r.json.header.result_code).toBe('00');
  });

  it('the faults schema is strict at every level', () => {
    expect(faultsPatchSchema.safeParse({ drop_before: { count: 1, often: true } }).success).toBe(false);
    expect(faultsPatchSchema.safeParse({ drop_before: { count: 1, rate: 0.5 }, reset: true, seed: 3 }).success).toBe(true);
  });
});

// ---------------------------------------------------------------- control endpoints and lifecycle of the server

describe('control endpoints', () => {
  const control = async (method: string, path: string, body?: unknown): Promise<Answer> =>
    answer(await fetch(`${em.url}/__emulator${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));

  it('GET state reports the same as state()', async () => {
    await sendOk([signer(1), signer(2)]);
    const r = await control('GET', '/state');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(em.state());
    const brief = await control('GET', '/state?documents=0');
    expect(brief.json.documents).toEqual([]);
    expect(brief.json.per_contact).toEqual(em.state().per_contact);
  });

  it('GET state streams thousands of documents and contacts as valid JSON', async () => {
    for (let b = 0; b < 12; b++) {
      await sendOk(Array.from({ length: 1000 }, (_, i) => signer(b * 1000 + i)));
    }
    const r = await control('GET', '/state');
    expect(r.json.documents).toHaveLength(12_000);
    expect(Object.keys(r.json.per_contact)).toHaveLength(12_000);
    expect(new Set((r.json.documents as any[]).map((d) => d.workflow_id)).size).toBe(12_000);
    expect(r.json.documents[11_999].contact).toBe('signer11999@example.com');
    expect(r.json.requests.bulk_signers).toBe(12_000);
  });

  it('POST faults merges, names a bad key, and reset:true clears', async () => {
    expect((await control('POST', '/faults', { latency_ms: 5 })).json.latency_ms).toBe(5);
    const merged = await control('POST', '/faults', { quota: 10 });
    expect(merged.json).toMatchObject({ latency_ms: 5, quota: 10 });
    const bad = await control('POST', '/faults', { quotta: 10 });
    expect(bad.status).toBe(400);
    expect(bad.json.problems.join(' ')).toContain('quotta');
    expect((await control('POST', '/faults', 'not json')).status).toBe(400);
    const cleared = await control('POST', '/faults', { reset: true, expired: true });
    expect(cleared.json).toMatchObject({ latency_ms: 0, quota: null, expired: true });
    expect((await control('GET', '/faults')).json.expired).toBe(true);
  });

  it('POST reset forgets documents, faults and counts; ids are not reused', async () => {
    const [before] = await sendOk([signer(1)]);
    em.setFaults({ quota: 100 });
    expect((await control('POST', '/reset')).status).toBe(200);
    const state = em.state();
    expect(state.documents).toHaveLength(0);
    expect(state.requests.total).toBe(0);
    expect(state.faults.quota).toBeNull();
    const [after] = await sendOk([signer(1)]);
    expect(after.workflow_id).not.toBe(before.workflow_id);
    expect((await get(em, `/api/v2/workflows/${before.workflow_id}`)).json.header.result_code).toBe('10');
  });

  it('close() returns promptly with an idle keep-alive connection and a request waiting on latency', async () => {
    const e = await start({ faults: { latency_ms: 30_000 } });
    const socket = connect(e.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const waiting = fetch(`${e.url}/api/v2/docs/${SANDBOX.doc_id}`, { headers: GET_HEADERS }).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await e.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await waiting).toBeInstanceOf(Error);
    await expect(fetch(`${e.url}/__emulator/state`)).rejects.toThrow();
    socket.destroy();
    await e.close(); // idempotent
  });

  it('listens on loopback only', () => {
    expect(em.url).toBe(`http://127.0.0.1:${em.port}`);
    expect(em.port).toBeGreaterThan(0);
  });
});
