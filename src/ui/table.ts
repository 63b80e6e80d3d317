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
