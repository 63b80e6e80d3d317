/**
 * Telling a live process from a dead one, also after its PID was given to another
 * program: the lock (lock.ts) and the files a process leaves behind (leftovers.ts)
 * name their owner by PID and start time.
 */
import { readFileSync } from 'node:fs';

/** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or null. */
export function startTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process as a file name part: `PID-START` (START 0 where it is unknown). */
export function ownTag(): string {
  return `${process.pid}-${startTime(process.pid) ?? 0}`;
}

/** Whether the process a `PID-START` tag names has certainly ended (a PID now held by another program counts as ended). */
export function isGone(pid: number, start: number): boolean {
  if (pid === process.pid) return start !== 0 && start !== startTime(pid);
  if (!isAlive(pid)) return true;
  if (start === 0) return false;
  const now = startTime(pid);
  return now !== null && now !== start;
}
