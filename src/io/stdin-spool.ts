import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface Spool {
  path: string;
  /** Removes the file and its folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

/**
 * Copies standard input to a private temp file (folder 0700, file 0600: signer
 * lists hold personal data) so the CSV can be read more than once, like a named file.
 */
export async function spoolStdin(input: NodeJS.ReadableStream): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'esignon-bulk-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'stdin.csv');
  try {
    await pipeline(input, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { path, cleanup };
}
