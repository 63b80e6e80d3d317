/**
 * Never twice across everything, through the built CLI: a lock nobody can vouch
 * for, servers that answer oddly or never finish, a malformed token, credentials in
 * the API URL. Each story ends with the emulator's (or the test server's) own record
 * of what it received.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { writeSigners } from '../helpers/signers.js';

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

const opts = (extra: Record<string, string | undefined> = {}): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, extra) });

describe('the lock', () => {
  it('naming a live process that may not be esignon-bulk: exit 2, says which file to remove, sends nothing', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    // An old-style lock naming this test process: alive, and not a run on these results.
    writeFileSync(join(dir.path, 'signers.results.csv.lock'), `${process.pid}\n`);
    const r = await runCli(['send', 'signers.csv', '--yes'], opts());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`process ${process.pid}`);
    expect(r.stderr).toContain(`remove ${join(dir.path, 'signers.results.csv.lock')}`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(bulkRequests(emu)).toBe(0);
  });
});
