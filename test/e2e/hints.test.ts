/**
 * What the tool and the README tell a user to type works as printed, in a shell with
 * `esignon-bulk` on the PATH (as the README's install leaves it): the emulator's banner,
 * the emulator's --help example, the README's CI example.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { BIN, ROOT, baseEnv, finished, runCli, spawnCli, stateHome, tempDir, waitForStderr } from '../helpers/cli.js';
import { emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { countBy, readResults } from '../helpers/signers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** A PATH on which `esignon-bulk` is the built command, as after the README's install. */
function pathWithCli(): string {
  const bin = join(dir.path, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'esignon-bulk'));
  return [bin, dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
}

function sh(script: string, cwd: string, env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { cwd, env: baseEnv({ XDG_STATE_HOME: stateHome(cwd), ...env }), timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A folder made by `esignon-bulk init` (placeholders in its config), in `lang`. */
async function initFolder(name: string, lang: string): Promise<string> {
  const r = await runCli(['init', name], { cwd: dir.path, env: { LANG: lang } });
  expect(r.code, r.stderr).toBe(0);
  return join(dir.path, name);
}

describe('the emulator', () => {
  it.each(['C', 'ko_KR.UTF-8'])('banner: its lines pasted into a shell point a send at it (LANG=%s)', async (lang) => {
    const child = spawnCli(['emulator', '--port', '0'], { env: { LANG: lang } });
    const done = finished(child);
    try {
      const banner = await waitForStderr(child, (text) => /Ctrl-C/.test(text));
      const exports = banner.split('\n').filter((line) => /^\s*export ESIGNON_\w+=/.test(line));
      expect(exports.length).toBeGreaterThanOrEqual(6);
      const folder = await initFolder('from-banner', lang);
      // The command the banner suggests, after its lines.
      const suggested = /`(esignon-bulk send [^`]+)`/.exec(banner)?.[1];
      expect(suggested).toBe('esignon-bulk send signers.csv --yes');
      const r = await sh([...exports.map((l) => l.trim()), suggested!].join('\n'), folder, { PATH: pathWithCli(), LANG: lang });
      expect(r.code, r.stderr).toBe(0);
      expect(countBy(readResults(join(folder, 'signers.results.csv')).rows, (row) => row.status)).toEqual({ sent: 5 });
    } finally {
      child.kill('SIGINT');
      await done;
    }
  });

  it.each(['C', 'ko_KR.UTF-8'])('--help example: an emulator, then the send it shows, in an init folder (LANG=%s)', async (lang) => {
    const help = await runCli(['emulator', '--help'], { env: { LANG: lang } });
    expect(help.stdout).not.toContain('…');
    const lines = help.stdout.split('\n');
    const from = lines.findIndex((l) => /^\s*# /.test(l));
    expect(from, help.stdout).toBeGreaterThan(0);
    const example = lines.slice(from + 1).join('\n').trim();
    expect(example).toMatch(/esignon-bulk send signers\.csv --yes$/);

    const child = spawnCli(['emulator', '--port', '0']);
    const done = finished(child);
    try {
      const banner = await waitForStderr(child, (text) => /Ctrl-C/.test(text));
      const url = /export ESIGNON_API_URL=(\S+)/.exec(banner)![1]!;
      const folder = await initFolder('from-help', lang);
      // The example's port is 8787; the test's emulator listens on a free one.
      const r = await sh(example.replace('http://127.0.0.1:8787', url), folder, { PATH: pathWithCli(), LANG: lang });
      expect(r.code, r.stderr).toBe(0);
      expect(countBy(readResults(join(folder, 'signers.results.csv')).rows, (row) => row.status)).toEqual({ sent: 5 });
    } finally {
      child.kill('SIGINT');
      await done;
    }
  });
});

describe("the README's CI example", () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await emulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('validates and sends with the token from a secret file, and resumes when run again', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## From CI or cron\n'));
    const script = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    expect(script).toContain('/run/secrets/esignon-token');
    const secret = join(dir.path, 'esignon-token');
    writeFileSync(secret, `${SANDBOX.token}\n`);
    const folder = await initFolder('ci', 'C');
    // The account comes from the CI's environment; the token from its secret file.
    const env = { ...emulatorEnv(emu, { ESIGNON_TOKEN: undefined }), PATH: pathWithCli() };
    const ran = await sh(script.replaceAll('/run/secrets/esignon-token', secret), folder, env);
    expect(ran.stdout.trim(), ran.stderr).toBe('exit: 0');
    expect(JSON.parse(readFileSync(join(folder, 'send.json'), 'utf8'))).toMatchObject({ exit_code: 0, counts: { sent: 5 } });
    expect(JSON.parse(readFileSync(join(folder, 'validation.json'), 'utf8'))).toMatchObject({ exit_code: 0 });
    const again = await sh(script.replaceAll('/run/secrets/esignon-token', secret), folder, env);
    expect(again.stdout.trim(), again.stderr).toBe('exit: 0');
    expect(emu.state().documents).toHaveLength(5);
    expect(countBy(readResults(join(folder, 'results', 'signers.results.csv')).rows, (row) => row.status)).toEqual({ sent: 5 });
  });
});
