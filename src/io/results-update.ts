/**
 * Reading a results file back (for `status`, `remind`, `cancel`) and writing it again
 * with the follow-up columns added or refreshed. Every column already in the file is
 * kept as it is, in its place; new columns go at the end. The file is rewritten
 * atomically (temporary file, fsync, rename), so a crash leaves the old or the new
 * one, never half of one.
 */
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { openCsv, type CsvFile } from './csv-reader.js';
import { csvLine, isWorkbookPath } from './results-writer.js';
import { resultsColumnName, writeResultsTable } from './xlsx-results.js';
import { writeFileAtomic } from './atomic-file.js';

/** Added by `status` (and by `remind`/`cancel` when they look a document up). */
export const STATUS_COLUMNS = ['workflow_status', 'current_step', 'steps_done', 'steps_total', 'last_event', 'last_event_at', 'checked_at', 'check_error'] as const;
export const REMIND_COLUMNS = ['reminded_at', 'remind_result'] as const;
export const CANCEL_COLUMNS = ['canceled_at', 'cancel_result'] as const;

/** What `workflow_status` says when the lookup failed (the reason is in `check_error`). */
export const LOOKUP_FAILED = 'lookup_failed';

/** Columns a follow-up cannot do without. */
const REQUIRED = ['row', 'status', 'workflow_id'] as const;

export type Update = Record<string, string>;

export interface ResultsFile {
  path: string;
  label: string;
  csv: CsvFile;
  header: readonly string[];
  /** lowercased header name → cell index */
  index: ReadonlyMap<string, number>;
}

export interface ResultsRecord {
  /** 1-based data record number */
  ordinal: number;
  line: number;
  cells: string[];
}

export async function openResults(path: string, label: string): Promise<ResultsFile> {
  // A results workbook reads like the CSV: dates as ISO UTC, headers without their ` (UTC)`.
  const csv = await openCsv(path, { label, workbookDates: 'iso' });
  const header = csv.header.map(resultsColumnName);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) throw new UsageError(t('account.not_results', { file: label, columns: missing.join(', ') }));
  return { path, label, csv, header, index };
}

/** A cell's value as written by send, without the `'` that neutralised a formula-like start. */
export function plain(cell: string | undefined): string {
  if (cell === undefined) return '';
  const v = cell.startsWith("'") && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
  return v.trim();
}

export async function* readRecords(file: ResultsFile): AsyncGenerator<ResultsRecord> {
  let ordinal = 0;
  for await (const chunk of file.csv.chunks()) {
    for (const r of chunk) {
      ordinal++;
      yield { ordinal, line: r.line, cells: [...r.cells] };
    }
  }
}

/**
 * Writes the file to `outPath` with `added` columns (those not already there)
 * appended and each sent row's cells replaced by its document's update.
 * `visit` sees every row as written (column name → plain value).
 */
export async function rewriteResults(
  file: ResultsFile,
  outPath: string,
  added: readonly string[],
  updates: ReadonlyMap<string, Update>,
  /** `byRow`: updates by the `row` column (rows without a document: `reconcile`) */
  options: { bom: boolean; byRow?: ReadonlyMap<string, Update> | undefined },
  visit?: (get: (column: string) => string) => void,
): Promise<void> {
  const header = [...file.header];
  const index = new Map(file.index);
  for (const column of added) {
    if (!index.has(column)) {
      index.set(column, header.length);
      header.push(column);
    }
  }
  const widIndex = index.get('workflow_id')!;
  const rowIndex = index.get('row')!;
  const apply = (cells: string[], update: Update | undefined): void => {
    for (const [column, value] of Object.entries(update ?? {})) {
      const i = index.get(column);
      if (i !== undefined) cells[i] = value;
    }
  };
  const updated = (record: ResultsRecord): string[] => {
    const cells = record.cells.length >= header.length ? record.cells : [...record.cells, ...new Array<string>(header.length - record.cells.length).fill('')];
    if (options.byRow) apply(cells, options.byRow.get(plain(cells[rowIndex])));
    if (plain(cells[widIndex]) !== '') apply(cells, updates.get(plain(cells[widIndex])));
    if (visit) {
      visit((column) => {
        const i = index.get(column);
        return i === undefined ? '' : plain(cells[i]);
      });
    }
    return cells;
  };
  if (isWorkbookPath(outPath)) {
    // In a workbook a text cell is never a formula: the CSV's protective `'` goes.
    await writeResultsTable(outPath, header, chunked(readRecords(file), (record) => updated(record).map(unguarded)));
    return;
  }
  await writeFileAtomic(outPath, async (write) => {
    await write((options.bom ? '\uFEFF' : '') + csvLine(header));
    for await (const record of readRecords(file)) await write(csvLine(updated(record)));
  });
}

/** A cell without the `'` that neutralised a formula-like start in the CSV (not trimmed, unlike plain). */
function unguarded(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

async function* chunked<T, U>(items: AsyncIterable<T>, map: (item: T) => U, size = 500): AsyncGenerator<U[]> {
  let out: U[] = [];
  for await (const item of items) {
    out.push(map(item));
    if (out.length >= size) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
