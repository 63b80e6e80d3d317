/**
 * `npm run bench` (bench/run.mjs) still runs: its quick mode, on small inputs, must
 * exit 0 and print the whole table. Whether the targets are met is the full run's
 * business (bench/RESULTS.md), not this test's: small inputs on a busy machine say
 * little about throughput or memory.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test/helpers/cli.js';

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'run.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bench/run.mjs --quick', () => {
  it('runs every measurement and prints the table with the machine', async () => {
    const r = await runBench(['--quick']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^CPU: .+ × \d+ · Node v\d+/m);
    expect(r.stdout).toMatch(/^\| figure +\| +median \| +min–max \| target +\| result \|$/m);
    for (const figure of [
      '--version ÷ node -e 0',
      '--help ÷ node -e 0',
      'validate ÷ bare csv-parse throughput',
      'validate peak RSS',
      'send peak RSS',
      'whole process (signers/s)',
      'sending phase ÷ bound',
      'esignon-bulk speed-up over Newman',
      "the copy's extra time",
      'PDFs), whole process (s)',
      'download again, all',
      'documents: requests',
      'search down (one GET each)',
    ]) {
      expect(r.stdout.split('\n').some((line) => line.startsWith('| ') && line.includes(figure)), figure).toBe(true);
    }
    // Every target row has a verdict.
    const targets = r.stdout.split('\n').filter((l) => /\| [≤≥<]/.test(l));
    expect(targets.length).toBeGreaterThanOrEqual(9);
    for (const line of targets) expect(line).toMatch(/\| +(pass|FAIL) \|$/);
  }, 240_000);
});
