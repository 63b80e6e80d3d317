/**
 * The wire: what the built CLI sends for every call, captured by a proxy in front of
 * the emulator (helpers/wire.ts) and compared field by field with eSignon's current
 * pages (docs/esignon-pages/). The tables below are copied from the pages' parameter
 * tables and examples, not from the client's code: names, whether each is required,
 * string types ("true"/"false" too), the documented values, and no key the page does
 * not list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { readResults } from '../helpers/signers.js';
import { wireProxy, type Captured, type WireProxy } from '../helpers/wire.js';

// ---------------------------------------------------------------- the pages' tables

interface Rule {
  required: boolean;
  /** documented values */
  values?: readonly string[];
  /** a documented format */
  format?: RegExp;
  /** a list of objects with these keys */
  list?: Table;
}
type Table = Record<string, Rule>;
const R = (extra: Partial<Rule> = {}): Rule => ({ required: true, ...extra });
const O = (extra: Partial<Rule> = {}): Rule => ({ required: false, ...extra });
const BOOL = ['true', 'false'];

// workflow-start-bulkstart.md, "Body - Header Parameter" (the example also shows api_name).
const BULK_HEADER: Table = { request_code: R({ values: ['1410Q'] }), request_msg: O(), session_id: R(), version: R(), api_name: O() };
// "Body - Body Parameter": unset_player_list.*, customer_list.*, field_list.*
const CUSTOMER: Table = {
  memb_id_type: R({ values: ['EMail', 'Mobile'] }),
  email: R(),
  name: R(),
  language: O({ values: ['ko-KR', 'en-US', 'ja-JP'] }),
  enable_mobile_cert: R({ values: BOOL }),
  mobile_number: R(),
  enable_password_cert: R({ values: BOOL }),
  password_hint: R(),
  password: R(),
};
const BULK_BODY: Table = {
  comp_id: R(),
  biz_id: R({ values: ['0'] }),
  memb_email: R(),
  workflow_name: R(),
  workflow_lib_id: R(),
  unset_player_list: R({
    list: { ...CUSTOMER, workflow_name: O(), field_list: R({ list: { doc_id: R(), field_name: R(), field_value: R() } }) },
  }),
  comment: R(),
  enable_legal_agreement: R({ values: BOOL }),
  customer_list: O({ list: CUSTOMER }),
};

// issued-token.md: the header is request_code alone; the body memb_email and memb_pwd.
const LOGIN_HEADER: Table = { request_code: R({ values: ['1001Q'] }) };
const LOGIN_BODY: Table = { memb_email: R(), memb_pwd: R() };

// template-readdocument.md: no Required column; the example carries every key.
const TEMPLATES_HEADER: Table = { request_code: R({ values: ['1123Q'] }), request_msg: R(), session_id: R(), version: R() };
const TEMPLATES_BODY: Table = {
  comp_id: R(),
  memb_email: R(),
  biz_id: R({ values: ['0'] }),
  search_dir_id: R({ values: ['all', 'my', 'shared'] }),
  display_order_mode: R({ values: ['2', '3', '4', '5', '6', '7', '8', '9', '10'] }),
};

// workflow-remind.md: no version in its header.
const REMIND_HEADER: Table = { request_code: R({ values: ['1429Q'] }), request_msg: R(), session_id: R() };
const REMIND_BODY: Table = { comp_id: R(), biz_id: R({ values: ['0'] }), workflow_id: R(), memb_email: R() };

// workflow-modify-cancel.md
const CANCEL_HEADER: Table = {
  request_code: R({ values: ['1510Q'] }),
  request_msg: R(),
  request_lang: O({ values: ['ko', 'en', 'ja'] }),
  session_id: R(),
  version: R(),
};
const CANCEL_BODY: Table = {
  comp_id: R(),
  biz_id: R({ values: ['0'] }),
  memb_email: R(),
  workflow_id: R(),
  command: R({ values: ['CANCEL', 'DISPOSAL', 'DELETE'] }),
  description: O(),
  timezone_offset: O({ format: /^[+-]\d{2}:\d{2}$/ }),
};

// workflow-view-readbydate.md (5009Q) and readbyfiled.md (5008Q): api_name, not request_msg.
const SEARCH_HEADER = (code: string): Table => ({ request_code: R({ values: [code] }), api_name: R(), session_id: R(), version: R() });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BY_DATE_BODY: Table = {
  comp_id: R(),
  search_date_type: O({ values: ['START', 'END'] }),
  start_date: R({ format: DAY }),
  end_date: R({ format: DAY }),
  field_list: R({ list: { doc_uid: R(), field_name: O() } }),
};

/** Every difference between `value` and `table`, as `path: what`. */
function differences(value: unknown, table: Table, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: not an object`];
  const out: string[] = [];
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!Object.hasOwn(table, key)) out.push(`${path}.${key}: not on the page`);
  for (const [key, rule] of Object.entries(table)) {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(v, key)) {
      if (rule.required) out.push(`${at}: required, missing`);
      continue;
    }
    const x = v[key];
    if (rule.list) {
      if (!Array.isArray(x)) out.push(`${at}: not a list`);
      else x.forEach((item, i) => out.push(...differences(item, rule.list!, `${at}.${i}`)));
      continue;
    }
    if (typeof x !== 'string') {
      out.push(`${at}: ${JSON.stringify(x)} is not a string`);
      continue;
    }
    if (rule.values && !rule.values.includes(x)) out.push(`${at}: ${JSON.stringify(x)} is not one of ${rule.values.join(', ')}`);
    if (rule.format && !rule.format.test(x)) out.push(`${at}: ${JSON.stringify(x)} is not in the documented format`);
  }
  return out;
}

/** A POST's envelope against its page. */
function envelopeDifferences(c: Captured, header: Table, body: Table): string[] {
  const out: string[] = [];
  if (c.method !== 'POST') out.push(`${c.url}: ${c.method}, not POST`);
  if (c.headers['content-type']?.split(';')[0] !== 'application/json') out.push(`${c.url}: Content-Type ${c.headers['content-type']}`);
  if (!c.json || Object.keys(c.json).sort().join() !== 'body,header') return [...out, `${c.url}: the JSON is not { header, body }`];
  return [...out, ...differences(c.json.header, header, 'header'), ...differences(c.json.body, body, 'body')];
}

// ---------------------------------------------------------------- the run

let emu: RunningEmulator;
let proxy: WireProxy;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  emu = await emulator();
  proxy = await wireProxy(emu.url);
  dir = tempDir('esb-wire-');
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
  dir.remove();
});

const env = (extra: Record<string, string | undefined> = {}) =>
  emulatorEnv(emu, { ESIGNON_API_URL: proxy.url, XDG_CONFIG_HOME: join(dir.path, 'config'), ESIGNON_CLIENT_ID: undefined, ...extra });
const cli = async (args: string[], extra: Record<string, string | undefined> = {}) => {
  const r = await runCli(args, { cwd: dir.path, env: env(extra) });
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};
const sign = async (wid: string) => expect((await fetch(`${emu.url}/__emulator/documents/${wid}/sign`, { method: 'POST' })).status).toBe(200);

describe('every request the CLI sends is what the pages document', () => {
  beforeAll(async () => {
    // login (no client ID configured), templates of one folder, validate --online, a send
    // with every kind of signer, a "2단계 C" send, status, remind, and the three cancels.
    await cli(['login', '--lang', 'en'], { ESIGNON_TOKEN: undefined, ESIGNON_PASSWORD: SANDBOX.password });
    await cli(['templates', '--folder', 'shared', '--lang', 'en']);
    writeFileSync(
      join(dir.path, 'signers.csv'),
      [
        'name,email,mobile_number,enable_mobile_cert,password,password_hint,field:amount',
        '김민준,minjun@example.com,010-2345-6789,yes,Sesame-1,생일,1000',
        '이서연,010-3456-7890,,no,,,2000',
        '박도윤,doyun@example.com,,,,,',
      ].join('\n') + '\n',
    );
    await cli(['validate', 'signers.csv', '--online']);
    await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv']);
    writeFileSync(
      join(dir.path, 'c.config.json'),
      JSON.stringify({ workflow_lib_id: SANDBOX.customer_b_workflow_lib_id, doc_id: SANDBOX.customer_b_doc_id, customer_b: { name: '보증인', email: '보증인 연락처' } }),
    );
    writeFileSync(join(dir.path, 'c.csv'), 'name,email,보증인,보증인 연락처,field:amount\n정하은,haeun@example.com,강지호,010-4567-8901,500\n');
    await cli(['send', 'c.csv', '--config', 'c.config.json', '--yes', '--out', 'c.results.csv'], { ESIGNON_WORKFLOW_LIB_ID: undefined, ESIGNON_DOC_ID: undefined });

    const ids = readResults(join(dir.path, 'r.csv')).rows.map((r) => r.workflow_id);
    await sign(ids[0]!);
    await cli(['status', 'r.csv', '--lang', 'en']);
    await cli(['remind', 'r.csv', '--yes', '--lang', 'ko']);
    await cli(['cancel', 'r.csv', '--rows', '2', '--yes', '--lang', 'en']);
    await cli(['cancel', 'r.csv', '--disposal', '--reason', '잘못 보냄', '--yes', '--lang', 'ko']);
    await cli(['cancel', 'r.csv', '--delete', '--yes', '--lang', 'en']);
  }, 120_000);

  it('1001Q: POST /api/{companyId}/login, no Authorization, header request_code, body memb_email + memb_pwd', () => {
    const logins = proxy.of('1001Q');
    expect(logins).toHaveLength(1);
    const [c] = logins;
    expect(c!.pathname).toBe(`/api/${SANDBOX.comp_id}/login`);
    expect(c!.headers.authorization).toBeUndefined();
    expect(envelopeDifferences(c!, LOGIN_HEADER, LOGIN_BODY)).toEqual([]);
  });

  it('1123Q: Common.do?lang=, the four header keys, a documented folder and display_order_mode', () => {
    const lists = proxy.of('1123Q');
    // templates --folder shared, then one call per pre-flight (validate --online, two sends) and status's: `all` is every folder.
    expect(lists.map((c) => c.json.body.search_dir_id)).toEqual(['shared', 'all', 'all', 'all', 'all']);
    for (const c of lists) {
      expect(c.pathname).toBe('/JEDOC/Common.do');
      expect(['ko', 'en', 'jp']).toContain(c.query.get('lang'));
      expect(c.headers.authorization).toMatch(/^esignon \S+$/);
      expect(envelopeDifferences(c, TEMPLATES_HEADER, TEMPLATES_BODY)).toEqual([]);
    }
  });

  it('1410Q: the body and every signer and customer B as the table has them; a title, enable_legal_agreement, field_list always, no clientid', () => {
    const sends = proxy.of('1410Q');
    expect(sends).toHaveLength(2);
    for (const c of sends) {
      expect(c.url).toBe('/JEDOC/Common.do');
      expect(c.headers.authorization).toMatch(/^esignon \S+$/);
      expect(envelopeDifferences(c, BULK_HEADER, BULK_BODY)).toEqual([]);
      expect(c.json.body.workflow_name).not.toBe('');
    }
    const [plain, withB] = sends;
    const players = plain!.json.body.unset_player_list as Record<string, unknown>[];
    expect(players.map((p) => p.memb_id_type)).toEqual(['EMail', 'Mobile', 'EMail']);
    expect(players.map((p) => p.email)).toEqual(['minjun@example.com', '01034567890', 'doyun@example.com']);
    expect(players[0]).toMatchObject({ enable_mobile_cert: 'true', mobile_number: '01023456789', enable_password_cert: 'false', password: 'Sesame-1', password_hint: '생일' });
    // Nothing pre-filled for the third: an empty list, not a missing key.
    expect(players.map((p) => (p.field_list as unknown[]).length)).toEqual([1, 1, 0]);
    expect(plain!.json.body.customer_list).toBeUndefined();
    expect(withB!.json.body.customer_list).toEqual([
      {
        memb_id_type: 'Mobile',
        email: '01045678901',
        name: '강지호',
        language: 'ko-KR',
        enable_mobile_cert: 'false',
        mobile_number: '',
        enable_password_cert: 'false',
        password_hint: '',
        password: '',
      },
    ]);
  });

  it('1429Q: Common.do?lang=, a header without version, the four body keys', () => {
    const reminds = proxy.of('1429Q');
    expect(reminds).toHaveLength(2);
    for (const c of reminds) {
      expect(c.pathname).toBe('/JEDOC/Common.do');
      expect(c.query.get('lang')).toBe('ko');
      expect(envelopeDifferences(c, REMIND_HEADER, REMIND_BODY)).toEqual([]);
    }
  });

  it('1510Q: CANCEL, DISPOSAL (with description and timezone_offset), DELETE, in capitals', () => {
    const cancels = proxy.of('1510Q');
    expect(cancels.map((c) => c.json.body.command)).toEqual(['CANCEL', 'DISPOSAL', 'DELETE']);
    for (const c of cancels) {
      expect(c.url).toBe('/JEDOC/Common.do');
      expect(envelopeDifferences(c, CANCEL_HEADER, CANCEL_BODY)).toEqual([]);
    }
    const disposal = cancels[1]!.json.body;
    expect(disposal.description).toBe('잘못 보냄');
    expect(disposal.timezone_offset).toMatch(/^[+-]\d{2}:\d{2}$/);
    expect(cancels.map((c) => c.json.header.request_lang)).toEqual(['en', 'ko', 'en']);
  });

  it('the GETs: Authorization, no body, and only the documented offset parameter, asking for UTC', () => {
    const gets = proxy.captured.filter((c) => c.method === 'GET');
    const paths = new Set(gets.map((c) => c.pathname.replace(/[^/]+$/, ':id').replace('/api/v2/:id', '/api/v2/company')));
    expect([...paths].sort()).toEqual(['/api/v2/company', '/api/v2/docs/:id', '/api/v2/workflows/:id']);
    for (const c of gets) {
      expect(c.headers.authorization).toMatch(/^esignon \S+$/);
      expect(c.text).toBe('');
      expect([...c.query.keys()]).toEqual(['offset']);
      expect(c.query.get('offset')).toBe('+00:00');
    }
  });

  it('5009Q: POST /api/{companyId}/search, the header with api_name, START, whole days, the template document as doc_uid', () => {
    const searches = proxy.of('5009Q');
    expect(searches).toHaveLength(1); // status: one window of days
    for (const c of searches) {
      expect(c.pathname).toBe(`/api/${SANDBOX.comp_id}/search`);
      expect(c.headers.authorization).toMatch(/^esignon \S+$/);
      expect(envelopeDifferences(c, SEARCH_HEADER('5009Q'), BY_DATE_BODY)).toEqual([]);
      expect(c.json.body).toMatchObject({ comp_id: SANDBOX.comp_id, search_date_type: 'START', field_list: [{ doc_uid: SANDBOX.doc_id }] });
      expect(c.json.body.start_date <= c.json.body.end_date).toBe(true);
    }
  });

  it('nothing else left the CLI', () => {
    const known = proxy.captured.filter(
      (c) => c.method === 'GET' || ['1001Q', '1123Q', '1410Q', '1429Q', '1510Q', '5009Q', '5008Q'].includes(c.json?.header?.request_code),
    );
    expect(known).toHaveLength(proxy.captured.length);
  });
});

// readbyfiled.md: every key Required.
const BY_FIELD_BODY: Table = { comp_id: R(), field_list: R({ list: { doc_uid: R(), field_name: R(), field_value: R() } }) };

describe('the searches that settle rows whose answer was lost', () => {
  let from = 0;
  beforeAll(async () => {
    // A fresh emulator state (its 1410Q ordinals too); a run whose second batch is dropped unprocessed.
    expect((await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' })).status).toBe(200);
    from = proxy.captured.length;
    const sub = join(dir.path, 'settle');
    mkdirSync(sub);
    writeFileSync(join(sub, 'esignon-bulk.config.json'), JSON.stringify({ reference_field: 'position', response_timeout: 1 }));
    writeFileSync(join(sub, 's.csv'), ['name,email,field:amount', ...Array.from({ length: 6 }, (_, i) => `서명${i},settle${i}@example.com,${i}`)].join('\n') + '\n');
    emu.setFaults({ drop_before: { requests: [2] } });
    const run = (args: string[]) => runCli(args, { cwd: sub, env: env() });
    expect((await run(['send', 's.csv', '--yes', '--out', 'r.csv', '--batch-size', '2', '--concurrency', '1'])).code).toBe(1);
    emu.setFaults({ reset: true });
    await new Promise((r) => setTimeout(r, 1100));
    const resume = await run(['send', 's.csv', '--yes', '--out', 'r.csv', '--resume']);
    expect(resume.code, resume.stderr).toBe(0);
  }, 60_000);

  it('5009Q asks for the reference field; 5008Q asks each reference it did not show, exactly, as its page has it', () => {
    const searches = proxy.captured.slice(from).filter((c) => c.json?.header?.request_code === '5009Q');
    expect(searches).toHaveLength(1);
    expect(envelopeDifferences(searches[0]!, SEARCH_HEADER('5009Q'), BY_DATE_BODY)).toEqual([]);
    expect(searches[0]!.json.body).toMatchObject({ search_date_type: 'START', field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'position' }] });
    const exact = proxy.captured.slice(from).filter((c) => c.json?.header?.request_code === '5008Q');
    expect(exact.map((c) => c.json.body.field_list[0].field_value.replace(/^[0-9a-f]{10}-/, '')).sort()).toEqual(['3', '4']);
    for (const c of exact) {
      expect(c.pathname).toBe(`/api/${SANDBOX.comp_id}/search`);
      expect(envelopeDifferences(c, SEARCH_HEADER('5008Q'), BY_FIELD_BODY)).toEqual([]);
      expect(c.json.body.field_list[0]).toMatchObject({ doc_uid: SANDBOX.doc_id, field_name: 'position' });
    }
    // And the 1410Q of every signer carried its reference in that field.
    for (const c of proxy.captured.slice(from).filter((x) => x.json?.header?.request_code === '1410Q')) {
      for (const p of c.json.body.unset_player_list) {
        expect(p.field_list).toContainEqual({ doc_id: SANDBOX.doc_id, field_name: 'position', field_value: expect.stringMatching(/^[0-9a-f]{10}-\d+$/) });
      }
    }
  });
});
