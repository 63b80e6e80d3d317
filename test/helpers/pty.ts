/**
 * The built command line at a real terminal: pty_run.py gives it a pseudo-terminal
 * of a given size (so the spinner, raw mode and the terminal's own Ctrl-C → SIGINT
 * are in play) and types bytes at it after some output appeared or a delay.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, baseEnv, stateHome } from './cli.js';

const HELPER = join(ROOT, 'test', 'helpers', 'pty_run.py');

type PtyStep = { wait_for: string } | { delay_ms: number } | { write: string } | { hangup: true };

export interface PtyOptions {
  cwd: string;
  /** Added to the test environment; CI is unset (the spinner is off under CI), NO_COLOR stays. */
  env?: Record<string, string | undefined>;
  steps?: PtyStep[];
  rows?: number;
  cols?: number;
  timeoutMs?: number;
}

export interface PtyResult {
  exit_code: number | null;
  signal: number | null;
  timed_out: boolean;
  /** Everything written to the terminal (stdout and stderr together), escape codes included. */
  output: string;
  /** When each step completed, ms since the start. */
  step_ms: number[];
  exit_ms: number;
  /** The terminal's flags once the command had exited. */
  termios_after: { echo: boolean; icanon: boolean; isig: boolean } | null;
  /** A step that never completed (its pattern never appeared), or null. */
  error: string | null;
}

export function runInPty(args: readonly string[], options: PtyOptions): Promise<PtyResult> {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    cwd: options.cwd,
    rows: options.rows ?? 30,
    cols: options.cols ?? 120,
    steps: options.steps ?? [],
    timeout_ms: options.timeoutMs ?? 30_000,
  };
  const env = baseEnv({ CI: undefined, TERM: 'xterm-256color', XDG_STATE_HOME: stateHome(options.cwd), ...options.env });
  return new Promise((resolve, reject) => {
    execFile('python3', [HELPER, JSON.stringify(spec)], { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pty_run.py failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as PtyResult);
    });
  });
}

/** The output with escape sequences and carriage-return redraws reduced to text. */
export function plainText(output: string): string {
  // eslint-disable-next-line no-control-regex
  return output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
