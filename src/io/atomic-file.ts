/**
 * Writing a file so that it is never seen torn: a temporary file beside it, every
 * byte written and fsynced, then renamed into place and the folder fsynced. On any
 * failure the temporary file is removed and the old file (if any) stays as it was.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fh = await open(temp, 'w', mode);
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
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  syncDir(dirname(path));
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
