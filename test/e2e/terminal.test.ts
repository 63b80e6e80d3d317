/**
 * At a real terminal (a pseudo-terminal with a size, CI unset, so the spinner runs):
 * Ctrl-C typed at the keyboard interrupts a send, `status` and a confirmation
 * question, promptly, and what was done stays exactly-once.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { plainText, runInPty, type PtyResult } from '../helpers/pty.js';
import { countBy, readResults, writeSigners } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const ETX = '\u0003';
/** ora hides the cursor when the spinner starts: the spinner (and its hold on the terminal) is running. */
const SPINNER_STARTED = '\\x1b\\[\\?25l';
const resultsPath = () => join(dir.path, 'signers.results.csv');
const opts = (): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu) });

/** Exit 130, within two seconds of the keystroke. */
function interruptedPromptly(r: PtyResult): void {
  expect(r.error, plainText(r.output)).toBeNull();
  expect(r.timed_out, plainText(r.output)).toBe(false);
  expect(r.exit_code, plainText(r.output)).toBe(130);
  const typedAt = r.step_ms[r.step_ms.length - 1]!;
  expect(r.exit_ms - typedAt).toBeLessThan(2000);
  expect(r.termios_after).toMatchObject({ echo: true, icanon: true, isig: true });
}

describe('Ctrl-C at a terminal', () => {
  it('interrupts a `send --yes` while the spinner runs; --resume then sends every row exactly once', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 40);
    emu.setFaults({ latency_ms: 300 });
    const r = await runInPty(['send', 'signers.csv', '--yes', '--batch-size', '2', '--concurrency', '1'], {
      cwd: dir.path,
      env: emulatorEnv(emu),
      steps: [{ wait_for: SPINNER_STARTED }, { wait_for: 'batch \\d+/20' }, { write: ETX }],
    });
    interruptedPromptly(r);
    const after = readResults(resultsPath()).rows;
    expect(after).toHaveLength(40);
    const counts = countBy(after, (row) => row.status);
    expect(counts.not_sent ?? 0).toBeGreaterThan(0);
    expect(counts.sent ?? 0).toBe(emu.state().documents.length);

    emu.setFaults({ latency_ms: 0 });
    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code, resumed.stderr).toBe(0);
    const rows = readResults(resultsPath()).rows;
    expect(countBy(rows, (row) => row.status)).toEqual({ sent: 40 });
    const state = emu.state();
    expect(state.documents).toHaveLength(40);
    for (let i = 1; i <= 40; i++) expect(state.per_contact[`signer${i}@example.com`], `signer${i}`).toBe(1);
    for (const row of rows) expect(state.documents.find((d) => d.contact === row.contact)?.workflow_id).toBe(row.workflow_id);
  });

  it('interrupts a `send --sandbox`', async () => {
    // The sandbox has no latency to slow it: enough one-signer batches to still be sending.
    writeSigners(join(dir.path, 'signers.csv'), 3000);
    const r = await runInPty(['send', 'signers.csv', '--sandbox', '--batch-size', '1', '--concurrency', '1'], {
      cwd: dir.path,
      steps: [{ wait_for: SPINNER_STARTED }, { wait_for: 'batch \\d+/3000' }, { write: ETX }],
      timeoutMs: 60_000,
    });
    interruptedPromptly(r);
    const counts = countBy(readResults(resultsPath()).rows, (row) => row.status);
    expect(counts.not_sent ?? 0).toBeGreaterThan(0);
  });

  it('interrupts `status` while it looks documents up', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 40);
    const sent = await runCli(['send', 'signers.csv', '--yes'], opts());
    expect(sent.code, sent.stderr).toBe(0);
    emu.setFaults({ latency_ms: 300 });
    const r = await runInPty(['status', 'signers.results.csv', '--concurrency', '1'], {
      cwd: dir.path,
      // Without the template, status looks every document up (a long loop to interrupt).
      env: emulatorEnv(emu, { ESIGNON_WORKFLOW_LIB_ID: undefined }),
      steps: [{ wait_for: SPINNER_STARTED }, { delay_ms: 700 }, { write: ETX }],
    });
    interruptedPromptly(r);
    // Some documents were looked up, not all of them.
    expect(emu.state().requests.by_code.workflows ?? 0).toBeGreaterThan(0);
    const checked = readResults(resultsPath()).rows.filter((row) => (row as Record<string, string>).workflow_status);
    expect(checked.length).toBeLessThan(40);
  });

  it('at the [y/N] question of `send --force --again` on a finished run: exit 130, nothing sent, results and journal untouched', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    const first = await runCli(['send', 'signers.csv', '--yes'], opts());
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(resultsPath());
    const journal = readFileSync(`${resultsPath()}.journal`);
    const mtime = statSync(resultsPath()).mtimeMs;
    const r = await runInPty(['send', 'signers.csv', '--force', '--again'], {
      cwd: dir.path,
      env: emulatorEnv(emu),
      steps: [{ wait_for: '\\[y/N\\]' }, { delay_ms: 100 }, { write: ETX }],
    });
    interruptedPromptly(r);
    expect(emu.state().documents).toHaveLength(5);
    expect(readFileSync(resultsPath())).toEqual(before);
    expect(statSync(resultsPath()).mtimeMs).toBe(mtime);
    expect(readFileSync(`${resultsPath()}.journal`)).toEqual(journal);
  });
});

describe('login at a terminal', () => {
  it('Ctrl-C at the hidden password prompt exits 130 and leaves the terminal as it was', async () => {
    const r = await runInPty(['login'], {
      cwd: dir.path,
      env: { ...emulatorEnv(emu), ESIGNON_TOKEN: undefined, ESIGNON_CLIENT_ID: 'sandbox-client' },
      steps: [{ wait_for: 'assword' }, { write: 'secr' }, { delay_ms: 100 }, { write: ETX }],
    });
    interruptedPromptly(r);
    expect(plainText(r.output)).not.toContain('secr');
    expect(emu.state().requests.by_code['1001Q'] ?? 0).toBe(0);
  });

  it('the typed password is not echoed, and Enter logs in', async () => {
    const r = await runInPty(['login', '--print'], {
      cwd: dir.path,
      env: { ...emulatorEnv(emu), ESIGNON_TOKEN: undefined, ESIGNON_CLIENT_ID: 'sandbox-client' },
      steps: [{ wait_for: 'assword' }, { write: 'sandbox-password\r' }],
    });
    expect(r.exit_code, plainText(r.output)).toBe(0);
    expect(plainText(r.output)).not.toContain('sandbox-password');
    expect(r.termios_after).toMatchObject({ echo: true, icanon: true, isig: true });
  });
});

describe('the terminal goes away (SIGHUP: an SSH session dropped)', () => {
  it('a `send --yes` finishes its batches in flight and writes its results; --resume then sends the rest exactly once', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 60);
    emu.setFaults({ latency_ms: 200 });
    const r = await runInPty(['send', 'signers.csv', '--yes', '--batch-size', '5', '--concurrency', '2'], {
      cwd: dir.path,
      env: emulatorEnv(emu),
      steps: [{ wait_for: SPINNER_STARTED }, { wait_for: 'batch [2-9]/12' }, { hangup: true }],
    });
    // Not killed by the signal, nor aborted by writing to (or restoring) a terminal that is gone.
    expect(r.signal, plainText(r.output)).toBeNull();
    expect(r.exit_code).toBe(130);
    const rows = readResults(resultsPath()).rows;
    expect(rows).toHaveLength(60);
    const counts = countBy(rows, (row) => row.status);
    expect(counts.unknown).toBeUndefined(); // the batches in flight were waited for and recorded
    expect(counts.not_sent ?? 0).toBeGreaterThan(0);
    const state = emu.state();
    expect(counts.sent).toBe(state.documents.length);
    for (const row of rows.filter((x) => x.status === 'sent')) {
      expect(state.documents.find((d) => d.contact === row.contact)?.workflow_id).toBe(row.workflow_id);
    }

    emu.setFaults({ latency_ms: 0 });
    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(countBy(readResults(resultsPath()).rows, (row) => row.status)).toEqual({ sent: 60 });
    expect(emu.state().documents).toHaveLength(60);
    for (const count of Object.values(emu.state().per_contact)) expect(count).toBe(1);
  });

  it('`status` writes what it looked up before the hangup', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 30);
    expect((await runCli(['send', 'signers.csv', '--yes'], opts())).code).toBe(0);
    emu.setFaults({ latency_ms: 200 });
    const r = await runInPty(['status', 'signers.results.csv', '--concurrency', '1'], {
      cwd: dir.path,
      // Without the template, status looks every document up (a long loop to interrupt).
      env: emulatorEnv(emu, { ESIGNON_WORKFLOW_LIB_ID: undefined }),
      steps: [{ wait_for: SPINNER_STARTED }, { delay_ms: 700 }, { hangup: true }],
    });
    expect(r.signal, plainText(r.output)).toBeNull();
    expect(r.exit_code).toBe(130);
    const looked = emu.state().requests.by_code.workflows ?? 0;
    expect(looked).toBeGreaterThan(0);
    const checked = readResults(resultsPath()).rows.filter((row) => (row as Record<string, string>).workflow_status);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThan(30);
    expect(checked.length).toBeGreaterThanOrEqual(looked - 1);
  });
});
