/**
 * A plain text table whose columns line up in a terminal, Korean included: Hangul
 * and other East Asian wide characters take two cells.
 */
import { Chalk } from 'chalk';
import { clean } from './reporter.js';
import { displayWidth, truncate } from './width.js';

/**
 * Lines of a table: a header line, then one line per row, columns separated by two
 * spaces. Cells are cleaned of control characters and cut to `maxWidth` cells.
 * `bold` makes the header bold (for a terminal that shows colours).
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { maxWidth?: number; bold?: boolean } = {},
): string[] {
  const max = options.maxWidth ?? 60;
  const cells = rows.map((r) => r.map((c) => truncate(clean(c), max)));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[], style: (s: string) => string = (s) => s): string =>
    r
      .map((c, i) => (i === r.length - 1 ? style(c) : style(c) + ' '.repeat(widths[i]! - displayWidth(c))))
      .join('  ')
      .trimEnd();
  const bold = options.bold ? new Chalk({ level: 1 }).bold : undefined;
  return [line(headers, bold), ...cells.map((r) => line(r))];
}

/**
 * One record per block, for a terminal too narrow for the table: the first cell as a
 * title, then a `label  value` line for each other cell, a blank line between records.
 * Every line fits `width` cells (values cut with `…`).
 */
export function renderRecords(headers: readonly string[], rows: readonly (readonly string[])[], width: number): string[] {
  const labels = headers.slice(1);
  const labelWidth = Math.max(0, ...labels.map(displayWidth));
  const valueWidth = Math.max(8, width - labelWidth - 4);
  const out: string[] = [];
  for (const row of rows) {
    if (out.length > 0) out.push('');
    out.push(truncate(clean(row[0] ?? ''), width));
    labels.forEach((label, i) => {
      out.push(`  ${label}${' '.repeat(labelWidth - displayWidth(label))}  ${truncate(clean(row[i + 1] ?? ''), valueWidth)}`.trimEnd());
    });
  }
  return out;
}
