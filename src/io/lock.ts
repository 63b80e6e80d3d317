/**
 * One run per results file: a lock file holding the owner's PID, created
 * exclusively. A lock left by a process that no longer exists (kill -9, power loss)
 * is taken over.
 */
import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';

export interface Lock {
  path: string;
  release(): void;
}

export function acquireLock(path: string): Lock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new UsageError(t('send.locked', { path, pid }));
    }
    // Stale: its owner is gone. Remove and try again (another process may race us to it).
    try {
      unlinkSync(path);
    } catch {
      /* someone else removed it */
    }
  }
  throw new UsageError(t('send.locked', { path, pid: 0 }));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
