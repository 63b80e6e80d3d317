/**
 * Bounded chaos: random faults on the emulator and random kills of the CLI (SIGKILL,
 * Ctrl-C, a dropped session's SIGHUP), the input replaced mid-run (as Excel saves,
 * with other people in it), a disk that fills (a file size limit), with resumes in a
 * loop. At the end no contact has two documents, every document the server made is
 * accounted for (also those whose answer only a rescue file held), every row is sent
 * or explained, and nothing is left behind: no copy of the input, no rescue file, no
 * half-written results. With the search available the story ends with no row
 * `unknown`; with it down, such rows stay unknown and still nothing is sent twice.
 *
 * CHAOS_LONG=1 runs a longer version (more signers, more rounds); CHAOS_SEED=N
 * replays a run; CHAOS_VERBOSE=1 prints what each round did and how it ended.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, spawnCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { countBy, readResults, signersCsv, writeSigners } from '../helpers/signers.js';

const LONG = process.env.CHAOS_LONG === '1';
const SEED = Number(process.env.CHAOS_SEED ?? 20261129);
const N = LONG ? 20_000 : 2_000;
const ROUNDS = LONG ? 30 : 6;

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with CHAOS_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run twice: with the search available, a resume settles every row whose answer was
 * lost (by the reference each document carries, `reference_field`), so the story ends
 * with no row `unknown`; with the search down (every 5009Q/5008Q answered `10`), those
 * rows stay `unknown` — and still no contact ever gets two documents.
 */
describe.each([
  ['the search available', true],
  ['the search down', false],
])(`chaos (seed ${SEED}, ${N} signers, ${ROUNDS} rounds), %s`, (_, search) => {
  let emu: RunningEmulator;
  let dir: { path: string; remove(): void };

  beforeAll(async () => {
    emu = await emulator({ seed: SEED });
    dir = tempDir('esb-chaos-');
    writeSigners(join(dir.path, 'signers.csv'), N);
    // What replaces the input mid-run: the same people in another order, and some others.
    writeFileSync(join(dir.path, 'other.csv'), signersCsv(N).split('\n').reverse().join('\n').replace(/signer(\d*7)@/g, 'someone$1@'));
    writeFileSync(join(dir.path, 'esignon-bulk.config.json'), JSON.stringify({ reference_field: 'position' }));
  });

  afterAll(async () => {
    await emu.close();
    dir.remove();
  });

  it('faults and kills never send twice nor lose a document', { timeout: LONG ? 600_000 : 120_000 }, async () => {
    const random = prng(SEED);
    const args = ['send', 'signers.csv', '--yes', '--resume', '--retry-failed', '--batch-size', '25', '--concurrency', '3', '--response-timeout', '2', '--connect-timeout', '1'];
    const exits: string[] = [];
    const input = join(dir.path, 'signers.csv');
    const original = join(dir.path, 'original.csv');
    const inputSize = statSync(input).size;
    const stateHome = join(dir.path, 'state');
    const tmp = join(dir.path, 'tmp');
    const options = (wrapper?: string[]): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, { XDG_STATE_HOME: stateHome, TMPDIR: tmp }), wrapper });
    mkdirSync(tmp);

    for (let round = 0; round < ROUNDS; round++) {
      emu.setFaults({
        reset: true,
        seed: SEED + round,
        latency_ms: Math.floor(random() * 15),
        fail_rate: random() * 0.1,
        signer_fail_rate: random() * 0.02,
        drop_before: { rate: random() * 0.05 },
        drop_after: { rate: random() * 0.05 },
        http500_after: { rate: random() * 0.03 },
        http503: { count: Math.floor(random() * 3), retry_after: '0' },
        search_fail: !search,
      });
      // A disk that fills: some rounds may write files only a little larger than the input (its copy fits).
      // Each of these happens at least once in the bounded run, at a random moment.
      const disk = random() < 0.25 || round === 2 ? ['prlimit', `--fsize=${Math.floor(inputSize * (1.2 + random()))}`] : undefined;
      const replace = random() < 0.25 || round === 1;
      const child = spawnCli(args, options(disk));
      const done = finished(child, 60_000);
      // A round whose disk fills runs until it does; one whose input is replaced, and the first
      // SIGHUP, live long enough for batches to go out.
      const pick = random();
      const signal = round === 3 || pick > 0.75 ? 'SIGHUP' : pick < 0.5 ? 'SIGKILL' : 'SIGINT';
      const killAfter = (replace || round === 3 ? 900 : 150) + random() * 900;
      const timer = disk ? undefined : setTimeout(() => child.kill(signal), killAfter);
      // The input replaced by a rename once batches are going out (its copy was taken by then).
      // (Watched on the emulator: without a terminal, progress is a line every few seconds.)
      let replaced = false;
      const sentBefore = bulkRequests(emu);
      const watch = replace
        ? setInterval(() => {
            if (replaced || bulkRequests(emu) <= sentBefore) return;
            replaced = true;
            renameSync(input, original);
            writeFileSync(`${input}.new`, readFileSync(join(dir.path, 'other.csv')));
            renameSync(`${input}.new`, input);
          }, 20)
        : undefined;
      const r = await done;
      clearTimeout(timer);
      clearInterval(watch);
      if (replaced) renameSync(original, input); // the user puts the file back before resuming
      exits.push(`${r.code ?? r.signal}${disk ? ' disk' : ` ${signal}@${Math.round(killAfter)}`}${replaced ? ' replaced' : ''}`);
      // Whatever happened, nothing escaped as a crash, and no run was refused but for want of space
      // (exit 2: the journal already outgrew the limit, so this run could not even start it).
      expect(r.stderr, `round ${round}`).not.toMatch(/This is a bug/);
      expect([0, 1, 4, 5, 130, null, ...(disk ? [2] : [])], `round ${round}: ${r.stderr.slice(-500)}`).toContain(r.code);
    }

    if (process.env.CHAOS_VERBOSE) console.log(exits.join('\n'));
    // The end of the story: no faults (but the search's state), resume until done.
    emu.setFaults({ reset: true, search_fail: !search });
    let final = await finished(spawnCli(args, options()), 120_000);
    const unknownLeft = () => readResults(join(dir.path, 'signers.results.csv')).rows.some((r) => r.status === 'unknown');
    if (search && unknownLeft()) {
      // A batch killed in flight may still have been answered by the server for as long as a
      // request can take (3 × 1 s + 3 × 2 s here) and its answer's wait (2 s): after that, the
      // search can prove that it made nothing.
      await new Promise((r) => setTimeout(r, 12_000));
      final = await finished(spawnCli(args, options()), 120_000);
    }
    expect(final.stderr).not.toMatch(/This is a bug/);
    expect([0, 1]).toContain(final.code);

    const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
    expect(rows).toHaveLength(N);
    const state = emu.state();
    const byContact = new Map(rows.map((r) => [r.contact, r]));
    for (const [contact, count] of Object.entries(state.per_contact)) expect(count, contact).toBe(1);
    for (const doc of state.documents) {
      const row = byContact.get(doc.contact)!;
      expect(row, doc.contact).toBeDefined();
      if (row.status !== 'unknown') expect([row.status, row.workflow_id]).toEqual(['sent', doc.workflow_id]);
    }
    const counts = countBy(rows, (r) => r.status);
    // Failed rows were retried until sent; what is left is sent, or unknown with its reason.
    expect(Object.keys(counts).sort()).toEqual(Object.keys(counts).filter((s) => s === 'sent' || s === 'unknown').sort());
    for (const row of rows) if (row.status === 'unknown') expect(row.message).toMatch(/unknown/);
    expect(final.code).toBe(counts.unknown ? 1 : 0);
    expect(counts.sent).toBe(rows.filter((r) => r.status === 'sent').length);
    // With the search, every row whose answer was lost was settled: none is left unknown, and each
    // row settled by the search carries its document's id.
    if (search) {
      expect(counts.unknown ?? 0, rows.filter((r) => r.status === 'unknown').map((r) => `${r.row}: ${r.message}`).slice(0, 5).join('\n')).toBe(0);
      expect(state.documents).toHaveLength(N);
    } else {
      for (const row of rows) if (row.status === 'unknown') expect(row.message).toMatch(/search could not be read|not settled/);
    }
    // The faults did bite: some rounds were killed or stopped.
    expect(exits.some((e) => !String(e).startsWith('0 ')), exits.join('; ')).toBe(true);
    // Nothing left behind: the copies of killed runs, rescued answers (all back in the journal), temporary results.
    expect(readdirSync(tmp).filter((n) => n.startsWith('esignon-bulk-') && !n.startsWith('esignon-bulk-rescued-'))).toEqual([]);
    for (const folder of [join(stateHome, 'esignon-bulk', 'rescued'), ...readdirSync(tmp).filter((n) => n.startsWith('esignon-bulk-rescued-')).map((n) => join(tmp, n))]) {
      expect(existsOr(folder), folder).toEqual([]);
    }
    expect(readdirSync(dir.path).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

/** A folder's entries, or none when it was never made. */
function existsOr(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : [];
}
