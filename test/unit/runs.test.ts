/**
 * The record of past sends (src/io/run-records.ts) and the rule built on it
 * (src/jobs/send/runs.ts): which earlier run makes a fresh send of the same input
 * refused, which does not, and two processes starting the same send at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';
import type { JournalHeader } from '../../src/io/journal.js';
import { listRuns, runsDir, stateDir } from '../../src/io/run-records.js';
import type { Counts } from '../../src/jobs/send/results.js';
import { RunLog } from '../../src/jobs/send/runs.js';
import { loadMessages } from '../../src/ui/i18n.js';

await loadMessages();

let dir: string;
let env: NodeJS.ProcessEnv;
const warnings: string[] = [];
const ui = { warn: (line: string) => void warnings.push(line) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runs-'));
  env = { HOME: dir, XDG_STATE_HOME: join(dir, 'state') };
  warnings.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = (created_at: string, input_sha256 = 'a'.repeat(64)): JournalHeader => ({
  v: 2,
  t: 'run',
  created_at,
  tool_version: '0.1.0',
  input: 'in.csv',
  input_sha256,
  settings_sha256: 'b'.repeat(64),
  rows: 3,
});
const counts = (sent: number, unknown = 0): Counts => ({ sent, unknown, failed: 0, not_sent: 3 - sent - unknown, invalid: 0, skipped_duplicate: 0 });

async function settings(flags: Partial<Record<'workflowLibId' | 'memberEmail' | 'apiUrl' | 'compId', string>> = {}): Promise<Settings> {
  const s = await loadSettings({}, { HOME: dir, XDG_CONFIG_HOME: dir }, dir);
  s.api_url = flags.apiUrl ?? 'https://docs.esignon.net';
  s.comp_id = flags.compId ?? 'acme';
  s.memb_email = flags.memberEmail ?? 'hr@acme.example';
  s.workflow_lib_id = flags.workflowLibId ?? 'T1';
  return s;
}

function log(s: Settings, out: string, created = '2026-11-29T00:00:00.000Z', sha?: string): RunLog {
  const results = join(dir, out);
  return new RunLog(env, s, header(created, sha), { input: 'in.csv', inputPath: join(dir, 'in.csv'), results, journal: `${results}.journal` }, ui);
}

/** A run that started and ended, having sent `sent` rows. */
async function ran(s: Settings, out: string, sent: number, unknown = 0): Promise<void> {
  const run = log(s, out);
  await run.start({ continuing: false, recheck: true });
  await run.finish(counts(sent, unknown), sent + unknown === 3 ? 0 : 1);
}

describe('the record of runs', () => {
  it('lives in $XDG_STATE_HOME/esignon-bulk (else ~/.local/state), folders 0700, files 0600', async () => {
    expect(stateDir({ HOME: '/home/u' })).toBe('/home/u/.local/state/esignon-bulk');
    expect(stateDir({ HOME: '/home/u', XDG_STATE_HOME: ' ' })).toBe('/home/u/.local/state/esignon-bulk');
    expect(stateDir({ HOME: '/home/u', XDG_STATE_HOME: '/s' })).toBe('/s/esignon-bulk');
    await ran(await settings(), 'a.csv', 3);
    expect(statSync(stateDir(env)).mode & 0o777).toBe(0o700);
    expect(statSync(runsDir(env)).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(runsDir(env));
    expect(statSync(join(runsDir(env), file!)).mode & 0o777).toBe(0o600);
    const { records } = await listRuns(env);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ input: 'in.csv', workflow_lib_id: 'T1', comp_id: 'acme', memb_email: 'hr@acme.example', exit_code: 0, counts: counts(3) });
    expect(records[0]!.ended_at).toEqual(expect.any(String));
  });

  it('lists what it can read, and counts the rest', async () => {
    await ran(await settings(), 'a.csv', 3);
    writeFileSync(join(runsDir(env), 'junk.json'), '{"v":9}');
    writeFileSync(join(runsDir(env), 'torn.json'), '{"v":1,');
    writeFileSync(join(runsDir(env), '.tmp-of-a-writer.json'), '');
    const { records, unreadable } = await listRuns(env);
    expect([records.length, unreadable]).toEqual([1, 2]);
    expect(await listRuns({ XDG_STATE_HOME: join(dir, 'none') })).toEqual({ records: [], unreadable: 0 });
  });
});

describe('a fresh send of an input sent before', () => {
  it('is refused when the earlier run sent or left rows unknown, naming its date and results', async () => {
    const s = await settings();
    await ran(s, 'a.csv', 2);
    const err = (await log(s, 'b.csv', '2026-11-30T00:00:00.000Z').refuseIfSent().catch((e: unknown) => e)) as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/in\.csv was already sent with template T1 as hr@acme\.example \(company acme\) on \d{4}-\d\d-\d\d \d\d:\d\d: 2 sent/);
    expect(err.message).toContain(join(dir, 'a.csv'));
    expect(err.details.join('\n')).toContain(`esignon-bulk send in.csv --resume --out ${join(dir, 'a.csv')}`);
    expect(err.details.join('\n')).toContain('--again');

    const unknownOnly = await settings({ workflowLibId: 'T9' });
    await ran(unknownOnly, 'c.csv', 0, 1);
    await expect(log(unknownOnly, 'd.csv', '2026-11-30T00:00:00.000Z').refuseIfSent()).rejects.toThrow(/1 unknown/);
  });

  it('is refused when the earlier run never ended: it may have sent anything', async () => {
    const s = await settings();
    await log(s, 'a.csv').start({ continuing: false, recheck: true });
    await expect(log(s, 'b.csv', '2026-11-30T00:00:00.000Z').refuseIfSent()).rejects.toThrow(/a run that has not ended/);
  });

  it('is not refused when the earlier run was killed before its journal existed (it made nothing); is once the journal was started', async () => {
    const s = await settings();
    const killed = log(s, 'a.csv');
    await killed.start({ continuing: false, recheck: true });
    // Its process is gone: a child that has ended stands for it.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const file = join(runsDir(env), readdirSync(runsDir(env))[0]!);
    const record = JSON.parse(readFileSync(file, 'utf8')) as { starting: { pid: number } };
    record.starting.pid = Number(gone.stdout);
    writeFileSync(file, JSON.stringify(record));
    await expect(log(s, 'b.csv', '2026-11-30T00:00:00.000Z').refuseIfSent()).resolves.toBeUndefined();
    expect((await listRuns(env)).records).toEqual([]); // and its record is gone

    // The same, its journal started before the kill: it may have sent anything.
    const started = log(s, 'c.csv', '2026-11-29T01:00:00.000Z');
    await started.start({ continuing: false, recheck: false });
    await started.journalStarted();
    expect((await listRuns(env)).records.find((r) => r.results === join(dir, 'c.csv'))?.starting).toBeUndefined();
    await expect(log(s, 'd.csv', '2026-11-30T00:00:00.000Z').refuseIfSent()).rejects.toThrow(/a run that has not ended/);
  });

  it('is not refused: an earlier run that made nothing, another template, another account, other bytes', async () => {
    const s = await settings();
    await ran(s, 'a.csv', 0);
    const next = '2026-11-30T00:00:00.000Z';
    await expect(log(s, 'b.csv', next).refuseIfSent()).resolves.toBeUndefined();
    await ran(s, 'c.csv', 3);
    await expect(log(await settings({ workflowLibId: 'T2' }), 'd.csv', next).refuseIfSent()).resolves.toBeUndefined();
    await expect(log(await settings({ compId: 'other' }), 'd.csv', next).refuseIfSent()).resolves.toBeUndefined();
    await expect(log(await settings({ memberEmail: 'ceo@acme.example' }), 'd.csv', next).refuseIfSent()).resolves.toBeUndefined();
    await expect(log(await settings({ apiUrl: 'https://other.example' }), 'd.csv', next).refuseIfSent()).resolves.toBeUndefined();
    await expect(log(s, 'd.csv', next, 'f'.repeat(64)).refuseIfSent()).resolves.toBeUndefined();
    // The same account however its address is spelt.
    await expect(log(await settings({ memberEmail: 'HR@Acme.example', apiUrl: 'https://docs.esignon.net/' }), 'd.csv', next).refuseIfSent()).rejects.toThrow(UsageError);
  });

  it('a resumed run finds its own record, keeps its start and is marked running until it ends again', async () => {
    const s = await settings();
    await ran(s, 'a.csv', 1);
    const resumed = log(s, 'a.csv');
    await resumed.start({ continuing: true, recheck: false });
    let [record] = (await listRuns(env)).records;
    expect(record).toMatchObject({ started_at: '2026-11-29T00:00:00.000Z', counts: counts(1) });
    expect(record!.ended_at).toBeUndefined();
    await resumed.finish(counts(3), 0);
    [record] = (await listRuns(env)).records;
    expect(record).toMatchObject({ counts: counts(3), exit_code: 0 });
    expect((await listRuns(env)).records).toHaveLength(1);
  });

  it('two processes starting the same send at once: the second to record itself backs out and leaves no record', async () => {
    const s = await settings();
    const a = log(s, 'a.csv', '2026-11-30T00:00:00.000Z');
    const b = log(s, 'b.csv', '2026-11-30T00:00:00.001Z');
    await a.refuseIfSent();
    await b.refuseIfSent();
    await a.start({ continuing: false, recheck: true });
    await expect(b.start({ continuing: false, recheck: true })).rejects.toThrow(/has not ended/);
    const { records } = await listRuns(env);
    expect(records.map((r) => r.results)).toEqual([join(dir, 'a.csv')]);
  });

  it('a state folder that cannot be written is said, and does not stop the send', async () => {
    writeFileSync(join(dir, 'plain-file'), '');
    env = { HOME: dir, XDG_STATE_HOME: join(dir, 'plain-file', 'state') };
    const run = log(await settings(), 'a.csv');
    await expect(run.start({ continuing: false, recheck: true })).resolves.toBeUndefined();
    await expect(run.finish(counts(3), 0)).resolves.toBeUndefined();
    expect(warnings.join('\n')).toMatch(/this send cannot be recorded in .*plain-file.* \(ENOTDIR\)/);
  });
});
