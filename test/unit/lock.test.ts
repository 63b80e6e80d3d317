/**
 * One run per results file, also under races: processes acquiring the same lock in
 * a loop (some leaving it behind as a crash would) are never inside together.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LockedError } from '../../src/io/lock.js';
import { loadMessages } from '../../src/ui/i18n.js';
import { ROOT } from '../helpers/cli.js';

await loadMessages();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const WORKER = join(ROOT, 'test', 'helpers', 'lock-worker.mjs');

function runWorker(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Checks the enter/leave log: strictly alternating, the same process leaving that entered, no time overlap. */
function checkNoOverlap(log: string): number {
  const events = log
    .trim()
    .split('\n')
    .map((line) => {
      const [kind, pid, ns] = line.split(' ');
      return { kind: kind!, pid: pid!, ns: BigInt(ns!) };
    });
  let overlaps = 0;
  let holder: { pid: string; ns: bigint } | undefined;
  let lastLeave = 0n;
  for (const e of events) {
    if (e.kind === 'E') {
      if (holder !== undefined || e.ns < lastLeave) overlaps++;
      holder = { pid: e.pid, ns: e.ns };
    } else {
      if (holder?.pid !== e.pid) overlaps++;
      holder = undefined;
      lastLeave = e.ns;
    }
  }
  return overlaps;
}

async function race(processes: number, count: number, dieEvery: number): Promise<void> {
  const lock = join(dir, 'results.csv.lock');
  const log = join(dir, 'log');
  writeFileSync(log, '');
  const startAt = String(Date.now() + 400);
  const results = await Promise.all(Array.from({ length: processes }, () => runWorker([lock, log, String(count), String(dieEvery), startAt])));
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const text = readFileSync(log, 'utf8');
  expect(text.trim().split('\n')).toHaveLength(processes * count * 2);
  expect(checkNoOverlap(text)).toBe(0);
  // The race was real: the processes did wait for each other.
  const retries = results.reduce((sum, r) => sum + (JSON.parse(r.stdout) as { retries: number }).retries, 0);
  expect(retries).toBeGreaterThan(0);
  // Nothing left behind (staged records, takeover guards) but a lock a "crash" left last.
  const left = readdirSync(dir).filter((name) => name !== 'log');
  expect(left).toEqual(dieEvery > 0 && count % dieEvery === 0 ? ['results.csv.lock'] : []);
}

describe('the lock under a race', () => {
  it('4 processes x 300 acquisitions: never two holders', async () => {
    await race(4, 300, 0);
  });

  it('4 processes x 200 acquisitions, every other one left behind as by a crash: one takeover at a time', async () => {
    await race(4, 200, 2);
  });
});

describe('who holds a lock', () => {
  const path = () => join(dir, 'r.csv.lock');
  const record = (over: Record<string, unknown>) =>
    JSON.stringify({ tool: 'esignon-bulk', pid: process.pid, host: hostname(), start: null, boot: null, pidns: null, nonce: 'ab'.repeat(16), since: '2026-01-02T03:04:05.000Z', ...over }) + '\n';
  const ownStart = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]);
  const linux = existsSync('/proc/self/stat');

  function refused(reason: LockedError['reason']): LockedError {
    const before = readFileSync(path(), 'utf8');
    let error: unknown;
    try {
      acquireLock(path());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LockedError);
    expect((error as LockedError).reason).toBe(reason);
    expect((error as LockedError).exitCode).toBe(2);
    // Never taken over, never changed.
    expect(readFileSync(path(), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['r.csv.lock']);
    return error as LockedError;
  }

  it('writes its record whole, 0600, and removes only its own lock', () => {
    const lock = acquireLock(path());
    const written = JSON.parse(readFileSync(path(), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ tool: 'esignon-bulk', pid: process.pid, host: hostname() });
    expect(written.nonce).toMatch(/^[0-9a-f]{32}$/);
    if (linux) expect(written.start).toBe(ownStart());
    expect(statSync(path()).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['r.csv.lock']);
    // Someone removed it and another run took it: our release leaves theirs alone.
    rmSync(path());
    writeFileSync(path(), record({ nonce: 'cd'.repeat(16) }));
    lock.release();
    expect(existsSync(path())).toBe(true);
  });

  it.runIf(linux)('a live esignon-bulk holds it: refused, naming its PID', () => {
    writeFileSync(path(), record({ start: ownStart() }));
    expect(refused('held').message).toContain(`PID ${process.pid}`);
  });

  it('a lock from another machine is reported, with what to do', () => {
    writeFileSync(path(), record({ host: 'build-server-7', pid: 999999 }));
    const err = refused('other_host');
    expect(err.message).toContain('build-server-7');
    expect(err.message).toContain(`remove ${path()}`);
  });

  it.runIf(linux)('a lock from another container (PID namespace) is reported, not taken over', () => {
    writeFileSync(path(), record({ pidns: 'pid:[1]', pid: 999999 }));
    refused('other_host');
  });

  it('a live process that cannot be confirmed to be ours (an old-style lock) is reported, with what to do', () => {
    // Our parent is alive and certainly not an esignon-bulk run on these results.
    writeFileSync(path(), `${process.ppid}\n`);
    const err = refused('unverified');
    expect(err.message).toContain(`process ${process.ppid}`);
    expect(err.message).toContain(`remove ${path()}`);
  });

  it.runIf(linux)('the PID is alive but started at another time (reused after a restart): taken over', () => {
    writeFileSync(path(), record({ pid: process.ppid, start: 12345 }));
    acquireLock(path()).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(linux)('written before the machine restarted: taken over', () => {
    writeFileSync(path(), record({ boot: '00000000-0000-0000-0000-000000000000', start: ownStart() }));
    acquireLock(path()).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('no such process: taken over', () => {
    writeFileSync(path(), record({ pid: 4194305 }));
    const lock = acquireLock(path());
    expect(JSON.parse(readFileSync(path(), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty lock is being written (waited on), unless it is old (a crash between create and write)', () => {
    writeFileSync(path(), '');
    const started = Date.now();
    refused('busy');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path(), old, old);
    acquireLock(path()).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a guard left by a process killed while taking over does not block for ever', () => {
    writeFileSync(path(), record({ pid: 4194305 }));
    writeFileSync(`${path()}.takeover-${'ab'.repeat(16)}`, record({ pid: 4194306, nonce: 'ef'.repeat(16) }));
    acquireLock(path()).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder that does not exist: a clear error, exit 2', () => {
    expect(() => acquireLock(join(dir, 'missing', 'r.csv.lock'))).toThrow(/cannot create the lock file .*ENOENT.*Nothing was sent/);
  });
});
