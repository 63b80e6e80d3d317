/**
 * Runs the BUILT command line (bin/esignon-bulk.js → dist/) as a user would: a
 * child process with no terminal, NO_COLOR, CI=true and a private config folder.
 * Each working folder gets a state folder of its own (the record of past sends,
 * $XDG_STATE_HOME) beside it in the temporary folder: a test's sends never meet
 * another test's, nor the developer's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'esignon-bulk.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  timeoutMs?: number;
  /** A command to run the CLI under, e.g. ['prlimit', '--fsize=8192']. */
  wrapper?: string[];
}

/** A clean environment: nothing from the developer's shell leaks into a test. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    CI: 'true',
    LANG: 'C',
    TMPDIR: process.env.TMPDIR,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** The state folder ($XDG_STATE_HOME) of the CLI run in `cwd`: one per working folder, removed with a tempDir. */
export function stateHome(cwd: string): string {
  return join(tmpdir(), `esb-state-${createHash('sha256').update(resolve(cwd)).digest('hex').slice(0, 16)}`);
}

export function spawnCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
  const cwd = options.cwd ?? ROOT;
  return spawn(command!, [...prefix, BIN, ...args], {
    cwd,
    env: baseEnv({ XDG_STATE_HOME: stateHome(cwd), ...options.env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a spawned CLI's output until it exits. */
export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  const done = finished(child, options.timeoutMs);
  if (options.input !== undefined) child.stdin!.end(options.input);
  else child.stdin!.end();
  return done;
}

/** A temporary folder removed after the test file (call in beforeEach/it). */
export function tempDir(prefix = 'esb-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      rmSync(stateHome(path), { recursive: true, force: true });
    },
  };
}

/** Resolves when `predicate(output so far)` holds for the child's stderr. */
export function waitForStderr(child: ChildProcess, predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting; stderr so far:\n${text}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer | string) => {
      text += d.toString();
      if (predicate(text)) {
        clearTimeout(timer);
        resolvePromise(text);
      }
    });
  });
}
