/**
 * The columns of a results file that `send` does not write itself — `status`,
 * `remind` and `cancel`'s, and any a user added — kept when `send` writes the file
 * again (a resume, `--limit 0`): without them the next `remind` would remind the same
 * documents again.
 *
 * Both files are in row order, so the old one is read alongside the new rows, a
 * window of rows ahead. A row keeps the old cells of the row that has its contact and
 * its document: the same contact, and the same `workflow_id` (or none yet in the old
 * file). That row is the one at the same row number when the input did not change;
 * when rows moved (a resume matched by content) it is found within the window, and a
 * row whose contact changed inherits nothing. Memory: the window, not the file.
 */
import { normalizeContact } from '../core/contacts.js';
import type { CsvRecord } from '../core/signer-types.js';
import { RESULT_COLUMNS } from './results-writer.js';
import { openResults, plain } from './results-update.js';

/** How far ahead of the current row the old file is searched for a row's match. */
const WINDOW = 1024;

interface OldRow {
  contact: string;
  workflowId: string;
  cells: string[];
}

export class KeptColumns {
  private buffer: OldRow[] = [];
  private head = 0;
  private done = false;

  private constructor(
    /** the kept columns' names, in the old file's order */
    readonly names: readonly string[],
    private readonly indices: readonly number[],
    private readonly contactIndex: number,
    private readonly widIndex: number,
    private readonly records: AsyncIterator<CsvRecord[]>,
  ) {}

  /**
   * The columns of the results file at `path` to keep, or undefined when it has none.
   * Throws when the file cannot be read as a results file.
   */
  static async open(path: string): Promise<KeptColumns | undefined> {
    const file = await openResults(path, path);
    const ours = new Set<string>(RESULT_COLUMNS);
    const names: string[] = [];
    const indices: number[] = [];
    file.header.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      if (ours.has(key) || names.some((n) => n.trim().toLowerCase() === key)) return;
      names.push(name);
      indices.push(i);
    });
    if (names.length === 0) return undefined;
    const records = file.csv.chunks()[Symbol.asyncIterator]();
    return new KeptColumns(names, indices, file.index.get('contact') ?? -1, file.index.get('workflow_id')!, records);
  }

  /** Reads the old file on until `ahead` rows wait past the current one (or it ends). */
  async ready(ahead: number): Promise<void> {
    if (this.head > WINDOW * 4) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    while (!this.done && this.buffer.length - this.head < ahead + WINDOW) {
      const next = await this.records.next();
      if (next.done) {
        this.done = true;
        break;
      }
      for (const r of next.value) {
        this.buffer.push({
          contact: this.contactIndex < 0 ? '' : normalizeContact(plain(r.cells[this.contactIndex])),
          workflowId: plain(r.cells[this.widIndex]),
          cells: this.indices.map((i) => r.cells[i] ?? ''),
        });
      }
    }
  }

  /** The kept cells for a row of the new file (empty when no old row is its match). */
  take(contact: string, workflowId: string): string[] {
    const wanted = normalizeContact(contact);
    const end = Math.min(this.buffer.length, this.head + WINDOW);
    for (let i = this.head; i < end; i++) {
      const old = this.buffer[i]!;
      if (old.contact !== wanted || (old.workflowId !== '' && old.workflowId !== workflowId)) continue;
      // Rows passed over on the way had no match in the new file: their cells go with them.
      this.head = i + 1;
      return old.cells;
    }
    return this.names.map(() => '');
  }

  async close(): Promise<void> {
    await this.records.return?.();
  }
}
