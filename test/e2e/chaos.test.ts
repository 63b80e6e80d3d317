/**
 * Bounded chaos: random faults on the emulator and random kills of the CLI, with
 * resumes in a loop. At the end no contact has two documents, every document the
 * server made is accounted for, and every row is sent or explained.
 *
 * CHAOS_LONG=1 runs a longer version (more signers, more rounds); CHAOS_SEED=N
 * replays a run.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, spawnCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { countBy, readResults, writeSigners } from '../helpers/signers.js';

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

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  emu = await emulator({ seed: SEED });
  dir = tempDir('esb-chaos-');
  writeSigners(join(dir.path, 'signers.csv'), N);
});

afterAll(async () => {
  await emu.close();
  dir.remove();
});

describe(`chaos (seed ${SEED}, ${N} signers, ${ROUNDS} rounds)`, () => {
  it('faults and kills never send twice nor lose a document', { timeout: LONG ? 600_000 : 120_000 }, async () => {
    const random = prng(SEED);
    const args = ['send', 'signers.csv', '--yes', '--resume', '--retry-failed', '--batch-size', '25', '--concurrency', '3', '--response-timeout', '2'];
    const exits: (number | string | null)[] = [];

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
      });
      const child = spawnCli(args, { cwd: dir.path, env: emulatorEnv(emu) });
      const done = finished(child, 60_000);
      const killAfter = 150 + random() * 900;
      const signal = random() < 0.7 ? 'SIGKILL' : 'SIGINT';
      const timer = setTimeout(() => child.kill(signal), killAfter);
      const r = await done;
      clearTimeout(timer);
      exits.push(r.code ?? r.signal);
      // Whatever happened, nothing escaped as a crash.
      expect(r.stderr, `round ${round}`).not.toMatch(/This is a bug/);
      expect([0, 1, 4, 130, null]).toContain(r.code);
    }

    // The end of the story: no faults, resume until done.
    emu.setFaults({ reset: true });
    const final = await finished(spawnCli(args, { cwd: dir.path, env: emulatorEnv(emu) }), 120_000);
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
    // The faults did bite: some rounds were killed or stopped.
    expect(exits.some((e) => e !== 0)).toBe(true);
  });
});
