/**
 * A send's third pass: the input read once more and every row written to the results
 * file with its outcome — from the journal when it has one, else invalid, duplicate or
 * not sent (saying why).
 */
import type { CompiledMapping } from '../../core/mapping.js';
import type { RowOutcome, RowStatus } from '../../core/outcome.js';
import { classifyRows, type DuplicateLines, type RecordSource } from '../../core/rows.js';
import { duplicateContactProblem } from '../../core/signer.js';
import { existsSync, renameSync } from 'node:fs';
import type { RowTable } from '../../io/journal.js';
import { OutcomeReader } from '../../io/journal-outcomes.js';
import { KeptColumns } from '../../io/results-keep.js';
import { writeResultsFile, type ResultRow } from '../../io/results-writer.js';
import { t } from '../../ui/i18n.js';
import { formatRowProblem } from '../../ui/problems.js';
import { clean } from '../../ui/reporter.js';
import type { RunResult } from './dispatch.js';

export type Counts = Record<RowStatus, number>;

const emptyCounts = (): Counts => ({ sent: 0, failed: 0, invalid: 0, unknown: 0, not_sent: 0, skipped_duplicate: 0 });

export interface ResultsInput {
  csv: RecordSource;
  mapping: CompiledMapping;
  senderEmail: string | undefined;
  allowDuplicates: boolean;
  /** from the first pass */
  duplicateLines: DuplicateLines;
  table: RowTable;
  journalPath: string;
  resultsPath: string;
  bom: boolean;
  /** the message of rows this run did not send */
  notSent: string;
  /** Keep the columns other commands (and the user) added to the results file this one replaces: a resumed run. */
  keepColumns: boolean;
  warn: (line: string) => void;
  /** outcomes the journal could not take (./rescue.ts), which win over what it says */
  unrecorded?: ReadonlyMap<number, RowOutcome> | undefined;
}

/** Why the rows this run did not send were not sent. */
export function notSentMessage(run: RunResult, limit: number | undefined): string {
  if (run.reason === 'interrupted') return t('send.not_sent_interrupted');
  if (run.reason === 'journal_failed') return t('send.not_sent_journal');
  if (run.stop) return t('send.not_sent_stopped', { reason: `${run.stop.code}: ${run.stop.message}` });
  if (run.limitReached) return t('send.not_sent_limit', { limit: limit ?? 0 });
  return t('send.not_sent');
}

export async function writeResults(r: ResultsInput): Promise<Counts> {
  const counts = emptyCounts();
  const kept = r.keepColumns ? await keptColumns(r) : undefined;
  const reader = new OutcomeReader(r.journalPath, r.table);
  const { mapping } = r;
  async function* rows(): AsyncGenerator<ResultRow[]> {
    // Duplicates as the first pass found them (its classes and first lines), rather than a second ContactSet.
    for await (const chunk of classifyRows(r.csv, { mapping, senderEmail: r.senderEmail, allowDuplicates: true })) {
      await kept?.ready(chunk.length);
      const out: ResultRow[] = [];
      for (const item of chunk) {
        const { record } = item;
        let name: string;
        let contact: string;
        let outcome: RowOutcome | undefined = r.unrecorded?.get(record.row) ?? reader.outcome(record.row);
        if (item.kind === 'invalid') {
          name = clean(record.cells[mapping.index.name] ?? '').trim();
          contact = clean(record.cells[mapping.index.contact] ?? '').trim();
          outcome ??= { status: 'invalid', message: item.problems.map(formatRowProblem).join('; ') };
        } else {
          name = item.signer.name;
          contact = item.signer.contact;
          const firstLine = r.allowDuplicates ? undefined : r.duplicateLines.firstLine(record.row);
          if (firstLine !== undefined) {
            const problem = duplicateContactProblem(record, mapping, contact, firstLine);
            outcome ??= { status: 'skipped_duplicate', message: formatRowProblem(problem) };
          }
        }
        outcome ??= { status: 'not_sent', message: r.notSent };
        if (outcome.status === 'not_sent' && outcome.message === '') outcome = { status: 'not_sent', message: r.notSent };
        counts[outcome.status]++;
        const keptCells = kept?.take(contact, outcome.status === 'sent' ? outcome.workflow_id : '');
        out.push({ row: record.row, line: record.line, name, contact, outcome, kept: keptCells });
      }
      yield out;
    }
  }
  try {
    await writeResultsFile(r.resultsPath, rows(), { bom: r.bom, kept: kept?.names });
  } finally {
    reader.close();
    await kept?.close();
  }
  return counts;
}

/**
 * The columns to keep from the results file about to be replaced. One that cannot be
 * read as a results file is not overwritten but kept aside, and the user told where.
 */
async function keptColumns(r: ResultsInput): Promise<KeptColumns | undefined> {
  if (!existsSync(r.resultsPath)) return undefined;
  try {
    return await KeptColumns.open(r.resultsPath);
  } catch (err) {
    const aside = `${r.resultsPath}.${Date.now()}.old`;
    renameSync(r.resultsPath, aside);
    r.warn(t('send.results_kept_aside', { path: r.resultsPath, aside, reason: (err as Error).message }));
    return undefined;
  }
}
