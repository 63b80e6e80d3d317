/**
 * Reading rows' outcomes back from a journal (./journal.ts) for the results file:
 * from the "done" records by offset, one batch's record parsed at a time.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RowOutcome } from '../core/outcome.js';
import { RowState, type BatchInfo, type DoneEntry, type RowTable } from './journal.js';

/** A row's outcome from its entry in a "done" record of `batch`. */
export function fromDoneEntry(e: DoneEntry, batch: BatchInfo, at: string): RowOutcome {
  const ref = { batch: batch.b, session_id: batch.sid, sent_at: at };
  switch (e[1]) {
    case 's':
      return { status: 'sent', workflow_id: e[2], token: e[3], result: e[4], result_code: e[5], message: e[6], ...ref };
    case 'f':
      return { status: 'failed', result: e[2], result_code: e[3], message: e[4], ...ref };
    case 'u':
      return { status: 'unknown', message: e[2], ...ref };
    case 'n':
      return { status: 'not_sent', message: e[2] };
    case 'd':
      return { status: 'skipped_duplicate', message: e[2] };
  }
}

/**
 * Reads rows' outcomes back from the journal's "done" records by offset, keeping
 * only the current batch's record parsed (rows are asked for in order).
 */
export class OutcomeReader {
  private fd: number;
  private cachedIndex = -1;
  private cached = new Map<number, RowOutcome>();

  constructor(
    path: string,
    private readonly table: RowTable,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** The journal's outcome for a row, or undefined when the journal says nothing about it. */
  outcome(row: number): RowOutcome | undefined {
    const state = this.table.state[row] as RowState;
    if (state === RowState.None) return undefined;
    const index = this.table.ref[row]!;
    const batch = this.table.batches[index]!;
    if (batch.doneOffset < 0) {
      return { status: 'unknown', message: 'outcome unknown: the run stopped while this batch was in flight', batch: batch.b, session_id: batch.sid, sent_at: batch.at };
    }
    if (index !== this.cachedIndex) {
      const buffer = Buffer.allocUnsafe(batch.doneLength);
      readSync(this.fd, buffer, 0, batch.doneLength, batch.doneOffset);
      const record = JSON.parse(buffer.toString('utf8')) as { at: string; rows: DoneEntry[] };
      this.cached = new Map(record.rows.map((e) => [e[0], fromDoneEntry(e, batch, batch.at)]));
      this.cachedIndex = index;
    }
    return this.cached.get(row);
  }

  close(): void {
    closeSync(this.fd);
  }
}
