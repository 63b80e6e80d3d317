/**
 * A newcomer's install, for real: the README's first command in a fresh clone leaves an
 * `esignon-bulk` command that works in any folder, and `npm pack` makes a package that
 * installs and runs without the clone. npm's global prefix is a temporary folder (so
 * nothing outside the test changes); its cache is the usual one, read offline first
 * (`--prefer-offline`: the lock's packages are there after the checkout's own install;
 * CI has the registry for whatever is not).
 *
 * npm's audit and funding notes are off (they ask the registry and check nothing of
 * ours). The two installs run side by side: each mostly waits on npm and the disk.
 *
 * Measured on the 2-core machine: the fresh clone's first command (418 packages from
 * the cache, the build, the demo) about 45 s, the tarball's install about 7 s; the
 * whole file about a minute.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, baseEnv, tempDir } from '../helpers/cli.js';
import { countBy, readResults } from '../helpers/signers.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const INSTALL_MS = 300_000;

/** The README's first command: the first line of the first `sh` block of its Quick start. */
function readmeFirstCommand(): string {
  const section = README.slice(README.indexOf('\n## Quick start\n'));
  const block = /```sh\n([^\n]+)\n/.exec(section);
  if (!block) throw new Error('the README has no Quick start sh block');
  return block[1]!;
}

interface ShResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `command` in sh, in `cwd`, with `env`; never rejects. */
function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = INSTALL_MS): Promise<ShResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * A user's environment with npm's global folder in `prefix`: its bin first on PATH, then
 * node's (and npm's) folder and the system's, so no other esignon-bulk can answer.
 */
function userEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = [join(prefix, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
  return baseEnv({
    PATH: path,
    // Its own state folder: the quick start's sandbox and run records stay out of the real ~/.local/state.
    XDG_STATE_HOME: join(prefix, 'state'),
    NPM_CONFIG_PREFIX: prefix,
    NPM_CONFIG_PREFER_OFFLINE: 'true',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_AUDIT: 'false',
    NPM_CONFIG_FUND: 'false',
    ...extra,
  });
}

let tmp: { path: string; remove(): void };
beforeAll(() => {
  tmp = tempDir('esb-install-');
});
// Removing the clone's 16,000 files takes half a minute of disk time here: done in the
// background, so that the suite does not wait for it.
afterAll(() => {
  spawn('rm', ['-rf', tmp.path], { detached: true, stdio: 'ignore' }).unref();
});

describe.concurrent('the README quick start in a fresh clone', () => {
  it('is one command that installs, puts esignon-bulk on the PATH and sends the demo; the command works in any folder', { timeout: INSTALL_MS + 60_000 }, async () => {
    const command = readmeFirstCommand();
    expect(command).toMatch(/esignon-bulk send .*--sandbox/);
    expect(command).not.toMatch(/\bnpx\b|\bsudo\b/);

    const head = await sh('git rev-parse HEAD', ROOT, baseEnv());
    expect(head.code, head.stderr).toBe(0);
    const clone = join(tmp.path, 'clone');
    const cloned = await sh(`git clone --quiet --no-checkout "${ROOT}" "${clone}" && git -C "${clone}" checkout --quiet --detach ${head.stdout.trim()}`, tmp.path, baseEnv());
    expect(cloned.code, cloned.stderr).toBe(0);

    const prefix = join(tmp.path, 'prefix');
    mkdirSync(prefix);
    const first = await sh(command, clone, userEnv(prefix));
    console.info(`README first command in a fresh clone: ${(first.ms / 1000).toFixed(1)} s`);
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    const demo = readResults(join(clone, 'demo.results.csv')).rows;
    expect(countBy(demo, (r) => r.status)).toEqual({ sent: 5 });

    // Another folder, a new shell: only the global bin on the PATH knows the command.
    const elsewhere = join(tmp.path, 'elsewhere');
    mkdirSync(elsewhere);
    const version = await sh('esignon-bulk --version', elsewhere, userEnv(prefix));
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);

    // The undo the README gives removes the command and leaves the clone.
    const undo = await sh('npm rm -g esignon-bulk', elsewhere, userEnv(prefix));
    expect(undo.code, undo.stderr).toBe(0);
    expect((await sh('esignon-bulk --version', elsewhere, userEnv(prefix))).code).toBe(127);
    expect(existsSync(join(clone, 'dist', 'main.js'))).toBe(true);
  });
});

describe.concurrent('npm pack', () => {
  it('makes a package that installs into a clean prefix and runs: --version, and the hints of init and --help as printed', { timeout: INSTALL_MS }, async () => {
    const packs = join(tmp.path, 'packs');
    mkdirSync(packs);
    // dist/ is built by `npm test` before the tests; prepare would only build it again.
    const packed = await sh(`npm pack --ignore-scripts --pack-destination "${packs}"`, ROOT, baseEnv());
    expect(packed.code, packed.stderr).toBe(0);
    const [tarball] = readdirSync(packs).filter((f) => f.endsWith('.tgz'));
    expect(tarball).toBe(`esignon-bulk-${VERSION}.tgz`);

    const prefix = join(tmp.path, 'pack-prefix');
    mkdirSync(prefix);
    const installed = await sh(`npm install -g "${join(packs, tarball!)}"`, packs, userEnv(prefix));
    console.info(`npm install -g of the packed tarball: ${(installed.ms / 1000).toFixed(1)} s`);
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);
    // Installed, not linked: nothing of the checkout is used.
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'esignon-bulk'))).not.toContain('src');

    const work = join(tmp.path, 'work');
    mkdirSync(work);
    for (const lang of ['C', 'ko_KR.UTF-8']) {
      const env = userEnv(prefix, { LANG: lang });
      const version = await sh('esignon-bulk --version', work, env);
      expect(version.code, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(VERSION);

      // init's "next" hint, run exactly as printed: a sandbox send of the starter CSV.
      const dir = `starter-${lang === 'C' ? 'en' : 'ko'}`;
      const init = await sh(`esignon-bulk init ${dir}`, work, env);
      expect(init.code, init.stderr).toBe(0);
      const hint = /`(cd [^`]+)`/.exec(init.stderr)?.[1];
      expect(hint, init.stderr).toContain('esignon-bulk send signers.csv --sandbox');
      const tried = await sh(hint!, work, env);
      expect(tried.code, tried.stderr).toBe(0);
      expect(countBy(readResults(join(work, dir, 'signers.results.csv')).rows, (r) => r.status)).toEqual({ sent: 5 });

      // The quick start of `esignon-bulk --help`, as printed, in an empty folder.
      const help = await sh('esignon-bulk --help', work, env);
      const quick = help.stdout.split('\n').find((line) => /^ {2}esignon-bulk .*--sandbox/.test(line))?.trim();
      expect(quick, help.stdout).toBeDefined();
      const empty = join(work, `empty-${lang === 'C' ? 'en' : 'ko'}`);
      mkdirSync(empty);
      const quickRun = await sh(quick!, empty, env);
      expect(quickRun.code, `${quick}\n${quickRun.stderr}`).toBe(0);
    }
  });
});
