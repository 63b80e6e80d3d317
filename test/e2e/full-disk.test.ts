/**
 * A disk that fills (the contract: "Nothing received is ever lost"), at each write
 * point: the journal as it starts, the journal mid-run, the results file, and the
 * rescue file itself. The disk is a size limit on the process's files (prlimit
 * --fsize: EFBIG, everywhere) and, where this machine lets a user mount one in a
 * namespace of its own, a real small tmpfs (ENOSPC) that is then made larger, as
 * when space is freed. Every story ends with `--resume` and the emulator's record.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { readJournal, RowState } from '../../src/io/journal.js';
import { rescuePaths } from '../../src/jobs/send/rescue.js';
import { BIN, baseEnv, runCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { countBy, readResults, signerEmail, writeSigners } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
  mkdirSync(join(dir.path, 'state'));
  mkdirSync(join(dir.path, 'tmp'));
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const N = 400;
const env = (extra: Record<string, string | undefined> = {}) => emulatorEnv(emu, { XDG_STATE_HOME: join(dir.path, 'state'), TMPDIR: join(dir.path, 'tmp'), ...extra });
const opts = (extra: Record<string, string | undefined> = {}): CliOptions => ({ cwd: dir.path, env: env(extra) });
const args = ['send', 'signers.csv', '--yes', '--batch-size', '20', '--concurrency', '1'];
const results = () => readResults(join(dir.path, 'signers.results.csv')).rows;

function everyoneExactlyOnce(): void {
  const rows = results();
  expect(countBy(rows, (r) => r.status)).toEqual({ sent: N });
  const state = emu.state();
  expect(state.documents).toHaveLength(N);
  for (const row of rows) expect(state.documents.find((d) => d.contact === row.contact)?.workflow_id, row.contact).toBe(row.workflow_id);
  for (const count of Object.values(state.per_contact)) expect(count).toBe(1);
}

describe('a size limit on files (prlimit --fsize)', () => {
  it('the results file cannot be written: exit 5, no id printed (the journal holds them all); resume writes it', async () => {
    // A first, unlimited run elsewhere tells how large the journal and the results grow.
    const probe = tempDir();
    writeSigners(join(probe.path, 'signers.csv'), N);
    const other = await emulator();
    expect((await runCli(args, { cwd: probe.path, env: emulatorEnv(other, { TMPDIR: join(dir.path, 'tmp') }) })).code).toBe(0);
    const journalSize = statSync(join(probe.path, 'signers.results.csv.journal')).size;
    const resultsSize = statSync(join(probe.path, 'signers.results.csv')).size;
    await other.close();
    probe.remove();
    expect(resultsSize).toBeGreaterThan(journalSize + 2000);

    writeSigners(join(dir.path, 'signers.csv'), N);
    const r = await runCli(args, { ...opts(), wrapper: ['prlimit', `--fsize=${journalSize + 1000}`] });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/cannot write the results file .*EFBIG.*--resume rebuilds/);
    expect(r.stderr).not.toMatch(/workflow_id \d+/);
    expect(existsSync(join(dir.path, 'signers.results.csv'))).toBe(false);
    expect(readdirSync(dir.path).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(emu.state().documents).toHaveLength(N);

    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(bulkRequests(emu)).toBe(N / 20);
    everyoneExactlyOnce();
  });

  it('no rescue file can be written either: the tokens are printed too, and a resume counts those rows unknown, never sends them twice', async () => {
    writeSigners(join(dir.path, 'signers.csv'), N);
    // The state folder and the temporary folder's rescue folder are taken by files.
    const uid = process.getuid?.() ?? 'user';
    writeFileSync(join(dir.path, 'tmp', `esignon-bulk-rescued-${uid}`), 'not a folder');
    writeFileSync(join(dir.path, 'state-file'), 'not a folder');
    const blocked = { XDG_STATE_HOME: join(dir.path, 'state-file') };
    const inputSize = statSync(join(dir.path, 'signers.csv')).size;
    const r = await runCli(args, { ...opts(blocked), wrapper: ['prlimit', `--fsize=${inputSize + 3000}`] });
    expect(r.code).toBe(5);
    const printed = [...r.stderr.matchAll(/row (\d+) \((\S+)\): workflow_id (\d+), token ([0-9a-f]{32})/g)];
    expect(printed.length).toBeGreaterThan(0);
    const made = emu.state().documents;
    for (const [, row, contact, wid] of printed) {
      expect(contact).toBe(signerEmail(Number(row)));
      expect(made.find((d) => d.contact === contact)?.workflow_id).toBe(wid);
    }
    expect(r.stderr).toMatch(/keep this output, it is the only record/);

    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts(blocked));
    expect(resumed.code).toBe(1);
    const rows = results();
    const unknown = rows.filter((x) => x.status === 'unknown').map((x) => x.contact);
    expect(unknown.sort()).toEqual(printed.map(([, , contact]) => contact!).sort());
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
    expect(emu.state().documents).toHaveLength(N);
  });
});

describe('a journal a full disk left empty or torn is no dead end', () => {
  it.each([
    { name: 'empty', content: '' },
    { name: 'its first line torn', content: '{"v":1,"t":"run","created_at":"2026-' },
  ])('$name: --resume, and a plain run, start afresh and send everyone once', async ({ content }) => {
    writeSigners(join(dir.path, 'signers.csv'), N);
    writeFileSync(join(dir.path, 'signers.results.csv.journal'), content);
    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/holds no record .*nothing was sent under it/);
    everyoneExactlyOnce();

    // A plain run over such a journal (the same file sent again on purpose: --again).
    writeFileSync(join(dir.path, 'again.csv.journal'), content);
    const plain = await runCli(['send', 'signers.csv', '--yes', '--out', 'again.csv', '--again'], opts());
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/holds no record/);
    expect(readJournal(join(dir.path, 'again.csv.journal')).header.v).toBe(2);
  });
});

describe('rescued answers and a version 2 journal', () => {
  /**
   * What a full disk leaves after a run of `batches` batches of 10: the last batch's
   * "done" record (and the end) never reached the journal, its answer is in the rescue
   * file, and no results file was written.
   */
  function diskFilledAtLastBatch(): { contacts: string[] } {
    const journalPath = join(dir.path, 'signers.results.csv.journal');
    const records = readFileSync(journalPath, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { t: string; b?: number; sid?: string; at?: string; rows?: unknown[] });
    const done = records.findLast((r) => r.t === 'done')!;
    const inflight = records.find((r) => r.t === 'inflight' && r.b === done.b)!;
    expect((inflight as { keys?: unknown[] }).keys).toHaveLength(10);
    const kept = records.filter((r) => r !== done && r.t !== 'end');
    writeFileSync(journalPath, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    const resultsPath = join(realpathSync(dir.path), 'signers.results.csv');
    const contacts = readResults(resultsPath).rows.filter((x) => Number(x.batch) === done.b).map((x) => x.contact);
    rmSync(resultsPath);
    const rescueFile = rescuePaths(resultsPath, env())[0]!;
    mkdirSync(dirname(rescueFile), { recursive: true });
    writeFileSync(rescueFile, JSON.stringify({ t: 'done', results: resultsPath, b: done.b, sid: inflight.sid, at: done.at, rows: done.rows, contacts }) + '\n');
    return { contacts };
  }
  const rescued = () => readdirSync(join(dir.path, 'state', 'esignon-bulk', 'rescued'));
  const idsByContact = () => new Map(emu.state().documents.map((d) => [d.contact, d.workflow_id]));

  it('--resume over a changed input (--force, rows matched by content): the rescued rows keep their ids, nobody twice', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 30);
    expect((await runCli([...args.slice(0, 3), '--batch-size', '10', '--limit', '20'], opts())).code).toBe(0);
    const { contacts } = diskFilledAtLastBatch();
    expect(rescued()).toHaveLength(1);
    // The file changed meanwhile: a new person at the top moves every row down by one.
    const lines = readFileSync(join(dir.path, 'signers.csv'), 'utf8').split('\n');
    writeFileSync(join(dir.path, 'signers.csv'), [lines[0], `새사람,new@example.com,ko,5000`, ...lines.slice(1)].join('\n'));

    const r = await runCli(['send', 'signers.csv', '--yes', '--resume', '--force', '--batch-size', '10'], opts());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/10 answers the journal could not take restored/);
    expect(r.stderr).toMatch(/20 keep their result \(20 at another row number\)/);
    const rows = results();
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: 31 });
    const ids = idsByContact();
    for (const row of rows) expect(row.workflow_id, row.contact).toBe(ids.get(row.contact));
    for (const contact of contacts) expect(rows.find((x) => x.contact === contact)?.row).not.toBe(undefined);
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
    expect(emu.state().documents).toHaveLength(31);
    expect(rescued()).toEqual([]);
    // The answers went into the journal they belonged to, kept aside whole.
    const old = readdirSync(dir.path).find((n) => n.endsWith('.old'))!;
    expect(readJournal(join(dir.path, old)).table.state.filter((s) => s === RowState.Sent)).toHaveLength(20);
  });

  it('--resume on the same input: the rescued batch is not sent again, and its ids reach the results', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 30);
    expect((await runCli([...args.slice(0, 3), '--batch-size', '10', '--limit', '20'], opts())).code).toBe(0);
    diskFilledAtLastBatch();
    const r = await runCli(['send', 'signers.csv', '--yes', '--resume', '--batch-size', '10'], opts());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/10 answers the journal could not take restored/);
    expect(r.stderr).toMatch(/batch 1\/1: 10 sent/);
    expect(bulkRequests(emu)).toBe(3);
    const rows = results();
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: 30 });
    const ids = idsByContact();
    for (const row of rows) expect(row.workflow_id, row.contact).toBe(ids.get(row.contact));
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
    expect(rescued()).toEqual([]);
  });
});

/** Whether a user namespace may mount a tmpfs here (CI containers often may not). */
const canMount = (() => {
  const probe = tempDir('esb-mount-');
  try {
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs ${probe.path}`], { timeout: 5000 });
    return r.status === 0;
  } catch {
    return false;
  } finally {
    probe.remove();
  }
})();

/**
 * Runs `steps` (shell lines; $CLI is the built command line) in a mount namespace of
 * their own where `out/` is a tmpfs of `size`: the results go there, everything else
 * (input, TMPDIR, state folder) stays on the real disk. Each step's exit code and
 * standard error are written to `log/`.
 */
async function inTmpfs(size: string, steps: string[]): Promise<{ code: (i: number) => number; stderr: (i: number) => string }> {
  mkdirSync(join(dir.path, 'out'));
  mkdirSync(join(dir.path, 'log', 'out'), { recursive: true });
  const script = [
    'set -u',
    `mount -t tmpfs -o size=${size} tmpfs "$OUT"`,
    ...steps.map((step, i) => `${step} 2> "$LOG/${i}.err"; echo $? > "$LOG/${i}.code"`),
    // What the namespace's tmpfs held at the end, for the test to read.
    'cp -a "$OUT/." "$LOG/out/" 2>/dev/null || true',
  ].join('\n');
  // Not spawnSync: the emulator answers from this very process.
  const child = spawn('unshare', ['-rm', 'sh', '-c', script], {
    cwd: dir.path,
    env: { ...baseEnv(env()), OUT: join(dir.path, 'out'), LOG: join(dir.path, 'log'), CLI: `${process.execPath} ${BIN}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  expect(status, stderr).toBe(0);
  return {
    code: (i) => Number(readFileSync(join(dir.path, 'log', `${i}.code`), 'utf8')),
    stderr: (i) => readFileSync(join(dir.path, 'log', `${i}.err`), 'utf8'),
  };
}

describe.skipIf(!canMount)('a real full disk (a small tmpfs)', () => {
  it('full before anything is sent: a clear error, exit 2, nothing left that blocks a re-run once there is space', async () => {
    writeSigners(join(dir.path, 'signers.csv'), N);
    const r = await inTmpfs('8k', [
      // One page left: the lock takes it, the journal finds none.
      'dd if=/dev/zero of="$OUT/filler" bs=4096 count=1 2>/dev/null',
      '$CLI send signers.csv --yes --out "$OUT/r.csv"',
      'ls -A "$OUT" > "$LOG/listing"',
      'rm "$OUT/filler"; mount -o remount,size=4m "$OUT"',
      '$CLI send signers.csv --yes --out "$OUT/r.csv"',
    ]);
    expect(r.code(1)).toBe(2);
    expect(r.stderr(1)).toMatch(/ENOSPC.*Nothing was sent/);
    expect(r.stderr(1)).not.toMatch(/at .*\.js:\d+/);
    expect(readFileSync(join(dir.path, 'log', 'listing'), 'utf8').trim()).toBe('filler');
    expect(r.code(4), r.stderr(4)).toBe(0);
    expect(countBy(readResults(join(dir.path, 'log', 'out', 'r.csv')).rows, (x) => x.status)).toEqual({ sent: N });
    expect(emu.state().documents).toHaveLength(N);
  });

  it('full mid-run: exit 5, the ids received saved; once the disk is larger, --resume completes exactly once', async () => {
    writeSigners(join(dir.path, 'signers.csv'), N);
    const r = await inTmpfs('12k', [
      '$CLI send signers.csv --yes --batch-size 20 --concurrency 1 --out "$OUT/r.csv"',
      'mount -o remount,size=4m "$OUT"',
      '$CLI send signers.csv --yes --resume --out "$OUT/r.csv"',
    ]);
    expect(r.code(0)).toBe(5);
    expect(r.stderr(0)).toMatch(/cannot record progress .*ENOSPC/);
    const rescued = [...r.stderr(0).matchAll(/row \d+ \(\S+\): workflow_id \d+$/gm)].length;
    expect(rescued).toBeGreaterThan(0);
    expect(r.stderr(0)).toMatch(/saved to .*rescue\.ndjson/);
    expect(r.code(2), r.stderr(2)).toBe(0);
    expect(r.stderr(2)).toMatch(new RegExp(`${rescued} answers the journal could not take restored`));
    // The resume sent only what the first run had not: neither the recorded batches nor the rescued one.
    const recorded = Math.max(0, ...[...r.stderr(0).matchAll(/batch (\d+)\/20/g)].map((m) => Number(m[1])));
    const resent = [...r.stderr(2).matchAll(/batch \d+\/\d+: (\d+) sent/g)].at(-1)?.[1];
    expect(Number(resent)).toBe(N - 20 * recorded - rescued);
    const rows = readResults(join(dir.path, 'log', 'out', 'r.csv')).rows;
    expect(countBy(rows, (x) => x.status)).toEqual({ sent: N });
    const state = emu.state();
    expect(state.documents).toHaveLength(N);
    for (const row of rows) expect(state.documents.find((d) => d.contact === row.contact)?.workflow_id).toBe(row.workflow_id);
    expect(readdirSync(join(dir.path, 'state', 'esignon-bulk', 'rescued'))).toEqual([]);
  });
});
