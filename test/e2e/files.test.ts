/**
 * Hostile and unsuitable files, through the built CLI (the contract's "Hostile files
 * stay harmless"): a FIFO or a damaged file given as input, `--out` naming the input,
 * control characters bound for the results, an output folder that cannot be written,
 * and what a killed process leaves behind — copies of the input that hold passwords,
 * half-written results — removed by the next run, never another live run's files.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { startTime } from '../../src/io/processes.js';
import { finished, runCli, spawnCli, tempDir, until, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { countBy, readResults, signersCsv, writeSigners } from '../helpers/signers.js';
import { unzip } from '../helpers/xlsx.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };
let tmp: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
  tmp = tempDir('esb-tmpdir-');
});

afterEach(async () => {
  await emu.close();
  dir.remove();
  tmp.remove();
});

const opts = (extra: Record<string, string | undefined> = {}): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, { TMPDIR: tmp.path, ...extra }) });
const send = (...args: string[]) => runCli(['send', 'signers.csv', '--yes', ...args], opts());
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/at .*\.js:\d+|This is a bug/);

describe('input files that are not what they seem', () => {
  it('a FIFO with no writer is refused at once (send and validate), not waited on', async () => {
    execFileSync('mkfifo', [join(dir.path, 'signers.csv')]);
    for (const command of ['send', 'validate']) {
      const started = Date.now();
      const r = await runCli([command, 'signers.csv', ...(command === 'send' ? ['--yes'] : [])], { ...opts(), timeoutMs: 10_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/not a regular file/);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect(bulkRequests(emu)).toBe(0);
  });

  it('a NUL byte past the first 64 KB is refused with its line (send and validate); nothing is sent', async () => {
    const text = signersCsv(3000);
    const at = text.indexOf('signer2500@');
    writeFileSync(join(dir.path, 'signers.csv'), Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0]), Buffer.from(text.slice(at))]));
    expect(at).toBeGreaterThan(64 * 1024);
    for (const command of ['send', 'validate']) {
      const r = await runCli([command, 'signers.csv', ...(command === 'send' ? ['--yes'] : [])], opts());
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/Line 2501 of signers.csv holds a NUL byte/);
      noStackTrace(r.stderr);
    }
    expect(bulkRequests(emu)).toBe(0);
    expect(existsSync(join(dir.path, 'signers.results.csv.journal'))).toBe(false);
  });
});

describe('what reaches the results file', () => {
  const hostile = ['name,email,language,field:amount', '"Kim\x1b[31mRED\u202eevil",a1@example.com,ko,1', 'Lee,a2@example.com,ko,2', 'Park,"bad\x1b]0;title\x07",ko,3'].join('\n') + '\n';

  it.each(['signers.results.csv', 'signers.results.xlsx'])('terminal escapes and bidi overrides are removed from every cell of %s', async (out) => {
    writeFileSync(join(dir.path, 'signers.csv'), hostile);
    const r = await send('--skip-invalid', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = out.endsWith('.xlsx') ? unzip(readFileSync(join(dir.path, out))).get('xl/worksheets/sheet1.xml')!.toString('utf8') : readFileSync(join(dir.path, out), 'utf8');
    expect(text).not.toMatch(/[\x1b\x07\u202e]/);
    expect(text).toContain('Kim[31mREDevil');
    expect(text).toContain('bad]0;title');
    // What was sent is the signer's name as written: only the results file is made harmless.
    expect(emu.state().documents.map((d) => d.contact)).toEqual(['a1@example.com', 'a2@example.com']);
  });
});

describe('--out can never replace the input', () => {
  it.each([
    { name: 'the same name, with --force', out: 'signers.csv', force: true },
    { name: './ in front', out: './signers.csv', force: false },
    { name: 'a symbolic link to it', out: 'link.csv', force: true },
    { name: 'a hard link to it', out: 'hard.csv', force: true },
    { name: 'the absolute path', out: 'ABS', force: true },
  ])('$name: exit 2, nothing sent, the input unchanged', async ({ out, force }) => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    symlinkSync(join(dir.path, 'signers.csv'), join(dir.path, 'link.csv'));
    linkSync(join(dir.path, 'signers.csv'), join(dir.path, 'hard.csv'));
    const before = readFileSync(join(dir.path, 'signers.csv'));
    const r = await send('--out', out === 'ABS' ? join(dir.path, 'signers.csv') : out, ...(force ? ['--force'] : []));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/is the input signers.csv itself/);
    expect(readFileSync(join(dir.path, 'signers.csv'))).toEqual(before);
    expect(bulkRequests(emu)).toBe(0);
  });
});

describe('nothing to send', () => {
  it('--skip-invalid with every row invalid: exit 3, nothing sent, nothing left behind', async () => {
    writeFileSync(join(dir.path, 'signers.csv'), 'name,email,language,field:amount\nKim,not-an-email,ko,1\nLee,,ko,2\n');
    const r = await send('--skip-invalid');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/none of the rows can be sent/);
    expect(bulkRequests(emu)).toBe(0);
    expect(readdirSync(dir.path)).toEqual(['signers.csv']);
  });
});

describe('an output folder that cannot be written', () => {
  it('missing: a clear error, exit 2, nothing sent', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    const r = await send('--out', 'no/such/folder/results.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/check that its folder exists and is writable\. Nothing was sent/);
    noStackTrace(r.stderr);
    expect(bulkRequests(emu)).toBe(0);
  });

  it('read-only: a clear error, exit 2, nothing sent', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    mkdirSync(join(dir.path, 'ro'));
    chmodSync(join(dir.path, 'ro'), 0o555);
    chmodSync(dir.path, 0o755);
    chmodSync(join(dir.path, 'signers.csv'), 0o644);
    chmodSync(tmp.path, 0o777);
    // root writes anywhere: then the CLI runs as nobody.
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
    const r = await runCli(['send', 'signers.csv', '--yes', '--out', 'ro/results.csv'], { ...opts({ HOME: tmp.path }), wrapper: asNobody });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/EACCES.*Nothing was sent/);
    noStackTrace(r.stderr);
    expect(bulkRequests(emu)).toBe(0);
  });
});

describe('what a killed process leaves behind', () => {
  const tmpEntries = () => readdirSync(tmp.path);

  it('the private copy of standard input (it holds passwords) is 0600 in a 0700 folder; after kill -9 the next run removes it', async () => {
    emu.setFaults({ latency_ms: 300 });
    const child = spawnCli(['send', '-', '--yes', '--out', 'stdin.results.csv', '--batch-size', '5', '--concurrency', '1'], opts());
    child.stdin!.end(signersCsv(40).replace(/,ko,/g, ',ko,'));
    const done = finished(child);
    await until(() => bulkRequests(emu) >= 1);
    const [folder] = tmpEntries();
    expect(folder).toMatch(new RegExp(`^esignon-bulk-${child.pid}-\\d+-\\w{6}$`));
    expect(statSync(join(tmp.path, folder!)).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmp.path, folder!, 'stdin')).mode & 0o777).toBe(0o600);
    child.kill('SIGKILL');
    await done;
    expect(tmpEntries()).toEqual([folder]);

    emu.setFaults({ latency_ms: 0 });
    writeSigners(join(dir.path, 'signers.csv'), 3);
    expect((await send()).code).toBe(0);
    expect(tmpEntries()).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGHUP'] as const)('%s before the batches start (during the online check): the copy is removed as the process ends', async (signal) => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    emu.setFaults({ latency_ms: 3000 });
    const child = spawnCli(['send', 'signers.csv', '--yes'], opts());
    const done = finished(child);
    const deadline = Date.now() + 10_000;
    while (tmpEntries().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(tmpEntries()).toHaveLength(1);
    child.kill(signal);
    const r = await done;
    expect(r.signal).toBe(signal);
    expect(tmpEntries()).toEqual([]);
    expect(existsSync(join(dir.path, 'signers.results.csv.lock'))).toBe(false);
    expect(bulkRequests(emu)).toBe(0);
  });

  it("half-written results and lock records of dead processes are removed by the next run; a live process's are not", async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const me = `${process.pid}-${startTime(process.pid) ?? 0}`;
    const dead = ['.signers.results.csv.99999999-1.0123456789ab.tmp', '.signers.results.csv.99999999.tmp'];
    const alive = [`.signers.results.csv.${me}.a1b2c3d4e5f6.tmp`, '.other.csv.99999999-1.0123456789ab.tmp'];
    for (const name of [...dead, ...alive]) writeFileSync(join(dir.path, name), 'row,name\n1,secret\n');
    const record = (pid: number) => JSON.stringify({ tool: 'esignon-bulk', pid, host: execFileSync('hostname').toString().trim(), start: pid === process.pid ? startTime(pid) : 1, nonce: 'x' });
    writeFileSync(join(dir.path, `signers.results.csv.lock.${'a'.repeat(32)}.tmp`), record(99999999));
    writeFileSync(join(dir.path, `signers.results.csv.lock.${'b'.repeat(32)}.tmp`), record(process.pid));

    expect((await send()).code).toBe(0);
    const left = readdirSync(dir.path);
    for (const name of dead) expect(left).not.toContain(name);
    for (const name of alive) expect(left).toContain(name);
    expect(left).not.toContain(`signers.results.csv.lock.${'a'.repeat(32)}.tmp`);
    expect(left).toContain(`signers.results.csv.lock.${'b'.repeat(32)}.tmp`);
    expect(countBy(readResults(join(dir.path, 'signers.results.csv')).rows, (r) => r.status)).toEqual({ sent: 3 });
  });
});
