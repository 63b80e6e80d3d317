/**
 * A send's plan, before anything leaves: the journal that ties the results file to its
 * input and settings (a new one, or the one to resume, under the resume policy) and
 * the rows this run sends.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import type { Settings } from '../../config/settings.js';
import { RowClass, type RowClasses } from '../../core/rows.js';
import { UsageError } from '../../errors.js';
import { journalPathFor } from '../../io/followup-journal.js';
import { JournalWriter, readJournal, readJournalHeader, recordsNothing, RowState, RowTable, type JournalHeader } from '../../io/journal.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { matchByContent, type RematchInput, type RematchSummary } from './rematch.js';
import { previewRescued, restoreRescued, type RescueFile } from './rescue.js';

/** The journal header but its creation time: what the journal to resume must match. */
export type RunFingerprint = Omit<JournalHeader, 'created_at'>;

/** `--resume` and `--force`, as they decide what to do with an existing journal and results file; `--sandbox`, whose results another sandbox run may replace. */
export interface ResumePolicy {
  resume: boolean;
  force: boolean;
  sandbox?: boolean | undefined;
}

/** The journals the follow-ups keep beside a results file while they run (jobs/followup.ts): one per command, and per cancel mode. */
const FOLLOWUP_JOURNALS = ['status', 'remind', 'cancel', 'disposal', 'delete'] as const;

/** Which rows are sent again: `--allow-duplicates`, `--retry-failed`, `--retry-unknown`. */
export interface RetryPolicy {
  allowDuplicates: boolean;
  retryFailed: boolean;
  retryUnknown: boolean;
}

/** Beside the input: `signers.csv` → `signers.results.csv`; a workbook's are a workbook, `signers.xlsx` → `signers.results.xlsx`. */
export function defaultResultsPath(input: string): string {
  if (/\.xlsx$/i.test(input)) return input.replace(/\.xlsx$/i, '') + '.results.xlsx';
  return input.replace(/\.(csv|txt|tsv)$/i, '') + '.results.csv';
}

/** What an earlier run left at the results path. */
interface Existing {
  /** a journal the full disk (or a crash) left without a whole line: it recorded nothing, as if there were none */
  blank: boolean;
  haveJournal: boolean;
  haveResults: boolean;
  /** the results of a sandbox run (its journal says so), which another sandbox run replaces: the quick start, run again */
  replacing: boolean;
}

/**
 * The plan's refusals that need only the file system: a new run over existing results
 * (or journal), a resume without its journal; `--force` passes both. The send makes
 * them before it copies and reads the input; planJournal makes them again under the lock.
 */
export function refuseExistingResults(resultsPath: string, journalPath: string, policy: ResumePolicy): Existing {
  const blank = recordsNothing(journalPath);
  const haveJournal = !blank && existsSync(journalPath);
  const replacing = !policy.resume && !policy.force && policy.sandbox === true && haveJournal && readJournalHeader(journalPath)?.sandbox === true;
  const found = { blank, haveJournal, haveResults: existsSync(resultsPath), replacing };
  if (policy.force || replacing) return found;
  if (policy.resume && !found.haveJournal && found.haveResults) throw new UsageError(t('send.resume_no_journal', { results: resultsPath, journal: journalPath }));
  if (!policy.resume && (found.haveJournal || found.haveResults)) throw new UsageError(t('send.results_exist', { path: found.haveResults ? resultsPath : journalPath }));
  return found;
}

/** The settings that shape the requests: a resumed run must not send with others. */
export function settingsFingerprint(s: Settings): string {
  const shape = {
    comp_id: s.comp_id,
    memb_email: s.memb_email,
    workflow_lib_id: s.workflow_lib_id,
    mapping: s.mapping,
    comment: s.comment,
    legal_agreement: s.legal_agreement,
    api_version: s.api_version,
    // Written into every document: a run does not go on without it, or with another field.
    reference_field: s.reference_field,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the plan found of an earlier run in these results, for `--force`'s question. */
export interface EarlierRun {
  journalPath: string;
  createdAt: string;
  rows: number;
  sent: number;
  unknown: number;
}

/**
 * What a run will do with the journal, decided before anything on disk changes: a
 * declined or refused start leaves the journal and the results as they were.
 *   new      no journal yet: one is written on commit
 *   resume   continue the journal as it is (also with --force when only settings changed)
 *   restart  --force without --resume: the earlier run's journal is set aside on commit
 *   rematch  --resume --force over a changed input: rows matched by content (rematch.ts),
 *            and on commit a journal for the new input takes the old one's place
 */
export interface JournalPlan {
  kind: 'new' | 'resume' | 'restart' | 'rematch';
  /** The rows' states this run starts from: what decides which rows it sends. */
  table: RowTable;
  /** The journal's header: the one resumed, or the one commit writes. */
  header: JournalHeader;
  /** restart: the run set aside */
  earlier?: EarlierRun | undefined;
  /** rematch: what matching by content found */
  rematch?: RematchSummary | undefined;
  /** Writes what the plan decided (once confirmed): the journal to append to, and the table to go on with. */
  commit(): Promise<{ journal: JournalWriter; table: RowTable }>;
}

/**
 * The resume policy. `--resume` continues the journal, refusing one written for
 * another input or other settings unless `--force` (then rows are matched by their
 * content: rematch.ts). Without `--resume`, an existing results file or journal is
 * refused unless `--force`, which starts afresh and keeps the old journal aside.
 * Nothing is written here: the plan's commit does it.
 */
export async function planJournal(
  resultsPath: string,
  journalPath: string,
  fingerprint: RunFingerprint,
  policy: ResumePolicy,
  ui: Pick<Reporter, 'warn'>,
  input?: RematchInput,
  rescued: readonly RescueFile[] = [],
): Promise<JournalPlan> {
  const { blank, haveJournal, replacing } = refuseExistingResults(resultsPath, journalPath, policy);
  const header: JournalHeader = { ...fingerprint, created_at: now() };

  if (policy.resume && haveJournal) {
    const replay = readJournal(journalPath);
    // Answers an earlier run received but could not record (a full disk) count as the journal's own.
    previewRescued(rescued, replay.table);
    if (replay.tornTail) ui.warn(t('journal.torn_tail', { path: journalPath }));
    const inputChanged = replay.header.input_sha256 !== fingerprint.input_sha256 || replay.header.rows !== fingerprint.rows;
    const settingsChanged = replay.header.settings_sha256 !== fingerprint.settings_sha256;
    const mismatch: string[] = [];
    if (inputChanged) mismatch.push(t('send.resume_input_changed'));
    if (settingsChanged) mismatch.push(t('send.resume_settings_changed'));
    if (mismatch.length > 0 && !policy.force) throw new UsageError(t('send.resume_mismatch', { path: journalPath }), mismatch);
    if (inputChanged) {
      // Row numbers of another file say nothing: rows are matched by their content,
      // which only a journal that recorded each row's key can do.
      if (replay.header.v < 2 || !input) throw new UsageError(t('send.rematch_v1', { path: journalPath }), [t('send.rematch_v1_hint')]);
      const keyed = readJournal(journalPath, { keys: true });
      previewRescued(rescued, keyed.table);
      const matched = await matchByContent(journalPath, keyed, fingerprint.rows, input);
      return {
        kind: 'rematch',
        table: matched.table,
        header,
        rematch: matched.summary,
        commit: async () => {
          // The rescued answers go into the journal they belong to (its row numbers), and are carried over from there.
          if (rescued.length > 0) {
            const old = await JournalWriter.reopen(journalPath, keyed.validLength);
            await restoreRescued(rescued, old, keyed.table, ui).finally(() => old.close());
          }
          const temp = `${journalPath}.${process.pid}.new`;
          const journal = await JournalWriter.create(temp, header);
          try {
            const table = await matched.write(journal);
            // The old journal stays whole under its new name, and the new one takes its place in one step.
            keepAside(journalPath, `${journalPath}.${Date.now()}.old`);
            await journal.moveTo(journalPath);
            return { journal, table };
          } catch (err) {
            await journal.close();
            rmSync(temp, { force: true });
            throw err;
          }
        },
      };
    }
    if (settingsChanged) ui.warn(t('send.resume_forced'));
    return {
      kind: 'resume',
      table: replay.table,
      header: replay.header,
      commit: async () => {
        const journal = await JournalWriter.reopen(journalPath, replay.validLength);
        await journal.append({ t: 'resume', at: now(), pid: process.pid });
        await restoreRescued(rescued, journal, replay.table, ui);
        return { journal, table: replay.table };
      },
    };
  }
  // (Without --force, the other cases were refused above.)
  const earlier = !policy.resume && haveJournal && !replacing ? earlierRun(journalPath) : undefined;
  const fresh = async () => {
    if (blank) {
      rmSync(journalPath, { force: true });
      ui.warn(t('safety.blank_journal', { path: journalPath }));
    }
    const started = { journal: await JournalWriter.create(journalPath, header), table: new RowTable(fingerprint.rows) };
    // Rescued answers of a journal set aside or gone match none of this one's batches: their files are kept and named.
    await restoreRescued(rescued, started.journal, started.table, ui);
    return started;
  };
  if (replacing) {
    return {
      kind: 'restart',
      table: new RowTable(fingerprint.rows),
      header,
      commit: async () => {
        ui.warn(t('sandbox.replaced', { path: resultsPath }));
        // Nothing of the earlier sandbox run is kept: its journal, and those of follow-ups it left unfinished.
        for (const kind of FOLLOWUP_JOURNALS) rmSync(journalPathFor(resultsPath, kind), { force: true });
        rmSync(journalPath, { force: true });
        return fresh();
      },
    };
  }
  if (!earlier) return { kind: 'new', table: new RowTable(fingerprint.rows), header, commit: fresh };
  return {
    kind: 'restart',
    table: new RowTable(fingerprint.rows),
    header,
    earlier,
    commit: async () => {
      const kept = `${journalPath}.${Date.now()}.old`;
      renameSync(journalPath, kept);
      ui.warn(t('send.old_journal_kept', { path: kept }));
      return fresh();
    },
  };
}

/** A copy of `path` at `kept` that stays when `path` is replaced: a second name for the file, else a copy. */
function keepAside(path: string, kept: string): void {
  try {
    linkSync(path, kept);
  } catch {
    copyFileSync(path, kept); // a file system without hard links
  }
}

/** What the journal to be set aside says it sent (counts unknown when it cannot be read: the question says so). */
function earlierRun(journalPath: string): EarlierRun {
  try {
    const { header, table } = readJournal(journalPath);
    let sent = 0;
    let unknown = 0;
    for (let row = 1; row <= table.rows; row++) {
      if (table.state[row] === RowState.Sent) sent++;
      else if (table.state[row] === RowState.Unknown) unknown++;
    }
    return { journalPath, createdAt: header.created_at, rows: header.rows, sent, unknown };
  } catch {
    return { journalPath, createdAt: '', rows: -1, sent: -1, unknown: -1 };
  }
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
