/**
 * What `status`, `remind` and `cancel` share: the account session (./account.ts), the
 * results file they read and rewrite, the job journal that makes them safe to re-run
 * after a crash or Ctrl-C, the run loop (./run-control.ts) with progress, and the
 * confirmation question.
 *
 * Re-running: a job's journal (`<results>.<command>.journal`) lives until the job
 * finishes. A run that finds one continues that job: what the journal records is
 * written into the results file and the documents it already acted on are not acted
 * on again, whatever the flags say.
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getWorkflow, type CallFailure, type CallResult, type WorkflowDetail } from '../api/requests.js';
import { loadSettings, requireSettings, type SettingFlags, type Settings } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { CliError, decideExit, JournalError, UsageError, type ExitCode } from '../errors.js';
import {
  applyRecord,
  createFollowupJournal,
  journalPathFor,
  readFollowupJournal,
  type FollowupRecord,
  type FollowupReplay,
} from '../io/followup-journal.js';
import { copyInput } from '../io/input-copy.js';
import { JournalWriter } from '../io/journal.js';
import { removeStaleTemps } from '../io/atomic-file.js';
import { acquireLock } from '../io/lock.js';
import { LOOKUP_FAILED, openResults, plain, readRecords, rewriteResults, type ResultsFile, type ResultsRecord, type Update } from '../io/results-update.js';
import { t } from '../ui/i18n.js';
import { ask } from '../ui/prompt.js';
import { clean, Reporter, type OutputOptions } from '../ui/reporter.js';
import { callFailure, openAccount, type AccountSession } from './account.js';
import { now } from './clock.js';
import { continueCommand } from './command-line.js';
import { RunControl } from './run-control.js';
import { openSandbox } from './sandbox.js';

/** The columns a status lookup writes, or undefined when the run must stop (token refused, server unreachable). */
export function statusUpdate(result: CallResult<WorkflowDetail>, at: string): Update | undefined {
  switch (result.kind) {
    case 'ok':
      return {
        workflow_status: clean(result.value.workflow_status),
        current_step: clean(result.value.current_step),
        steps_done: result.value.steps_done,
        steps_total: result.value.steps_total,
        last_event: clean(result.value.last_event),
        last_event_at: clean(result.value.last_event_at),
        checked_at: at,
        check_error: '',
      };
    case 'result':
      return { workflow_status: LOOKUP_FAILED, checked_at: at, check_error: clean(`${result.code} ${result.message}`.trim()) };
    case 'unknown':
      return { workflow_status: LOOKUP_FAILED, checked_at: at, check_error: clean(result.reason) };
    case 'auth_rejected':
    case 'unreachable':
      return undefined;
  }
}

// =================================================================== the job

export interface FollowupOptions {
  input: string;
  out?: string | undefined;
  bom: boolean;
  output: OutputOptions;
  settings: SettingFlags;
  /** `--sandbox`: the sandbox's documents (jobs/sandbox.ts); nothing is asked, as nothing real is done */
  sandbox?: boolean | undefined;
}

/** A sent row of the results file, as a follow-up sees it (the journal's updates applied). */
export interface SentRow {
  /** the results file's `row` column */
  row: string;
  workflow_id: string;
  get(column: string): string;
}

export class FollowupJob {
  /** Why the run stopped early (token refused, server unreachable), if it did. */
  stop: CliError | undefined;
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private readonly control: RunControl;

  private constructor(
    readonly command: 'status' | 'remind' | 'cancel',
    readonly ui: Reporter,
    readonly ctx: CommandContext,
    readonly settings: Settings,
    readonly session: AccountSession,
    readonly file: ResultsFile,
    readonly outPath: string,
    readonly journalPath: string,
    private readonly journal: JournalWriter,
    readonly state: Pick<FollowupReplay, 'updates' | 'handled' | 'pending'>,
    /** True when this run continues a job an earlier run did not finish. */
    readonly continuing: boolean,
    readonly concurrency: number,
    /** `--sandbox`: nothing real is done, so nothing is asked */
    readonly sandbox: boolean,
  ) {
    this.control = new RunControl({
      ui,
      concurrency,
      firstSignal: (signal) => t('account.interrupt_first', { signal }),
      secondSignal: () => [t('account.interrupt_second', { command })],
      exitNow: ctx.exitNow,
    });
  }

  /** No new work starts (a stop, a journal failure or the first Ctrl-C). */
  get stopping(): boolean {
    return this.control.stopping;
  }

  /** The run was interrupted by a signal. */
  get interrupted(): boolean {
    return this.control.interrupted;
  }

  static async open(
    command: 'status' | 'remind' | 'cancel',
    opts: FollowupOptions,
    ctx: CommandContext,
    /**
     * `yes` is given by commands that ask for confirmation: without it and without a terminal they are refused before anything is done.
     * `journal` names the job's journal when it is not the command's (`cancel --disposal` keeps its own: a job of one kind is continued only by the same kind).
     */
    options: { needsSender: boolean; yes?: boolean; journal?: string },
  ): Promise<FollowupJob> {
    const ui = new Reporter(opts.output, ctx);
    const cleanups: (() => Promise<void> | void)[] = [];
    try {
      const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
      const sandbox = opts.sandbox === true;
      if (options.needsSender && !sandbox) requireSettings(settings, ['comp_id', 'memb_email']);
      if (opts.input === '-' && !opts.out) throw new UsageError(t('account.stdin_needs_out'));
      if (options.yes === false && !sandbox && ctx.stdin.isTTY !== true) throw new UsageError(t('account.needs_yes', { command }));

      let inputPath = resolve(ctx.cwd, opts.input);
      if (opts.input === '-') {
        const copy = await copyInput(ctx.stdin, t('account.stdin'));
        cleanups.push(copy.cleanup);
        inputPath = copy.path;
      }
      const outPath = resolve(ctx.cwd, opts.out ?? opts.input);
      const lock = acquireLock(`${outPath}.lock`);
      cleanups.push(() => lock.release());
      removeStaleTemps(outPath);
      if (opts.input !== '-' && !existsSync(inputPath)) throw new UsageError(t('account.no_file', { file: opts.input }));
      const file = await openResults(inputPath, opts.input === '-' ? t('account.stdin') : opts.input);

      // The account is opened after the file: a wrong file is reported without a token (or a sandbox).
      if (sandbox) {
        const running = await openSandbox(ctx.env, ui, settings);
        cleanups.push(() => running.close());
      }
      const concurrency = settings.sources.concurrency ? settings.concurrency : 4;
      const session = await openAccount(settings, ctx, ui, concurrency);
      cleanups.push(() => session.client.close());

      const kind = options.journal ?? command;
      const journalPath = journalPathFor(outPath, kind);
      const replay = await readFollowupJournal(journalPath, kind);
      let journal: JournalWriter;
      if (replay) {
        if (replay.tornTail) ui.warn(t('journal.torn_tail', { path: journalPath }));
        journal = await JournalWriter.reopen(journalPath, replay.validLength);
        ui.warn(
          t('account.continuing', {
            command,
            path: journalPath,
            count: replay.handled.size - replay.pending.size,
            pending: replay.pending.size,
            since: replay.header.created_at,
          }),
        );
      } else {
        journal = await createFollowupJournal(journalPath, {
          v: 1,
          t: 'followup',
          command: kind,
          input: opts.input,
          created_at: new Date().toISOString(),
        });
      }
      cleanups.push(() => journal.close());
      const state = replay ?? { updates: new Map<string, Update>(), handled: new Set<string>(), pending: new Map<string, string>() };
      const job = new FollowupJob(command, ui, ctx, settings, session, file, outPath, journalPath, journal, state, replay !== undefined, concurrency, sandbox);
      job.cleanups.push(...cleanups);
      return job;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup();
      throw err;
    }
  }

  /** Every sent row with a workflow_id, once per document, in file order. */
  async sentRows(): Promise<SentRow[]> {
    const rows: SentRow[] = [];
    const seen = new Set<string>();
    for await (const record of readRecords(this.file)) {
      const r = this.view(record);
      if (r.get('status') !== 'sent' || r.workflow_id === '' || seen.has(r.workflow_id)) continue;
      seen.add(r.workflow_id);
      rows.push(r);
    }
    return rows;
  }

  /** Every row (sent or not), for picking by `--rows` / `--filter`. */
  async allRows(): Promise<SentRow[]> {
    const rows: SentRow[] = [];
    for await (const record of readRecords(this.file)) rows.push(this.view(record));
    return rows;
  }

  private view(record: ResultsRecord): SentRow {
    const file = this.file;
    const index = file.index;
    const wid = plain(record.cells[index.get('workflow_id')!]);
    const updates = this.state.updates;
    const cells = record.cells;
    return {
      row: plain(cells[index.get('row')!]),
      workflow_id: wid,
      get(column: string): string {
        const u = wid === '' ? undefined : updates.get(wid);
        if (u && Object.hasOwn(u, column)) return u[column]!;
        const i = index.get(column);
        return i === undefined ? '' : plain(cells[i]);
      },
    };
  }

  /** Records durably (before the caller goes on) and applies to the live state. */
  async record(record: FollowupRecord): Promise<void> {
    try {
      await this.journal.append(record);
    } catch (err) {
      this.control.stop();
      const e = new JournalError(t('account.journal_failed', { path: this.journalPath, reason: (err as Error).message }));
      this.stop ??= e;
      throw e;
    }
    applyRecord(this.state, record);
  }

  /** Sets an update without journaling it: for facts the next run derives again (a skipped row's note). */
  note(workflowId: string, update: Update): void {
    this.state.updates.set(workflowId, { ...(this.state.updates.get(workflowId) ?? {}), ...update });
  }

  /** GET workflows/{id}, recorded as a status lookup. Returns the detail, or why there is none. */
  async lookup(workflowId: string, kind: 'look' | 'done' = 'look'): Promise<{ detail?: WorkflowDetail; failure?: CallFailure }> {
    const result = await getWorkflow(this.session.client, workflowId);
    const at = now();
    const update = statusUpdate(result, at);
    if (update === undefined) {
      this.halt(result as CallFailure);
      return { failure: result as CallFailure };
    }
    await this.record({ t: kind, w: workflowId, at, u: update });
    return result.kind === 'ok' ? { detail: result.value } : { failure: result as CallFailure };
  }

  /** Stops the run for a failure that every later request would meet too (token refused, server unreachable). */
  halt(failure: CallFailure): void {
    this.control.stop();
    this.stop ??= callFailure(failure, this.session, this.settings.api_url);
  }

  /** Set when Ctrl-C answered the confirmation question: nothing was done, exit 130. */
  declinedBySignal = false;

  /** Asks on a terminal; refuses without one unless `yes`. Ctrl-C at the question is a no. The sandbox is not asked about. */
  async confirm(question: string, yes: boolean): Promise<boolean> {
    if (yes || this.sandbox) return true;
    if (this.ctx.stdin.isTTY !== true) throw new UsageError(t('account.needs_yes', { command: this.command }));
    const answer = await ask(question, this.ctx);
    this.declinedBySignal = answer === 'interrupted';
    return answer === 'yes';
  }

  /**
   * Runs `task` for each item, `concurrency` at a time, in order. First Ctrl-C: no new
   * task starts, tasks in flight finish and are recorded. Second: exit at once (the
   * journal says what was in flight).
   */
  async run<T>(items: readonly T[], task: (item: T) => Promise<void>, label: string): Promise<void> {
    if (items.length === 0) return;
    const ui = this.ui;
    const total = items.length;
    let done = 0;
    await this.control.run(label, async () => {
      for (const item of items) {
        const started = await this.control.start(async () => {
          try {
            await task(item);
          } catch (err) {
            // A journal failure has set `stop` already; anything that is not a CliError is a bug.
            if (!(err instanceof CliError)) throw err;
            this.control.stop();
            this.stop ??= err;
            return;
          }
          if (this.stop) return; // the task met the stop: it did nothing worth counting
          done++;
          // The reporter paces the lines (one every few seconds without a terminal).
          ui.progress({ done, total, sent: 0, failed: 0, unknown: 0 }, t('account.progress', { label, done, total }));
        });
        if (!started) break;
      }
    });
  }

  /**
   * Writes the results file with this command's columns. The journal is removed when
   * the job is complete (no interruption, no stop), so the next run starts a new job.
   */
  async finish(columns: readonly string[], bom: boolean, visit?: (get: (column: string) => string) => void): Promise<void> {
    try {
      await rewriteResults(this.file, this.outPath, columns, this.state.updates, { bom }, visit);
    } catch (err) {
      throw new JournalError(t('account.write_failed', { path: this.outPath, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
    }
    if (!this.interrupted && !this.stop) {
      await this.journal.close();
      await unlink(this.journalPath).catch(() => undefined);
    }
  }

  /** The exit code for a run whose rows went `bad` (failed/unknown) times wrong; a stop or interruption wins. */
  exitCode(bad: number): ExitCode {
    return decideExit(this.stop instanceof JournalError ? 5 : this.stop ? 4 : 0, this.interrupted ? 130 : 0, bad > 0 ? 1 : 0);
  }

  /** Prints how the run ended (stop, interruption) and how to continue. */
  reportEnd(): void {
    if (this.stop) {
      this.ui.error(this.stop.message);
      for (const line of this.stop.details) this.ui.error(`  ${line}`);
    }
    if (this.stop || this.interrupted) this.ui.warn(t('account.continue_hint', { command: continueCommand(this.ctx.argv) }));
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
  }
}
