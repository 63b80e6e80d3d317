/**
 * Settling rows whose answer was lost, end to end: the built CLI against the emulator.
 * A send loses the answers of batches 2 and 4 (`drop_after`: the documents were made;
 * `drop_before`: they were not), then `send --resume` (or `reconcile`) asks the search
 * and settles each row — by the reference it wrote (`reference_field`) or by a title
 * of the row's own — or leaves it `unknown`, named, when the search cannot prove
 * anything. Every test checks the emulator's own record: no contact ever has two
 * documents.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { sendOk, signer } from '../helpers/emulator-http.js';
import { countBy, readResults } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir('esb-settle-');
});
afterEach(async () => {
  await emu.close();
  dir.remove();
});

const N = 50;
/** 50 signers; `name` repeats every 7 rows when `sameNames` (for titles that are not unique). */
function writeInput(sameNames = false): void {
  const lines = ['name,email,field:amount'];
  for (let i = 1; i <= N; i++) lines.push(`${sameNames ? `이름${i % 7}` : `김서명${i}`},signer${i}@example.com,${1000 + i}`);
  writeFileSync(join(dir.path, 'signers.csv'), lines.join('\n') + '\n');
}
/** The config: a short response timeout, so that a lost answer is old enough to prove absence a second later. */
function writeConfig(extra: Record<string, unknown>): void {
  writeFileSync(join(dir.path, 'esignon-bulk.config.json'), JSON.stringify({ response_timeout: 1, connect_timeout: 1, ...extra }));
}
const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { cwd: dir.path, env: emulatorEnv(emu, env) });
const json = (s: string) => JSON.parse(s) as Record<string, any>;
const rows = () => readResults(join(dir.path, 'r.csv')).rows;
const bulks = () => emu.state().requests.by_code['1410Q'] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The rows of batches 2 and 4 (batches of 10). */
const LOST = [...Array.from({ length: 10 }, (_, i) => 11 + i), ...Array.from({ length: 10 }, (_, i) => 31 + i)];

/** A send whose batches 2 and 4 lose their answers: 20 rows unknown. */
async function lossySend(fault: 'drop_after' | 'drop_before' | 'http500_after' = 'drop_after'): Promise<void> {
  emu.setFaults({ [fault]: { requests: [2, 4] } });
  const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--batch-size', '10', '--concurrency', '1']);
  expect(r.code, r.stderr).toBe(1);
  expect(countBy(rows(), (x) => x.status)).toEqual({ sent: 30, unknown: 20 });
  expect(rows().filter((x) => x.status === 'unknown').map((x) => Number(x.row))).toEqual(LOST);
  emu.setFaults({ reset: true });
}

/** Each contact has exactly one document, and each row the one the emulator made for its contact. */
function exactlyOnce(): void {
  const state = emu.state();
  expect(Object.values(state.per_contact).every((n) => n === 1)).toBe(true);
  expect(Object.keys(state.per_contact)).toHaveLength(N);
  const byContact = new Map(state.documents.map((d) => [d.contact, d.workflow_id]));
  for (const row of rows()) expect([row.row, row.status, row.workflow_id]).toEqual([row.row, 'sent', byContact.get(row.contact)]);
}

describe('send --resume settles the rows whose answer was lost', () => {
  it.each([
    ['a reference field', { reference_field: 'position' }, 'reference'],
    ['unique titles', { workflow_name: '{name} {email}' }, 'title'],
  ])('documents made (answers dropped after processing), with %s: 0 unknown, each contact once, the server\'s workflow_id', async (_, config, by) => {
    writeInput();
    writeConfig(config);
    await lossySend('drop_after');
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j.counts).toMatchObject({ sent: N, unknown: 0 });
    expect(j.settled).toMatchObject({ unknown_before: 20, sent: 20, not_sent: 0, still_unknown: 0 });
    expect(j.settled.rows.every((x: { by: string }) => x.by === by)).toBe(true);
    expect(bulks()).toBe(before); // nothing sent again
    exactlyOnce();
    const settled = rows().filter((x) => LOST.includes(Number(x.row)));
    expect(settled.every((x) => x.token === '' && x.message.startsWith('settled by the search'))).toBe(true);
    // The decisions are in the journal: a rebuild of the results says the same.
    expect(readFileSync(join(dir.path, 'r.csv.journal'), 'utf8')).toContain('"t":"settle"');
    const again = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--limit', '0', '--json']);
    expect(json(again.stdout).counts).toMatchObject({ sent: N, unknown: 0 });
    if (by === 'reference') {
      // Each document carries its row's reference, the same run part for all.
      const refs = emu.state().documents.map((d) => d.field_list.find((f) => f.field_name === 'position')!.field_value);
      expect(new Set(refs.map((v) => v.split('-')[0])).size).toBe(1);
      expect(refs.map((v) => Number(v.split('-')[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    }
  });

  it.each([
    ['a reference field', { reference_field: 'position' }],
    ['unique titles', { workflow_name: '{name} {email}' }],
  ])('no documents made (dropped before processing), with %s: not_sent, then sent by the same resume, once', async (_, config) => {
    writeInput();
    writeConfig(config);
    await lossySend('drop_before');
    await sleep(1100); // past the response timeout: nothing can still be in the making
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json', '--batch-size', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).settled).toMatchObject({ unknown_before: 20, sent: 0, not_sent: 20, still_unknown: 0 });
    expect(bulks()).toBe(before + 2);
    exactlyOnce();
  });

  it('too soon after the loss: absence is not proven, the rows stay unknown and say when to ask again', async () => {
    writeInput();
    writeConfig({ reference_field: 'position', response_timeout: 60 });
    await lossySend('drop_before');
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).settled).toMatchObject({ still_unknown: 20 });
    expect(json(r.stdout).settled.rows[0]).toMatchObject({ decision: 'unknown', why: 'too_recent' });
    expect(bulks()).toBe(before);
    expect(rows().find((x) => x.row === '11')!.message).toMatch(/not settled yet: .* ask again after /);
  });

  it('duplicate titles: the ambiguous rows stay unknown and are named; nothing is sent twice', async () => {
    writeInput(true);
    writeConfig({ workflow_name: '계약서 {name}' });
    await lossySend('drop_after');
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    const j = json(r.stdout);
    expect(j.settled).toMatchObject({ unknown_before: 20, sent: 0, still_unknown: 20 });
    expect(j.settled.rows.every((x: { why: string }) => x.why === 'title_shared_run')).toBe(true);
    expect(r.stderr).toMatch(/row 11: not settled: another row of the run has the same title/);
    expect(bulks()).toBe(before);
    expect(Object.values(emu.state().per_contact).every((n) => n === 1)).toBe(true);
    expect(rows().filter((x) => x.status === 'unknown')).toHaveLength(20);
  });

  it('a title unique in the run but shared by another document of those days: that row stays unknown, the others settle', async () => {
    writeInput();
    writeConfig({ workflow_name: '{name} {email}' });
    await lossySend('drop_after');
    // Someone sends a document with row 12's title by hand.
    await sendOk(emu, [signer(999, { workflow_name: '김서명12 signer12@example.com' })]);
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    const j = json(r.stdout);
    expect(j.settled).toMatchObject({ sent: 19, still_unknown: 1 });
    expect(j.settled.rows.find((x: { row: number }) => x.row === 12)).toMatchObject({ decision: 'unknown', why: 'title_shared_found' });
    expect(rows().find((x) => x.row === '12')!.status).toBe('unknown');
  });

  it('no reference and no titles of their own: nothing to find them by, said so', async () => {
    writeInput();
    writeConfig({});
    await lossySend('drop_after');
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).settled.rows.every((x: { why: string }) => x.why === 'no_key')).toBe(true);
    expect(r.stderr).toContain('set reference_field, or give each row a title of its own');
  });

  it.each([
    ['a reference field', { reference_field: 'position' }],
    ['unique titles', { workflow_name: '{name} {email}' }],
  ])('the search down (%s): the rows stay unknown, nothing is sent twice', async (_, config) => {
    writeInput();
    writeConfig(config);
    await lossySend('drop_before');
    await sleep(1100);
    emu.setFaults({ search_fail: true });
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).settled).toMatchObject({ still_unknown: 20 });
    expect(json(r.stdout).settled.rows.every((x: { why: string }) => x.why === 'search_unread')).toBe(true);
    expect(bulks()).toBe(before);
    expect(countBy(rows(), (x) => x.status)).toEqual({ sent: 30, unknown: 20 });
  });

  it('an answer cut short (search_cap) proves no absence by title: the rows stay unknown, none sent', async () => {
    writeInput();
    writeConfig({ workflow_name: '{name} {email}' });
    await lossySend('drop_before');
    await sleep(1100);
    emu.setFaults({ search_cap: 25 }); // 30 documents exist: the answer misses 5 the run knows it made
    const before = bulks();
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).settled.rows.every((x: { why: string }) => x.why === 'may_be_cut')).toBe(true);
    expect(bulks()).toBe(before);
  });

  it('an answer cut short, by reference: each reference asked exactly (5008Q), the documents found', async () => {
    writeInput();
    writeConfig({ reference_field: 'position' });
    await lossySend('drop_after');
    emu.setFaults({ search_cap: 25 });
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).settled).toMatchObject({ sent: 20, still_unknown: 0 });
    expect(emu.state().requests.by_code['5008Q']).toBeGreaterThan(0);
    exactlyOnce();
  });
});

describe('reconcile <results.csv>', () => {
  it('settles alone, journals it and rewrites the results; the next send --resume sends nothing', async () => {
    writeInput();
    writeConfig({ reference_field: 'position' });
    await lossySend('http500_after');
    // status added its columns meanwhile: they are kept.
    expect((await cli(['status', 'r.csv'])).code).toBe(0);
    const before = bulks();
    const r = await cli(['reconcile', 'r.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toMatchObject({ command: 'reconcile', exit_code: 0, unknown_before: 20, sent: 20, still_unknown: 0, titles: true });
    expect(bulks()).toBe(before);
    const after = readResults(join(dir.path, 'r.csv'));
    expect(after.header).toContain('workflow_status');
    exactlyOnce();
    const resume = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume', '--json']);
    expect(resume.code, resume.stderr).toBe(0);
    expect(json(resume.stdout).counts).toMatchObject({ sent: N, unknown: 0 });
    expect(json(resume.stdout).settled).toBeUndefined();
    expect(bulks()).toBe(before);
    // Nothing left to settle.
    const again = await cli(['reconcile', 'r.csv']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no row of the results is unknown');
  });

  it('rows proven not made become not_sent; send --resume sends them; Korean messages', async () => {
    writeInput();
    writeConfig({ workflow_name: '{name} {email}' });
    await lossySend('drop_before');
    await sleep(1100);
    const r = await cli(['reconcile', 'r.csv', '--lang', 'ko']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('보내지 않은 것이 확인된 행 20개');
    expect(countBy(rows(), (x) => x.status)).toEqual({ sent: 30, not_sent: 20 });
    const resume = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--resume']);
    expect(resume.code, resume.stderr).toBe(0);
    exactlyOnce();
  });

  it('without the signer list: by reference only, said so; titles cannot be used', async () => {
    writeInput();
    writeConfig({ workflow_name: '{name} {email}' });
    await lossySend('drop_after');
    writeFileSync(join(dir.path, 'signers.csv'), 'name,email,field:amount\nsomeone,else@example.com,1\n');
    const r = await cli(['reconcile', 'r.csv', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not the file the run sent');
    expect(json(r.stdout)).toMatchObject({ titles: false, still_unknown: 20 });
  });

  it('the search down: the rows stay unknown (exit 1), the reason in the results', async () => {
    writeInput();
    writeConfig({ reference_field: 'position' });
    await lossySend('drop_after');
    emu.setFaults({ search_fail: true });
    const r = await cli(['reconcile', 'r.csv']);
    expect(r.code).toBe(1);
    expect(rows().find((x) => x.row === '11')!.message).toMatch(/not settled: the search could not be read \(10 /);
  });

  it('no journal: refused (exit 2)', async () => {
    writeFileSync(join(dir.path, 'x.csv'), 'row,status,workflow_id\n1,unknown,\n');
    const r = await cli(['reconcile', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no journal beside it');
  });
});

describe('reference_field at the pre-flight', () => {
  it('a field the template\'s document does not have: nothing is sent (exit 3)', async () => {
    writeInput();
    writeConfig({ reference_field: 'no_such_field' });
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('reference_field "no_such_field"');
    expect(bulks()).toBe(0);
  });

  it('the template document\'s own field, filled for every signer: the sandbox template', async () => {
    writeInput();
    writeConfig({ reference_field: 'position' });
    const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv']);
    expect(r.code, r.stderr).toBe(0);
    for (const d of emu.state().documents) {
      expect(d.field_list).toContainEqual(expect.objectContaining({ doc_id: SANDBOX.doc_id, field_name: 'position', field_value: expect.stringMatching(/^[0-9a-f]{10}-\d+$/) }));
    }
  });
});
