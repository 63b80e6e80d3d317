/**
 * One pass over the CSV: every record parsed into a signer or its problems, and
 * duplicates found. `send` reads the file three times instead of holding it (validate
 * and write results through here; the send pass parses only the rows it sends), so
 * memory stays flat.
 */
import { ContactSet } from './contacts.js';
import type { CompiledMapping } from './mapping.js';
import { duplicateContactProblem, parseSignerRow } from './signer.js';
import type { CsvRecord, RowProblem, Signer } from './signer-types.js';

export type ClassifiedRow =
  | { kind: 'valid'; record: CsvRecord; signer: Signer }
  | { kind: 'invalid'; record: CsvRecord; problems: RowProblem[] }
  | { kind: 'duplicate'; record: CsvRecord; signer: Signer; problem: RowProblem; firstLine: number };

/** What a pass reads: the CSV reader's file (io/csv-reader.ts) is one. */
export interface RecordSource {
  /** About how many records there are, for sizing tables up front. */
  estimatedRows: number;
  /** A new pass over the records, in chunks. */
  chunks(): AsyncIterable<CsvRecord[]>;
}

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

export async function* classifyRows(csv: RecordSource, options: ClassifyOptions): AsyncGenerator<ClassifiedRow[]> {
  // Sized for the whole file: a table that grows holds its old and new copies at once,
  // and a million rows' doubled table would be 24 MiB instead of 14.
  const contacts = options.allowDuplicates ? undefined : new ContactSet(csv.estimatedRows);
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
        out[i] = {
          kind: 'duplicate',
          record,
          signer: parsed.signer,
          problem: duplicateContactProblem(record, options.mapping, firstLine),
          firstLine,
        };
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

/**
 * Where each duplicate row's contact was first seen, as the first pass found it, so
 * that a later pass can report the duplicate without building a ContactSet again.
 * 8 bytes a duplicate row (none in a clean file); rows are added in ascending order.
 */
export class DuplicateLines {
  private rows = new Int32Array(16);
  private lines = new Int32Array(16);
  private count = 0;

  push(row: number, firstLine: number): void {
    if (this.count === this.rows.length) {
      const rows = new Int32Array(this.count * 2);
      const lines = new Int32Array(this.count * 2);
      rows.set(this.rows);
      lines.set(this.lines);
      this.rows = rows;
      this.lines = lines;
    }
    this.rows[this.count] = row;
    this.lines[this.count++] = firstLine;
  }

  /** The first line of `row`'s contact, when `row` is a duplicate. */
  firstLine(row: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.rows[mid]!;
      if (r === row) return this.lines[mid];
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
