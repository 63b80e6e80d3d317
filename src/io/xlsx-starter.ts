/**
 * The starter signers sheet of `init --xlsx`: the template CSV (templates/signers.csv,
 * or the Korean one) as a workbook that opens right in Excel by double click. Contacts
 * and every other text are text cells (a `010…` keeps its zero), whole amounts are
 * numbers and ISO dates real dates, so the workbook reads back as the CSV's values.
 */
import { openCsv } from './csv-reader.js';
import { writeTable, type TableColumn } from './xlsx-results.js';

const ISO_DATE = /^\d{4}-\d\d-\d\d$/;
/** A whole number as Excel would keep it: no leading zero (a `010…` is text), at most 15 digits. */
const WHOLE = /^(0|[1-9]\d{0,14})$/;

/** Writes `outPath` (an .xlsx) from the CSV at `csvPath`. */
export async function writeStarterXlsx(csvPath: string, outPath: string): Promise<void> {
  const { header, rows } = await readStarterCsv(csvPath);
  await writeStarterTable(outPath, header, rows);
}

/** The header and rows of a starter CSV, as the user would see them. */
export async function readStarterCsv(csvPath: string): Promise<{ header: string[]; rows: string[][] }> {
  const csv = await openCsv(csvPath);
  const rows: string[][] = [];
  for await (const chunk of csv.chunks()) for (const r of chunk) rows.push(r.cells);
  return { header: [...csv.header], rows };
}

/** Writes `outPath` (an .xlsx) with this header and these rows (`init --online`: the sample fitted to a template). */
export async function writeStarterTable(outPath: string, header: readonly string[], rows: string[][]): Promise<void> {
  const columns = header.map((h, i) => starterColumn(h, rows.map((r) => r[i] ?? '')));
  await writeTable(outPath, columns, [rows], { sheet: 'signers', filter: false });
}

function starterColumn(header: string, values: string[]): TableColumn {
  const filled = values.filter((v) => v !== '');
  const width = Math.max(10, ...[header, ...values].map((v) => displayWidth(v) + 2));
  const text = (v: string) => (v === '' ? null : v);
  if (filled.length > 0 && filled.every((v) => ISO_DATE.test(v))) {
    return { header, width, numFmt: 'yyyy-mm-dd', cell: (v) => (ISO_DATE.test(v) ? new Date(`${v}T00:00:00Z`) : text(v)) };
  }
  if (filled.length > 0 && filled.every((v) => WHOLE.test(v))) {
    return { header, width, numFmt: '0', cell: (v) => (WHOLE.test(v) ? Number(v) : text(v)) };
  }
  return { header, width, numFmt: '@', cell: text };
}

/** Excel's column width counts a Hangul syllable as about two characters. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return w;
}
