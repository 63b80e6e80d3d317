/**
 * The results CSV: one line per input row, in input order, written to a temporary
 * file and renamed into place so that a crash never leaves a torn results file.
 * A path ending in .xlsx gets the same rows as a workbook (xlsx-results.ts).
 */
import type { RowOutcome } from '../core/outcome.js';
import { cleanForDisplay, CONTROL_CLASS } from '../core/text.js';
import { writeFileAtomic } from './atomic-file.js';

/** A results file named `….xlsx` is written as an Excel workbook. */
export function isWorkbookPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

export const RESULT_COLUMNS = [
  'row',
  'line',
  'name',
  'contact',
  'status',
  'workflow_id',
  'token',
  'result',
  'result_code',
  'message',
  'batch',
  'session_id',
  'sent_at',
] as const;

export interface ResultRow {
  row: number;
  line: number;
  name: string;
  contact: string;
  outcome: RowOutcome;
  /** the cells of the columns kept from the file this one replaces (results-keep.ts), as read: written back so, control characters removed as from every cell */
  kept?: readonly string[] | undefined;
}

/** The cells of one results line, in RESULT_COLUMNS order. Passwords have no column, so none can leak. */
function resultCells(r: ResultRow): string[] {
  const o = r.outcome;
  const base = [String(r.row), String(r.line), r.name, r.contact, o.status];
  switch (o.status) {
    case 'sent':
      return [...base, o.workflow_id, o.token, o.result, o.result_code, o.message, String(o.batch), o.session_id, o.sent_at];
    case 'failed':
      return [...base, '', '', o.result, o.result_code, o.message, String(o.batch), o.session_id, o.sent_at];
    case 'unknown':
      return [...base, '', '', '', '', o.message, String(o.batch), o.session_id, o.sent_at];
    case 'invalid':
    case 'not_sent':
    case 'skipped_duplicate':
      return [...base, '', '', '', '', o.message, '', '', ''];
  }
}

/** A row's cells followed by its kept cells (as many as the kept columns). */
export function withKept(r: ResultRow, count: number): string[] {
  const cells = resultCells(r);
  for (let i = 0; i < count; i++) cells.push(r.kept?.[i] ?? '');
  return cells;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`);
/** A cell that is not written as it is: it needs quotes, or holds a control character. One test for the common cell. */
const NEEDS_CARE = new RegExp(`[${CONTROL_CLASS}",]`);

/**
 * Text in a results cell, made harmless: the terminal escapes, bidi overrides and other
 * control characters a name or a server's message may hold are removed, as on screen
 * (core/text.ts), so that `cat results.csv` or a spreadsheet shows what is there.
 */
export function safeCellText(value: string): string {
  return CONTROL.test(value) ? cleanForDisplay(value, Infinity) : value;
}

/**
 * One CSV cell: its control characters removed (safeCellText), a cell a spreadsheet
 * would run as a formula gets a leading `'`, and cells with quotes or commas are
 * quoted. (csv-stringify does the same with `escape_formulas`; this hot path writes a
 * million lines, so it is inlined.)
 */
function csvCell(value: string): string {
  const safe = safeCellText(value);
  const v = FORMULA_START.test(safe) ? `'${safe}` : safe;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i]!);
  return line + '\r\n';
}

const BUFFER_BYTES = 1 << 20;
const COMMA = 0x2c;
const APOSTROPHE = 0x27;

/** Writes `value` at `at` exactly as csvCell(value) would read, returns the new end: the common cell is copied once, straight in. */
function putCell(buffer: Buffer, at: number, value: string): number {
  if (NEEDS_CARE.test(value)) return at + buffer.write(csvCell(value), at);
  if (FORMULA_START.test(value)) buffer[at++] = APOSTROPHE;
  return at + buffer.write(value, at);
}

/** Writes csvLine(cells) at `at`; returns the new end. */
function putLine(buffer: Buffer, at: number, cells: readonly string[]): number {
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) buffer[at++] = COMMA;
    at = putCell(buffer, at, cells[i]!);
  }
  buffer[at++] = 0x0d;
  buffer[at++] = 0x0a;
  return at;
}

/** Bytes csvLine(cells) can take at most: 3 a UTF-16 unit, doubled quotes, and a quote pair, apostrophe and comma a cell. */
function lineBound(cells: readonly string[]): number {
  let bound = 2;
  for (let i = 0; i < cells.length; i++) bound += cells[i]!.length * 6 + 4;
  return bound;
}

/**
 * Writes the rows (in chunks, as a pass over the input yields them) to `path`
 * atomically. Returns the row count. Lines are encoded straight into one reused 1 MB
 * buffer, cell by cell: memory stays flat, and no line is built as a string first (a
 * million lines of joined cells, or a megabyte of joined lines, is garbage that lives
 * long enough to be promoted to V8's old generation and to grow it).
 */
export async function writeResultsFile(
  path: string,
  chunks: AsyncIterable<readonly ResultRow[]> | Iterable<readonly ResultRow[]>,
  options: { bom: boolean; kept?: readonly string[] | undefined },
): Promise<number> {
  const kept = options.kept ?? [];
  // `--out x.xlsx`: the same rows as a workbook (xlsx-results.ts, loaded only then).
  if (isWorkbookPath(path)) return (await import('./xlsx-results.js')).writeResultsXlsx(path, chunks, kept);
  let count = 0;
  await writeFileAtomic(path, async (write) => {
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let used = options.bom ? buffer.write('\uFEFF') : 0;
    used = putLine(buffer, used, [...RESULT_COLUMNS, ...kept]);
    for await (const rows of chunks) {
      for (const row of rows) {
        const cells = kept.length === 0 ? resultCells(row) : withKept(row, kept.length);
        const bound = lineBound(cells);
        count++;
        if (used + bound > BUFFER_BYTES) {
          await write(buffer.subarray(0, used));
          used = 0;
          if (bound > BUFFER_BYTES) {
            await write(Buffer.from(csvLine(cells), 'utf8'));
            continue;
          }
        }
        used = putLine(buffer, used, cells);
      }
    }
    await write(buffer.subarray(0, used));
  });
  return count;
}
