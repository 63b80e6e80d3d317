/**
 * Row and header problems as sentences, in the current language:
 * `line 14, column 휴대폰: "010-12-5678" is not a Korean mobile number`.
 * (Kept out of messages/rows.ts: that file is imported by the catalogue index, which
 * i18n imports, so importing i18n from it would be a cycle.)
 */
import type { HeaderProblem } from '../core/mapping.js';
import { cleanForDisplay } from '../core/text.js';
import type { RowProblem } from '../core/signer-types.js';
import { t } from './i18n.js';
import type { MappingMessageArgs, RowMessageArgs } from './messages/rows.js';

/**
 * For a workbook: the sheet's column letter of a header name (XlsxFile.columnLetter),
 * so that a problem names the row and column as Excel does.
 */
export type ColumnLetters = (column: string) => string | undefined;

/** Where a row problem is: `line 14, column 휴대폰` / `14행, 휴대폰 열`; in a workbook `row 14, column C (휴대폰)`. */
function formatRowLocation(p: Pick<RowProblem, 'line' | 'column'>, letters?: ColumnLetters): string {
  if (letters !== undefined) {
    const letter = p.column === '' ? undefined : letters(p.column);
    return letter === undefined
      ? p.column === ''
        ? t('row.at_sheet_row', { line: p.line })
        : t('row.at_line_column', { line: p.line, column: cleanForDisplay(p.column, 40) })
      : t('row.at_sheet_row_column', { line: p.line, letter, column: cleanForDisplay(p.column, 40) });
  }
  return p.column === ''
    ? t('row.at_line', { line: p.line })
    : t('row.at_line_column', { line: p.line, column: cleanForDisplay(p.column, 40) });
}

/** The reason alone, without the location. */
function formatRowReason(p: RowProblem): string {
  const args: RowMessageArgs = { ...p.detail, value: p.value, column: p.column };
  return t(`row.${p.code}`, args);
}

export function formatRowProblem(p: RowProblem): string {
  return `${formatRowLocation(p)}: ${formatRowReason(p)}`;
}

/**
 * formatRowProblem for the rows of `input`: a workbook's (an XlsxFile has
 * `columnLetter`) say `row 14, column C (휴대폰): …`, a CSV's as formatRowProblem.
 */
export function rowProblemFormatter(input: { columnLetter?: ColumnLetters | undefined }): (p: RowProblem) => string {
  const letters = input.columnLetter;
  return letters === undefined ? formatRowProblem : (p) => `${formatRowLocation(p, letters)}: ${formatRowReason(p)}`;
}

export function formatHeaderProblem(p: HeaderProblem): string {
  const d = p.detail ?? {};
  const args: MappingMessageArgs = {
    column: cleanForDisplay(p.column, 40),
    key: p.key,
    headers: cleanForDisplay((d.headers ?? []).join(', '), 200),
    placeholder: cleanForDisplay(d.placeholder ?? '', 40),
    doc_id: cleanForDisplay(d.doc_id ?? '', 40),
    field_name: cleanForDisplay(d.field_name ?? '', 40),
    other_column: cleanForDisplay(d.other_column ?? '', 40),
    count: d.count ?? 0,
  };
  return t(`mapping.${p.code}`, args);
}
