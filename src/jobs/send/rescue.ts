/**
 * Answers the journal could not take. When the journal cannot be written (a full
 * disk, a size limit, permissions) the run stops, but the batches answered meanwhile
 * made documents that exist: their ids must reach the user. They are printed on
 * standard error (row, contact, workflow_id) and saved to a rescue file (0600, in the
 * state folder, else in the temporary folder), which the next `send --resume` on the
 * same results file reads by itself: it writes the answers into the journal, where
 * they belonged, and removes the file.
 *
 * The signer's token (the key of the signer's link, not our API token: the results
 * file holds it) goes to the rescue file, and to standard error only when no rescue
 * file could be written: standard error often ends up in a CI log, and then it is
 * that or losing it.
 *
 * A rescue file is NDJSON, one line per batch: the journal's own "done" record, the
 * results path and the rows' contacts. A batch is matched to the journal by its number
 * and session id (a random UUID), so a rescue never lands in another run's journal.
 */
import { createHash } from 'node:crypto';
import { constants, lstatSync } from 'node:fs';
import { chmod, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RowOutcome } from '../../core/outcome.js';
import { writeAll } from '../../io/atomic-file.js';
import { fromDoneEntry } from '../../io/journal-outcomes.js';
import type { BatchInfo, DoneEntry, JournalWriter, RowTable } from '../../io/journal.js';
import { stateDir } from '../../io/run-records.js';
import { t } from '../../ui/i18n.js';
import { clean, type Reporter } from '../../ui/reporter.js';
import type { UnrecordedBatch } from './dispatch.js';

interface RescueRecord {
  t: 'done';
  results: string;
  b: number;
  sid: string;
  at: string;
  rows: DoneEntry[];
  contacts: string[];
}

/** Where the rescue file of `resultsPath` goes, in the order tried: the state folder, then the temporary folder. */
export function rescuePaths(resultsPath: string, env: NodeJS.ProcessEnv): string[] {
  const name = `${basename(resultsPath)}.${createHash('sha256').update(resultsPath).digest('hex').slice(0, 12)}.rescue.ndjson`;
  return [join(stateDir(env), 'rescued', name), join(tmpdir(), `esignon-bulk-rescued-${process.getuid?.() ?? 'user'}`, name)];
}

/** The unrecorded batches' outcomes by row, for the results file this run still writes. */
export function unrecordedOutcomes(batches: readonly UnrecordedBatch[]): Map<number, RowOutcome> {
  const outcomes = new Map<number, RowOutcome>();
  for (const x of batches) {
    const ref = { b: x.b, sid: x.sid, at: x.at, doneOffset: -1, doneLength: 0 };
    for (const entry of x.rows) outcomes.set(entry[0], fromDoneEntry(entry, ref, x.at));
  }
  return outcomes;
}

/** Saves the batches' answers to a rescue file and prints their ids. Returns the file, or undefined when none could be written. */
export async function rescue(resultsPath: string, batches: readonly UnrecordedBatch[], env: NodeJS.ProcessEnv, ui: Reporter): Promise<string | undefined> {
  const data = batches
    .map((x) => JSON.stringify({ t: 'done', results: resultsPath, b: x.b, sid: x.sid, at: x.at, rows: x.rows, contacts: x.contacts } satisfies RescueRecord) + '\n')
    .join('');
  let saved: string | undefined;
  for (const path of rescuePaths(resultsPath, env)) {
    if (await append(path, data)) {
      saved = path;
      break;
    }
  }
  const sent = batches.flatMap((x) => x.rows.flatMap((e, i) => (e[1] === 's' ? [{ row: e[0], contact: x.contacts[i] ?? '', workflowId: e[2], token: e[3] }] : [])));
  ui.error(t('safety.rescue_heading', { count: sent.length }));
  for (const s of sent) {
    const line = { row: s.row, contact: clean(s.contact), workflow_id: clean(s.workflowId) };
    ui.error(`  ${saved ? t('safety.rescue_row', line) : t('safety.rescue_row_token', { ...line, token: clean(s.token) })}`);
  }
  ui.error(saved ? t('safety.rescue_saved', { path: saved }) : t('safety.rescue_not_saved'));
  return saved;
}

/** Appends to a rescue file, in a folder of this user's only; false when that cannot be done. */
async function append(path: string, data: string): Promise<boolean> {
  const folder = dirname(path);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // In a shared temporary folder someone else may have made it first: only a folder of ours, 0700.
    const stat = lstatSync(folder);
    if (!stat.isDirectory() || (process.getuid !== undefined && stat.uid !== process.getuid())) return false;
    await chmod(folder, 0o700);
    const fh = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    try {
      await fh.chmod(0o600);
      await writeAll(fh, Buffer.from(data, 'utf8'));
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  } catch {
    return false;
  }
}

/** The rescue files of a results file, as read: the plan's view of answers the journal is missing. */
export interface RescueFile {
  path: string;
  records: RescueRecord[];
}

/** The rescue files for this results file, read (nothing is written: a declined start leaves them as they are). */
export async function readRescued(resultsPath: string, env: NodeJS.ProcessEnv): Promise<RescueFile[]> {
  const files: RescueFile[] = [];
  for (const path of rescuePaths(resultsPath, env)) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const records = text.split('\n').flatMap((line) => {
      const record = parse(line);
      return record && record.results === resultsPath ? [record] : [];
    });
    files.push({ path, records });
  }
  return files;
}

/** The batch of `table` a rescued record belongs to, matched by number and session id, when its rows fit the journal. */
function batchOf(record: RescueRecord, table: RowTable): BatchInfo | undefined {
  const batch = table.batches.find((x) => x.b === record.b && x.sid === record.sid);
  const fits = record.rows.every((e) => Array.isArray(e) && Number.isInteger(e[0]) && e[0] >= 1 && e[0] <= table.rows);
  return batch && fits ? batch : undefined;
}

/**
 * The plan (before the question): the rows of rescued batches the journal has in
 * flight take their answers in the table, in memory only, so that what this run sends
 * is counted right. Their outcomes are read from the journal once restoreRescued has
 * written them there.
 */
export function previewRescued(files: readonly RescueFile[], table: RowTable): void {
  for (const record of files.flatMap((f) => f.records)) {
    const batch = batchOf(record, table);
    if (batch && batch.doneOffset < 0) table.applyDone(record.b, record.rows, -1, 0);
  }
}

/**
 * The run confirmed: the answers rescue files hold for this journal's batches go into
 * the journal (and the table), each as the batch's own "done" record, and a rescue
 * file with nothing left is removed. A batch the journal does not know (another
 * run's: the journal was set aside with --force) is left in its file, which is kept
 * and named.
 */
export async function restoreRescued(files: readonly RescueFile[], journal: JournalWriter, table: RowTable, ui: Pick<Reporter, 'warn'>): Promise<void> {
  for (const file of files) {
    let restored = 0;
    let foreign = 0;
    for (const record of file.records) {
      const batch = batchOf(record, table);
      if (!batch) {
        foreign++;
        continue;
      }
      if (batch.doneOffset >= 0) continue; // restored already (the run that did it stopped before removing the file)
      const { offset, length } = await journal.append({ t: 'done', b: record.b, at: record.at, rows: record.rows });
      table.applyDone(record.b, record.rows, offset, length);
      restored += record.rows.length;
    }
    if (restored > 0) ui.warn(t('safety.rescue_restored', { count: restored, path: file.path }));
    if (foreign === 0) await unlink(file.path).catch(() => undefined);
    else ui.warn(t('safety.rescue_foreign', { count: foreign, path: file.path }));
  }
}

/** A rescue line, or undefined for one cut short (the disk was full) or not of this shape. */
function parse(line: string): RescueRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const r = JSON.parse(line) as Partial<RescueRecord>;
    const ok = r.t === 'done' && typeof r.results === 'string' && Number.isInteger(r.b) && typeof r.sid === 'string' && typeof r.at === 'string' && Array.isArray(r.rows);
    return ok ? (r as RescueRecord) : undefined;
  } catch {
    return undefined;
  }
}
