/**
 * The emulator over real HTTP (port 0, fetch): strictness, the API calls, the
 * document lifecycle, every fault and the control endpoints.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { faultsPatchSchema } from '../../src/emulator/faults.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';

// ---------------------------------------------------------------- helpers

const COMMON = '/JEDOC/Common.do';
const HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  'User-Agent': 'esignonapi',
  Authorization: `esignon ${SANDBOX.token}`,
};
const GET_HEADERS: Record<string, string> = { 'User-Agent': 'esignonapi', Authorization: HEADERS.Authorization! };

type Json = Record<string, unknown>;

function signer(n: number, overrides: Json = {}): Json {
  return {
    memb_id_type: 'EMail',
    email: `signer${n}@example.com`,
    name: `서명자${n}`,
    language: 'ko-KR',
    workflow_name: `근로계약서 - 서명자${n}`,
    enable_mobile_cert: 'false',
    mobile_number: '',
    enable_password_cert: 'false',
    password_hint: '',
    password: '',
    field_list: [
      { doc_id: SANDBOX.doc_id, field_name: 'amount', field_value: `${n}000000` },
      { doc_id: SANDBOX.doc_id, field_name: 'department', field_value: '영업부' },
    ],
    ...overrides,
  };
}

function bulk(signers: Json[], body: Json = {}, header: Json = {}): { header: Json; body: Json } {
  return {
    header: {
      request_code: '1410Q',
      request_msg: 'Work Flow Bulk Sending를 시작합니다.',
      session_id: 'batch-1',
      version: '1.1.57',
      ...header,
    },
    body: {
      comp_id: SANDBOX.comp_id,
      biz_id: '0',
      memb_email: SANDBOX.memb_email,
      workflow_lib_id: SANDBOX.workflow_lib_id,
      workflow_name: '',
      clientid: SANDBOX.client_id,
      unset_player_list: signers,
      comment: '',
      ...body,
    },
  };
}

function common(code: string, body: Json, header: Json = {}): { header: Json; body: Json } {
  return {
    header: { request_code: code, request_msg: 'test', session_id: `s-${code}`, version: '1.1.57', ...header },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, ...body },
  };
}

interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  json: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, json };
}

async function post(em: RunningEmulator, path: string, payload: unknown, headers: Record<string, string> = HEADERS): Promise<Answer> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return answer(await fetch(em.url + path, { method: 'POST', headers, body }));
}

async function get(em: RunningEmulator, path: string, headers: Record<string, string> = GET_HEADERS): Promise<Answer> {
  return answer(await fetch(em.url + path, { headers }));
}

function without(h: Record<string, string>, key: string): Record<string, string> {
  const copy = { ...h };
  delete copy[key];
  return copy;
}

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
async function sendOk(signers: Json[], header: Json = {}): Promise<any[]> {
  const r = await post(em, COMMON, bulk(signers, {}, header));
  expect(r.status).toBe(200);
  expect(r.json.header.result_code).toBe('00');
  return r.json.body.workflow_list;
}

// ---------------------------------------------------------------- strictness

describe('1410Q strictness', () => {
  const good = (): { header: Json; body: Json } => bulk([signer(1)]);
  const cases: { name: string; payload: () => unknown; headers?: Record<string, string>; code?: string; status?: number }[] = [
    { name: 'no Content-Type', payload: good, headers: without(HEADERS, 'Content-Type'), code: '-1' },
    { name: 'Content-Type text/plain', payload: good, headers: { ...HEADERS, 'Content-Type': 'text/plain' }, code: '-1' },
    { name: 'another User-Agent', payload: good, headers: { ...HEADERS, 'User-Agent': 'got (https://github.com/sindresorhus/got)' }, code: '-1' },
    { name: 'no Authorization', payload: good, headers: without(HEADERS, 'Authorization'), code: '-1' },
    { name: 'Bearer instead of esignon', payload: good, headers: { ...HEADERS, Authorization: `Bearer ${SANDBOX.token}` }, code: '-1' },
    { name: 'no space after esignon', payload: good, headers: { ...HEADERS, Authorization: `esignon${SANDBOX.token}` }, code: '-1' },
    { name: 'two spaces after esignon', payload: good, headers: { ...HEADERS, Authorization: `esignon  ${SANDBOX.token}` }, code: '-1' },
    { name: 'capitalised scheme', payload: good, headers: { ...HEADERS, Authorization: `Esignon ${SANDBOX.token}` }, code: '-1' },
    { name: 'a token never issued', payload: good, headers: { ...HEADERS, Authorization: 'esignon not-a-token' }, status: 401 },
    { name: 'body not JSON', payload: () => '{"header": {', code: '-1' },
    { name: 'no body object', payload: () => ({ header: good().header }), code: '-1' },
    { name: 'header value not a string', payload: () => bulk([signer(1)], {}, { session_id: 12 }), code: '-1' },
    { name: 'unknown request_code', payload: () => bulk([signer(1)], {}, { request_code: '9999Q' }), code: '-1' },
    { name: 'JSON true for a boolean', payload: () => bulk([signer(1, { enable_mobile_cert: false })]), code: '-1' },
    { name: 'memb_id_type spelt email', payload: () => bulk([signer(1, { memb_id_type: 'email' })]), code: '-1' },
    { name: 'memb_id_type spelt MOBILE', payload: () => bulk([signer(1, { memb_id_type: 'MOBILE', email: '01012345678' })]), code: '-1' },
    { name: 'missing name', payload: () => bulk([signer(1, { name: undefined })]), code: '-1' },
    { name: 'empty name', payload: () => bulk([signer(1, { name: '' })]), code: '-1' },
    { name: 'missing field_list', payload: () => bulk([signer(1, { field_list: undefined })]), code: '-1' },
    { name: 'biz_id as a number', payload: () => bulk([signer(1)], { biz_id: 0 }), code: '-1' },
    { name: 'missing workflow_lib_id', payload: () => bulk([signer(1)], { workflow_lib_id: undefined }), code: '-1' },
    { name: 'empty signer list', payload: () => bulk([]), code: '-1' },
    { name: 'language ko', payload: () => bulk([signer(1, { language: 'ko' })]), code: '-1' },
    { name: 'invalid email', payload: () => bulk([signer(1, { email: 'not-an-email' })]), code: '-1' },
    { name: 'mobile with dashes', payload: () => bulk([signer(1, { memb_id_type: 'Mobile', email: '010-1234-5678' })]), code: '-1' },
    { name: 'mobile with +82', payload: () => bulk([signer(1, { memb_id_type: 'Mobile', email: '+821012345678' })]), code: '-1' },
    { name: 'an email as Mobile', payload: () => bulk([signer(1, { memb_id_type: 'Mobile' })]), code: '-1' },
    { name: 'mobile cert without number', payload: () => bulk([signer(1, { enable_mobile_cert: 'true' })]), code: '-1' },
    { name: 'mobile_number with dashes', payload: () => bulk([signer(1, { enable_mobile_cert: 'true', mobile_number: '010-1234-5678' })]), code: '-1' },
    { name: 'password cert without password', payload: () => bulk([signer(1, { enable_password_cert: 'true' })]), code: '-1' },
    { name: 'field_value as a number', payload: () => bulk([signer(1, { field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'amount', field_value: 5 }] })]), code: '-1' },
    { name: 'field of another document', payload: () => bulk([signer(1, { field_list: [{ doc_id: 'SANDBOX-DOC-2', field_name: 'salary', field_value: '1' }] })]), code: '-1' },
    { name: 'unknown field name', payload: () => bulk([signer(1, { field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'amout', field_value: '1' }] })]), code: '-1' },
    { name: 'a bad second signer', payload: () => bulk([signer(1), signer(2, { language: 'kr' })]), code: '-1' },
    { name: 'another company', payload: () => bulk([signer(1)], { comp_id: 'other' }), code: '15' },
    { name: 'another sender', payload: () => bulk([signer(1)], { memb_email: 'someone@sandbox.esignon.test' }), code: '15' },
    { name: 'another client id', payload: () => bulk([signer(1)], { clientid: 'other-client' }), code: '15' },
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

  it('echoes session_id and version and answers 1410A, also on errors', async () => {
    const r = await post(em, COMMON, bulk([signer(1)], { workflow_lib_id: 'NOPE' }, { session_id: 'run-9', version: '9.9.99' }));
    expect(r.json.header).toMatchObject({ response_code: '1410A', result_code: '10', session_id: 'run-9', version: '9.9.99' });
  });

  it('accepts a header without request_msg and a charset on the Content-Type', async () => {
    const req = bulk([signer(1)]);
    delete req.header.request_msg;
    const r = await post(em, COMMON, req, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    expect(r.json.header.result_code).toBe('00');
    expect(em.state().documents).toHaveLength(1);
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

  it('uses the template name when a signer has no workflow_name', async () => {
    const [w] = await sendOk([signer(1, { workflow_name: '' })]);
    expect(w.workflow_name).toContain('근로계약서');
  });

  it('sends with the two-step bulk template and its own fields', async () => {
    const s = signer(1, { field_list: [{ doc_id: 'SANDBOX-DOC-2', field_name: 'salary', field_value: '1' }] });
    const r = await post(em, COMMON, bulk([s], { workflow_lib_id: 'SANDBOX-BULK-2' }));
    expect(r.json.header.result_code).toBe('00');
    const id = r.json.body.workflow_list[0].workflow_id;
    const wf = await get(em, `/api/v2/workflows/${id}`);
    expect(wf.json.body.total_action_count).toBe('2');
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
    const list = await post(e, COMMON, common('1123Q', { search_dir_id: 'all', display_order_mode: '1' }), {
      ...HEADERS,
      Authorization: `esignon ${token}`,
    });
    expect(list.json.header.result_code).toBe('00');
  });

  it.each([
    ['a wrong password', { memb_pwd: 'wrong' }, '10'],
    ['another sender', { memb_email: 'x@sandbox.esignon.test' }, '10'],
    ['a wrong client id', { client_id: 'other' }, '10'],
    ['no client id', { client_id: undefined }, '10'],
    ['a password that is not a string', { memb_pwd: 1234 }, '12'],
  ] as const)('refuses %s with %s', async (_name, body, code) => {
    const r = await post(em, `/api/${SANDBOX.comp_id}/login`, login(body), loginHeaders);
    expect(r.json.header.result_code).toBe(code);
    expect(r.json.body.access_token).toBeUndefined();
    expect(em.account.tokens).toEqual([SANDBOX.token]);
  });

  it('refuses a company in the path that is not the one in the body', async () => {
    const r = await post(em, '/api/other/login', login(), loginHeaders);
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
  it('lists every template for "all" and the own folder for "my"', async () => {
    const all = await post(em, `${COMMON}?lang=ko`, common('1123Q', { search_dir_id: 'all', display_order_mode: '1' }));
    expect(all.json.header).toMatchObject({ response_code: '1123A', result_code: '00' });
    const files = all.json.body.file_list as any[];
    expect(files.map((f) => [f.file_workflow_library_id, f.file_workflow_type, f.file_workflow_count])).toEqual([
      ['SANDBOX-BULK-1', 'BULK', '1'],
      ['SANDBOX-BULK-2', 'BULK', '2'],
      ['SANDBOX-WEB-1', 'WEBTYPE', '1'],
    ]);
    const my = await post(em, COMMON, common('1123Q', { search_dir_id: 'my', display_order_mode: '2' }));
    expect((my.json.body.file_list as any[]).map((f) => f.file_workflow_library_id)).toEqual(['SANDBOX-BULK-2']);
  });

  it.each([
    ['an unknown folder', { search_dir_id: 'everything', display_order_mode: '1' }, '', '-1'],
    ['an unknown order mode', { search_dir_id: 'all', display_order_mode: '12' }, '', '-1'],
    ['an unknown lang', { search_dir_id: 'all', display_order_mode: '1' }, '?lang=de', '-1'],
    ['another company', { search_dir_id: 'all', display_order_mode: '1', comp_id: 'other' }, '', '10'],
  ])('refuses %s', async (_name, body, query, code) => {
    const r = await post(em, COMMON + query, common('1123Q', body));
    expect(r.json.header.result_code).toBe(code);
    expect(r.json.body.file_list).toBeUndefined();
  });

  it('GET docs gives the template document with its fields', async () => {
    const r = await get(em, `/api/v2/docs/${SANDBOX.doc_id}`);
    expect(r.json.header.result_code).toBe('00');
    expect(r.json.body).toMatchObject({ doc_id: SANDBOX.doc_id, doc_type: 'BULKTYPE', workflow_library_id: SANDBOX.workflow_lib_id });
    expect((r.json.body.field_list as any[]).map((f) => f.field_owner)).toEqual(SANDBOX.field_names);
  });

  it('GET docs: unknown → 11, wrong Authorization format → -1, unknown token → 401', async () => {
    expect((await get(em, '/api/v2/docs/NOPE')).json.header.result_code).toBe('11');
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, { ...GET_HEADERS, Authorization: SANDBOX.token })).json.header.result_code).toBe('-1');
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, { ...GET_HEADERS, Authorization: 'esignon nope' })).status).toBe(401);
    expect((await get(em, `/api/v2/docs/${SANDBOX.doc_id}`, without(GET_HEADERS, 'User-Agent'))).json.header.result_code).toBe('-1');
  });

  it('answers 404 to unknown paths and 405 to a wrong method', async () => {
    expect((await get(em, '/api/v3/nothing')).status).toBe(404);
    expect((await get(em, COMMON)).status).toBe(405);
    expect(em.state().documents).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- lifecycle: workflows, 1429Q, 1510Q

describe('document lifecycle', () => {
  const remind = (id: string): Promise<Answer> => post(em, COMMON, common('1429Q', { workflow_id: id }));
  const cancel = (id: string, extra: Json = {}): Promise<Answer> =>
    post(em, COMMON, common('1510Q', { workflow_id: id, command: 'cancel', ...extra }, { request_lang: 'ko' }));
  const dispose = (id: string, extra: Json = {}): Promise<Answer> =>
    post(em, COMMON, common('1510Q', { workflow_id: id, command: 'disposal', ...extra }));
  const control = async (path: string): Promise<Answer> => answer(await fetch(`${em.url}/__emulator${path}`, { method: 'POST' }));

  it('GET workflows follows a document from Playing through VIEW to Complete', async () => {
    const [w] = await sendOk([signer(1)]);
    const id = w.workflow_id as string;
    const playing = await get(em, `/api/v2/workflows/${id}`);
    expect(playing.json.header.result_code).toBe('00');
    expect(playing.json.body).toMatchObject({
      workflow_id: id,
      workflow_name: '근로계약서 - 서명자1',
      workflow_status: 'Playing',
      current_action_id: '1',
      total_action_count: '1',
    });
    expect(playing.json.body.action_history_list.map((e: any) => e.step_code)).toEqual(['SIGN_REQ']);
    expect(playing.json.body.field_list).toHaveLength(2);

    expect((await control(`/documents/${id}/view`)).status).toBe(200);
    const viewed = await get(em, `/api/v2/workflows/${id}`);
    expect(viewed.json.body.workflow_status).toBe('Playing');
    expect(viewed.json.body.action_history_list.map((e: any) => e.step_code)).toEqual(['SIGN_REQ', 'VIEW']);

    const signed = await control(`/documents/${id}/sign`);
    expect(signed.json.workflow_status).toBe('Complete');
    const done = await get(em, `/api/v2/workflows/${id}`);
    expect(done.json.body).toMatchObject({ workflow_status: 'Complete', current_action_id: '1' });
    expect(done.json.body.action_history_list.map((e: any) => e.step_code)).toEqual([
      'SIGN_REQ',
      'VIEW',
      'SIGN_COMPLETE',
      'WORKFLOW_COMPLETE',
    ]);
    expect(em.state().by_status).toEqual({ Complete: 1 });
  });

  it('GET workflows of an unknown id → 10; signing an unknown id → 404', async () => {
    expect((await get(em, '/api/v2/workflows/123')).json.header.result_code).toBe('10');
    expect((await get(em, '/api/v2/workflows/abc')).json.header.result_code).toBe('10');
    expect((await control('/documents/123/sign')).status).toBe(404);
  });

  it('1429Q reminds a Playing document and refuses a completed or unknown one with 10', async () => {
    const [a, b] = await sendOk([signer(1), signer(2)]);
    const r = await remind(a.workflow_id);
    expect(r.json.header).toMatchObject({ response_code: '1429A', result_code: '00' });
    await remind(a.workflow_id);
    await control(`/documents/${b.workflow_id}/sign`);
    expect((await remind(b.workflow_id)).json.header.result_code).toBe('10');
    expect((await remind('999')).json.header.result_code).toBe('10');
    expect(em.state().documents.map((d) => d.reminded)).toEqual([2, 0]);
  });

  it('1429Q answers 12 to a malformed body', async () => {
    const [a] = await sendOk([signer(1)]);
    expect((await post(em, COMMON, common('1429Q', { workflow_id: Number(a.workflow_id) }))).json.header.result_code).toBe('12');
    expect(em.state().documents[0]!.reminded).toBe(0);
  });

  it('1510Q cancels a Playing document and refuses a completed one with 11', async () => {
    const [a, b] = await sendOk([signer(1), signer(2)]);
    const r = await cancel(a.workflow_id);
    expect(r.json.header).toMatchObject({ response_code: '1510A', result_code: '00' });
    expect((await get(em, `/api/v2/workflows/${a.workflow_id}`)).json.body.workflow_status).toBe('Canceled');
    expect((await cancel(a.workflow_id)).json.header.result_code).toBe('11');
    await control(`/documents/${b.workflow_id}/sign`);
    expect((await cancel(b.workflow_id)).json.header.result_code).toBe('11');
    expect((await cancel('12345')).json.header.result_code).toBe('11');
    expect(em.state().by_status).toEqual({ Canceled: 1, Complete: 1 });
  });

  it('1510Q disposal needs a reason and a timezone offset', async () => {
    const [a] = await sendOk([signer(1)]);
    expect((await dispose(a.workflow_id, { timezone_offset: '+09:00' })).json.header.result_code).toBe('11');
    expect((await dispose(a.workflow_id, { description: '  ', timezone_offset: '+09:00' })).json.header.result_code).toBe('11');
    expect((await dispose(a.workflow_id, { description: '잘못 발송' })).json.header.result_code).toBe('11');
    expect(em.state().by_status).toEqual({ Playing: 1 });
    const ok = await dispose(a.workflow_id, { description: '잘못 발송', timezone_offset: '+09:00' });
    expect(ok.json.header.result_code).toBe('00');
    const wf = await get(em, `/api/v2/workflows/${a.workflow_id}`);
    expect(wf.json.body.workflow_status).toBe('Disposal');
    expect(wf.json.body.action_history_list.at(-1).step_code).toBe('WORKFLOW_DISPOSAL');
  });

  it('1510Q: unknown token → 94, wrong Authorization format or command → -1', async () => {
    const [a] = await sendOk([signer(1)]);
    const bad = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'cancel' }), {
      ...HEADERS,
      Authorization: 'esignon revoked',
    });
    expect(bad.status).toBe(200);
    expect(bad.json.header.result_code).toBe('94');
    const format = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'cancel' }), {
      ...HEADERS,
      Authorization: 'revoked',
    });
    expect(format.json.header.result_code).toBe('-1');
    expect((await cancel(a.workflow_id, { command: 'Cancel' })).json.header.result_code).toBe('-1');
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
    const c = await post(em, COMMON, common('1510Q', { workflow_id: a.workflow_id, command: 'cancel' }));
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
    await new Promise((r) => setTimeout(r, 500));
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
