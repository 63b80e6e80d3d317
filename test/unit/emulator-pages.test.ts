/**
 * The emulator against eSignon's current pages (docs/esignon-pages/): for every call,
 * the page's own example request (its `{…}` placeholders filled in) is accepted, and
 * every result code the page documents is produced by the violation it names. The
 * requests are written here from the pages, never with the client's code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { COMMON, control, get, post, sendOk, signer, type Answer, type Json } from '../helpers/emulator-http.js';

// 2026-03-02 10:00 in Korea
const NOW = Date.parse('2026-03-02T01:00:00Z');
const TODAY = '2026-03-02';
const AUTH = { 'Content-Type': 'application/json', Authorization: `esignon ${SANDBOX.token}` };

let em: RunningEmulator;
/** Documents in each state the pages talk about. */
let docs: { playing: string; complete: string; canceled: string };

beforeEach(async () => {
  em = await startEmulator({ port: 0, seed: 3, now: () => NOW });
  const [a, b, c] = await sendOk(em, [signer(1), signer(2), signer(3)]);
  docs = { playing: a.workflow_id, complete: b.workflow_id, canceled: c.workflow_id };
  await control(em, 'POST', `/documents/${docs.complete}/sign`);
  await post(em, COMMON, {
    header: { request_code: '1510Q', request_msg: '', session_id: 's', version: '9.9.99' },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: docs.canceled, command: 'CANCEL' },
  });
});

afterEach(async () => {
  await em.close();
});

interface Case {
  name: string;
  /** [method, path, payload, headers] */
  call: () => Promise<Answer>;
  code: string;
}

function table(cases: Case[]): void {
  it.each(cases)('$name → $code', async ({ call, code }) => {
    const r = await call();
    expect(r.status).toBe(200);
    expect(r.json.header.result_code).toBe(code);
    expect(typeof r.json.header.result_msg).toBe('string');
  });
}

/** Deep copy with changes: `undefined` removes a key. */
function edit<T extends Json>(base: T, change: (copy: T) => void): T {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

// ---------------------------------------------------------------- issued-token.md

describe('1001Q (issued-token.md)', () => {
  const page: Json = { header: { request_code: '1001Q' }, body: { memb_email: SANDBOX.memb_email, memb_pwd: SANDBOX.password } };
  const login = (payload: unknown): Promise<Answer> => post(em, `/api/${SANDBOX.comp_id}/login`, payload, { 'Content-Type': 'application/json' });
  table([
    { name: "the page's example", call: () => login(page), code: '00' },
    { name: '10 login details wrong', call: () => login(edit(page, (p) => (p.body.memb_pwd = 'wrong'))), code: '10' },
    { name: '12 body not parseable', call: () => login('{"header":'), code: '12' },
    { name: '12 body without memb_pwd', call: () => login(edit(page, (p) => delete (p.body as Json).memb_pwd)), code: '12' },
    { name: '99 another request code', call: () => login(edit(page, (p) => (p.header.request_code = '1002Q'))), code: '99' },
  ]);
});

// ---------------------------------------------------------------- workflow-start-bulkstart.md

describe('1410Q (workflow-start-bulkstart.md)', () => {
  /** The page's example, placeholders filled; customer_list only for a "2단계 C" template, as it says. */
  const page = (): Json => ({
    header: { request_code: '1410Q', api_name: 'Work Flow Bulk Sending를 시작합니다.', session_id: '', version: '9.9.99' },
    body: {
      comp_id: SANDBOX.comp_id,
      biz_id: '0',
      memb_email: SANDBOX.memb_email,
      workflow_lib_id: SANDBOX.workflow_lib_id,
      workflow_name: '',
      unset_player_list: [
        {
          memb_id_type: 'EMail',
          email: 'hong@example.com',
          name: '홍길동',
          language: 'ko-KR',
          workflow_name: '근로계약서',
          enable_mobile_cert: 'false',
          mobile_number: '01012345678',
          enable_password_cert: 'false',
          password_hint: '',
          password: '',
          field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'amount', field_value: '3000000' }],
        },
      ],
      comment: '',
      enable_legal_agreement: 'false',
    },
  });
  const pageC = (): Json =>
    edit(page(), (p) => {
      p.body.workflow_lib_id = SANDBOX.customer_b_workflow_lib_id;
      p.body.unset_player_list[0].field_list = [{ doc_id: SANDBOX.customer_b_doc_id, field_name: 'amount', field_value: '1' }];
      p.body.customer_list = [
        { memb_id_type: 'Mobile', email: '01098765432', name: '김보증', language: 'ko-KR', enable_mobile_cert: 'true', mobile_number: '01098765432', enable_password_cert: 'false', password_hint: '', password: '' },
      ];
    });
  const send = (payload: unknown): Promise<Answer> => post(em, COMMON, payload, AUTH);
  table([
    { name: "the page's example", call: () => send(page()), code: '00' },
    { name: "the page's example for a 2단계 C template, with customer_list", call: () => send(pageC()), code: '00' },
    { name: '-1 body not parseable', call: () => send('{"header":{}, "body": [}'), code: '-1' },
    { name: '-1 a required key missing (enable_legal_agreement)', call: () => send(edit(page(), (p) => delete p.body.enable_legal_agreement)), code: '-1' },
    { name: '-1 a required signer key missing (field_list)', call: () => send(edit(page(), (p) => delete p.body.unset_player_list[0].field_list)), code: '-1' },
    { name: '-1 an undocumented body key (clientid)', call: () => send(edit(page(), (p) => (p.body.clientid = 'x'))), code: '-1' },
    { name: '-1 an undocumented signer key', call: () => send(edit(page(), (p) => (p.body.unset_player_list[0].mobile = '010'))), code: '-1' },
    { name: '-1 an undocumented customer key', call: () => send(edit(pageC(), (p) => (p.body.customer_list[0].field_list = []))), code: '-1' },
    { name: '-1 "EMail" spelt "Email"', call: () => send(edit(page(), (p) => (p.body.unset_player_list[0].memb_id_type = 'Email'))), code: '-1' },
    { name: '-1 a boolean not "true"/"false"', call: () => send(edit(page(), (p) => (p.body.enable_legal_agreement = 'no'))), code: '-1' },
    { name: '-1 a 2단계 C template without customer_list', call: () => send(edit(pageC(), (p) => delete p.body.customer_list)), code: '-1' },
    { name: '10 the Work Flow Library does not exist', call: () => send(edit(page(), (p) => (p.body.workflow_lib_id = 'NO-SUCH-LIB'))), code: '10' },
    {
      name: '11 failed',
      call: async () => {
        em.setFaults({ fail_requests: [2] });
        return send(page());
      },
      code: '11',
    },
    {
      name: '12 storage quota exceeded',
      call: async () => {
        em.setFaults({ storage_full: true });
        return send(page());
      },
      code: '12',
    },
    {
      name: '13 document count exceeded',
      call: async () => {
        em.setFaults({ quota: 3 });
        return send(page());
      },
      code: '13',
    },
    {
      name: '14 subscription expired',
      call: async () => {
        em.setFaults({ expired: true });
        return send(page());
      },
      code: '14',
    },
    { name: '15 author settings invalid (another sender)', call: () => send(edit(page(), (p) => (p.body.memb_email = 'other@example.com'))), code: '15' },
  ]);

  it("answers as the page's example: workflow_list entries and the request's ids, header 1410A", async () => {
    const r = await send(page());
    expect(r.json.header).toEqual({ session_id: '', response_code: '1410A', result_code: '00', result_msg: 'Work Flow bulk Sending이 시작됩니다.', version: '9.9.99' });
    expect(Object.keys(r.json.body).sort()).toEqual(['biz_id', 'comp_id', 'memb_email', 'workflow_lib_id', 'workflow_list']);
    expect(Object.keys(r.json.body.workflow_list[0]).sort()).toEqual(
      ['description', 'lang', 'reg_date', 'result', 'token', 'unset_player_email', 'unset_player_name', 'workflow_id', 'workflow_name'].sort(),
    );
    expect(r.json.body.workflow_list[0]).toMatchObject({ unset_player_email: 'hong@example.com', unset_player_name: '홍길동', result: 'OK', lang: 'ko-KR', workflow_name: '근로계약서' });
  });
});

// ---------------------------------------------------------------- template-readdocument.md

describe('1123Q (template-readdocument.md)', () => {
  const page: Json = {
    header: { request_code: '1123Q', request_msg: '', session_id: '', version: '9.9.99' },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, search_dir_id: 'all', display_order_mode: '2' },
  };
  const list = (payload: unknown, lang = 'ko'): Promise<Answer> => post(em, `${COMMON}?lang=${lang}`, payload, AUTH);
  table([
    { name: "the page's example", call: () => list(page), code: '00' },
    { name: "the page's example with lang=jp and no version", call: () => list(edit(page, (p) => delete (p.header as Json).version), 'jp'), code: '00' },
    { name: '10 failed (another account)', call: () => list(edit(page, (p) => (p.body.memb_email = 'other@example.com'))), code: '10' },
    { name: '12 body not parseable (body is not an object)', call: () => list(edit(page, (p) => ((p as Json).body = 'all'))), code: '12' },
    { name: '12 an undocumented key', call: () => list(edit(page, (p) => ((p.body as Json).page = '1'))), code: '12' },
    { name: '99 bad format (display_order_mode 11)', call: () => list(edit(page, (p) => (p.body.display_order_mode = '11'))), code: '99' },
  ]);
});

// ---------------------------------------------------------------- template-docinfo.md, workflow-view-workflowinfo.md, company-compinfo.md

describe('GET docs, workflows, company', () => {
  const auth = { Authorization: `esignon ${SANDBOX.token}` };
  table([
    { name: 'GET /api/v2/docs/:documentId', call: () => get(em, `/api/v2/docs/${SANDBOX.doc_id}`, auth), code: '00' },
    { name: 'GET /api/v2/docs/:documentId?offset=+00:00', call: () => get(em, `/api/v2/docs/${SANDBOX.doc_id}?offset=%2B00:00`, auth), code: '00' },
    { name: 'docs 11 lookup failed (unknown id)', call: () => get(em, '/api/v2/docs/NO-SUCH-DOC', auth), code: '11' },
    { name: 'GET /api/v2/workflows/:workflowId', call: () => get(em, `/api/v2/workflows/${docs.playing}`, auth), code: '00' },
    { name: 'workflows 10 lookup failed (unknown id)', call: () => get(em, '/api/v2/workflows/1', auth), code: '10' },
    { name: 'GET /api/v2/company', call: () => get(em, '/api/v2/company', auth), code: '00' },
    { name: 'company 10 failed (a malformed offset)', call: () => get(em, '/api/v2/company?offset=KST', auth), code: '10' },
  ]);
  // docs' `10` (a template not finished) has no counterpart: every sandbox template is finished.

  it('GET workflows answers every key of the page, and nothing it does not list', async () => {
    const r = await get(em, `/api/v2/workflows/${docs.complete}`, auth);
    expect(Object.keys(r.json.body).sort()).toEqual(
      [
        'workflow_id', 'workflow_name', 'workflow_status', 'last_modify_date', 'expiry_date', 'create_date', 'creator_email', 'creator_name',
        'biz_id', 'biz_name', 'action_history_list', 'current_action_id', 'total_action_count', 'certificate_url', 'download_url', 'view_url',
        'referer_list', 'field_list', 'owner_list',
      ].sort(),
    );
    expect(Object.keys(r.json.body.action_history_list[0]).sort()).toEqual(['action_id', 'comment', 'confirm_date', 'confirm_email', 'name', 'step_code']);
    expect(Object.keys(r.json.body.field_list[0]).sort()).toEqual(['action_id', 'email', 'field_owner', 'field_value']);
    expect(Object.keys(r.json.body.owner_list[0]).sort()).toEqual(
      ['action_id', 'cert_mobile_yn', 'cert_password_yn', 'email', 'name', 'password_hint', 'phone_number', 'turn_yn'],
    );
  });

  it('GET company answers every key of the page', async () => {
    const r = await get(em, '/api/v2/company', auth);
    expect(r.json.header).toEqual({ response_code: '/api/v2/company', result_code: '00', result_msg: 'Success', session_id: '' });
    expect(Object.keys(r.json.body).sort()).toEqual(
      ['name', 'contract_company_name', 'create_email', 'country_code', 'workflow_capacity', 'workflow_usage', 'allow_list', 'expiry_date', 'workflow_charge_list', 'sign_up_type', 'grade_code', 'create_date'].sort(),
    );
    expect(Object.keys(r.json.body.workflow_charge_list[0]).sort()).toEqual(['doc_capacity', 'email', 'grade_code', 'payment_amount', 'payment_date_time', 'payment_system']);
  });
});

// ---------------------------------------------------------------- workflow-remind.md

describe('1429Q (workflow-remind.md)', () => {
  const page = (id: string): Json => ({
    header: { request_code: '1429Q', request_msg: 'Remind 를 요청합니다.', session_id: '' },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: id },
  });
  const remind = (payload: unknown, lang = 'ko'): Promise<Answer> => post(em, `${COMMON}?lang=${lang}`, payload, AUTH);
  table([
    { name: "the page's example", call: () => remind(page(docs.playing)), code: '00' },
    { name: '10 failed (no such document)', call: () => remind(page('1')), code: '10' },
    { name: '11 a completed document', call: () => remind(page(docs.complete)), code: '11' },
    { name: '12 a cancelled document', call: () => remind(page(docs.canceled)), code: '12' },
    { name: '99 bad format (workflow_id as a number)', call: () => remind(edit(page(docs.playing), (p) => (p.body.workflow_id = Number(docs.playing)))), code: '99' },
    { name: '99 bad format (header without request_msg)', call: () => remind(edit(page(docs.playing), (p) => delete p.header.request_msg)), code: '99' },
  ]);
});

// ---------------------------------------------------------------- workflow-modify-cancel.md

describe('1510Q (workflow-modify-cancel.md)', () => {
  const page = (id: string, command: string): Json => ({
    header: { request_code: '1510Q', request_msg: '', request_lang: 'ko', session_id: 'session_id', version: '9.9.99' },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: id, command, description: '폐기 사유', timezone_offset: '+09:00' },
  });
  const run = (payload: unknown, headers: Record<string, string> = AUTH): Promise<Answer> => post(em, COMMON, payload, headers);
  table([
    { name: 'CANCEL a document in progress', call: () => run(page(docs.playing, 'CANCEL')), code: '00' },
    { name: 'DISPOSAL a completed document', call: () => run(page(docs.complete, 'DISPOSAL')), code: '00' },
    { name: 'DELETE a cancelled document', call: () => run(page(docs.canceled, 'DELETE')), code: '00' },
    { name: '94 invalid auth key', call: () => run(page(docs.playing, 'CANCEL'), { ...AUTH, Authorization: 'esignon revoked-token' }), code: '94' },
    { name: '11 a required value missing (workflow_id)', call: () => run(edit(page(docs.playing, 'CANCEL'), (p) => delete p.body.workflow_id)), code: '11' },
    { name: '11 DISPOSAL without description', call: () => run(edit(page(docs.complete, 'DISPOSAL'), (p) => delete p.body.description)), code: '11' },
    { name: '11 DISPOSAL without timezone_offset', call: () => run(edit(page(docs.complete, 'DISPOSAL'), (p) => delete p.body.timezone_offset)), code: '11' },
    { name: '11 wrong state: CANCEL a completed document', call: () => run(page(docs.complete, 'CANCEL')), code: '11' },
    { name: '11 wrong state: DISPOSAL a document in progress', call: () => run(page(docs.playing, 'DISPOSAL')), code: '11' },
    { name: '11 wrong state: DELETE a document in progress', call: () => run(page(docs.playing, 'DELETE')), code: '11' },
    { name: '-1 body not parseable', call: () => run('{'), code: '-1' },
    { name: '-1 the 2020 spelling "cancel"', call: () => run(page(docs.playing, 'cancel')), code: '-1' },
    { name: '-1 an undocumented key', call: () => run(edit(page(docs.playing, 'CANCEL'), (p) => (p.body.reason = 'x'))), code: '-1' },
  ]);
});

// ---------------------------------------------------------------- workflow-view-readbydate.md, readbyfiled.md

describe('5009Q (workflow-view-readbydate.md)', () => {
  const page = (): Json => ({
    header: { request_code: '5009Q', api_name: 'start api', session_id: '', version: '1.1.60' },
    body: { comp_id: SANDBOX.comp_id, search_date_type: 'START', start_date: TODAY, end_date: TODAY, field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'amount' }] },
  });
  const find = (payload: unknown): Promise<Answer> => post(em, `/api/${SANDBOX.comp_id}/search`, payload, AUTH);
  table([
    { name: "the page's example", call: () => find(page()), code: '00' },
    { name: 'END, the default, without field_name', call: () => find(edit(page(), (p) => (delete p.body.search_date_type, delete p.body.field_list[0].field_name))), code: '00' },
    { name: '10 failed (not a template document)', call: () => find(edit(page(), (p) => (p.body.field_list[0].doc_uid = SANDBOX.workflow_lib_id))), code: '10' },
    { name: '12 body not parseable', call: () => find('[1,'), code: '12' },
    { name: '12 an undocumented key (memb_email)', call: () => find(edit(page(), (p) => (p.body.memb_email = SANDBOX.memb_email))), code: '12' },
    { name: '12 header without api_name', call: () => find(edit(page(), (p) => delete p.header.api_name)), code: '12' },
    { name: '17 a required search condition missing (start_date)', call: () => find(edit(page(), (p) => delete p.body.start_date)), code: '17' },
    { name: '17 a required search condition missing (doc_uid)', call: () => find(edit(page(), (p) => delete p.body.field_list[0].doc_uid)), code: '17' },
    { name: '18 no search condition (empty field_list)', call: () => find(edit(page(), (p) => (p.body.field_list = []))), code: '18' },
    { name: '19 date format wrong', call: () => find(edit(page(), (p) => (p.body.end_date = '2026/03/02'))), code: '19' },
    { name: '99 bad format (search_date_type)', call: () => find(edit(page(), (p) => (p.body.search_date_type = 'BEGIN'))), code: '99' },
  ]);

  it("answers as the page's example: wf_list entries with every documented key", async () => {
    const r = await find(page());
    expect(r.json.header).toEqual({ response_code: '5009A', result_code: '00', result_msg: '필드 상태가 검색되었습니다.', session_id: '', version: '1.1.60' });
    expect(r.json.body.comp_id).toBe(SANDBOX.comp_id);
    expect(r.json.body.wf_list).toHaveLength(3);
    expect(Object.keys(r.json.body.wf_list[0]).sort()).toEqual(
      ['doc_uid', 'end_date', 'total_process_count', 'wf_manager_name', 'wf_manager_email', 'wf_status', 'field_value', 'wfuid', 'current_process_no', 'wf_title', 'start_date', 'field_name'].sort(),
    );
  });
});

describe('5008Q (workflow-view-readbyfiled.md)', () => {
  const page = (): Json => ({
    header: { request_code: '5008Q', api_name: 'start api', session_id: '', version: '1.1.60' },
    body: { comp_id: SANDBOX.comp_id, field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'amount', field_value: '2000000' }] },
  });
  const find = (payload: unknown): Promise<Answer> => post(em, `/api/${SANDBOX.comp_id}/search`, payload, AUTH);
  table([
    { name: "the page's example", call: () => find(page()), code: '00' },
    { name: '10 failed (an unknown field name)', call: () => find(edit(page(), (p) => (p.body.field_list[0].field_name = 'amout'))), code: '10' },
    { name: '12 body not parseable', call: () => find('{"header"'), code: '12' },
    { name: '12 field_value as a number', call: () => find(edit(page(), (p) => (p.body.field_list[0].field_value = 2000000))), code: '12' },
    { name: '17 a required search condition missing (field_value)', call: () => find(edit(page(), (p) => delete p.body.field_list[0].field_value)), code: '17' },
    { name: '18 no search condition (no field_list)', call: () => find(edit(page(), (p) => delete p.body.field_list)), code: '18' },
  ]);
  // 5008Q has no date to get wrong (19) and no enumeration (99).

  it('finds exactly the document whose field holds the value', async () => {
    const r = await find(page());
    expect(r.json.body.wf_list.map((w: Json) => [w.wfuid, w.field_name, w.field_value])).toEqual([[docs.complete, 'amount', '2000000']]);
  });
});

// ---------------------------------------------------------------- workflow-downloadurl.md

describe('download URL (workflow-downloadurl.md)', () => {
  const ask = (payload: unknown): Promise<Answer> => post(em, '/workflow/download', payload, AUTH);
  table([
    { name: "the page's example (a completed document)", call: () => ask({ workflow_id: docs.complete }), code: '00' },
    { name: 'a document in progress is refused', call: () => ask({ workflow_id: docs.playing }), code: '10' },
    { name: 'an envelope instead of the bare body is refused', call: () => ask({ header: {}, body: { workflow_id: docs.complete } }), code: '12' },
  ]);

  it("answers cert_url, doc_url and workflow_name as the page's example", async () => {
    const r = await ask({ workflow_id: docs.complete });
    expect(r.json.header).toEqual({ response_code: '', result_code: '00', result_msg: 'Success', session_id: '' });
    expect(Object.keys(r.json.body).sort()).toEqual(['cert_url', 'doc_url', 'workflow_name']);
  });
});
