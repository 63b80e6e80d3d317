/**
 * The results CSV: one line per input row, in input order, written to a temporary
 * file and renamed into place so that a crash never leaves a torn results file.
 */
import type { RowOutcome } from '../core/outcome.js';
import { writeFileAtomic } from './atomic-file.js';

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
}

/** The cells of one results line, in RESULT_COLUMNS order. Passwords have no column, so none can leak. */
export function resultCells(r: ResultRow): string[] {
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

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: a cell a spreadsheet would run as a formula gets a leading `'`, and
 * cells with quotes, commas or line breaks are quoted. (csv-stringify does the same
 * with `escape_formulas`; this hot path writes a million lines, so it is inlined.)
 */
export function csvCell(value: string): string {
  const v = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i]!);
  return line + '\r\n';
}

/** Writes `rows` to `path` atomically, in ~1 MB pieces, so memory stays flat. Returns the row count. */
export async function writeResultsFile(path: string, rows: AsyncIterable<ResultRow> | Iterable<ResultRow>, options: { bom: boolean }): Promise<number> {
  let count = 0;
  await writeFileAtomic(path, async (write) => {
    await write((options.bom ? '\uFEFF' : '') + csvLine(RESULT_COLUMNS));
    for await (const row of rows) {
      await write(csvLine(resultCells(row)));
      count++;
    }
  });
  return count;
}
