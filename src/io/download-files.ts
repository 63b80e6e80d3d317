/**
 * The files `download` writes, so that a name in the folder always holds a whole,
 * checked file: each download goes to a temporary file of its own in the same
 * folder (`.<name>.<pid>-<random>.part`, created exclusively), is fsynced, recorded
 * in the manifest (./manifest.ts) and only then renamed to its name. A crash leaves
 * a `.part` file, never a partial file under a final name; the next run renames a
 * `.part` the manifest vouches for and removes the others.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAll } from './atomic-file.js';
import type { ManifestEntry } from './manifest.js';

const PART = /^\.(.+)\.\d+-[0-9a-f]{8}\.part$/;

/** A download being written: bytes in, size and hash out. */
export class TempDownload {
  private hash: Hash = createHash('sha256');
  private size = 0;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly finalPath: string,
  ) {}

  /** A new temporary file beside `name` in `dir` (never an existing one). */
  static async create(dir: string, name: string): Promise<TempDownload> {
    const path = join(dir, `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
    const fh = await open(path, 'wx', 0o600);
    return new TempDownload(fh, path, join(dir, name));
  }

  /** Forgets what was written: a new attempt starts from the first byte. */
  async restart(): Promise<void> {
    if (this.size > 0) await this.fh.truncate(0);
    this.hash = createHash('sha256');
    this.size = 0;
  }

  async write(chunk: Buffer): Promise<void> {
    await writeAll(this.fh, chunk, this.size);
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  /** Everything written is on disk: its size and hash. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    await this.fh.sync();
    await this.close();
    return { bytes: this.size, sha256: this.hash.digest('hex') };
  }

  /** Gives the file its final name (after its manifest line is on disk). */
  async commit(): Promise<void> {
    await rename(this.path, this.finalPath);
  }

  /** Removes the temporary file (a failed or abandoned download). */
  async discard(): Promise<void> {
    await this.close();
    await unlink(this.path).catch(() => undefined);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => undefined);
  }
}

/** The SHA-256 of a file, read a piece at a time (files of any size, memory flat). */
async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(256 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Whether `path` holds exactly the bytes the entry describes (size first: it costs no read). */
export async function matchesEntry(path: string, entry: Pick<ManifestEntry, 'bytes' | 'sha256'>): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isFile() || s.size !== entry.bytes) return false;
    return (await sha256File(path)) === entry.sha256;
  } catch {
    return false;
  }
}

/**
 * The `.part` files an earlier run left (the caller holds the folder's lock, so none is
 * being written): one whose manifest line is on disk but whose rename was cut short
 * becomes its file, when the bytes match and the file is not already there; the
 * others are removed. Returns the names of the files recovered.
 */
export async function settleParts(dir: string, entries: ReadonlyMap<string, ManifestEntry>): Promise<string[]> {
  const recovered: string[] = [];
  for (const name of await readdir(dir)) {
    const m = PART.exec(name);
    if (!m) continue;
    const part = join(dir, name);
    const final = m[1]!.normalize('NFC');
    const entry = entries.get(final);
    if (entry && !(await matchesEntry(join(dir, final), entry)) && (await matchesEntry(part, entry))) {
      await rename(part, join(dir, final));
      recovered.push(final);
    } else {
      await unlink(part).catch(() => undefined);
    }
  }
  return recovered;
}
