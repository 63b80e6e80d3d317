/**
 * The run journal: an append-only, versioned NDJSON file beside the results file.
 * It is the record of what was sent; the results CSV is rebuilt from it. Every
 * append is written and fsynced before the caller goes on, so a batch is on disk as
 * "in flight" before its request leaves, and its outcome is on disk before anything
 * else is sent or reported. It holds no passwords and no API token.
 *
 * Records (one JSON object per line):
 *   {"v":2,"t":"run",…}                       first line: format version and fingerprints
 *   {"t":"resume","at":…,"pid":…}             a later run continued this journal
 *   {"t":"inflight","b":7,"sid":"…","at":…,"rows":[12,13],"keys":["…","…"]}
 *   {"t":"done","b":7,"at":…,"rows":[[12,"s",wid,token,result,code,msg],[13,"f",result,code,msg]]}
 *   {"t":"elsewhere","keys":["…"]}            rows sent from an earlier version of the input, gone from this one
 *   {"t":"settle","b":7,"at":…,"by":"resume","rows":[[12,"s",wid,"","","",msg],[13,"n",msg],[14,"u",msg]]}
 *   {"t":"end","at":…,"reason":"complete"}
 * Row entries in "done": "s" sent, "f" failed, "u" unknown, "n" not sent (the server refused the
 * whole request with a stop code, so nothing was made), "d" not sent because its contact
 * already has a document from an earlier version of the input (a resume that matched
 * rows by content, ../jobs/send/rematch.ts).
 *
 * Version 2 added each row's key to "inflight" (core/contacts.ts signerKey: 64-bit
 * hashes of its contact and of its values, never the values), "elsewhere" and "d".
 * Version 1 journals are still read and continued; they cannot be matched by content.
 *
 * Settling rows whose answer was lost (../jobs/settle/) added, within version 2:
 * "ref" on "inflight" (the template field its documents got `<run>-<row>` in), "end"
 * on "done" when some of its rows are unknown (when the answer was lost), and the
 * "settle" record: what the search decided of such rows, each row's new outcome in the
 * form of a "done" entry (the batch's own record is left as it was). A reader that
 * does not know "settle" leaves those rows unknown, which never sends them again.
 * "carried" on "inflight" marks a batch a content-matched resume copied from the
 * journal before (rematch.ts): its rows' numbers are not those its references name.
 */
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import type { RowOutcome } from '../core/outcome.js';
import { JournalError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { RowKeys } from './journal-keys.js';

export { JournalWriter } from './journal-writer.js';

export const JOURNAL_VERSION = 2;
/** The versions this tool reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

export interface JournalHeader {
  /** 1 for a journal an older version began (it is continued as it is) */
  v: 1 | typeof JOURNAL_VERSION;
  t: 'run';
  created_at: string;
  tool_version: string;
  input: string;
  input_sha256: string;
  /** Hash of the settings that shape requests (template, account, mapping, comment). */
  settings_sha256: string;
  rows: number;
  /** a `--sandbox` run's: another sandbox run may replace its results without --force */
  sandbox?: true | undefined;
}

export type DoneEntry =
  | [row: number, s: 's', workflowId: string, token: string, result: string, code: string, message: string]
  | [row: number, s: 'f', result: string, code: string, message: string]
  | [row: number, s: 'u', message: string]
  | [row: number, s: 'n', message: string]
  | [row: number, s: 'd', message: string];

/** What the journal says about each row. Index is the 1-based row number. */
export const enum RowState {
  None = 0,
  Sent = 1,
  Failed = 2,
  Unknown = 3,
  NotSent = 4,
  /** its contact already has a document from an earlier version of the input: never sent by this journal's run */
  Skipped = 5,
}

export interface BatchInfo {
  b: number;
  sid: string;
  at: string;
  /** byte range of the batch's "done" record (or of the "settle" record its rows' outcome is in), once there is one */
  doneOffset: number;
  doneLength: number;
  /** the field its documents got their reference (`<run>-<row>`) in; never for a carried batch */
  refField?: string | undefined;
  /** copied from an earlier journal by a content-matched resume */
  carried?: boolean | undefined;
  /** when its answer was lost ("done" `end`), for a batch with unknown rows */
  end?: string | undefined;
}

/**
 * Per-row state in typed arrays (5 bytes a row), plus one small entry per batch:
 * memory stays flat however many rows the file has. Outcomes with ids and tokens
 * stay on disk and are read back by offset when the results file is written.
 */
export class RowTable {
  readonly state: Uint8Array;
  /** index into `batches` of the row's latest batch, -1 when none */
  readonly ref: Int32Array;
  readonly batches: BatchInfo[] = [];
  private readonly batchIndex = new Map<number, number>();
  maxBatch = 0;

  constructor(readonly rows: number) {
    this.state = new Uint8Array(rows + 1);
    this.ref = new Int32Array(rows + 1).fill(-1);
  }

  /** A batch in flight; returns its index in `batches`. */
  applyInflight(b: number, sid: string, at: string, rows: readonly number[], extra: Pick<BatchInfo, 'refField' | 'carried'> = {}): number {
    const index = this.batches.push({ b, sid, at, doneOffset: -1, doneLength: 0, ...extra }) - 1;
    this.batchIndex.set(b, index);
    this.maxBatch = Math.max(this.maxBatch, b);
    for (const row of rows) {
      this.checkRow(row);
      this.state[row] = RowState.Unknown;
      this.ref[row] = index;
    }
    return index;
  }

  /** `end`: when the answer was lost, for a batch with unknown rows. */
  applyDone(b: number, entries: readonly DoneEntry[], offset: number, length: number, end?: string): void {
    const index = this.batchIndex.get(b);
    if (index === undefined) throw new Error(`batch ${b} finished but was never in flight`);
    if (end !== undefined) this.batches[index]!.end = end;
    this.applyDoneAt(index, entries, offset, length);
  }

  /** The outcome of the batch at `index` of `batches` (applyInflight's answer). */
  applyDoneAt(index: number, entries: readonly DoneEntry[], offset: number, length: number): void {
    const batch = this.batches[index]!;
    batch.doneOffset = offset;
    batch.doneLength = length;
    for (const entry of entries) {
      const row = entry[0];
      this.checkRow(row);
      this.state[row] = CODE_TO_STATE[entry[1]];
      this.ref[row] = index;
    }
  }

  /**
   * A "settle" record: its rows' outcomes now come from it. Each row keeps its batch's
   * facts (number, session, times), through a copy of its batch that points at the record.
   */
  applySettled(entries: readonly DoneEntry[], offset: number, length: number): void {
    const copies = new Map<number, number>();
    for (const entry of entries) {
      const row = entry[0];
      this.checkRow(row);
      const from = this.ref[row]!;
      if (from < 0) throw new Error(`row ${row} was settled but never in flight`);
      let index = copies.get(from);
      if (index === undefined) {
        index = this.batches.push({ ...this.batches[from]!, doneOffset: offset, doneLength: length }) - 1;
        copies.set(from, index);
      }
      this.state[row] = CODE_TO_STATE[entry[1]];
      this.ref[row] = index;
    }
  }

  batchOf(row: number): BatchInfo | undefined {
    const i = this.ref[row]!;
    return i < 0 ? undefined : this.batches[i];
  }

  private checkRow(row: number): void {
    if (!Number.isInteger(row) || row < 1 || row > this.rows) throw new Error(`row ${row} is outside 1..${this.rows}`);
  }
}

const CODE_TO_STATE = { s: RowState.Sent, f: RowState.Failed, u: RowState.Unknown, n: RowState.NotSent, d: RowState.Skipped } as const;

export function toDoneEntry(row: number, o: RowOutcome): DoneEntry {
  switch (o.status) {
    case 'sent':
      return [row, 's', o.workflow_id, o.token, o.result, o.result_code, o.message];
    case 'failed':
      return [row, 'f', o.result, o.result_code, o.message];
    case 'unknown':
      return [row, 'u', o.message];
    case 'not_sent':
    case 'invalid':
    case 'skipped_duplicate':
      return [row, 'n', o.message];
  }
}

/** The first 64 KiB of the file at `path` (its header line, read alone: a journal may be long) and its size; undefined when it cannot be opened. */
function readHead(path: string): { head: Buffer; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    return { head: head.subarray(0, n), size: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the journal at `path` holds no whole line: then it recorded nothing, and
 * nothing was sent under it (its first line is on disk before any batch leaves). A full
 * disk, or a crash as it began, leaves such a journal; it may be set aside.
 */
export function recordsNothing(path: string): boolean {
  const read = readHead(path);
  return read !== undefined && !read.head.includes(10) && read.head.length === read.size;
}

/** The header of the journal at `path`, read from its first line alone; undefined when there is none to read. */
export function readJournalHeader(path: string): JournalHeader | undefined {
  const read = readHead(path);
  const end = read?.head.indexOf(10) ?? -1;
  if (read === undefined || end < 0) return undefined;
  try {
    const header = JSON.parse(read.head.subarray(0, end).toString('utf8')) as Partial<JournalHeader> | null;
    return header?.t === 'run' ? (header as JournalHeader) : undefined;
  } catch {
    return undefined;
  }
}

export interface JournalReplay {
  header: JournalHeader;
  table: RowTable;
  /** with `{ keys: true }` */
  keys?: RowKeys | undefined;
  /** Bytes of the journal that hold whole records; anything after was a torn write. */
  validLength: number;
  /** True when the last line was torn (a crash mid-write) and will be cut off. */
  tornTail: boolean;
}

/**
 * Reads a journal back. A torn last line (the process died mid-write) is tolerated
 * and reported; a bad line anywhere else is corruption and an error.
 */
export function readJournal(path: string, options: { keys?: boolean } = {}): JournalReplay {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new JournalError(t('journal.unreadable', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry: Buffer = Buffer.alloc(0);
    let position = 0;
    let lineStart = 0;
    let lineNo = 0;
    let header: JournalHeader | undefined;
    let table: RowTable | undefined;
    let keys: RowKeys | undefined;
    let validLength = 0;
    let tornTail = false;

    const handle = (line: Buffer, offset: number, isLast: boolean): void => {
      lineNo++;
      let record: { t?: unknown; [k: string]: unknown };
      try {
        record = JSON.parse(line.toString('utf8')) as typeof record;
      } catch {
        if (isLast) {
          tornTail = true;
          return;
        }
        throw new JournalError(t('journal.corrupt', { path, line: lineNo }));
      }
      if (!header) {
        if (record.t !== 'run' || typeof record.v !== 'number') throw new JournalError(t('journal.corrupt', { path, line: lineNo }));
        if (!READABLE_VERSIONS.includes(record.v)) throw new JournalError(t('journal.version', { path, version: String(record.v) }));
        header = record as unknown as JournalHeader;
        table = new RowTable(header.rows);
        if (options.keys) keys = new RowKeys(header.rows);
      } else {
        try {
          if (record.t === 'inflight') {
            const rows = record.rows as number[];
            const extra = { refField: typeof record.ref === 'string' ? record.ref : undefined, carried: record.carried === true || undefined };
            table!.applyInflight(record.b as number, record.sid as string, record.at as string, rows, extra);
            if (keys && Array.isArray(record.keys)) rows.forEach((row, i) => keys!.set(row, (record.keys as unknown[])[i]));
          } else if (record.t === 'elsewhere') {
            if (keys && Array.isArray(record.keys)) for (const key of record.keys as unknown[]) keys.addElsewhere(key);
          } else if (record.t === 'done') {
            table!.applyDone(record.b as number, record.rows as DoneEntry[], offset, line.length + 1, typeof record.end === 'string' ? record.end : undefined);
          } else if (record.t === 'settle') {
            table!.applySettled(record.rows as DoneEntry[], offset, line.length + 1);
          }
        } catch {
          throw new JournalError(t('journal.corrupt', { path, line: lineNo }));
        }
      }
      validLength = offset + line.length + 1;
    };

    while (position < size) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        handle(data.subarray(start, nl), lineStart, false);
        lineStart += nl - start + 1;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      position += n;
    }
    // A last line without its newline was cut short by a crash: whatever it says, it is not trusted.
    if (carry.length > 0) {
      lineNo++;
      tornTail = true;
    }
    if (!header || !table) throw new JournalError(t('journal.corrupt', { path, line: 1 }));
    return { header, table, keys, validLength, tornTail };
  } finally {
    closeSync(fd);
  }
}
