/**
 * The record of past sends, in the user's state folder: `$XDG_STATE_HOME/esignon-bulk/runs/`,
 * else `~/.local/state/esignon-bulk/runs/` (folders 0700, files 0600). It lets `send`
 * refuse to send the same input to the same template and account a second time —
 * through another `--out`, a renamed copy, or after the results and journal were
 * deleted — and `runs` list what was sent.
 *
 * One small JSON file a run, named by its journal (path and creation time), written
 * atomically (a temporary file renamed into place): two processes never write the
 * same file, and a reader sees a whole record or none. A record holds where the input
 * and results are, the input's SHA-256, the template, the account (API URL, company,
 * sender) and counts; never a contact, a password or the token.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RowStatus } from '../core/outcome.js';
import { writeFileAtomic } from './atomic-file.js';
import { processGone, type ProcessMark } from './lock.js';

export const RUN_RECORD_VERSION = 1;

export interface RunRecord {
  v: typeof RUN_RECORD_VERSION;
  id: string;
  /** the input as the user named it (`-` read from standard input) */
  input: string;
  /** the input's absolute path, when it was a file */
  input_path?: string | undefined;
  /** SHA-256 of the input's bytes: a renamed copy has the same */
  input_sha256: string;
  rows: number;
  workflow_lib_id: string;
  api_url: string;
  comp_id: string;
  memb_email: string;
  results: string;
  journal: string;
  started_at: string;
  updated_at: string;
  /** when the run last ended and wrote its results; absent while it runs (or after it was killed) */
  ended_at?: string | undefined;
  exit_code?: number | undefined;
  /** the results file's counts when the run last ended */
  counts?: Record<RowStatus, number> | undefined;
  tool_version: string;
  /**
   * Set from the start of a fresh run until its journal exists, naming its process: a
   * run killed in between made nothing (no batch leaves before the journal's first
   * line is on disk), which a record without `ended_at` could not otherwise tell.
   */
  starting?: ProcessMark | undefined;
}

/** `$XDG_STATE_HOME/esignon-bulk/`, else `~/.local/state/esignon-bulk/`. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.trim() !== '' ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'esignon-bulk');
}

/** Makes `dir` and the state folder it is in (when missing), both private (0700) whatever the umask or an older folder's mode. */
export function ensurePrivateDir(env: NodeJS.ProcessEnv, dir = stateDir(env)): void {
  for (const d of new Set([stateDir(env), dir])) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chmodSync(d, 0o700);
  }
}

export function runsDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'runs');
}

/** A run's id: its journal's path and creation time, so that every resume of it finds the same record. */
export function runId(journalPath: string, createdAt: string): string {
  return createHash('sha256').update(`${journalPath}\n${createdAt}`).digest('hex').slice(0, 24);
}

/** Every record, oldest first; files that are not records are counted, not fatal; records of runs that made nothing before they were killed are removed. */
export async function listRuns(env: NodeJS.ProcessEnv): Promise<{ records: RunRecord[]; unreadable: number }> {
  const dir = runsDir(env);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: 0 };
    throw err;
  }
  const records: RunRecord[] = [];
  let unreadable = 0;
  for (const name of names) {
    try {
      const record = JSON.parse(await readFile(join(dir, name), 'utf8')) as RunRecord;
      if (record.v !== RUN_RECORD_VERSION || typeof record.input_sha256 !== 'string' || typeof record.started_at !== 'string') unreadable++;
      // A run killed before its journal existed made nothing: its record goes, as the files such a run leaves do.
      else if (record.ended_at === undefined && record.starting !== undefined && processGone(record.starting)) await unlink(join(dir, name));
      else records.push(record);
    } catch (err) {
      // A record removed meanwhile is simply gone.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable++;
    }
  }
  records.sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id));
  return { records, unreadable };
}

export async function readRun(env: NodeJS.ProcessEnv, id: string): Promise<RunRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(join(runsDir(env), `${id}.json`), 'utf8')) as RunRecord;
    return record.v === RUN_RECORD_VERSION ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the record in place of its earlier version, atomically. */
export async function saveRun(env: NodeJS.ProcessEnv, record: RunRecord): Promise<void> {
  const dir = runsDir(env);
  ensurePrivateDir(env, dir);
  await writeFileAtomic(join(dir, `${record.id}.json`), async (write) => write(JSON.stringify(record, null, 2) + '\n'), 0o600);
}

export async function removeRun(env: NodeJS.ProcessEnv, id: string): Promise<void> {
  await unlink(join(runsDir(env), `${id}.json`)).catch(() => undefined);
}
