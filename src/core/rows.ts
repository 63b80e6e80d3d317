/**
 * One pass over the CSV: every record parsed into a signer or its problems, and
 * duplicates found. `send` makes up to three such passes (validate, send, write
 * results) instead of holding the file, so memory stays flat.
 */
import type { CsvFile } from '../io/csv-reader.js';
import { ContactSet } from './contacts.js';
import type { CompiledMapping } from './mapping.js';
import { duplicateContactProblem, parseSignerRow } from './signer.js';
import type { CsvRecord, RowProblem, Signer } from './signer-types.js';

export type ClassifiedRow =
  | { kind: 'valid'; record: CsvRecord; signer: Signer }
  | { kind: 'invalid'; record: CsvRecord; problems: RowProblem[] }
  | { kind: 'duplicate'; record: CsvRecord; signer: Signer; problem: RowProblem };

export interface ClassifyOptions {
  mapping: CompiledMapping;
  senderEmail?: string | undefined;
  allowDuplicates: boolean;
}

/** Row classes, one byte a row, as the first pass found them. */
export const enum RowClass {
  Valid = 1,
  Invalid = 2,
  Duplicate = 3,
}

export async function* classifyRows(csv: CsvFile, options: ClassifyOptions): AsyncGenerator<ClassifiedRow[]> {
  const contacts = options.allowDuplicates ? undefined : new ContactSet();
  const ctx = { senderEmail: options.senderEmail };
  for await (const chunk of csv.chunks()) {
    const out: ClassifiedRow[] = new Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const record = chunk[i]!;
      const parsed = parseSignerRow(record, options.mapping, ctx);
      if (!parsed.ok) {
        out[i] = { kind: 'invalid', record, problems: parsed.problems };
        continue;
      }
      const firstLine = contacts?.add(parsed.signer.contact, record.line);
      if (firstLine === undefined) {
        out[i] = { kind: 'valid', record, signer: parsed.signer };
      } else {
        out[i] = { kind: 'duplicate', record, signer: parsed.signer, problem: duplicateContactProblem(record, options.mapping, parsed.signer.contact, firstLine) };
      }
    }
    yield out;
  }
}

/** A byte per row that grows as the first pass goes. */
export class RowClasses {
  private data = new Uint8Array(1024);
  count = 0;

  push(row: number, cls: RowClass): void {
    if (row >= this.data.length) {
      const bigger = new Uint8Array(Math.max(this.data.length * 2, row + 1));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[row] = cls;
    this.count = Math.max(this.count, row);
  }

  get(row: number): RowClass {
    return this.data[row] as RowClass;
  }
}
