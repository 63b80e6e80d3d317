/**
 * The send job: CSV → records → signers → batches → 1410Q requests → outcomes →
 * journal → results CSV. The input is read in three streaming passes (validate,
 * send, write results) and hashed once, so that memory does not grow with the file:
 *
 *   validation.ts  pass 1: every row validated and classed
 *   plan.ts        the journal (new or resumed) and the rows this run sends
 *   dispatch.ts    pass 2: the batches, at most `concurrency` in flight
 *   results.ts     pass 3: the results file
 *   report.ts      what is printed at the end, and the exit code
 */
import { resolve } from 'node:path';
import { makeClient } from '../../api/client-factory.js';
import type { SettingFlags, Settings } from '../../config/settings.js';
import type { ResolvedToken } from '../../config/token.js';
import { toolVersion, type CommandContext } from '../../context.js';
import { compileMapping } from '../../core/mapping.js';
import { InputError, JournalError, type ExitCode } from '../../errors.js';
import { openCsv, spoolStdin } from '../../io/csv-reader.js';
import { JOURNAL_VERSION } from '../../io/journal.js';
import { acquireLock } from '../../io/lock.js';
import { t } from '../../ui/i18n.js';
import { ask } from '../../ui/prompt.js';
import { localTime, type OutputOptions, type Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { resumeCommand } from '../command-line.js';
import { preflightGate, preflightJson, runPreflight } from '../preflight.js';
import { sendRows } from './dispatch.js';
import { countToSend, defaultResultsPath, isEligible, planJournal, settingsFingerprint, sha256File, type EarlierRun, type RunFingerprint } from './plan.js';
import type { RematchSummary } from './rematch.js';
import { RunLog } from './runs.js';
import { headerProblemsError, reportValidation, summarize, validationDocument } from './report.js';
import { notSentMessage, writeResults, type Counts } from './results.js';
import { validateRows } from './validation.js';

export interface SendOptions {
  input: string;
  mode: 'send' | 'validate';
  out?: string | undefined;
  yes: boolean;
  limit?: number | undefined;
  skipInvalid: boolean;
  allowDuplicates: boolean;
  resume: boolean;
  force: boolean;
  /** `--again`: send although an earlier run sent this input to this template and account */
  again: boolean;
  retryUnknown: boolean;
  retryFailed: boolean;
  sandbox: boolean;
  bom: boolean;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  output: OutputOptions;
  settings: SettingFlags;
  /** validate: also run the online checks (`validate --online`) */
  online?: boolean | undefined;
  /** send: false for `--no-preflight` (the online checks run before the first batch by default) */
  preflight?: boolean | undefined;
}

export interface SendJob {
  opts: SendOptions;
  ctx: CommandContext;
  ui: Reporter;
  settings: Settings;
  /** the token to send with (`send` only); `resolved` says where it came from, unless in the sandbox */
  token?: { token: string; resolved?: ResolvedToken | undefined } | undefined;
  /** what to undo when the command ends, last first */
  cleanups: (() => Promise<void> | void)[];
}

export async function runSendJob({ opts, ctx, ui, settings, token, cleanups }: SendJob): Promise<ExitCode> {
  const sending = opts.mode === 'send';
  const heading = { mode: opts.mode, input: opts.input };
  const json = opts.output.json;

  // ---------------------------------------------------------------- open the input
  let inputPath = opts.input === '-' ? '-' : resolve(ctx.cwd, opts.input);
  if (inputPath === '-') {
    const spool = await spoolStdin(ctx.stdin);
    cleanups.push(spool.cleanup);
    inputPath = spool.path;
  }
  const csv = await openCsv(inputPath, { encoding: opts.encoding, delimiter: opts.delimiter, label: opts.input === '-' ? t('csv.stdinLabel') : opts.input });
  const compiled = compileMapping(csv.header, settings.mapping);
  if (!compiled.ok) throw headerProblemsError(compiled.problems, heading, ui);
  const mapping = compiled.mapping;

  // ---------------------------------------------------------------- pass 1: validate
  const validation = await validateRows(
    csv,
    mapping,
    { senderEmail: settings.memb_email, allowDuplicates: opts.allowDuplicates, batchSize: settings.batch_size, json },
    ui,
  );
  const rowsWithProblems = validation.invalid + validation.duplicates;

  if (!sending) {
    const online = opts.online ? await runPreflight({ settings, mapping, ui, env: ctx.env, json }) : undefined;
    return reportValidation(validation, settings, mapping, heading, ui, online);
  }
  if (validation.rows === 0) throw new InputError(t('send.no_rows', { file: opts.input }));
  if (rowsWithProblems > 0 && !opts.skipInvalid) {
    if (json) ui.json(validationDocument(validation, heading, 3));
    throw new InputError(t('send.invalid_rows', { count: rowsWithProblems }), [t('send.invalid_rows_hint')]);
  }

  // ---------------------------------------------------------------- journal, lock, resume
  const resultsPath = resolve(ctx.cwd, opts.out ?? defaultResultsPath(opts.input));
  const journalPath = `${resultsPath}.journal`;
  const lock = acquireLock(`${resultsPath}.lock`);
  cleanups.push(() => lock.release());
  const fingerprint: RunFingerprint = {
    v: JOURNAL_VERSION,
    t: 'run',
    tool_version: toolVersion(),
    input: opts.input,
    input_sha256: await sha256File(inputPath),
    settings_sha256: settingsFingerprint(settings),
    rows: validation.rows,
  };
  // Nothing on disk changes before the question is answered: a declined start leaves all as it was.
  const plan = await planJournal(resultsPath, journalPath, fingerprint, opts, ui, {
    csv,
    mapping,
    senderEmail: settings.memb_email,
    classes: validation.classes,
    again: opts.again,
  });
  if (plan.rematch) reportRematch(plan.rematch, ui);
  // The record of past runs (not for the sandbox): the same input to the same template and account is refused unless --again.
  const fresh = plan.kind === 'new' || plan.kind === 'restart';
  const runLog = opts.sandbox
    ? undefined
    : new RunLog(ctx.env, settings, plan.header, { input: opts.input, inputPath: opts.input === '-' ? undefined : inputPath, results: resultsPath, journal: journalPath }, ui);
  if (runLog && fresh && !opts.again) await runLog.refuseIfSent();

  // ---------------------------------------------------------------- online checks (after the local refusals, before the question)
  if (opts.preflight !== false) {
    const resolved = token!.resolved ?? { token: token!.token, source: 'sandbox' as const };
    const report = await runPreflight({ settings, mapping, ui, env: ctx.env, resolved, json });
    const error = preflightGate(report, ui);
    if (error) {
      if (json) ui.json({ command: 'send', exit_code: error.exitCode, online: preflightJson(report) });
      throw error;
    }
  }

  // ---------------------------------------------------------------- what to send
  let table = plan.table;
  const eligible = (row: number): boolean => isEligible(row, validation.classes, table, opts);
  const toSend = countToSend(validation.rows, eligible, opts.limit);
  if (plan.earlier) ui.warn(forceEarlierMessage(plan.earlier, toSend));
  if (toSend > 0 && !opts.sandbox && !opts.yes) {
    const answer = await ask(
      t('send.confirm', { count: toSend, template: settings.workflow_lib_id!, sender: settings.memb_email!, comp_id: settings.comp_id!, url: settings.api_url }),
      ctx,
    );
    if (answer !== 'yes') {
      ui.info(t('send.cancelled'));
      // Declined: the run did not do what was asked (1), though nothing went wrong; Ctrl-C is an interruption.
      return answer === 'interrupted' ? 130 : 1;
    }
  }

  // ---------------------------------------------------------------- confirmed: the run's record, the journal as planned
  await runLog?.start({ continuing: !fresh, recheck: fresh && !opts.again });
  let committed: Awaited<ReturnType<typeof plan.commit>>;
  try {
    committed = await plan.commit();
  } catch (err) {
    if (fresh) await runLog?.discard();
    throw err;
  }
  const journal = committed.journal;
  table = committed.table;
  cleanups.push(() => journal.close());

  // ---------------------------------------------------------------- pass 2: send
  const client = makeClient(settings, { token: token!.token, ui });
  cleanups.push(() => client.close());
  const run = await sendRows({ csv, mapping, settings, ctx, ui, client, journal, table, eligible, toSend, limit: opts.limit });

  // ---------------------------------------------------------------- pass 3: results
  await journal.append({ t: 'end', at: now(), reason: run.reason }).catch(() => undefined);
  const resumeHint = t('send.resume_hint', { command: resumeCommand(ctx.argv) });
  let counts: Counts;
  try {
    counts = await writeResults({
      csv,
      mapping,
      senderEmail: settings.memb_email,
      allowDuplicates: opts.allowDuplicates,
      duplicateLines: validation.duplicateLines,
      table,
      journalPath,
      resultsPath,
      bom: opts.bom,
      notSent: notSentMessage(run, opts.limit),
      // A continued run's results file has what status, remind and cancel (and the user) added: kept.
      keepColumns: plan.kind === 'resume' || plan.kind === 'rematch',
      warn: (line) => ui.warn(line),
    });
  } catch (err) {
    if (run.journalError) ui.error(run.journalError.message);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new JournalError(t('send.results_write_failed', { path: resultsPath, reason }), [resumeHint]);
  }
  const exit = summarize(counts, run, resultsPath, resumeHint, ui);
  await runLog?.finish(counts, exit);
  return exit;
}

/** What matching a changed input by content found: the counts, and a few rows of each kind. */
function reportRematch(r: RematchSummary, ui: Reporter): void {
  ui.warn(t('send.rematch_summary', r));
  for (const [row, old] of r.movedExamples) ui.warn(t('send.rematch_moved', { row, old }));
  for (const [row, old] of r.skippedExamples) {
    ui.warn(t('send.rematch_example', { row, message: old > 0 ? t('send.rematch_skipped', { row: old }) : t('send.rematch_skipped_earlier') }));
  }
}

/** `--force` over an earlier run: what it already sent, and what starting over sends. */
function forceEarlierMessage(e: EarlierRun, count: number): string {
  if (e.rows < 0) return t('send.force_earlier_unreadable', { journal: e.journalPath, count });
  return t('send.force_earlier', { date: localTime(e.createdAt), rows: e.rows, sent: e.sent, unknown: e.unknown, count });
}
