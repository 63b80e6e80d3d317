/**
 * The emulator's read side: GET /api/v2/company against the quota and expiry faults,
 * 5009Q and 5008Q searches, and the signed PDF links of GET workflows and
 * POST /workflow/download.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { DEFAULT_WORKFLOW_CAPACITY, emulatorPdf, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { bulk, COMMON, control, get, HEADERS, post, search, sendOk, signer, type Answer, type Json } from '../helpers/emulator-http.js';

const started: RunningEmulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, seed: 11, ...options });
  started.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

/** A clock the test moves. */
function clock(iso: string): { now: () => number; set: (iso: string) => void; add: (ms: number) => void } {
  let t = Date.parse(iso);
  return { now: () => t, set: (s) => (t = Date.parse(s)), add: (ms) => (t += ms) };
}

const find = (em: RunningEmulator, code: '5009Q' | '5008Q', body: Json): Promise<Answer> => post(em, `/api/${SANDBOX.comp_id}/search`, search(code, body));

// ---------------------------------------------------------------- company

describe('GET /api/v2/company', () => {
  it('reports usage as documents are made, and the quota fault as the capacity', async () => {
    const em = await start();
    const company = async (): Promise<Json> => (await get(em, '/api/v2/company')).json.body;
    expect(await company()).toMatchObject({ workflow_capacity: String(DEFAULT_WORKFLOW_CAPACITY), workflow_usage: '0', allow_list: ['127.0.0.1'], sign_up_type: 'company' });
    await sendOk(em, [signer(1), signer(2), signer(3)]);
    em.setFaults({ quota: 5 });
    const c = await company();
    expect(c).toMatchObject({ workflow_capacity: '5', workflow_usage: '3' });
    expect(c.workflow_charge_list[0].doc_capacity).toBe('5');
    // capacity − usage is what 1410Q accepts: 2 more, not 3
    expect((await post(em, COMMON, bulk([signer(4), signer(5), signer(6)]))).json.header.result_code).toBe('13');
    await sendOk(em, [signer(4), signer(5)]);
    expect((await company()).workflow_usage).toBe('5');
    expect((await post(em, COMMON, bulk([signer(7)]))).json.header.result_code).toBe('13');
  });

  it('puts expiry_date in the past exactly when the expired fault is on (1410Q then answers 14)', async () => {
    const c = clock('2026-03-02T01:00:00Z');
    const em = await start({ now: c.now });
    const expiry = async (q = ''): Promise<string> => (await get(em, `/api/v2/company${q}`)).json.body.expiry_date;
    expect(await expiry()).toBe('2027-03-02 10:00:00');
    expect(await expiry('?offset=%2B00:00')).toBe('2027-03-02 01:00:00');
    em.setFaults({ expired: true });
    expect(await expiry()).toBe('2026-03-01 10:00:00');
    expect((await post(em, COMMON, bulk([signer(1)]))).json.header.result_code).toBe('14');
  });

  it('needs a token like every call', async () => {
    const em = await start();
    expect((await get(em, '/api/v2/company', { Authorization: 'esignon nope' })).status).toBe(401);
    expect((await get(em, '/api/v2/company', {})).json.header.result_code).toBe('10');
  });
});

// ---------------------------------------------------------------- 5009Q

describe('5009Q search by date range', () => {
  /** Three batches on three Korean days, the middle one signed the day after. */
  async function threeDays(): Promise<{ em: RunningEmulator; ids: string[][]; c: ReturnType<typeof clock> }> {
    const c = clock('2026-03-01T14:59:00Z'); // 2026-03-01 23:59 KST
    const em = await start({ now: c.now });
    const a = await sendOk(em, [signer(1), signer(2)]);
    c.set('2026-03-01T15:00:00Z'); // 2026-03-02 00:00 KST
    const b = await sendOk(em, [signer(3)], { workflow_name: '2일차' }, {});
    c.set('2026-03-03T03:00:00Z'); // 2026-03-03 12:00 KST
    const d = await sendOk(em, [signer(4)]);
    await control(em, 'POST', `/documents/${b[0].workflow_id}/sign`);
    return { em, ids: [a.map((w) => w.workflow_id), b.map((w) => w.workflow_id), d.map((w) => w.workflow_id)], c };
  }
  const byDate = (start_date: string, end_date: string, extra: Json = {}): Json => ({
    search_date_type: 'START',
    start_date,
    end_date,
    field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'amount' }],
    ...extra,
  });

  it('START finds the documents started on the given Korean days, both ends included', async () => {
    const { em, ids } = await threeDays();
    const wfuids = async (s: string, e: string): Promise<string[]> => (await find(em, '5009Q', byDate(s, e))).json.body.wf_list.map((w: Json) => w.wfuid);
    expect(await wfuids('2026-03-01', '2026-03-01')).toEqual(ids[0]);
    expect(await wfuids('2026-03-02', '2026-03-02')).toEqual(ids[1]);
    expect(await wfuids('2026-03-01', '2026-03-03')).toEqual(ids.flat());
    expect(await wfuids('2026-03-04', '2026-03-09')).toEqual([]);
    expect(await wfuids('2026-03-03', '2026-03-01')).toEqual([]);
  });

  it('END (the default) finds the documents completed on those days', async () => {
    const { em, ids } = await threeDays();
    const r = await find(em, '5009Q', byDate('2026-03-03', '2026-03-03', { search_date_type: undefined }));
    expect(r.json.body.wf_list.map((w: Json) => w.wfuid)).toEqual(ids[1]);
    expect(r.json.body.wf_list[0]).toMatchObject({ wf_status: 'Complete', end_date: '2026-03-03 12:00:00', current_process_no: '1' });
    expect((await find(em, '5009Q', byDate('2026-03-02', '2026-03-02', { search_date_type: 'END' }))).json.body.wf_list).toEqual([]);
  });

  it("gives each document's id, state, title, dates and the named field's value", async () => {
    const { em, ids } = await threeDays();
    const r = await find(em, '5009Q', byDate('2026-03-01', '2026-03-02'));
    expect(r.json.body.wf_list).toEqual([
      {
        doc_uid: SANDBOX.doc_id,
        end_date: '',
        total_process_count: '1',
        wf_manager_name: 'Sandbox Sender',
        wf_manager_email: SANDBOX.memb_email,
        wf_status: 'Playing',
        field_value: '1000000',
        wfuid: ids[0]![0],
        current_process_no: '1',
        wf_title: '근로계약서 - 서명자1',
        start_date: '2026-03-01 23:59:00',
        field_name: 'amount',
      },
      expect.objectContaining({ wfuid: ids[0]![1], field_value: '2000000' }),
      expect.objectContaining({ wfuid: ids[1]![0], wf_status: 'Complete', wf_title: '근로계약서 - 서명자3', end_date: '2026-03-03 12:00:00' }),
    ]);
    const noField = await find(em, '5009Q', byDate('2026-03-01', '2026-03-01', { field_list: [{ doc_uid: SANDBOX.doc_id }] }));
    expect(noField.json.body.wf_list[0]).toMatchObject({ field_name: '', field_value: '' });
  });

  it('finds only the documents of the template named by doc_uid', async () => {
    const em = await start();
    await sendOk(em, [signer(1)]);
    const [other] = await sendOk(em, [signer(2, { field_list: [{ doc_id: 'SANDBOX-DOC-2', field_name: 'salary', field_value: '9' }] })], { workflow_lib_id: 'SANDBOX-BULK-2' });
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const r = await find(em, '5009Q', { search_date_type: 'START', start_date: today, end_date: today, field_list: [{ doc_uid: 'SANDBOX-DOC-2', field_name: 'salary' }] });
    expect(r.json.body.wf_list.map((w: Json) => [w.wfuid, w.field_value, w.total_process_count])).toEqual([[other.workflow_id, '9', '2']]);
  });

  it('answers ten thousand documents in one call', async () => {
    const em = await start();
    for (let b = 0; b < 10; b++) await sendOk(em, Array.from({ length: 1000 }, (_, i) => signer(b * 1000 + i)));
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const r = await find(em, '5009Q', { search_date_type: 'START', start_date: today, end_date: today, field_list: [{ doc_uid: SANDBOX.doc_id }] });
    expect(r.json.body.wf_list).toHaveLength(10_000);
    expect(new Set(r.json.body.wf_list.map((w: Json) => w.wfuid)).size).toBe(10_000);
  });

  it('search_cap silently cuts the answer; search_fail answers 10; reverse_order reverses wf_list', async () => {
    const em = await start();
    const list = await sendOk(em, [signer(1), signer(2), signer(3)]);
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const body = { search_date_type: 'START', start_date: today, end_date: today, field_list: [{ doc_uid: SANDBOX.doc_id }] };
    em.setFaults({ search_cap: 2 });
    expect((await find(em, '5009Q', body)).json.body.wf_list.map((w: Json) => w.wfuid)).toEqual(list.slice(0, 2).map((w) => w.workflow_id));
    em.setFaults({ search_cap: null, reverse_order: true });
    expect((await find(em, '5009Q', body)).json.body.wf_list.map((w: Json) => w.wfuid)).toEqual(list.map((w) => w.workflow_id).reverse());
    em.setFaults({ search_fail: true });
    const down = await find(em, '5009Q', body);
    expect(down.json.header.result_code).toBe('10');
    expect(down.json.body.wf_list).toBeUndefined();
    // the fault leaves 1410Q alone
    await sendOk(em, [signer(4)]);
  });

  it('refuses another company in the path or the body with 10, and a bad token with 401', async () => {
    const em = await start();
    const body = search('5009Q', { start_date: '2026-03-01', end_date: '2026-03-01', field_list: [{ doc_uid: SANDBOX.doc_id }] });
    expect((await post(em, '/api/other/search', body)).json.header.result_code).toBe('10');
    expect((await post(em, `/api/${SANDBOX.comp_id}/search`, { ...body, body: { ...body.body, comp_id: 'other' } })).json.header.result_code).toBe('10');
    expect((await post(em, `/api/${SANDBOX.comp_id}/search`, body, { ...HEADERS, Authorization: 'esignon nope' })).status).toBe(401);
    expect((await post(em, `/api/${SANDBOX.comp_id}/search`, search('5007Q' as '5009Q', {}))).json.header.result_code).toBe('12');
  });
});

// ---------------------------------------------------------------- 5008Q

describe('5008Q search by field value', () => {
  it('finds the documents whose field holds exactly the value, across batches and states', async () => {
    const em = await start();
    const ref = (n: number, value: string): Json => signer(n, { field_list: [{ doc_id: SANDBOX.doc_id, field_name: 'position', field_value: value }] });
    const a = await sendOk(em, [ref(1, 'run7-1'), ref(2, 'run7-2'), ref(3, 'run7-10')]);
    const b = await sendOk(em, [ref(4, 'run7-1')]);
    await control(em, 'POST', `/documents/${b[0].workflow_id}/sign`);
    const r = await find(em, '5008Q', { field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'position', field_value: 'run7-1' }] });
    expect(r.json.header).toMatchObject({ response_code: '5008A', result_code: '00' });
    expect(r.json.body.wf_list.map((w: Json) => [w.wfuid, w.wf_status, w.field_value])).toEqual([
      [a[0].workflow_id, 'Playing', 'run7-1'],
      [b[0].workflow_id, 'Complete', 'run7-1'],
    ]);
    const none = await find(em, '5008Q', { field_list: [{ doc_uid: SANDBOX.doc_id, field_name: 'position', field_value: 'run7-3' }] });
    expect(none.json.body.wf_list).toEqual([]);
  });
});

// ---------------------------------------------------------------- downloads

describe('PDF downloads', () => {
  it('serves a valid PDF per document and kind, with bytes the test can recompute', async () => {
    const em = await start();
    const [w] = await sendOk(em, [signer(1)]);
    await control(em, 'POST', `/documents/${w.workflow_id}/sign`);
    const wf = (await get(em, `/api/v2/workflows/${w.workflow_id}`)).json.body;
    for (const [url, kind] of [
      [wf.download_url, 'document'],
      [wf.certificate_url, 'certificate'],
    ] as const) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(emulatorPdf(w.workflow_id, kind))).toBe(true);
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    }
    const doc = emulatorPdf(w.workflow_id, 'document');
    const cert = emulatorPdf(w.workflow_id, 'certificate');
    expect(createHash('sha256').update(doc).digest('hex')).not.toBe(createHash('sha256').update(cert).digest('hex'));
    expect(emulatorPdf(w.workflow_id, 'document').equals(doc)).toBe(true);
    expect(emulatorPdf('1234', 'document').equals(doc)).toBe(false);
  });

  it('writes a structurally valid PDF: header, objects at the offsets of its xref table, trailer', () => {
    const pdf = emulatorPdf('5123456789', 'certificate');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const entries = text.slice(startxref).split('\n').slice(3, 9);
    entries.forEach((e, i) => {
      const offset = Number(e.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
    const streamStart = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream');
    expect(text).toContain('(workflow_id: 5123456789)');
  });

  it('POST /workflow/download gives the same links for a completed document, only for it', async () => {
    const em = await start();
    const [a, b] = await sendOk(em, [signer(1), signer(2)]);
    await control(em, 'POST', `/documents/${a.workflow_id}/sign`);
    const r = await post(em, '/workflow/download', { workflow_id: a.workflow_id });
    expect(r.json.body.workflow_name).toBe('근로계약서 - 서명자1');
    const pdf = Buffer.from(await (await fetch(r.json.body.doc_url)).arrayBuffer());
    expect(pdf.equals(emulatorPdf(a.workflow_id, 'document'))).toBe(true);
    expect((await post(em, '/workflow/download', { workflow_id: b.workflow_id })).json.header.result_code).toBe('10');
    expect((await post(em, '/workflow/download', { workflow_id: '1' })).json.header.result_code).toBe('10');
    expect((await post(em, '/workflow/download', { workflow_id: a.workflow_id }, { ...HEADERS, Authorization: 'esignon nope' })).status).toBe(401);
  });

  it('links expire after five minutes and cannot be forged or reused for another document', async () => {
    const c = clock('2026-03-02T01:00:00Z');
    const em = await start({ now: c.now });
    const [a, b] = await sendOk(em, [signer(1), signer(2)]);
    await control(em, 'POST', `/documents/${a.workflow_id}/sign`);
    await control(em, 'POST', `/documents/${b.workflow_id}/sign`);
    const url = (await get(em, `/api/v2/workflows/${a.workflow_id}`)).json.body.download_url as string;
    const forged = url.replace(/sig=[0-9a-f]+/, 'sig=' + '0'.repeat(32));
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(url.replace(`/files/${a.workflow_id}/`, `/files/${b.workflow_id}/`))).status).toBe(403);
    expect((await fetch(url.replace('document.pdf', 'certificate.pdf'))).status).toBe(403);
    c.add(4 * 60_000);
    expect((await fetch(url)).status).toBe(200);
    c.add(2 * 60_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
  });

  it('counts the PDFs it served per file; file_fault spoils the file GETs it names, in each of its ways', async () => {
    const em = await start();
    const [a] = await sendOk(em, [signer(1)]);
    expect(em.sign(a.workflow_id)).toBe(true);
    expect(em.sign(a.workflow_id)).toBe(false); // no longer in progress
    const wf = (await get(em, `/api/v2/workflows/${a.workflow_id}`)).json.body;
    em.setFaults({ file_fault: { mode: 'cut', requests: [2] } });
    expect((await fetch(wf.download_url)).status).toBe(200);
    const cut = await fetch(wf.download_url).then(
      async (res) => ({ status: res.status, body: await res.arrayBuffer().then(() => 'whole', () => 'cut') }),
      () => ({ status: 0, body: 'no answer' }),
    );
    expect(cut).toEqual({ status: 200, body: 'cut' });
    const answers: [string, number, string][] = [];
    for (const mode of ['not_pdf', 'http500', 'http503', 'expired'] as const) {
      em.setFaults({ file_fault: { mode, count: 1 } });
      const res = await fetch(wf.certificate_url);
      answers.push([mode, res.status, (await res.text()).slice(0, 15)]);
    }
    expect(answers).toEqual([
      ['not_pdf', 200, '<!doctype html>'],
      ['http500', 500, 'Internal Server'],
      ['http503', 503, 'Service Unavail'],
      ['expired', 403, 'the download li'],
    ]);
    em.setFaults({ file_fault: { mode: 'drop', count: 1 } });
    await expect(fetch(wf.certificate_url)).rejects.toThrow();
    expect(em.state().faults.file_fault).toBeNull(); // its count used up
    expect((await fetch(wf.certificate_url)).status).toBe(200);
    const requests = em.state().requests;
    expect(requests.files).toEqual({ [`${a.workflow_id}/document`]: 1, [`${a.workflow_id}/certificate`]: 1 });
    expect(requests.by_code.files).toBe(8);
  });

  it('gives no links for a document that is not complete, and refuses its files', async () => {
    const em = await start();
    const [a] = await sendOk(em, [signer(1)]);
    await control(em, 'POST', `/documents/${a.workflow_id}/sign`);
    const url = (await get(em, `/api/v2/workflows/${a.workflow_id}`)).json.body.download_url as string;
    await post(em, COMMON, {
      header: { request_code: '1510Q', request_msg: '', session_id: '', version: '1.1.57' },
      body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, workflow_id: a.workflow_id, command: 'DISPOSAL', description: '보관 기간 만료', timezone_offset: '+09:00' },
    });
    expect((await fetch(url)).status).toBe(404);
    expect(em.state().requests.by_code.files).toBe(1);
  });
});
