/**
 * Writing a file so that it is never seen torn: a temporary file beside it, every
 * byte written and fsynced, then renamed into place and the folder fsynced. On any
 * failure the temporary file is removed and the old file (if any) stays as it was.
 *
 * The temporary file is created exclusively under a name nobody can guess (never
 * opened through a link planted in its place), 0600, and removed however the process
 * ends (leftovers.ts); its name carries its owner (`.NAME.PID-START.RANDOM.tmp`), so
 * that the next run can remove what a killed one left (`removeStaleTemps`).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, statSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeAtExit, removeLeftoversIn } from './leftovers.js';
import { ownTag } from './processes.js';

/** Writes the whole buffer: a short write (full disk, size limit) is retried until the real error surfaces. */
export async function writeAll(fh: FileHandle, buffer: Uint8Array, position: number | null = null): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await fh.write(buffer, written, buffer.length - written, position === null ? null : position + written);
    written += bytesWritten;
  }
}

const FLUSH_AT = 1 << 20;

/**
 * Calls `produce` with a `write(text)` that buffers about 1 MB at a time, so memory
 * stays flat however long the file is; then puts the file in place atomically. Bytes
 * (a producer that encodes its own output) are written as they come, after the text
 * before them; `write` resolves once they are written, so their buffer can be reused.
 */
export async function writeFileAtomic(
  path: string,
  produce: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>,
  mode = 0o600,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${ownTag()}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(temp, 'wx', mode);
  const forget = removeAtExit(temp);
  try {
    await fh.chmod(mode); // the umask does not decide
    let buffer = '';
    await produce(async (data) => {
      if (typeof data !== 'string') {
        if (buffer !== '') await writeAll(fh, Buffer.from(buffer, 'utf8'));
        buffer = '';
        await writeAll(fh, data);
        return;
      }
      buffer += data;
      if (buffer.length > FLUSH_AT) {
        await writeAll(fh, Buffer.from(buffer, 'utf8'));
        buffer = '';
      }
    });
    await writeAll(fh, Buffer.from(buffer, 'utf8'));
    await fh.sync();
    await fh.close();
    await rename(temp, path);
    forget();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    forget();
    throw err;
  }
  syncDir(dirname(path));
}

/**
 * Removes the temporary files of `path` that processes killed while writing it left
 * (`kill -9`, a crash): only of processes that have certainly ended, so never a file
 * another run is writing. Also the names of versions before 0.2 (`.NAME.PID.tmp`).
 */
export function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.`;
  const owner = (name: string) => {
    const match = name.startsWith(prefix) ? /^(\d+)(?:-(\d+)\.[0-9a-f]+)?\.tmp$/.exec(name.slice(prefix.length)) : null;
    return match ? { pid: Number(match[1]), start: Number(match[2] ?? 0) } : undefined;
  };
  removeLeftoversIn(dirname(path), owner, (stat) => !stat.isDirectory());
}

/** Makes a rename durable (best effort: not every platform can fsync a folder). */
export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Whether `a` and `b` name the same file: the same path, or (through a symbolic link, a
 * hard link, `./x.csv` against `x.csv`) the same file on the same device.
 */
export function isSameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist: writing the one cannot replace the other
  }
}
