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

/** Where a row problem is: `line 14, column 휴대폰` / `14행, 휴대폰 열`. */
export function formatRowLocation(p: Pick<RowProblem, 'line' | 'column'>): string {
  return p.column === ''
    ? t('row.at_line', { line: p.line })
    : t('row.at_line_column', { line: p.line, column: cleanForDisplay(p.column, 40) });
}

/** The reason alone, without the location. */
export function formatRowReason(p: RowProblem): string {
  const args: RowMessageArgs = { ...p.detail, value: p.value, column: p.column };
  return t(`row.${p.code}`, args);
}

export function formatRowProblem(p: RowProblem): string {
  return `${formatRowLocation(p)}: ${formatRowReason(p)}`;
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
