/**
 * How every long run (send's batches, the follow-ups' lookups, reminders and cancels)
 * starts its work, at most `concurrency` pieces at a time, and how it stops.
 *
 * `stop()` (an API stop, a journal failure) and the first interrupt signal: no new work
 * starts; work in flight finishes and is recorded. SIGHUP is one of them: a dropped SSH
 * session must not kill a send between a request and its record (its terminal is gone
 * then, and what is printed is lost: main.ts lets the run go on without it). The second signal leaves at once
 * through `exitNow` (main.ts's process.exit, see context.ts): the journal then says
 * what was in flight. That is the one way a run ends the process itself; everything
 * else returns to the command, which returns its exit code to main.ts.
 */
import type { ExitCode } from '../errors.js';
import type { Reporter } from '../ui/reporter.js';

/** The signals that interrupt a run (and stop `esignon-bulk emulator`): Ctrl-C, `kill`, a terminal that went away. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface RunControlOptions {
  ui: Reporter;
  /** pieces of work in flight at most */
  concurrency: number;
  /** Called at the first signal, once no new work can start; returns the warning to print. */
  firstSignal: (signal: NodeJS.Signals) => string;
  /** What the second signal prints before leaving. */
  secondSignal: () => readonly string[];
  exitNow: (code: ExitCode) => never;
  /** The signals that interrupt this run (default INTERRUPT_SIGNALS). */
  signals?: readonly NodeJS.Signals[];
}

export class RunControl {
  /** Set by `stop()` and the first signal: no new work starts. */
  stopping = false;
  /** Set by the first signal. */
  interrupted = false;
  private interrupts = 0;
  /** Pieces that may be in flight now: `concurrency`, or fewer while the work is in doubt (`narrow`). */
  private slots: number;
  private readonly inFlight = new Set<Promise<void>>();
  /** Work that no longer holds a slot but must end before the run does. */
  private readonly trailing = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: RunControlOptions) {
    this.slots = options.concurrency;
  }

  /** At most `slots` pieces in flight from now on (no new one starts until fewer are); `undefined`: `concurrency` again. */
  narrow(slots: number | undefined): void {
    this.slots = Math.max(1, Math.min(slots ?? this.options.concurrency, this.options.concurrency));
  }

  /** No new work starts; what is in flight finishes. */
  stop(): void {
    this.stopping = true;
  }

  /** The signal handler: the first signal stops the run, the second leaves at once. */
  readonly interrupt = (signal: NodeJS.Signals): void => {
    const { ui } = this.options;
    this.interrupts++;
    if (this.interrupts === 1) {
      this.stopping = true;
      this.interrupted = true;
      ui.warn(this.options.firstSignal(signal));
      return;
    }
    ui.progressStop();
    for (const line of this.options.secondSignal()) ui.error(line);
    this.options.exitNow(130);
  };

  /**
   * Runs `body`, which starts the work with `start()`, with the signal handlers in place
   * and the progress shown; then waits for all the work started. Work reports its
   * failures as outcomes: an error it throws is a bug, rethrown here once the rest of
   * the work has ended.
   */
  async run(label: string, body: () => Promise<void>): Promise<void> {
    const { ui } = this.options;
    const signals = this.options.signals ?? INTERRUPT_SIGNALS;
    for (const signal of signals) process.on(signal, this.interrupt);
    try {
      await ui.progressStart(label);
      await body();
      await Promise.all(this.inFlight);
      await Promise.all(this.trailing);
    } finally {
      ui.progressStop();
      for (const signal of signals) process.off(signal, this.interrupt);
    }
    if (this.failure) throw this.failure.error;
  }

  /** Starts `work` once a slot is free. False, and nothing started, when the run is stopping. */
  async start(work: () => Promise<void>): Promise<boolean> {
    while (this.inFlight.size >= this.slots) await Promise.race(this.inFlight);
    if (this.stopping) return false;
    this.track(this.inFlight, work());
    return true;
  }

  /** Work that outlives its slot (a record still being written): the run ends after it. */
  after(work: Promise<void>): void {
    this.track(this.trailing, work);
  }

  private track(set: Set<Promise<void>>, work: Promise<void>): void {
    const p: Promise<void> = work
      .catch((err: unknown) => {
        this.stopping = true;
        this.failure ??= { error: err };
      })
      .finally(() => set.delete(p));
    set.add(p);
  }
}
