/**
 * A send's plan, before anything leaves: the journal that ties the results file to its
 * input and settings (a new one, or the one to resume, under the resume policy) and
 * the rows this run sends.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, renameSync } from 'node:fs';
import type { Settings } from '../../config/settings.js';
import { RowClass, type RowClasses } from '../../core/rows.js';
import { UsageError } from '../../errors.js';
import { JournalWriter, readJournal, RowState, RowTable, type JournalHeader } from '../../io/journal.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';

/** The journal header but its creation time: what the journal to resume must match. */
export type RunFingerprint = Omit<JournalHeader, 'created_at'>;

/** `--resume` and `--force`, as they decide what to do with an existing journal and results file. */
export interface ResumePolicy {
  resume: boolean;
  force: boolean;
}

/** Which rows are sent again: `--allow-duplicates`, `--retry-failed`, `--retry-unknown`. */
export interface RetryPolicy {
  allowDuplicates: boolean;
  retryFailed: boolean;
  retryUnknown: boolean;
}

export function defaultResultsPath(input: string): string {
  return input.replace(/\.(csv|txt|tsv)$/i, '') + '.results.csv';
}

/** The settings that shape the requests: a resumed run must not send with others. */
export function settingsFingerprint(s: Settings): string {
  const shape = {
    comp_id: s.comp_id,
    memb_email: s.memb_email,
    client_id: s.client_id,
    workflow_lib_id: s.workflow_lib_id,
    mapping: s.mapping,
    comment: s.comment,
    api_version: s.api_version,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The resume policy. `--resume` continues the journal, refusing one written for
 * another input or other settings unless `--force`. Without `--resume`, an existing
 * results file or journal is refused unless `--force`, which starts afresh and keeps
 * the old journal aside.
 */
export async function openJournal(
  resultsPath: string,
  journalPath: string,
  fingerprint: RunFingerprint,
  policy: ResumePolicy,
  ui: Pick<Reporter, 'warn'>,
): Promise<{ journal: JournalWriter; table: RowTable }> {
  const haveJournal = existsSync(journalPath);
  const haveResults = existsSync(resultsPath);

  if (policy.resume && haveJournal) {
    const replay = readJournal(journalPath);
    if (replay.tornTail) ui.warn(t('journal.torn_tail', { path: journalPath }));
    const mismatch: string[] = [];
    if (replay.header.input_sha256 !== fingerprint.input_sha256 || replay.header.rows !== fingerprint.rows) mismatch.push(t('send.resume_input_changed'));
    if (replay.header.settings_sha256 !== fingerprint.settings_sha256) mismatch.push(t('send.resume_settings_changed'));
    if (mismatch.length > 0 && !policy.force) throw new UsageError(t('send.resume_mismatch', { path: journalPath }), mismatch);
    if (mismatch.length > 0) ui.warn(t('send.resume_forced'));
    const journal = await JournalWriter.reopen(journalPath, replay.validLength);
    await journal.append({ t: 'resume', at: now(), pid: process.pid });
    return { journal, table: replay.table.rows === fingerprint.rows ? replay.table : resizeTable(replay.table, fingerprint.rows) };
  }
  if (policy.resume && haveResults && !policy.force) {
    throw new UsageError(t('send.resume_no_journal', { results: resultsPath, journal: journalPath }));
  }
  if (!policy.resume && (haveJournal || haveResults)) {
    if (!policy.force) throw new UsageError(t('send.results_exist', { path: haveResults ? resultsPath : journalPath }));
    if (haveJournal) {
      const kept = `${journalPath}.${Date.now()}.old`;
      renameSync(journalPath, kept);
      ui.warn(t('send.old_journal_kept', { path: kept }));
    }
  }
  const journal = await JournalWriter.create(journalPath, { ...fingerprint, created_at: now() });
  return { journal, table: new RowTable(fingerprint.rows) };
}

/** With --force after the input changed: keep what the journal says for rows that still exist. */
function resizeTable(old: RowTable, rows: number): RowTable {
  const table = new RowTable(rows);
  table.batches.push(...old.batches);
  table.maxBatch = old.maxBatch;
  const n = Math.min(rows, old.rows);
  table.state.set(old.state.subarray(0, n + 1));
  table.ref.set(old.ref.subarray(0, n + 1));
  return table;
}

/** Whether this run sends `row`: its class from the first pass, its state in the journal, the retry flags. */
export function isEligible(row: number, classes: RowClasses, table: RowTable, policy: RetryPolicy): boolean {
  const cls = classes.get(row);
  if (cls === RowClass.Invalid || (cls === RowClass.Duplicate && !policy.allowDuplicates)) return false;
  switch (table.state[row] as RowState) {
    case RowState.None:
    case RowState.NotSent:
      return true;
    case RowState.Failed:
      return policy.retryFailed;
    case RowState.Unknown:
      return policy.retryUnknown;
    case RowState.Sent:
    case RowState.Skipped:
      return false;
  }
}

/** How many of rows 1…`rows` this run sends: the eligible ones, up to `limit`. */
export function countToSend(rows: number, eligible: (row: number) => boolean, limit?: number): number {
  let toSend = 0;
  for (let row = 1; row <= rows; row++) if (eligible(row)) toSend++;
  return limit === undefined ? toSend : Math.min(toSend, limit);
}
