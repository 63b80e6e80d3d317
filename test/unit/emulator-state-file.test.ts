/**
 * The emulator's state file: a sandbox that outlives the process that made it.
 * Documents, their history, ids and issued tokens survive a restart; every change is
 * saved at once and atomically; a damaged file is refused with a reason.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { EmulatorStateError, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { COMMON, common, control, customerB, get, post, sendOk, signer, type Json } from '../helpers/emulator-http.js';

let dir: string;
let file: string;
const started: RunningEmulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, stateFile: file, ...options });
  started.push(e);
  return e;
}

async function restart(e: RunningEmulator, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  await e.close();
  return start(options);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emu-state-'));
  file = join(dir, 'sandbox.json');
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('state file', () => {
  it('starts empty without a file, and writes none until something changes', async () => {
    const em = await start();
    expect(em.state().documents).toEqual([]);
    await get(em, '/api/v2/company');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps documents, their states, history, fields and reminders across restarts', async () => {
    let em = await start({ seed: 1 });
    const [a, b, c] = await sendOk(em, [signer(1), signer(2, { memb_id_type: 'Mobile', email: '01012345678', enable_mobile_cert: 'true', mobile_number: '01012345678' }), signer(3)], { workflow_name: '기본 제목' });
    await control(em, 'POST', `/documents/${b.workflow_id}/sign`);
    await post(em, COMMON, common('1510Q', { workflow_id: c.workflow_id, command: 'CANCEL' }));
    await post(em, COMMON, common('1429Q', { workflow_id: a.workflow_id }));
    const before = {
      state: em.state().documents,
      views: await Promise.all([a, b, c].map(async (w) => (await get(em, `/api/v2/workflows/${w.workflow_id}`)).json.body)),
    };

    em = await restart(em, { seed: 99 });
    expect(em.state().documents).toEqual(before.state);
    const after = await Promise.all([a, b, c].map(async (w) => (await get(em, `/api/v2/workflows/${w.workflow_id}`)).json.body));
    // the links are signed anew; everything else is the same
    const strip = (v: Json): Json => ({ ...v, download_url: '', certificate_url: '', view_url: '' });
    expect(after.map(strip)).toEqual(before.views.map(strip));
    expect(after.map((v) => v.workflow_status)).toEqual(['Playing', 'Complete', 'Canceled']);
    expect(after[1].owner_list[0]).toMatchObject({ cert_mobile_yn: 'Y', phone_number: '01012345678' });

    // the state rules go on from where they were
    expect((await post(em, COMMON, common('1510Q', { workflow_id: c.workflow_id, command: 'DELETE' }))).json.header.result_code).toBe('00');
    expect((await post(em, COMMON, common('1429Q', { workflow_id: b.workflow_id }))).json.header.result_code).toBe('11');
  });

  it('continues the id sequence and the signer tokens, whatever the seed', async () => {
    let em = await start({ seed: 1 });
    const [first] = await sendOk(em, [signer(1)]);
    em = await restart(em, { seed: 2 });
    const [second] = await sendOk(em, [signer(2)]);
    expect(Number(second.workflow_id)).toBe(Number(first.workflow_id) + 1);
    expect(em.state().documents[0]!.token).toBe(first.token);
    // after a reset, ids are still not reused
    await control(em, 'POST', '/reset');
    em = await restart(em);
    expect(em.state().documents).toEqual([]);
    const [third] = await sendOk(em, [signer(3)]);
    expect(Number(third.workflow_id)).toBe(Number(second.workflow_id) + 1);
  });

  it('keeps customer B of a 2단계 C document', async () => {
    let em = await start();
    const [w] = await sendOk(em, [signer(1, { field_list: [] })], { workflow_lib_id: SANDBOX.customer_b_workflow_lib_id, customer_list: [customerB()] });
    em = await restart(em);
    const wf = await get(em, `/api/v2/workflows/${w.workflow_id}`);
    expect(wf.json.body.owner_list[1]).toMatchObject({ email: 'guarantor@example.com', name: '보증인' });
  });

  it('keeps tokens issued by 1001Q, so a later process accepts them', async () => {
    let em = await start();
    const login = await post(em, `/api/${SANDBOX.comp_id}/login`, { header: { request_code: '1001Q' }, body: { memb_email: SANDBOX.memb_email, memb_pwd: SANDBOX.password } }, { 'Content-Type': 'application/json' });
    const token = login.json.body.access_token as string;
    em = await restart(em);
    expect((await get(em, '/api/v2/company', { Authorization: `esignon ${token}` })).json.header.result_code).toBe('00');
    expect(em.account.tokens).toEqual([SANDBOX.token, token]);
  });

  it('has saved a change before answering, as a whole file, private to the user', async () => {
    const em = await start();
    const [w] = await sendOk(em, [signer(1)]);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'esignon-bulk emulator state', version: 1 });
    expect(saved.documents).toHaveLength(1);
    await control(em, 'POST', `/documents/${w.workflow_id}/sign`);
    expect(JSON.parse(readFileSync(file, 'utf8')).documents[0].status).toBe('Complete');
    expect(readdirSync(dir)).toEqual(['sandbox.json']); // no temporary file left
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('does not save a refused request', async () => {
    const em = await start();
    await sendOk(em, [signer(1)]);
    const text = readFileSync(file, 'utf8');
    await post(em, COMMON, common('1510Q', { workflow_id: '1', command: 'CANCEL' }));
    em.setFaults({ expired: true });
    await post(em, COMMON, { header: { request_code: '1410Q', session_id: '', version: '1' }, body: {} });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it.each([
    ['not JSON', '{"format": '],
    ['another JSON file', '{"documents": []}'],
    ['a newer version', JSON.stringify({ format: 'esignon-bulk emulator state', version: 2 })],
  ])('refuses %s with an EmulatorStateError naming the file', async (_name, text) => {
    writeFileSync(file, text);
    const err = await startEmulator({ port: 0, stateFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorStateError);
    expect((err as EmulatorStateError).path).toBe(file);
    expect((err as Error).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(text); // left as it was
  });

  it('refuses a file whose documents use a template this emulator does not have', async () => {
    const em = await start();
    await sendOk(em, [signer(1)]);
    await em.close();
    const err = await startEmulator({ port: 0, stateFile: file, templates: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorStateError);
    expect((err as Error).message).toContain(SANDBOX.workflow_lib_id);
  });

  it('holds a sandbox of two thousand documents, saved after every batch', async () => {
    let em = await start();
    for (let b = 0; b < 40; b++) await sendOk(em, Array.from({ length: 50 }, (_, i) => signer(b * 50 + i)));
    em = await restart(em);
    expect(em.state().documents).toHaveLength(2000);
    expect(Object.keys(em.state().per_contact)).toHaveLength(2000);
  });
});
