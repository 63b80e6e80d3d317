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
import { rmSync } from 'node:fs';

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
