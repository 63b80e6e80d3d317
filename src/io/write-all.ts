import type { FileHandle } from 'node:fs/promises';

/**
 * Writes the whole buffer. A write can be short (a full disk, a file size limit)
 * without failing; writing the rest then raises the real error instead of leaving a
 * torn file behind that looks complete.
 */
export async function writeAll(fh: FileHandle, buffer: Buffer, position: number | null = null): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await fh.write(buffer, written, buffer.length - written, position === null ? null : position + written);
    written += bytesWritten;
  }
}
