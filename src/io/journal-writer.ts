/**
 * Appending to a journal (./journal.ts, and the follow-ups' ./followup-journal.ts):
 * every record on disk (written and fsynced) before its promise resolves.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { syncDir, writeAll } from './atomic-file.js';
import type { JournalHeader } from './journal.js';

/** Appends records durably. Appends that arrive while one is being flushed share the next fsync. */
export class JournalWriter {
  private queue: { data: Buffer; resolve: (r: { offset: number; length: number }) => void; reject: (e: Error) => void }[] = [];
  private flushing = false;
  private failure: JournalError | undefined;

  private constructor(
    private readonly fh: FileHandle,
    private where: string,
    private size: number,
  ) {}

  get path(): string {
    return this.where;
  }

  /** A new journal (the file must not exist). */
  static async create(path: string, header: JournalHeader): Promise<JournalWriter> {
    const fh = await open(path, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
      throw journalError(path, err);
    });
    const writer = new JournalWriter(fh, path, 0);
    try {
      await writer.append(header);
    } catch (err) {
      // Nothing is recorded without the first line: a journal without it must not stay behind,
      // where the next run would take it for a damaged one (a full disk left such dead ends).
      await fh.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw err;
    }
    return writer;
  }

  /** Continue an existing journal whose valid part ends at `validLength` (a torn tail is cut off). */
  static async reopen(path: string, validLength: number): Promise<JournalWriter> {
    try {
      const fh = await open(path, 'r+');
      await fh.truncate(validLength);
      await fh.datasync();
      return new JournalWriter(fh, path, validLength);
    } catch (err) {
      throw journalError(path, err as NodeJS.ErrnoException);
    }
  }

  /** Resolves once the record is on disk, with where it is. Rejects with JournalError, for good, after any failure. */
  append(record: object): Promise<{ offset: number; length: number }> {
    if (this.failure) return Promise.reject(this.failure);
    const data = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    return new Promise((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      if (!this.flushing) {
        // Written on the event loop's next turn rather than at once: what is appended
        // meanwhile shares the write and the fsync. A send appends a batch's outcome and,
        // a few microtasks later, the in-flight record of the batch that takes its slot.
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const buffer = group.length === 1 ? group[0]!.data : Buffer.concat(group.map((g) => g.data));
      try {
        await writeAll(this.fh, buffer, this.size);
        await this.fh.datasync();
      } catch (err) {
        this.failure = journalError(this.path, err as NodeJS.ErrnoException);
        for (const g of [...group, ...this.queue]) g.reject(this.failure);
        this.queue = [];
        break;
      }
      let offset = this.size;
      for (const g of group) {
        g.resolve({ offset, length: g.data.length });
        offset += g.data.length;
      }
      this.size = offset;
    }
    this.flushing = false;
  }

  /**
   * Puts this journal (written under a temporary name) in place of `target` in one
   * step, replacing what is there; appends go on to it under its new name.
   */
  async moveTo(target: string): Promise<void> {
    try {
      await rename(this.where, target);
    } catch (err) {
      throw journalError(target, err as NodeJS.ErrnoException);
    }
    syncDir(dirname(target));
    this.where = target;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

function journalError(path: string, err: NodeJS.ErrnoException): JournalError {
  const error = new JournalError(t('journal.write_failed', { path, reason: err.code ?? err.message }));
  error.cause = err; // the file system's error: a journal that could not even start says so (jobs/send/job.ts)
  return error;
}
