/**
 * `status` through the search (src/jobs/status-search.ts): the windows of days made
 * from the rows' `sent_at`, and reading a run with 5009Q against the emulator on a
 * clock the test moves — runs of days, gaps, answers cut short, the search down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client.js';
import { stepCounts } from '../../src/api/requests.js';
import { serviceDay, type SearchEntry } from '../../src/api/search.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { dayWindows, halves, readRunBySearch, searchUpdate, windowDays, type SearchTarget } from '../../src/jobs/status-search.js';
import { control, sendOk, signer } from '../helpers/emulator-http.js';

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

describe('the windows of days', () => {
  it('takes the service days (Korean time) around each instant, runs of consecutive days as one window', () => {
    // 2026-03-01T02:00Z is 11:00 in Korea; 2026-03-01T15:30Z is 00:30 the next day there.
    expect(serviceDay(Date.parse('2026-03-01T02:00:00Z'))).toBe('2026-03-01');
    expect(serviceDay(Date.parse('2026-03-01T15:30:00Z'))).toBe('2026-03-02');
    const at = (iso: string) => Date.parse(iso);
    expect(dayWindows([at('2026-03-01T02:00:00Z'), at('2026-03-02T03:00:00Z'), at('2026-03-07T03:00:00Z')])).toEqual([
      { from: '2026-03-01', to: '2026-03-02' },
      { from: '2026-03-07', to: '2026-03-07' },
    ]);
    // Within the margin of midnight: both days.
    expect(dayWindows([at('2026-03-01T14:40:00Z')])).toEqual([{ from: '2026-03-01', to: '2026-03-02' }]);
    expect(dayWindows([])).toEqual([]);
  });

  it('splits a window in two halves down to single days', () => {
    const w = { from: '2026-02-27', to: '2026-03-03' };
    expect(windowDays(w)).toBe(5);
    expect(halves(w)).toEqual([
      { from: '2026-02-27', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-03' },
    ]);
    expect(halves({ from: '2026-03-01', to: '2026-03-02' })).toEqual([
      { from: '2026-03-01', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-02' },
    ]);
  });
});

describe('the columns from a search entry', () => {
  const entry = (over: Partial<SearchEntry>): SearchEntry => ({
    workflow_id: '1',
    doc_uid: 'D',
    status: 'Playing',
    title: 't',
    started_at: '2026-03-01T02:00:00.000Z',
    ended_at: '',
    current_step: 2,
    total_steps: 2,
    field_name: '',
    field_value: '',
    ...over,
  });

  it('counts the steps signed, and gives a last event only for a completed document', () => {
    expect(searchUpdate(entry({}), 'T')).toEqual({
      workflow_status: 'Playing',
      current_step: '2/2',
      steps_done: '1',
      steps_total: '2',
      last_event: '',
      last_event_at: '',
      checked_at: 'T',
      check_error: '',
    });
    expect(searchUpdate(entry({ status: 'Complete', ended_at: '2026-03-02T00:00:00.000Z' }), 'T')).toMatchObject({
      steps_done: '2',
      last_event: 'WORKFLOW_COMPLETE',
      last_event_at: '2026-03-02T00:00:00.000Z',
    });
    expect(stepCounts('Canceled', '1', '2')).toEqual({ steps_done: '0', steps_total: '2' });
    expect(stepCounts('Playing', '', 'x')).toEqual({ steps_done: '', steps_total: '' });
  });
});

describe('reading a run through 5009Q', () => {
  let t = 0;
  async function run(): Promise<{ em: RunningEmulator; client: ApiClient; targets: SearchTarget[] }> {
    const em = await startEmulator({ port: 0, seed: 3, now: () => t });
    started.push(em);
    const client = new ApiClient({ apiUrl: em.url, token: SANDBOX.token, apiVersion: '1.1.57', connectTimeout: 5000, responseTimeout: 5000, maxRetries: 0 });
    const targets: SearchTarget[] = [];
    let n = 0;
    // Four documents on 1 March, three on 2 March, two on 7 March (Korean days).
    for (const [iso, count] of [
      ['2026-03-01T02:00:00.000Z', 4],
      ['2026-03-02T03:00:00.000Z', 3],
      ['2026-03-07T03:00:00.000Z', 2],
    ] as const) {
      t = Date.parse(iso);
      const list = await sendOk(em, Array.from({ length: count }, () => signer(++n)));
      for (const w of list) targets.push({ workflow_id: String(w.workflow_id), sent_at: iso });
    }
    // Another run's document on the same day: returned, not asked for.
    await sendOk(em, [signer(99)]);
    return { em, client, targets };
  }
  const searches = (em: RunningEmulator) => em.state().requests.by_code['5009Q'] ?? 0;

  it('one request per window: every document found, the others ignored', async () => {
    const { em, client, targets } = await run();
    const read = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    expect(read.requests).toBe(2);
    expect(searches(em)).toBe(2);
    expect([...read.found.keys()].sort()).toEqual(targets.map((x) => x.workflow_id).sort());
    expect(read.unread).toEqual([]);
    const first = read.found.get(targets[0]!.workflow_id)!;
    expect(first).toMatchObject({ status: 'Playing', current_step: 1, total_steps: 1, started_at: '2026-03-01T02:00:00.000Z', ended_at: '' });
  });

  it('an answer cut short is asked again by halves; what a single day still misses is left to the caller', async () => {
    const { em, client, targets } = await run();
    em.setFaults({ search_cap: 5 });
    let read = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    // 1–2 March (7 documents, cut to 5: 1 March's four and one of 2 March), then 2 March alone
    // (1 March has nothing left to find, so it is not asked), then 7 March.
    expect(read.requests).toBe(3);
    expect(read.found.size).toBe(9);

    em.setFaults({ search_cap: 2 });
    read = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    expect(read.requests).toBe(4);
    expect(read.found.size).toBe(6); // two of each day
    for (const id of read.found.keys()) expect(targets.some((x) => x.workflow_id === id)).toBe(true);
  });

  it('the search down: nothing found, the reason kept; a refused token stops', async () => {
    const { em, client, targets } = await run();
    em.setFaults({ search_fail: true });
    const read = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    expect(read.found.size).toBe(0);
    expect(read.requests).toBe(2); // refused answers are not asked again by halves
    expect(read.unread).toHaveLength(2);
    expect(read.unread[0]).toMatch(/^10/);

    em.setFaults({ search_fail: false, reject_tokens: true });
    const refused = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    expect(refused.stop).toMatchObject({ kind: 'auth_rejected' });
    expect(refused.requests).toBe(1);
  });

  it('a completed document comes with its completion time, in UTC', async () => {
    const { em, client, targets } = await run();
    t = Date.parse('2026-03-08T01:02:03.000Z');
    expect((await control(em, 'POST', `/documents/${targets[0]!.workflow_id}/sign`)).status).toBe(200);
    const read = await readRunBySearch(client, { comp_id: SANDBOX.comp_id }, SANDBOX.doc_id, targets);
    expect(read.found.get(targets[0]!.workflow_id)).toMatchObject({ status: 'Complete', ended_at: '2026-03-08T01:02:03.000Z' });
  });
});
