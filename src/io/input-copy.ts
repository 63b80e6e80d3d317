/**
 * The private copy of a send's input. A send reads its input three times (validate,
 * send, write the results); reading the file by its path each time would meet whatever
 * the file has become meanwhile — rewritten in place, replaced by a rename as Excel
 * saves, appended to — and give rows another person's id, or a second contract. So the
 * bytes are copied once, and hashed as they are copied (the journal's fingerprint), into
 * a file only this process reads: a folder of its own (0700) in the temporary folder,
 * the file created exclusively (0600; signer lists hold passwords). Every pass reads the
 * copy, whatever happens to the file. Standard input, which cannot be read twice at
 * all, is copied the same way.
 *
 * The cost is one write of the input's size in TMPDIR (a million rows, about 100 MB:
 * well under a second, see bench/RESULTS.md). The copy is removed however the process
 * ends (leftovers.ts); one left by `kill -9` is removed by the next run that makes a
 * copy (its folder is named after its owner's PID and start time).
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { writeAll } from './atomic-file.js';
import { removeAtExit, removeLeftoversIn } from './leftovers.js';
import { ownTag } from './processes.js';

export interface InputCopy {
  /** The copy: read it instead of the input. */
  path: string;
  /** SHA-256 of the bytes copied, hex. */
  sha256: string;
  bytes: number;
  /** Removes the copy and its folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

/** `esignon-bulk-PID-START-XXXXXX`: a copy's folder, named after its owner (processes.ts). */
const FOLDER = /^esignon-bulk-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;
const CHUNK = 1 << 20;

/**
 * Copies `source` (a path, or standard input as a stream) to a private file. A path
 * must be a regular file (a FIFO is refused at once rather than waited on) that does not
 * change while it is copied. `label` names it in messages.
 */
export async function copyInput(source: string | NodeJS.ReadableStream, label: string): Promise<InputCopy> {
  removeStaleCopies();
  const input = typeof source === 'string' ? await openRegular(source, label) : undefined;
  try {
    const { folder, forget } = await privateFolder();
    const cleanup = async (): Promise<void> => {
      await rm(folder, { recursive: true, force: true });
      forget();
    };
    const path = join(folder, typeof source === 'string' ? `input${extname(source)}` : 'stdin');
    try {
      const out = await open(path, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
        throw copyFailed(err, folder);
      });
      const hash = createHash('sha256');
      let bytes = 0;
      const write = async (chunk: Buffer): Promise<void> => {
        hash.update(chunk);
        bytes += chunk.length;
        await writeAll(out, chunk).catch((err: NodeJS.ErrnoException) => {
          throw copyFailed(err, folder);
        });
      };
      try {
        if (input) await copyFile(input, label, write);
        else for await (const chunk of source as AsyncIterable<Buffer | string>) await write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } finally {
        await out.close();
      }
      return { path, sha256: hash.digest('hex'), bytes, cleanup };
    } catch (err) {
      await cleanup();
      throw err;
    }
  } finally {
    await input?.close();
  }
}

/**
 * A new folder of this process's (0700) in the temporary folder, `esignon-bulk-TAG-XXXXXX`.
 * It is marked for removal before it exists (what forgets it is returned with it): a
 * signal as it is made (nothing else handles one yet) must not leave it behind. A name
 * taken already is drawn again.
 */
async function privateFolder(): Promise<{ folder: string; forget: () => void }> {
  for (;;) {
    const folder = join(tmpdir(), `esignon-bulk-${ownTag()}-${randomName()}`);
    const forget = removeAtExit(folder);
    try {
      await mkdir(folder, { mode: 0o700 });
      return { folder, forget };
    } catch (err) {
      forget();
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw copyFailed(err as NodeJS.ErrnoException, tmpdir());
    }
  }
}

const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Six random letters and digits, as mkdtemp draws them. */
function randomName(): string {
  return Array.from(randomBytes(6), (b) => NAME_CHARS[b % NAME_CHARS.length]).join('');
}

/** Opens without blocking (a FIFO with no writer would wait forever) and refuses anything but a regular file. */
async function openRegular(path: string, label: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(t('csv.notFound', label));
    if (code === 'EISDIR') throw new UsageError(t('csv.notAFile', label));
    throw new UsageError(t('csv.unreadable', label, code ?? String(err)));
  }
  if (!(await fh.stat()).isFile()) {
    await fh.close();
    throw new UsageError(t('csv.notAFile', label));
  }
  return fh;
}

/** The whole file, refused if it changed while it was read (someone was still saving it). */
async function copyFile(fh: FileHandle, label: string, write: (chunk: Buffer) => Promise<void>): Promise<void> {
  const before = await fh.stat();
  const buffer = Buffer.allocUnsafe(CHUNK);
  let copied = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buffer, 0, CHUNK, copied);
    if (bytesRead === 0) break;
    copied += bytesRead;
    await write(buffer.subarray(0, bytesRead));
  }
  const after = await fh.stat();
  if (copied !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new UsageError(t('safety.input_changing', { file: label }));
  }
}

function copyFailed(err: NodeJS.ErrnoException, where: string): UsageError {
  return new UsageError(t('safety.copy_failed', { folder: where, reason: err.code ?? err.message }));
}

/** Removes the copies of processes that have ended (killed before they could): only this user's, only such folders. */
function removeStaleCopies(): void {
  const owner = (name: string) => {
    const match = FOLDER.exec(name);
    return match ? { pid: Number(match[1]), start: Number(match[2]) } : undefined;
  };
  removeLeftoversIn(tmpdir(), owner, (stat) => stat.isDirectory());
}
