/**
 * Files a process must not leave behind, removed however it ends: the private copy of
 * the input (it holds passwords), a results file half written, the lock on a results
 * file (a run stopped before it began must not leave it for the next). The command's own
 * cleanup removes them on a normal end and on an error; `process.exit` (a second
 * Ctrl-C) runs the 'exit' handler here; and a terminating signal that nothing else
 * handles (outside a run's loop a SIGTERM or SIGHUP would end the process on the spot)
 * removes them before the process ends by that signal, as it would have. What `kill -9`
 * leaves, the next run removes: the names carry the owner's PID and start time
 * (processes.ts), and only files of a process that has certainly ended are touched.
 */
import { lstatSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isGone } from './processes.js';

/** The signals that end a process unless handled: Ctrl-C, `kill`, a terminal that went away (run-control.ts handles them during a run). */
const TERMINATING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What to undo, synchronously, however the process ends. */
const tracked = new Set<() => void>();

/** Removes `path` (a file, or a folder with what it holds) however the process ends. Returns what forgets it (once removed, or renamed into place). */
export function removeAtExit(path: string): () => void {
  return undoAtExit(() => rmSync(path, { recursive: true, force: true }));
}

/** Runs `undo` (synchronous, best effort: a lock's release) however the process ends. Returns what forgets it. */
export function undoAtExit(undo: () => void): () => void {
  const entry = (): void => undo();
  if (tracked.size === 0) listen(true);
  tracked.add(entry);
  return () => {
    if (tracked.delete(entry) && tracked.size === 0) listen(false);
  };
}

function removeAll(): void {
  for (const undo of tracked) {
    try {
      undo();
    } catch {
      /* best effort: the process is ending */
    }
  }
  tracked.clear();
}

function listen(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', removeAll);
  for (const signal of TERMINATING_SIGNALS) process[method](signal, lastResort);
}

function lastResort(signal: NodeJS.Signals): void {
  // Someone else handles it (a run's loop: the run stops and its cleanup removes the files).
  if (process.listenerCount(signal) > 1) return;
  removeAll();
  listen(false);
  // Without a listener the signal's default action is back: the process ends by it, as it would have.
  process.kill(process.pid, signal);
}

/**
 * Removes the entries of `dir` that a process killed before it could left: those whose
 * name `owner` reads as `PID-START` of a process that has certainly ended, owned by this
 * user, and of the kind `kind` accepts. What is gone meanwhile, or not ours, is skipped.
 */
export function removeLeftoversIn(dir: string, owner: (name: string) => { pid: number; start: number } | undefined, kind: (stat: Stats) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const tag = owner(name);
    if (!tag || !isGone(tag.pid, tag.start)) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (!kind(stat) || (uid !== undefined && stat.uid !== uid)) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      /* gone meanwhile, or not ours to remove */
    }
  }
}
