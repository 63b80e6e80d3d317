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
import type { ApiClient } from '../../api/client.js';
import { makeClient } from '../../api/client-factory.js';
import type { SettingFlags, Settings } from '../../config/settings.js';
import type { ResolvedToken } from '../../config/token.js';
import { toolVersion, type CommandContext } from '../../context.js';
import { compileMapping } from '../../core/mapping.js';
import { ApiStopError, decideExit, InputError, JournalError, UsageError, type ExitCode } from '../../errors.js';
import { openCsv } from '../../io/csv-reader.js';
import { copyInput } from '../../io/input-copy.js';
import { isSameFile, removeStaleTemps } from '../../io/atomic-file.js';
import { JOURNAL_VERSION, type JournalHeader } from '../../io/journal.js';
import { acquireLock } from '../../io/lock.js';
import { t } from '../../ui/i18n.js';
import { ask } from '../../ui/prompt.js';
import { localTime, type OutputOptions, type Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { followupCommand, restCommand, resumeCommand, sandboxCommand } from '../command-line.js';
import { preflightGate, preflightJson, quotaProblem, runPreflight, type PreflightReport } from '../preflight.js';
import { RunControl } from '../run-control.js';
import { countToSend, defaultResultsPath, isEligible, planJournal, refuseExistingResults, settingsFingerprint, type EarlierRun, type RunFingerprint } from './plan.js';
import type { RematchSummary } from './rematch.js';
import { RunLog } from './runs.js';
import { firstProblemLines, headerProblemsError, reportValidation, summarize, validationDocument } from './report.js';
import { readRescued, rescue, unrecordedOutcomes } from './rescue.js';
import { notSentMessage, writeResults, type Counts } from './results.js';
import { runTitle } from './title.js';
import { validateRows } from './validation.js';
import { sendRows, type DispatchInput } from './dispatch.js';
import { findTemplateDocument } from '../template-document.js';
import { recordSettlement, runId, unknownRows, type Settlement } from '../settle/job.js';
import { reportSettlement, settleStep, settlementJson } from '../settle/step.js';

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
  /** a workbook's sheet (`--sheet`); default: the first */
  sheet?: string | undefined;
  output: OutputOptions;
  settings: SettingFlags;
  /** validate: also run the online checks (`validate --online`) */
  online?: boolean | undefined;
  /** validate and `send --dry-run`: show the first request (`--preview`; `--verbose` shows it too) */
  preview?: boolean | undefined;
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
  // A send reads its own copy of the input, three times: the very bytes it validated,
  // whatever happens to the file meanwhile (io/input-copy.ts). Standard input is copied
  // for validate too, as it cannot be read twice.
  const label = opts.input === '-' ? t('csv.stdinLabel') : opts.input;
  let inputPath = opts.input === '-' ? '-' : resolve(ctx.cwd, opts.input);
  const resultsPath = resolve(ctx.cwd, opts.out ?? defaultResultsPath(opts.input));
  // Whatever else is said (--force too): the results never replace the signer list.
  if (sending && inputPath !== '-' && isSameFile(resultsPath, inputPath)) {
    throw new UsageError(t('safety.out_is_input', { out: opts.out ?? resultsPath, input: opts.input }));
  }
  const journalPath = `${resultsPath}.journal`;
  // Results already there (or a resume without its journal): refused before the input is
  // copied and read, not after a million rows. The plan checks again under the lock.
  if (sending) refuseExistingResults(resultsPath, journalPath, opts);
  let inputSha256: string | undefined;
  if (sending || inputPath === '-') {
    const copy = await copyInput(inputPath === '-' ? ctx.stdin : inputPath, label);
    cleanups.push(copy.cleanup);
    inputPath = copy.path;
    inputSha256 = copy.sha256;
  }
  const csv = await openCsv(inputPath, { encoding: opts.encoding, delimiter: opts.delimiter, sheet: opts.sheet, label });
  const compiled = compileMapping(csv.header, settings.mapping);
  if (!compiled.ok) {
    // A file for a template not set up yet (the sample): the sandbox has one.
    const noDocId = !opts.sandbox && settings.doc_id === undefined && compiled.problems.some((p) => p.code === 'missing_doc_id');
    throw headerProblemsError(compiled.problems, heading, ui, noDocId ? [t('sandbox.try_it', { command: sandboxCommand(ctx.argv, []) })] : []);
  }
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
    const online = opts.online ? await runPreflight({ settings, mapping, ui, env: ctx.env, json, needed: validation.valid }) : undefined;
    // Offline, a title from the template's name is not known yet: the preview says where it will come from.
    const title = runTitle(mapping, settings, online?.template?.name);
    const shown = !opts.online && (title.from === 'config_text' || title.from === 'lib_id') ? t('send.title_from_template') : title.title;
    return reportValidation(validation, settings, mapping, heading, ui, online, shown, opts.preview);
  }
  if (validation.rows === 0) throw new InputError(t('send.no_rows', { file: opts.input }));
  if (rowsWithProblems > 0 && !opts.skipInvalid) {
    if (json) ui.json(validationDocument(validation, heading, 3));
    throw new InputError(t('send.invalid_rows', { count: rowsWithProblems, shown: validation.firstProblems.length }), [...firstProblemLines(validation), t('send.invalid_rows_hint')]);
  }
  // --skip-invalid with nothing valid left: not a success (exit 3), and nothing to record.
  if (validation.valid === 0) {
    if (json) ui.json(validationDocument(validation, heading, 3));
    throw new InputError(t('safety.nothing_valid', { count: rowsWithProblems }));
  }

  // ---------------------------------------------------------------- journal, lock, resume (local refusals first)
  const lock = acquireLock(`${resultsPath}.lock`);
  cleanups.push(() => lock.release());
  removeStaleTemps(resultsPath);
  const fingerprint: RunFingerprint = {
    v: JOURNAL_VERSION,
    t: 'run',
    tool_version: toolVersion(),
    input: opts.input,
    input_sha256: inputSha256!, // the copy's: the bytes every pass reads (a send always reads a copy)
    settings_sha256: settingsFingerprint(settings),
    rows: validation.rows,
    ...(opts.sandbox ? { sandbox: true as const } : {}),
  };
  // Nothing on disk changes before the question is answered: a declined start leaves all as it was.
  const plan = await planJournal(
    resultsPath,
    journalPath,
    fingerprint,
    opts,
    ui,
    { csv, mapping, senderEmail: settings.memb_email, classes: validation.classes, again: opts.again },
    // Answers an earlier run received but could not record (a full disk): counted now, written once confirmed.
    await readRescued(resultsPath, ctx.env),
  );
  if (plan.rematch) reportRematch(plan.rematch, ui);
  // The record of past runs (not for the sandbox): the same input to the same template and account is refused unless --again.
  const fresh = plan.kind === 'new' || plan.kind === 'restart';
  const inputFile = opts.input === '-' ? undefined : resolve(ctx.cwd, opts.input);
  const runLog = opts.sandbox ? undefined : new RunLog(ctx.env, settings, plan.header, { input: opts.input, inputPath: inputFile, results: resultsPath, journal: journalPath }, ui);
  if (runLog && fresh && !opts.again) await runLog.refuseIfSent();
  // What to send: the plan's table, which the journal as committed replaces (the same rows' states).
  let table = plan.table;
  const eligible = (row: number): boolean => isEligible(row, validation.classes, table, opts);

  // ---------------------------------------------------------------- online checks (after the local refusals, before the question)
  let online: PreflightReport | undefined;
  if (opts.preflight !== false) {
    const resolved = token!.resolved ?? { token: token!.token, source: 'sandbox' as const };
    online = await runPreflight({ settings, mapping, ui, env: ctx.env, resolved, json });
    const error = preflightGate(online, ui);
    if (error) {
      if (json) ui.json({ command: 'send', exit_code: error.exitCode, online: preflightJson(online) });
      throw error;
    }
  }
  const client = makeClient(settings, { token: token!.token, ui });
  cleanups.push(() => client.close());

  // ---------------------------------------------------------------- rows whose answer was lost, settled from the service (asked, not yet written)
  let settlement: Settlement | undefined;
  if (plan.kind === 'resume') {
    const step = { journalPath, table, header: plan.header, settings, client, docUid: online?.template?.doc_id, input: { csv, mapping }, ui, by: 'resume' as const };
    settlement = await settleStep(step);
    if (settlement) reportSettlement(settlement, ui);
  } else if (plan.kind === 'rematch' && unknownRows(table).length > 0) ui.info(t('settle.rematched'));
  const reference = await referenceFor(settings, client, online?.template?.doc_id, plan.header);
  const toSend = countToSend(validation.rows, eligible, opts.limit);

  // The company's documents left, against what this run sends: refused before anything is written.
  const short = quotaProblem(online?.company, toSend);
  if (short) {
    const error = new ApiStopError(t('preflight.failed_account', { count: 1 }), [short.message]);
    if (json) ui.json({ command: 'send', exit_code: error.exitCode, online: preflightJson({ ...online!, ok: false, accountProblems: [short] }) });
    throw error;
  }

  // ---------------------------------------------------------------- the question
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
    // A journal that cannot even be started (a full or read-only folder): nothing was sent.
    const code = err instanceof JournalError ? (err.cause as NodeJS.ErrnoException | undefined)?.code : undefined;
    throw code ? new UsageError(t('safety.cannot_start', { path: journalPath, reason: code })) : err;
  }
  await runLog?.journalStarted();
  const journal = committed.journal;
  table = committed.table;
  cleanups.push(() => journal.close());
  // What the search decided, in the journal before anything is sent (a failure here stops the run: exit 5).
  if (settlement) await recordSettlement(journal, table, settlement);

  // ---------------------------------------------------------------- pass 2: send
  const title = runTitle(mapping, settings, online?.template?.name);
  // The last resort: a signer without a title of its own would get the template's id as its document's title.
  if (title.from === 'lib_id' && toSend > 0 && mapping.index.workflow_name < 0) ui.warn(t('send.title_fallback', { title: title.title }));
  const run = await sendRows({ csv, mapping, settings, ctx, ui, client, journal, table, eligible, toSend, limit: opts.limit, title: title.title, reference });

  // ---------------------------------------------------------------- pass 3: results
  const resumeHint = t('send.resume_hint', { command: resumeCommand(ctx.argv) });
  let counts: Counts | undefined;
  // A signal does not cut this pass short either (a dropped SSH session must still leave the
  // results file): the first is noted and the file written; a second leaves at once. It takes
  // over from pass 2's with no wait in between, so no signal falls into a gap.
  const shield = new RunControl({
    ui,
    concurrency: 1,
    firstSignal: (signal) => t('safety.writing_results', { signal }),
    secondSignal: () => [t('safety.results_not_written'), resumeHint],
    exitNow: ctx.exitNow,
  });
  const writing = async (): Promise<void> => {
    // Ids received but not recorded (the journal failed): printed and saved before anything else can fail.
    if (run.unrecorded.length > 0) await rescue(resultsPath, run.unrecorded, ctx.env, ui);
    await journal.append({ t: 'end', at: now(), reason: run.reason }).catch(() => undefined);
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
      unrecorded: run.unrecorded.length > 0 ? unrecordedOutcomes(run.unrecorded) : undefined,
    });
  };
  try {
    await shield.run(t('safety.writing_results_label'), writing);
  } catch (err) {
    if (run.journalError) ui.error(run.journalError.message);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new JournalError(t('send.results_write_failed', { path: resultsPath, reason }), [resumeHint]);
  }
  const results = opts.out ?? defaultResultsPath(opts.input);
  const next = {
    // The sandbox keeps its documents: the next step works on them as it would on a real account's.
    status: opts.sandbox ? sandboxCommand(['status', results], ctx.argv) : followupCommand('status', results, ctx.argv),
    rest: restCommand(ctx.argv),
  };
  const exit = decideExit(summarize(counts!, run, resultsPath, resumeHint, ui, next, settlement && settlementJson(settlement)), shield.interrupted ? 130 : 0);
  await runLog?.finish(counts!, exit);
  return exit;
}

/**
 * `reference_field`: what each signer's document gets its reference in — the field, in
 * the template's own document (found by the pre-flight, else by one 1123Q), and the
 * run's part of the reference. Undefined without the setting; refused when the
 * template's document cannot be found (the run would send without what was asked).
 */
async function referenceFor(settings: Settings, client: ApiClient, docId: string | undefined, header: JournalHeader): Promise<DispatchInput['reference']> {
  const field = settings.reference_field;
  if (field === undefined) return undefined;
  if (!docId) {
    const found = await findTemplateDocument(client, settings);
    if (found.kind !== 'found') throw new ApiStopError(t('settle.reference_no_document', { field, id: settings.workflow_lib_id ?? '' }));
    docId = found.docUid;
  }
  return { field, docId, run: runId(header) };
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
