/** What every command gets from the entry point: the process's streams and environment, injectable for tests. */
import { readFileSync } from 'node:fs';
import type { OutputOptions, Streams } from '../ui/reporter.js';

export interface CommandContext extends Streams {
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The command line as typed, for "run this to resume" hints. */
  argv: readonly string[];
}

export type { OutputOptions };

let version: string | undefined;

export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
