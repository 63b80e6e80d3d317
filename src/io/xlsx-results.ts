/**
 * The results as an Excel workbook, for `--out FILE.xlsx` (and `status`/`remind`/
 * `cancel` on such a file): the results CSV's columns and rows, typed so that Excel
 * shows them as they are. A CSV opened in Excel loses them: `01023456789` becomes
 * `1023456789`, the result code `00` becomes `0`, a long token becomes `1.23E+19`.
 * Here contacts, codes, ids and tokens are text cells, row numbers are numbers, and
 * times are real dates (UTC, the header says so); the header row stays in view and
 * has a filter, so the status column can be filtered.
 *
 * exceljs's streaming WorkbookWriter writes the sheet as rows come, into a temporary
 * file renamed into place (atomic-file.ts). Its inner streams ignore backpressure
 * (the zip's deflate falls behind, and everything queues in memory: 290 MB for a
 * million rows), so rows wait for the deflate input to drain: memory stays flat.
 *
 * Reading such a file back is the CSV reader's (xlsx-reader.ts, dates as ISO UTC);
 * resultsColumnName turns the header back into the CSV's column names. This module
 * loads exceljs only when it writes, so results-update.ts may import it for that.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { writeFileAtomic } from './atomic-file.js';
import { RESULT_COLUMNS, safeCellText, withKept, type ResultRow } from './results-writer.js';

/** What a header says of a time column: its values are UTC. */
export const UTC_SUFFIX = ' (UTC)';

/** A results workbook's header name as the CSV's column name: `sent_at (UTC)` → `sent_at`. */
export function resultsColumnName(header: string): string {
  return header.endsWith(UTC_SUFFIX) ? header.slice(0, -UTC_SUFFIX.length) : header;
}

/** How a column of the results is written. Columns not listed (and any a user added) are text. */
type Kind = 'number' | 'utc' | 'text';
const KINDS: Readonly<Record<string, Kind>> = {
  row: 'number',
  line: 'number',
  batch: 'number',
  steps_done: 'number',
  steps_total: 'number',
  sent_at: 'utc',
  checked_at: 'utc',
  reminded_at: 'utc',
  canceled_at: 'utc',
  // the server's time of the last event: asked for in UTC and written as ISO 8601 UTC like the others
  // (a file written before that, with a time without its zone, keeps it as text)
  last_event_at: 'utc',
};

const WIDTHS: Readonly<Record<string, number>> = {
  row: 7,
  line: 7,
  name: 14,
  contact: 26,
  status: 18,
  workflow_id: 14,
  token: 36,
  result: 10,
  result_code: 12,
  message: 48,
  batch: 7,
  session_id: 26,
  workflow_status: 16,
  current_step: 14,
  steps_done: 11,
  steps_total: 11,
  last_event: 16,
  check_error: 30,
  remind_result: 16,
  cancel_result: 24,
};

const DATE_TIME = 'yyyy-mm-dd hh:mm:ss';
/** ISO 8601 with a zone: what send and the follow-ups write (`new Date().toISOString()`). */
const ZONED_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;
/** Excel's limit for the text of one cell. */
const MAX_CELL_TEXT = 32_767;

export interface TableColumn {
  header: string;
  width: number;
  /** The column's number format: new values typed in Excel take it too ('@' keeps them text). */
  numFmt: string;
  /** The cell for one value of the column (its text as in the CSV). */
  cell(text: string): ExcelJS.CellValue;
}

function text(raw: string): ExcelJS.CellValue {
  const value = safeCellText(raw); // no terminal escape or bidi override in a cell, as in the CSV
  if (value === '') return null;
  return value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value;
}

function resultsColumn(name: string): TableColumn {
  const kind = KINDS[name] ?? 'text';
  const header = kind === 'utc' ? name + UTC_SUFFIX : name;
  const width = Math.max(kind === 'utc' ? 21 : (WIDTHS[name] ?? 12), header.length + 4);
  switch (kind) {
    case 'number':
      return { header, width, numFmt: '0', cell: (v) => (/^\d{1,15}$/.test(v) ? Number(v) : text(v)) };
    case 'utc':
      return {
        header,
        width,
        numFmt: DATE_TIME,
        cell: (v) => (ZONED_ISO.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(v) : text(v)),
      };
    case 'text':
      return { header, width, numFmt: '@', cell: text };
  }
}

/** Writes the send results (writeResultsFile's rows, and the columns kept from the file replaced) as a workbook at `path`. Returns the row count. */
export async function writeResultsXlsx(
  path: string,
  chunks: AsyncIterable<readonly ResultRow[]> | Iterable<readonly ResultRow[]>,
  kept: readonly string[] = [],
): Promise<number> {
  async function* cells(): AsyncGenerator<string[][]> {
    // In a workbook a text cell is never a formula: a kept cell's protective `'` from a CSV goes.
    for await (const rows of chunks) {
      yield rows.map((r) => {
        const cells = withKept(r, kept.length);
        for (let i = cells.length - kept.length; i < cells.length; i++) cells[i] = unguarded(cells[i]!);
        return cells;
      });
    }
  }
  return writeResultsTable(path, [...RESULT_COLUMNS, ...kept], cells());
}

/** A cell without the `'` that neutralised a formula-like start in a CSV. */
function unguarded(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Writes any results table (rewriteResults' header and rows, as the CSV's texts) as a workbook. */
export function writeResultsTable(
  path: string,
  header: readonly string[],
  chunks: AsyncIterable<readonly (readonly string[])[]> | Iterable<readonly (readonly string[])[]>,
): Promise<number> {
  return writeTable(path, header.map(resultsColumn), chunks, { sheet: 'results', filter: true });
}

/**
 * Writes `columns` and the rows of `chunks` as a one-sheet workbook at `path`,
 * atomically, streaming: a bold header row kept in view (frozen), with a filter
 * over the table when `filter`. Returns the number of rows.
 */
export async function writeTable(
  path: string,
  columns: readonly TableColumn[],
  chunks: AsyncIterable<readonly (readonly string[])[]> | Iterable<readonly (readonly string[])[]>,
  options: { sheet: string; filter: boolean },
): Promise<number> {
  // exceljs takes a while to load: only when a workbook is written.
  const { default: excel } = await import('exceljs');
  let count = 0;
  await writeFileAtomic(path, async (write) => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        write(chunk).then(() => done(), done);
      },
    });
    const book = new excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    const sheet = book.addWorksheet(options.sheet, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    sheet.columns = columns.map((c) => ({ width: c.width, style: { numFmt: c.numFmt } }));
    const head = sheet.addRow(columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    for await (const rows of chunks) {
      for (const cells of rows) {
        const values: ExcelJS.CellValue[] = new Array(columns.length);
        for (let i = 0; i < columns.length; i++) values[i] = columns[i]!.cell(cells[i] ?? '');
        sheet.addRow(values).commit();
        count++;
      }
      await drained(sheet);
    }
    if (options.filter) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: Math.max(1, columns.length) } };
    sheet.commit();
    await book.commit();
  });
  return count;
}

const BACKLOG_BYTES = 4 << 20;

/**
 * Waits while more than 4 MB of the sheet's XML wait for the deflate stream. exceljs
 * (4.4) writes each buffer of XML to its zip entry without looking at the result of
 * write(); the entry's stream state is the only place the backlog shows. Should that
 * inner shape change, this yields a turn of the event loop instead.
 */
async function drained(sheet: ExcelJS.Worksheet): Promise<void> {
  const entry = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes?.[0];
  const backlog = entry?._writableState?.length;
  if (entry !== undefined && typeof backlog === 'number') {
    if (backlog > BACKLOG_BYTES) await once(entry as unknown as NodeJS.EventEmitter, 'drain');
  } else {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
