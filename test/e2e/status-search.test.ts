/**
 * `status` through the search, end to end: the built CLI against the emulator, which
 * counts every request by its code. A run of 10,000 documents is read in a handful of
 * requests; a server that cuts its answers, a search that is down, a template not
 * named, or documents the template's search does not hold still end with every
 * document's state right, through GET workflows for what the search did not return.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { readResults, writeSigners } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir('esb-status-');
});
afterEach(async () => {
  await emu.close();
  dir.remove();
});

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { cwd: dir.path, env: emulatorEnv(emu, env), timeoutMs: 120_000 });
const json = (s: string) => JSON.parse(s) as Record<string, any>;
const rows = () => readResults(join(dir.path, 'r.csv')).rows as unknown as Record<string, string>[];
/** Requests by code (`5009Q`, `workflows`, …) since `before`. */
const since = (before: Record<string, number>) => {
  const now = emu.state().requests.by_code;
  return Object.fromEntries(Object.entries(now).flatMap(([k, n]) => (n - (before[k] ?? 0) > 0 ? [[k, n - (before[k] ?? 0)]] : [])));
};
const counts = () => ({ ...emu.state().requests.by_code });
const total = (by: Record<string, number>) => Object.values(by).reduce((a, b) => a + b, 0);

async function send(n: number): Promise<Record<string, string>[]> {
  writeSigners(join(dir.path, 'signers.csv'), n);
  const r = await cli(['send', 'signers.csv', '--yes', '--out', 'r.csv', '--batch-size', '1000', '--concurrency', '4', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return rows();
}

describe('status through the search', () => {
  it('reads 10,000 documents in at most 20 requests, every state and step right', async () => {
    const sent = await send(10_000);
    const signed = [0, 4_999, 9_999].map((i) => sent[i]!.workflow_id);
    for (const id of signed) expect(emu.sign(id!)).toBe(true);
    const before = counts();
    const r = await cli(['status', 'r.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const by = since(before);
    expect(total(by)).toBeLessThanOrEqual(20);
    expect(by['5009Q']).toBeGreaterThanOrEqual(1);
    expect(by.workflows).toBeUndefined(); // no document looked up one by one
    expect(json(r.stdout)).toMatchObject({
      documents: 10_000,
      checked: 10_000,
      found_by_search: 10_000,
      looked_up: 0,
      counts: { Playing: 9_997, Complete: 3 },
      steps: { '0/1': 9_997, '1/1': 3 },
    });
    const after = rows();
    expect(after.filter((x) => x.workflow_status === 'Complete').map((x) => x.workflow_id).sort()).toEqual([...signed].sort());
    expect(after.every((x) => x.checked_at !== '' && x.steps_total === '1')).toBe(true);
  }, 180_000);

  it('answers cut short: asked again by halves, the rest looked up; every state right', async () => {
    const sent = await send(300);
    expect(emu.sign(sent[299]!.workflow_id!)).toBe(true);
    emu.setFaults({ search_cap: 100 });
    const before = counts();
    const r = await cli(['status', 'r.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const by = since(before);
    const j = json(r.stdout);
    expect(j).toMatchObject({ documents: 300, checked: 300, counts: { Playing: 299, Complete: 1 } });
    // What the cut answers held was taken; only the rest was looked up, once each.
    expect(j.found_by_search).toBeGreaterThanOrEqual(100);
    expect(by.workflows).toBe(300 - j.found_by_search);
    expect(rows()[299]!.workflow_status).toBe('Complete');
  });

  it('the search down: every document looked up, and said so', async () => {
    await send(20);
    emu.setFaults({ search_fail: true });
    const before = counts();
    const r = await cli(['status', 'r.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/a search could not be read \(10 /);
    expect(since(before).workflows).toBe(20);
    expect(json(r.stdout)).toMatchObject({ counts: { Playing: 20 }, found_by_search: 0, looked_up: 20 });
  });

  it('no template named: every document looked up, with a note on how to read the run in a few requests', async () => {
    await send(5);
    const before = counts();
    const r = await cli(['status', 'r.csv', '--json'], { ESIGNON_WORKFLOW_LIB_ID: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('no template is named (workflow_lib_id)');
    expect(since(before)).toEqual({ workflows: 5 });
  });

  it('documents the named template does not hold: looked up one by one, none lost', async () => {
    await send(5);
    const before = counts();
    const r = await cli(['status', 'r.csv', '--json', '--workflow-lib-id', 'SANDBOX-BULK-2']);
    expect(r.code, r.stderr).toBe(0);
    const by = since(before);
    expect(by['5009Q']).toBe(1);
    expect(by.workflows).toBe(5);
    expect(json(r.stdout)).toMatchObject({ counts: { Playing: 5 }, found_by_search: 0 });
  });

  it('Korean messages', async () => {
    await send(3);
    const r = await cli(['status', 'r.csv', '--lang', 'ko']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('검색 요청 2건으로 문서 3건의 상태를 읽었습니다');
  });
});
