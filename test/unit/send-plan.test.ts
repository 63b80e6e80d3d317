/**
 * The send job's plan (src/jobs/send/plan.ts), on its own: which rows a run sends,
 * the resume policy over an existing journal and results file, and the fingerprints
 * that tie a journal to its input and settings.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.js';
import { RowClass, RowClasses } from '../../src/core/rows.js';
import { UsageError } from '../../src/errors.js';
import { readJournal, RowState, RowTable, toDoneEntry } from '../../src/io/journal.js';
import { OutcomeReader } from '../../src/io/journal-outcomes.js';
import {
  countToSend,
  defaultResultsPath,
  isEligible,
  planJournal,
  settingsFingerprint,
  sha256File,
  type RetryPolicy,
  type RunFingerprint,
} from '../../src/jobs/send/plan.js';
import { readRescued, rescuePaths } from '../../src/jobs/send/rescue.js';
import { loadMessages } from '../../src/ui/i18n.js';

await loadMessages();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-plan-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NONE: RetryPolicy = { allowDuplicates: false, retryFailed: false, retryUnknown: false };
const ref = { batch: 1, session_id: 's1', sent_at: '2026-11-29T00:00:01.000Z' };

/** Rows 1–5: valid, invalid, duplicate, valid, valid; the journal says 4 failed and 5 unknown. */
function fixture(): { classes: RowClasses; table: RowTable } {
  const classes = new RowClasses();
  [RowClass.Valid, RowClass.Invalid, RowClass.Duplicate, RowClass.Valid, RowClass.Valid].forEach((c, i) => classes.push(i + 1, c));
  const table = new RowTable(5);
  table.applyInflight(1, 's1', ref.sent_at, [4, 5]);
  table.applyDone(1, [toDoneEntry(4, { status: 'failed', result: 'FAIL', result_code: '00', message: 'no', ...ref })], 0, 0);
  return { classes, table };
}

describe('which rows a run sends', () => {
  it.each<[string, RetryPolicy, number[]]>([
    ['valid rows not sent yet', NONE, [1]],
    ['duplicates too with --allow-duplicates', { ...NONE, allowDuplicates: true }, [1, 3]],
    ['failed rows too with --retry-failed', { ...NONE, retryFailed: true }, [1, 4]],
    ['unknown rows too with --retry-unknown', { ...NONE, retryUnknown: true }, [1, 5]],
    ['never an invalid row', { allowDuplicates: true, retryFailed: true, retryUnknown: true }, [1, 3, 4, 5]],
  ])('%s', (_, policy, rows) => {
    const { classes, table } = fixture();
    expect([1, 2, 3, 4, 5].filter((row) => isEligible(row, classes, table, policy))).toEqual(rows);
  });

  it('never a row that was sent, and again a row recorded as not sent', () => {
    const { classes, table } = fixture();
    table.applyInflight(2, 's2', ref.sent_at, [1]);
    table.applyDone(2, [toDoneEntry(1, { status: 'sent', workflow_id: 'W', token: 'T', result: 'OK', result_code: '00', message: '', ...ref })], 0, 0);
    expect(table.state[1]).toBe(RowState.Sent);
    expect(isEligible(1, classes, table, { allowDuplicates: true, retryFailed: true, retryUnknown: true })).toBe(false);
    table.applyInflight(3, 's3', ref.sent_at, [4]);
    table.applyDone(3, [toDoneEntry(4, { status: 'not_sent', message: 'stopped' })], 0, 0);
    expect(isEligible(4, classes, table, NONE)).toBe(true);
  });

  it('counts the eligible rows, up to --limit', () => {
    const odd = (row: number) => row % 2 === 1;
    expect(countToSend(9, odd)).toBe(5);
    expect(countToSend(9, odd, 3)).toBe(3);
    expect(countToSend(9, odd, 10)).toBe(5);
    expect(countToSend(0, odd)).toBe(0);
  });
});

describe('the resume policy', () => {
  const warnings: string[] = [];
  const ui = { warn: (line: string) => void warnings.push(line) };
  const fingerprint: RunFingerprint = { v: 2, t: 'run', tool_version: '0.1.0', input: 'in.csv', input_sha256: 'a', settings_sha256: 'b', rows: 5 };
  const paths = () => ({ results: join(dir, 'in.results.csv'), journal: join(dir, 'in.results.csv.journal') });
  const plan = (policy: { resume: boolean; force: boolean }, fp = fingerprint) => planJournal(paths().results, paths().journal, fp, policy, ui);
  const open = async (policy: { resume: boolean; force: boolean }, fp = fingerprint) => (await plan(policy, fp)).commit();

  beforeEach(() => void (warnings.length = 0));

  it('a first run writes a new journal with the fingerprint, once committed', async () => {
    const planned = await plan({ resume: false, force: false });
    expect(planned.kind).toBe('new');
    expect(existsSync(paths().journal)).toBe(false);
    const { journal, table } = await planned.commit();
    await journal.close();
    expect(table.rows).toBe(5);
    expect(readJournal(paths().journal).header).toMatchObject({ ...fingerprint, created_at: expect.any(String) });
  });

  it('refuses to start over an earlier run unless --force, which keeps the old journal aside only once committed', async () => {
    const first = await open({ resume: false, force: false });
    await first.journal.append({ t: 'inflight', b: 1, sid: 's1', at: ref.sent_at, rows: [1, 2] });
    await first.journal.append({ t: 'done', b: 1, at: ref.sent_at, rows: [toDoneEntry(1, { status: 'sent', workflow_id: 'W', token: 'T', result: 'OK', result_code: '00', message: '', ...ref })] });
    await first.journal.close();
    await expect(plan({ resume: false, force: false })).rejects.toThrow(UsageError);
    writeFileSync(paths().results, 'row\n');
    await expect(plan({ resume: false, force: false })).rejects.toThrow(/in\.results\.csv\b/);
    const before = readFileSync(paths().journal);
    const restart = await plan({ resume: false, force: true });
    // What the question says: the earlier run sent one row, and one is unknown.
    expect(restart.kind).toBe('restart');
    expect(restart.earlier).toMatchObject({ rows: 5, sent: 1, unknown: 1 });
    expect(readFileSync(paths().journal)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.old'))).toHaveLength(0);
    const { journal } = await restart.commit();
    await journal.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.old'))).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });

  it('resumes the journal it finds, untouched until committed, and refuses one for another input or settings unless --force', async () => {
    const first = await open({ resume: false, force: false });
    await first.journal.append({ t: 'inflight', b: 1, sid: 's1', at: ref.sent_at, rows: [2] });
    await first.journal.close();

    const before = readFileSync(paths().journal);
    const planned = await plan({ resume: true, force: false });
    expect(planned.kind).toBe('resume');
    expect(readFileSync(paths().journal)).toEqual(before);
    const resumed = await planned.commit();
    await resumed.journal.close();
    expect(resumed.table.state[2]).toBe(RowState.Unknown);
    expect(resumed.table.maxBatch).toBe(1);
    expect(readFileSync(paths().journal).length).toBeGreaterThan(before.length);

    const changed = { ...fingerprint, settings_sha256: 'other' };
    await expect(plan({ resume: true, force: false }, changed)).rejects.toThrow(UsageError);
    // Only the settings changed: the rows are the same rows, the journal is continued.
    const forced = await plan({ resume: true, force: true }, changed);
    expect(forced.kind).toBe('resume');
    expect(warnings).toHaveLength(1);
    // The input changed, and the plan has no input to match rows by content with: refused, even with --force.
    await expect(plan({ resume: true, force: true }, { ...changed, input_sha256: 'other', rows: 7 })).rejects.toThrow(UsageError);
  });

  it('refuses --force over a changed input with a version 1 journal: its rows cannot be matched by content', async () => {
    writeFileSync(paths().journal, JSON.stringify({ ...fingerprint, v: 1, created_at: ref.sent_at }) + '\n');
    const before = readFileSync(paths().journal);
    await expect(plan({ resume: true, force: true }, { ...fingerprint, input_sha256: 'other' })).rejects.toThrow(/older version/);
    expect(readFileSync(paths().journal)).toEqual(before);
    // The same input: a version 1 journal is continued as it is.
    const same = await open({ resume: true, force: false });
    await same.journal.close();
    expect(readJournal(paths().journal).header.v).toBe(1);
  });

  it('refuses --resume with a results file but no journal (unless --force); with neither, starts afresh', async () => {
    await (await open({ resume: true, force: false })).journal.close();
    rmSync(paths().journal);
    writeFileSync(paths().results, 'row\n');
    await expect(plan({ resume: true, force: false })).rejects.toThrow(UsageError);
    await (await open({ resume: true, force: true })).journal.close();
    expect(existsSync(paths().journal)).toBe(true);
  });
});

describe('a blank journal and rescued answers (a full disk), planned before anything is written', () => {
  const warnings: string[] = [];
  const ui = { warn: (line: string) => void warnings.push(line) };
  const fingerprint: RunFingerprint = { v: 2, t: 'run', tool_version: '0.1.0', input: 'in.csv', input_sha256: 'a', settings_sha256: 'b', rows: 5 };
  const paths = () => ({ results: join(dir, 'in.results.csv'), journal: join(dir, 'in.results.csv.journal') });
  const env = () => ({ XDG_STATE_HOME: join(dir, 'state') });
  const sent = (row: number, wid: string) => toDoneEntry(row, { status: 'sent', workflow_id: wid, token: `T${wid}`, result: 'OK', result_code: '00', message: '', ...ref });
  const key = (row: number) => String(row).padStart(32, '0');

  beforeEach(() => void (warnings.length = 0));

  /** A version 2 journal: batch 1 (rows 1, 2) recorded; batch 2 (rows 3, 4) in flight, its answer in a rescue file. */
  async function fullDisk(rescuedSid = 's2'): Promise<string> {
    const { journal } = await (await planJournal(paths().results, paths().journal, fingerprint, { resume: false, force: false }, ui)).commit();
    await journal.append({ t: 'inflight', b: 1, sid: 's1', at: ref.sent_at, rows: [1, 2], keys: [key(1), key(2)] });
    await journal.append({ t: 'done', b: 1, at: ref.sent_at, rows: [sent(1, '101'), sent(2, '102')] });
    await journal.append({ t: 'inflight', b: 2, sid: 's2', at: ref.sent_at, rows: [3, 4], keys: [key(3), key(4)] });
    await journal.close();
    const rescueFile = rescuePaths(paths().results, env())[0]!;
    mkdirSync(dirname(rescueFile), { recursive: true });
    const record = { t: 'done', results: paths().results, b: 2, sid: rescuedSid, at: ref.sent_at, rows: [sent(3, '103'), toDoneEntry(4, { status: 'failed', result: 'FAIL', result_code: '11', message: 'no', ...ref })], contacts: ['c3', 'c4'] };
    writeFileSync(rescueFile, JSON.stringify(record) + '\n');
    return rescueFile;
  }

  it('a journal with no whole line is taken as none; it is removed only once the run is confirmed', async () => {
    writeFileSync(paths().journal, '{"v":2,"t":"run","crea');
    const planned = await planJournal(paths().results, paths().journal, fingerprint, { resume: false, force: false }, ui);
    expect(planned.kind).toBe('new');
    expect(readFileSync(paths().journal, 'utf8')).toBe('{"v":2,"t":"run","crea');
    const { journal } = await planned.commit();
    await journal.close();
    expect(readJournal(paths().journal).header.v).toBe(2);
    expect(warnings.join('\n')).toMatch(/holds no record/);
  });

  it('--resume counts the rescued rows before the question, and writes them into the version 2 journal once committed', async () => {
    const rescueFile = await fullDisk();
    const before = readFileSync(paths().journal);
    const planned = await planJournal(paths().results, paths().journal, fingerprint, { resume: true, force: false }, ui, undefined, await readRescued(paths().results, env()));
    expect(planned.kind).toBe('resume');
    // What the question counts: row 3 was sent, row 4 failed (not the unknown the journal alone says); row 5 is left.
    expect([3, 4].map((row) => planned.table.state[row])).toEqual([RowState.Sent, RowState.Failed]);
    expect(countToSend(5, (row) => isEligible(row, new RowClasses(), planned.table, NONE))).toBe(1);
    // Declined: nothing has changed.
    expect(readFileSync(paths().journal)).toEqual(before);
    expect(existsSync(rescueFile)).toBe(true);

    const { journal, table } = await planned.commit();
    await journal.close();
    expect(existsSync(rescueFile)).toBe(false);
    expect(warnings.join('\n')).toMatch(/2 answers the journal could not take restored/);
    const replay = readJournal(paths().journal, { keys: true });
    expect(replay.header.v).toBe(2);
    expect([3, 4].map((row) => replay.table.state[row])).toEqual([RowState.Sent, RowState.Failed]);
    expect(replay.keys!.has[3]).toBe(1);
    const reader = new OutcomeReader(paths().journal, table);
    expect(reader.outcome(3)).toMatchObject({ status: 'sent', workflow_id: '103', batch: 2, session_id: 's2' });
    reader.close();
  });

  it('a rescued batch of another run (another session id) is not restored, and its file is kept and named', async () => {
    const rescueFile = await fullDisk('not-this-run');
    const planned = await planJournal(paths().results, paths().journal, fingerprint, { resume: true, force: false }, ui, undefined, await readRescued(paths().results, env()));
    expect(planned.table.state[3]).toBe(RowState.Unknown);
    const { journal } = await planned.commit();
    await journal.close();
    expect(readJournal(paths().journal).table.state[3]).toBe(RowState.Unknown);
    expect(existsSync(rescueFile)).toBe(true);
    expect(warnings.join('\n')).toContain(rescueFile);
  });
});

describe('fingerprints', () => {
  it('the settings fingerprint follows what shapes the requests, not how they are sent', async () => {
    const settings = await loadSettings({}, { HOME: dir, XDG_CONFIG_HOME: dir }, dir);
    const base = settingsFingerprint(settings);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(settingsFingerprint({ ...settings, concurrency: 9, batch_size: 7, response_timeout: 1 })).toBe(base);
    expect(settingsFingerprint({ ...settings, comment: 'other' })).not.toBe(base);
    expect(settingsFingerprint({ ...settings, comp_id: 'other' })).not.toBe(base);
    expect(settingsFingerprint({ ...settings, mapping: { ...settings.mapping, columns: { name: '이름' } } })).not.toBe(base);
  });

  it('the input fingerprint is the file\'s sha256', async () => {
    const path = join(dir, 'in.csv');
    writeFileSync(path, 'abc');
    expect(await sha256File(path)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('the results file goes beside the input', () => {
    expect(defaultResultsPath('signers.csv')).toBe('signers.results.csv');
    expect(defaultResultsPath('dir/signers.TSV')).toBe('dir/signers.results.csv');
    expect(defaultResultsPath('signers')).toBe('signers.results.csv');
  });
});
