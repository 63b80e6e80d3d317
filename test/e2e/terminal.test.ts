/**
 * The questions a user answers at a terminal, through the built CLI in a real
 * pseudo-terminal (util-linux `script`): send's y/N question (yes, no, Ctrl-C) and
 * login's hidden password prompt. The rest of the suite runs without a terminal, and
 * readline and raw mode are what changes between Node versions, so CI runs these on
 * every Node it supports.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { baseEnv, BIN, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { readResults, writeSigners } from '../helpers/signers.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') === true;

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
  dir = tempDir('esb-terminal-');
});
afterEach(() => dir.remove());

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
const bulkRequests = (): number => emu.state().requests.by_code['1410Q'] ?? 0;

/**
 * Runs the CLI with a terminal as its stdin, stdout and stderr; when the terminal
 * shows `prompt`, types `keys` (after a human pause: the prompt is on screen first).
 * Returns everything the terminal showed, echo included.
 */
function atTerminal(args: string[], prompt: string, keys: string, env: Record<string, string | undefined> = {}): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: dir.path,
    env: baseEnv({ TERM: 'xterm', SHELL: '/bin/sh', ...emulatorEnv(emu, { ESIGNON_CLIENT_ID: SANDBOX.client_id, XDG_CONFIG_HOME: join(dir.path, 'config'), ...env }) }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit in 30 s; the terminal showed:\n${screen}`));
    }, 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      screen += d;
      if (!typed && screen.includes(prompt)) {
        typed = true;
        setTimeout(() => child.stdin.write(keys), 300);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)('at a terminal (util-linux script)', () => {
  const send = (keys: string) => atTerminal(['send', 'signers.csv', '--no-preflight'], '[y/N]', keys);

  it('send asks before sending: "y" sends every row', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const r = await send('y\r');
    expect(r.code, r.screen).toBe(0);
    expect(bulkRequests()).toBe(1);
    expect(readResults(join(dir.path, 'signers.results.csv')).rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('send: any other answer sends nothing (exit 0)', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const r = await send('n\r');
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/not sent: cancelled at the prompt/);
    expect(bulkRequests()).toBe(0);
  });

  it('send: Ctrl-C at the question sends nothing (exit 130)', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const r = await send('\u0003');
    expect(r.code, r.screen).toBe(130);
    expect(bulkRequests()).toBe(0);
  });

  it('login reads the password without echoing it, backspace included, and stores the token', async () => {
    const r = await atTerminal(['login'], 'eSignon password:', `${SANDBOX.password}X\u007f\r`, { ESIGNON_TOKEN: undefined });
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/logged in as sender@sandbox\.esignon\.test/);
    expect(r.screen).not.toContain(SANDBOX.password);
    const credentials = join(dir.path, 'config', 'esignon-bulk', 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(credentials, 'utf8')) as { token: string };
    expect(emu.account.tokens).toContain(stored.token); // the login the emulator answered
  });

  it('login: Ctrl-C at the password prompt stores nothing (exit 130)', async () => {
    const r = await atTerminal(['login'], 'eSignon password:', 'abc\u0003', { ESIGNON_TOKEN: undefined });
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toMatch(/login interrupted/);
    expect(existsSync(join(dir.path, 'config', 'esignon-bulk', 'credentials.json'))).toBe(false);
  });
});
