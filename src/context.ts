/** What every command gets from the entry point: the process's streams and environment, injectable for tests. */
import { readFileSync } from 'node:fs';
import type { ExitCode } from './errors.js';
import type { Streams } from './ui/reporter.js';

export interface CommandContext extends Streams {
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The command line as typed, for "run this to resume" hints. */
  argv: readonly string[];
  /**
   * Ends the process at once. Only a second interrupt signal calls it (jobs/run-control.ts):
   * whoever sent it wants the process gone without waiting for the requests in flight,
   * so there is no result to return to main.ts. Everything else returns an exit code
   * or throws, and main.ts sets it.
   */
  exitNow(code: ExitCode): never;
}

let version: string | undefined;

export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
