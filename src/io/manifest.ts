/**
 * `manifest.csv`, the record of what `download` saved in its folder: one line per
 * file (row, workflow_id, file, bytes, sha256, downloaded_at in UTC). It is both the
 * user's inventory and what a later run trusts: a file is fetched again unless the
 * manifest names it with the size and hash it has on disk.
 *
 * During a run it is append-only: a file's line is written and fsynced before the
 * file gets its final name (io/download-files.ts), lines appended meanwhile sharing
 * the write and the fsync. A crash leaves at most a torn last line, which the next
 * run cuts off. At the end of a run it is rewritten atomically in row order, one line
 * per file, only files that are there.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { JournalError, UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { writeAll, writeFileAtomic } from './atomic-file.js';
import { csvLine } from './results-writer.js';

export const MANIFEST_NAME = 'manifest.csv';
const MANIFEST_COLUMNS = ['row', 'workflow_id', 'file', 'bytes', 'sha256', 'downloaded_at'] as const;

export interface ManifestEntry {
  row: string;
  workflow_id: string;
  /** the file's name in the folder */
  file: string;
  bytes: number;
  /** lowercase hex */
  sha256: string;
  /** ISO 8601, UTC */
  downloaded_at: string;
}

const BOM = '\uFEFF';
const HEADER = BOM + csvLine(MANIFEST_COLUMNS);

export interface ManifestRead {
  /** by file name; the last line for a file wins */
  entries: Map<string, ManifestEntry>;
  /** bytes up to the end of the last whole line (a torn tail is cut off when appending) */
  validLength: number;
  exists: boolean;
}

/** Reads the folder's manifest; none is an empty one. A file that is not a manifest is refused. */
export async function readManifest(dir: string): Promise<ManifestRead> {
  const path = join(dir, MANIFEST_NAME);
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: new Map(), validLength: 0, exists: false };
    throw new JournalError(t('download.manifest_unreadable', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  const validLength = raw.lastIndexOf(0x0a) + 1;
  const text = raw.subarray(0, validLength).toString('utf8');
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch {
    records = [];
  }
  const header = records[0];
  if (!header || header.join(',') !== MANIFEST_COLUMNS.join(',')) throw new UsageError(t('download.not_manifest', { path }));
  const entries = new Map<string, ManifestEntry>();
  for (const cells of records.slice(1)) {
    const entry = toEntry(cells);
    // A line that does not read is as good as absent: its file is fetched again.
    if (entry) entries.set(entry.file, entry);
  }
  return { entries, validLength, exists: true };
}

function toEntry(cells: string[]): ManifestEntry | undefined {
  if (cells.length !== MANIFEST_COLUMNS.length) return undefined;
  const [row, workflow_id, file, bytes, sha256, downloaded_at] = cells as [string, string, string, string, string, string];
  if (!/^\d+$/.test(bytes) || !/^[0-9a-f]{64}$/.test(sha256) || file === '') return undefined;
  return { row: unguard(row), workflow_id: unguard(workflow_id), file: unguard(file), bytes: Number(bytes), sha256, downloaded_at };
}

/** A cell as written, without the `'` csvLine puts before a formula-like start. */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function entryLine(e: ManifestEntry): string {
  return csvLine([e.row, e.workflow_id, e.file, String(e.bytes), e.sha256, e.downloaded_at]);
}

/** Appends lines durably; what is appended in the same turn of the event loop shares one write and one fsync. */
export class ManifestWriter {
  private queue: { data: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing = false;
  private failure: JournalError | undefined;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    private size: number,
  ) {}

  /** Opens the manifest for appending (created with its header when there is none), cutting a torn tail. */
  static async open(dir: string, read: ManifestRead): Promise<ManifestWriter> {
    const path = join(dir, MANIFEST_NAME);
    try {
      if (!read.exists) {
        const fh = await open(path, 'wx', 0o600);
        const header = Buffer.from(HEADER, 'utf8');
        await writeAll(fh, header, 0);
        await fh.sync();
        return new ManifestWriter(fh, path, header.length);
      }
      const fh = await open(path, 'r+');
      await fh.truncate(read.validLength);
      return new ManifestWriter(fh, path, read.validLength);
    } catch (err) {
      throw writeFailed(path, err);
    }
  }

  /** Resolves once the line is on disk. Rejects with a JournalError, for good, after any failure. */
  append(entry: ManifestEntry): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ data: entryLine(entry), resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const buffer = Buffer.from(group.map((g) => g.data).join(''), 'utf8');
      try {
        await writeAll(this.fh, buffer, this.size);
        await this.fh.datasync();
      } catch (err) {
        this.failure = writeFailed(this.path, err);
        for (const g of [...group, ...this.queue]) g.reject(this.failure);
        this.queue = [];
        break;
      }
      this.size += buffer.length;
      for (const g of group) g.resolve();
    }
    this.flushing = false;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

/** Rewrites the manifest atomically: the entries in row order (numbers as numbers), then by file name. */
export async function rewriteManifest(dir: string, entries: Iterable<ManifestEntry>): Promise<void> {
  const path = join(dir, MANIFEST_NAME);
  const sorted = [...entries].sort(byRow);
  try {
    await writeFileAtomic(path, async (write) => {
      await write(HEADER);
      for (const e of sorted) await write(entryLine(e));
    });
  } catch (err) {
    throw writeFailed(path, err);
  }
}

function byRow(a: ManifestEntry, b: ManifestEntry): number {
  const x = Number(a.row);
  const y = Number(b.row);
  const numeric = a.row !== '' && b.row !== '' && Number.isFinite(x) && Number.isFinite(y);
  if (numeric && x !== y) return x - y;
  if (!numeric && a.row !== b.row) return a.row < b.row ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function writeFailed(path: string, err: unknown): JournalError {
  return new JournalError(t('download.write_failed', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
}
