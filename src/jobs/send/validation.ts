/**
 * A send's first pass: every row validated, counted and classed (one byte a row), the
 * problems printed as they come (or kept for `--json`) and the first few kept for the
 * end, where the eye lands, and the first request's signers kept for `validate`'s preview.
 */
import type { CompiledMapping } from '../../core/mapping.js';
import { classifyRows, DuplicateLines, RowClass, RowClasses, type RecordSource } from '../../core/rows.js';
import type { RowProblem, Signer } from '../../core/signer-types.js';
import { rowProblemFormatter, type ColumnLetters } from '../../ui/problems.js';
import type { Reporter } from '../../ui/reporter.js';

/** What the first pass learnt: counts, classes, and the first request's signers for the preview. */
export interface Validation {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  classes: RowClasses;
  /** where each duplicate row's contact first appeared: the results pass needs no ContactSet */
  duplicateLines: DuplicateLines;
  problems: RowProblem[];
  /** how many problems were found (a row may have several) */
  problemCount: number;
  /** the first FIRST_PROBLEMS of them as printed, repeated at the end */
  firstProblems: string[];
  /** a problem as a sentence: a workbook's name the row and column letter */
  format: (p: RowProblem) => string;
  preview: Signer[];
}

/** How many problem lines the end of a validation repeats. */
const FIRST_PROBLEMS = 5;

export interface ValidationOptions {
  senderEmail: string | undefined;
  allowDuplicates: boolean;
  /** the preview keeps one batch's signers */
  batchSize: number;
  /** keep the problems for the JSON document instead of printing them */
  json: boolean;
}

export async function validateRows(
  csv: RecordSource & { columnLetter?: ColumnLetters | undefined },
  mapping: CompiledMapping,
  o: ValidationOptions,
  ui: Reporter,
): Promise<Validation> {
  const format = rowProblemFormatter(csv);
  const v: Validation = {
    rows: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    classes: new RowClasses(),
    duplicateLines: new DuplicateLines(),
    problems: [],
    problemCount: 0,
    firstProblems: [],
    format,
    preview: [],
  };
  const report = (p: RowProblem) => {
    v.problemCount++;
    if (o.json) {
      v.problems.push(p);
      return;
    }
    const line = format(p);
    if (v.firstProblems.length < FIRST_PROBLEMS) v.firstProblems.push(line);
    ui.error(line);
  };
  for await (const chunk of classifyRows(csv, { mapping, senderEmail: o.senderEmail, allowDuplicates: o.allowDuplicates })) {
    for (const item of chunk) {
      v.rows = item.record.row;
      switch (item.kind) {
        case 'valid':
          v.valid++;
          v.classes.push(item.record.row, RowClass.Valid);
          if (v.preview.length < o.batchSize) v.preview.push(item.signer);
          break;
        case 'invalid':
          v.invalid++;
          v.classes.push(item.record.row, RowClass.Invalid);
          item.problems.forEach(report);
          break;
        case 'duplicate':
          v.duplicates++;
          v.classes.push(item.record.row, RowClass.Duplicate);
          v.duplicateLines.push(item.record.row, item.firstLine);
          report(item.problem);
          break;
      }
    }
  }
  return v;
}
