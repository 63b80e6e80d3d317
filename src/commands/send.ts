/**
 * `send` and `validate`: CSV → validated signers → batches → 1410Q → journal →
 * results CSV. Three streaming passes over the input (validate, send, write results)
 * so that memory does not grow with the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { bulkStart, BULK_START_PATH, buildRequest, toUnsetPlayer, type RunStop } from '../api/bulk-start.js';
import { newSessionId, type ApiClient } from '../api/client.js';
import { makeClient } from '../api/client-factory.js';
import type { UnsetPlayer } from '../api/schemas.js';
import { loadSettings, requireSettings, type SettingFlags, type Settings } from '../config/settings.js';
import { resolveToken, type ResolvedToken } from '../config/token.js';
import { checkStoredToken } from '../config/token-warnings.js';
import { combineExit, preflightGate, preflightJson, reportPreflight, runPreflight, type PreflightReport } from '../jobs/preflight.js';
import { compileMapping, type CompiledMapping } from '../core/mapping.js';
import type { RowOutcome, RowStatus } from '../core/outcome.js';
import { classifyRows, DuplicateLines, RowClass, RowClasses } from '../core/rows.js';
import { duplicateContactProblem, parseSignerRow } from '../core/signer.js';
import type { RowProblem, Signer } from '../core/signer-types.js';
import { openCsv, spoolStdin, type CsvFile } from '../io/csv-reader.js';
import { JournalWriter, OutcomeReader, readJournal, RowState, RowTable, toDoneEntry, type JournalHeader } from '../io/journal.js';
import { acquireLock } from '../io/lock.js';
import { writeResultsFile, type ResultRow } from '../io/results-writer.js';
import { decideExit, InputError, JournalError, UsageError, type CliError, type ExitCode } from '../errors.js';
import { t } from '../ui/i18n.js';
import { clean, Reporter, type OutputOptions } from '../ui/reporter.js';
import { formatHeaderProblem, formatRowProblem } from '../ui/problems.js';
import { explainResultCode } from '../ui/messages/api.js';
import { toolVersion, type CommandContext } from '../context.js';
import { RunControl } from '../jobs/run-control.js';
import { ask } from '../ui/prompt.js';
import { keepHeapSmall } from '../jobs/heap.js';

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

type Counts = Record<RowStatus, number>;

const emptyCounts = (): Counts => ({ sent: 0, failed: 0, invalid: 0, unknown: 0, not_sent: 0, skipped_duplicate: 0 });

/** What the first pass learnt: counts, classes, and the first request's signers for the preview. */
interface Validation {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  classes: RowClasses;
  /** where each duplicate row's contact first appeared: the results pass needs no ContactSet */
  duplicateLines: DuplicateLines;
  problems: RowProblem[];
  preview: Signer[];
}

export async function sendCommand(opts: SendOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const ui = new Reporter(opts.output, ctx);
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    return await run(opts, ctx, ui, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function run(opts: SendOptions, ctx: CommandContext, ui: Reporter, cleanups: (() => Promise<void> | void)[]): Promise<ExitCode> {
  const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
  const sending = opts.mode === 'send';

  if (sending && !opts.sandbox) {
    requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);
    // Refuse early, before reading a million rows, when no one can answer the question.
    if (!opts.yes && ctx.stdin.isTTY !== true) throw new UsageError(t('send.needs_yes'));
  }
  if (sending && opts.input === '-' && !opts.out) throw new UsageError(t('send.stdin_needs_out'));
  if (!sending && opts.online) requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);

  let token: string | undefined;
  let resolvedToken: ResolvedToken | undefined;
  if (opts.sandbox && sending) {
    token = await startSandbox(settings, cleanups, ui);
  } else if (sending) {
    resolvedToken = await resolveToken(settings, ctx.env);
    checkStoredToken(resolvedToken, ui, settings);
    token = resolvedToken.token;
  }

  // ---------------------------------------------------------------- open the input
  let inputPath = opts.input === '-' ? '-' : resolve(ctx.cwd, opts.input);
  if (inputPath === '-') {
    const spool = await spoolStdin(ctx.stdin);
    cleanups.push(spool.cleanup);
    inputPath = spool.path;
  }
  const csv = await openCsv(inputPath, { encoding: opts.encoding, delimiter: opts.delimiter, label: opts.input === '-' ? t('csv.stdinLabel') : opts.input });
  const compiled = compileMapping(csv.header, settings.mapping);
  if (!compiled.ok) {
    const lines = compiled.problems.map(formatHeaderProblem);
    if (opts.output.json) {
      ui.json({ command: opts.mode, exit_code: 3, header_problems: compiled.problems.map((p, i) => ({ ...p, message: lines[i] })) });
    }
    throw new InputError(t('send.header_problems', { file: opts.input, count: lines.length }), lines);
  }
  const mapping = compiled.mapping;

  // ---------------------------------------------------------------- pass 1: validate
  const validation = await validate(csv, mapping, settings, opts, ui);
  const rowsWithProblems = validation.invalid + validation.duplicates;

  if (!sending) {
    const online = opts.online ? await runPreflight({ settings, mapping, ui, env: ctx.env, json: opts.output.json }) : undefined;
    return reportValidation(validation, settings, mapping, opts, ui, online);
  }
  if (validation.rows === 0) throw new InputError(t('send.no_rows', { file: opts.input }));
  if (rowsWithProblems > 0 && !opts.skipInvalid) {
    if (opts.output.json) ui.json(validationDocument(validation, opts, 3));
    throw new InputError(t('send.invalid_rows', { count: rowsWithProblems }), [t('send.invalid_rows_hint')]);
  }

  // ---------------------------------------------------------------- online checks (before anything is sent)
  if (opts.preflight !== false) {
    const resolved = resolvedToken ?? { token: token!, source: 'sandbox' as const };
    const report = await runPreflight({ settings, mapping, ui, env: ctx.env, resolved, json: opts.output.json });
    const error = preflightGate(report, ui);
    if (error) {
      if (opts.output.json) ui.json({ command: 'send', exit_code: error.exitCode, online: preflightJson(report) });
      throw error;
    }
  }

  // ---------------------------------------------------------------- journal, lock, resume
  const resultsPath = resolve(ctx.cwd, opts.out ?? defaultResultsPath(opts.input));
  const journalPath = `${resultsPath}.journal`;
  const lock = acquireLock(`${resultsPath}.lock`);
  cleanups.push(() => lock.release());

  const fingerprint: Omit<JournalHeader, 'created_at'> = {
    v: 1,
    t: 'run',
    tool_version: toolVersion(),
    input: opts.input,
    input_sha256: await sha256File(inputPath),
    settings_sha256: settingsFingerprint(settings),
    rows: validation.rows,
  };
  const { journal, table } = await openJournal(resultsPath, journalPath, fingerprint, opts, ui);
  cleanups.push(() => journal.close());

  // ---------------------------------------------------------------- what to send
  const eligible = (row: number): boolean => {
    const cls = validation.classes.get(row);
    if (cls === RowClass.Invalid || (cls === RowClass.Duplicate && !opts.allowDuplicates)) return false;
    switch (table.state[row] as RowState) {
      case RowState.None:
      case RowState.NotSent:
        return true;
      case RowState.Failed:
        return opts.retryFailed;
      case RowState.Unknown:
        return opts.retryUnknown;
      case RowState.Sent:
        return false;
    }
  };
  let toSend = 0;
  for (let row = 1; row <= validation.rows; row++) if (eligible(row)) toSend++;
  if (opts.limit !== undefined) toSend = Math.min(toSend, opts.limit);

  if (toSend > 0 && !opts.sandbox && !opts.yes) {
    const answer = await ask(
      t('send.confirm', {
        count: toSend,
        template: settings.workflow_lib_id!,
        sender: settings.memb_email!,
        comp_id: settings.comp_id!,
        url: settings.api_url,
      }),
      ctx,
    );
    if (answer !== 'yes') {
      ui.info(t('send.cancelled'));
      await journal.append({ t: 'end', at: now(), reason: 'declined' });
      return answer === 'interrupted' ? 130 : 0;
    }
  }

  // ---------------------------------------------------------------- pass 2: send
  const client = makeClient(settings, { token, ui });
  cleanups.push(() => client.close());

  const run = await sendRows({ csv, mapping, settings, opts, ctx, ui, client, journal, table, eligible, toSend, validation });

  // ---------------------------------------------------------------- pass 3: results
  await journal.append({ t: 'end', at: now(), reason: run.reason }).catch(() => undefined);
  let counts: Counts;
  try {
    counts = await writeResults(csv, mapping, settings, opts, validation, table, journalPath, resultsPath, run);
  } catch (err) {
    if (run.journalError) ui.error(run.journalError.message);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new JournalError(t('send.results_write_failed', { path: resultsPath, reason }), [t('send.resume_hint', { command: resumeCommand(ctx.argv) })]);
  }
  return summarize(counts, run, resultsPath, opts, ctx, ui);
}

// =================================================================== pass 1

async function validate(csv: CsvFile, mapping: CompiledMapping, settings: Settings, opts: SendOptions, ui: Reporter): Promise<Validation> {
  const v: Validation = {
    rows: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    classes: new RowClasses(),
    duplicateLines: new DuplicateLines(),
    problems: [],
    preview: [],
  };
  const report = (p: RowProblem) => {
    if (opts.output.json) v.problems.push(p);
    else ui.error(formatRowProblem(p));
  };
  for await (const chunk of classifyRows(csv, { mapping, senderEmail: settings.memb_email, allowDuplicates: opts.allowDuplicates })) {
    for (const item of chunk) {
      v.rows = item.record.row;
      switch (item.kind) {
        case 'valid':
          v.valid++;
          v.classes.push(item.record.row, RowClass.Valid);
          if (v.preview.length < settings.batch_size) v.preview.push(item.signer);
          break;
        case 'invalid':
          v.invalid++;
          v.classes.push(item.record.row, RowClass.Invalid);
          item.problems.forEach(report);
          break;
        case 'duplicate':
          v.duplicates++;
          v.classes.push(item.record.row, RowClass.Duplicate);
          v.duplicateLines.push(item.record.row, item.firstLine);
          report(item.problem);
          break;
      }
    }
  }
  return v;
}

function reportValidation(
  v: Validation,
  settings: Settings,
  mapping: CompiledMapping,
  opts: SendOptions,
  ui: Reporter,
  online?: PreflightReport,
): ExitCode {
  const bad = v.invalid + v.duplicates;
  const exit: ExitCode = combineExit(bad > 0 ? 3 : 0, online);
  const preview = v.preview.length > 0 ? previewRequest(v.preview, settings) : undefined;
  if (opts.output.json) {
    ui.json({ ...validationDocument(v, opts, exit), preview, online: online ? preflightJson(online) : undefined });
    return exit;
  }
  if (mapping.ignoredColumns.length > 0) ui.warn(t('send.ignored_columns', { columns: mapping.ignoredColumns.join(', ') }));
  if (preview) {
    ui.info(t('send.preview', { batches: Math.ceil(v.valid / settings.batch_size), shown: Math.min(3, v.preview.length), size: v.preview.length }));
    ui.info(JSON.stringify(preview, null, 2));
  }
  ui.info(t('send.validation_summary', { rows: v.rows, valid: v.valid, invalid: v.invalid, duplicates: v.duplicates }));
  if (bad > 0) ui.error(t('send.validation_failed', { count: bad }));
  if (online) reportPreflight(online, ui);
  return exit;
}

function validationDocument(v: Validation, opts: SendOptions, exit: ExitCode) {
  return {
    command: opts.mode,
    exit_code: exit,
    input: opts.input,
    counts: { rows: v.rows, valid: v.valid, invalid: v.invalid, duplicates: v.duplicates },
    problems: v.problems.map((p) => ({ ...p, message: formatRowProblem(p) })),
  };
}

/** The first request as it would leave, with passwords masked and the list shortened. */
function previewRequest(signers: Signer[], settings: Settings) {
  const players = signers.slice(0, 3).map((s) => {
    const p = toUnsetPlayer(s);
    return { ...p, password: p.password ? '***' : '' };
  });
  const request = buildRequest(players, settings, 'eb-preview');
  const more = signers.length - players.length;
  return {
    url: `${settings.api_url}${BULK_START_PATH}`,
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'esignonapi', Authorization: 'esignon ***' },
    body: more > 0 ? { ...request, body: { ...request.body, unset_player_list: [...request.body.unset_player_list, `… ${more} more`] } } : request,
  };
}

// =================================================================== journal

async function openJournal(
  resultsPath: string,
  journalPath: string,
  fingerprint: Omit<JournalHeader, 'created_at'>,
  opts: SendOptions,
  ui: Reporter,
): Promise<{ journal: JournalWriter; table: RowTable }> {
  const haveJournal = existsSync(journalPath);
  const haveResults = existsSync(resultsPath);

  if (opts.resume && haveJournal) {
    const replay = readJournal(journalPath);
    if (replay.tornTail) ui.warn(t('journal.torn_tail', { path: journalPath }));
    const mismatch: string[] = [];
    if (replay.header.input_sha256 !== fingerprint.input_sha256 || replay.header.rows !== fingerprint.rows) mismatch.push(t('send.resume_input_changed'));
    if (replay.header.settings_sha256 !== fingerprint.settings_sha256) mismatch.push(t('send.resume_settings_changed'));
    if (mismatch.length > 0 && !opts.force) throw new UsageError(t('send.resume_mismatch', { path: journalPath }), mismatch);
    if (mismatch.length > 0) ui.warn(t('send.resume_forced'));
    const journal = await JournalWriter.reopen(journalPath, replay.validLength);
    await journal.append({ t: 'resume', at: now(), pid: process.pid });
    return { journal, table: replay.table.rows === fingerprint.rows ? replay.table : resizeTable(replay.table, fingerprint.rows) };
  }
  if (opts.resume && haveResults && !opts.force) {
    throw new UsageError(t('send.resume_no_journal', { results: resultsPath, journal: journalPath }));
  }
  if (!opts.resume && (haveJournal || haveResults)) {
    if (!opts.force) throw new UsageError(t('send.results_exist', { path: haveResults ? resultsPath : journalPath }));
    if (haveJournal) {
      const kept = `${journalPath}.${Date.now()}.old`;
      renameSync(journalPath, kept);
      ui.warn(t('send.old_journal_kept', { path: kept }));
    }
  }
  const journal = await JournalWriter.create(journalPath, { ...fingerprint, created_at: now() });
  return { journal, table: new RowTable(fingerprint.rows) };
}

/** With --force after the input changed: keep what the journal says for rows that still exist. */
function resizeTable(old: RowTable, rows: number): RowTable {
  const table = new RowTable(rows);
  table.batches.push(...old.batches);
  table.maxBatch = old.maxBatch;
  const n = Math.min(rows, old.rows);
  table.state.set(old.state.subarray(0, n + 1));
  table.ref.set(old.ref.subarray(0, n + 1));
  return table;
}

// =================================================================== pass 2

interface RunResult {
  reason: 'complete' | 'stopped' | 'interrupted' | 'journal_failed';
  stop?: RunStop | undefined;
  journalError?: CliError | undefined;
  sentThisRun: number;
  limitReached: boolean;
}

interface SendContext {
  csv: CsvFile;
  mapping: CompiledMapping;
  settings: Settings;
  opts: SendOptions;
  ctx: CommandContext;
  ui: Reporter;
  client: ApiClient;
  journal: JournalWriter;
  table: RowTable;
  eligible: (row: number) => boolean;
  toSend: number;
  validation: Validation;
}

async function sendRows(s: SendContext): Promise<RunResult> {
  const { settings, opts, ui, client, journal, table } = s;
  const result: RunResult = { reason: 'complete', sentThisRun: 0, limitReached: false };
  const totalBatches = Math.ceil(s.toSend / settings.batch_size);
  const progress = { done: 0, total: totalBatches, sent: 0, failed: 0, unknown: 0 };
  let nextBatch = table.maxBatch + 1;
  // Second signal: leave now. Batches in flight stay "in flight" in the journal: unknown.
  const control = new RunControl({
    ui,
    concurrency: settings.concurrency,
    firstSignal: (signal) => {
      result.reason = 'interrupted';
      return t('send.interrupt_first', { signal });
    },
    secondSignal: () => [t('send.interrupt_second'), t('send.resume_hint', { command: resumeCommand(s.ctx.argv) })],
    exitNow: s.ctx.exitNow,
  });
  const journalFailed = (err: unknown): void => {
    control.stop();
    result.reason = 'journal_failed';
    result.journalError = err as CliError;
  };

  const runBatch = async (rows: number[], players: UnsetPlayer[], contacts: string[]): Promise<void> => {
    const batch = nextBatch++;
    const sessionId = newSessionId();
    const sentAt = now();
    try {
      await journal.append({ t: 'inflight', b: batch, sid: sessionId, at: sentAt, rows });
    } catch (err) {
      journalFailed(err);
      return;
    }
    table.applyInflight(batch, sessionId, sentAt, rows);

    // A stop that arrived while the in-flight record was being written: the request never leaves.
    const outcome = control.stopping
      ? { rows: rows.map((): RowOutcome => ({ status: 'not_sent', message: '' })), stop: undefined }
      : await bulkStart(client, players, contacts, settings, { batch, session_id: sessionId, sent_at: sentAt });
    const entries = rows.map((row, i) => toDoneEntry(row, outcome.rows[i]!));
    if (outcome.stop) control.stop(); // no batch leaves after this one, even before its record is on disk
    // The slot is freed once this record is queued, not once it is on disk: the next batch's
    // in-flight record then shares its write and fsync (one fsync a batch instead of two), and
    // that batch still leaves only after both are on disk, as the journal writes in order.
    control.after(
      (async () => {
        try {
          const { offset, length } = await journal.append({ t: 'done', b: batch, at: sentAt, rows: entries });
          table.applyDone(batch, entries, offset, length);
        } catch (err) {
          journalFailed(err);
          return;
        }
        for (const o of outcome.rows) {
          if (o.status === 'sent') progress.sent++;
          else if (o.status === 'failed') progress.failed++;
          else if (o.status === 'unknown') progress.unknown++;
        }
        progress.done++;
        if (outcome.stop && !result.stop) {
          result.stop = outcome.stop;
          if (result.reason === 'complete') result.reason = 'stopped';
        }
        ui.progress(progress, t('send.progress', progress));
      })(),
    );
  };

  await control.run(t('send.starting', { count: s.toSend, batches: totalBatches }), async () => {
    let rows: number[] = [];
    let players: UnsetPlayer[] = [];
    let contacts: string[] = [];
    let queued = 0;
    outer: for await (const chunk of s.csv.chunks()) {
      for (const record of chunk) {
        if (control.stopping) break outer;
        if (!s.eligible(record.row)) continue;
        if (queued >= s.toSend) {
          result.limitReached = opts.limit !== undefined;
          break outer;
        }
        const parsed = parseSignerRow(record, s.mapping, { senderEmail: settings.memb_email });
        if (!parsed.ok) continue; // cannot happen: pass 1 found this row valid and the file is unchanged
        rows.push(record.row);
        players.push(toUnsetPlayer(parsed.signer));
        contacts.push(parsed.signer.contact);
        queued++;
        if (rows.length === settings.batch_size) {
          await control.start(() => runBatch(rows, players, contacts));
          rows = [];
          players = [];
          contacts = [];
        }
      }
    }
    if (rows.length > 0) await control.start(() => runBatch(rows, players, contacts));
  });
  result.sentThisRun = progress.sent;
  return result;
}

// =================================================================== pass 3

async function writeResults(
  csv: CsvFile,
  mapping: CompiledMapping,
  settings: Settings,
  opts: SendOptions,
  validation: Validation,
  table: RowTable,
  journalPath: string,
  resultsPath: string,
  run: RunResult,
): Promise<Counts> {
  const counts = emptyCounts();
  const reader = new OutcomeReader(journalPath, table);
  const notSentMessage =
    run.reason === 'interrupted'
      ? t('send.not_sent_interrupted')
      : run.reason === 'journal_failed'
        ? t('send.not_sent_journal')
        : run.stop
          ? t('send.not_sent_stopped', { reason: `${run.stop.code}: ${run.stop.message}` })
          : run.limitReached
            ? t('send.not_sent_limit', { limit: opts.limit ?? 0 })
            : t('send.not_sent');
  async function* rows(): AsyncGenerator<ResultRow[]> {
    // Duplicates as the first pass found them (its classes and first lines), rather than a second ContactSet.
    for await (const chunk of classifyRows(csv, { mapping, senderEmail: settings.memb_email, allowDuplicates: true })) {
      const out: ResultRow[] = [];
      for (const item of chunk) {
        const { record } = item;
        let name: string;
        let contact: string;
        let outcome: RowOutcome | undefined = reader.outcome(record.row);
        if (item.kind === 'invalid') {
          name = clean(record.cells[mapping.index.name] ?? '').trim();
          contact = clean(record.cells[mapping.index.email] ?? '').trim();
          outcome ??= { status: 'invalid', message: item.problems.map(formatRowProblem).join('; ') };
        } else {
          name = item.signer.name;
          contact = item.signer.contact;
          const firstLine = opts.allowDuplicates ? undefined : validation.duplicateLines.firstLine(record.row);
          if (firstLine !== undefined) {
            const problem = duplicateContactProblem(record, mapping, contact, firstLine);
            outcome ??= { status: 'skipped_duplicate', message: formatRowProblem(problem) };
          }
        }
        outcome ??= { status: 'not_sent', message: notSentMessage };
        if (outcome.status === 'not_sent' && outcome.message === '') outcome = { status: 'not_sent', message: notSentMessage };
        counts[outcome.status]++;
        out.push({ row: record.row, line: record.line, name, contact, outcome });
      }
      yield out;
    }
  }
  try {
    await writeResultsFile(resultsPath, rows(), { bom: opts.bom });
  } finally {
    reader.close();
  }
  return counts;
}

// =================================================================== the end

function summarize(counts: Counts, run: RunResult, resultsPath: string, opts: SendOptions, ctx: CommandContext, ui: Reporter): ExitCode {
  const exit = decideExit(
    counts.failed > 0 || counts.unknown > 0 ? 1 : 0,
    run.stop ? 4 : 0,
    run.reason === 'interrupted' ? 130 : 0,
    run.journalError ? 5 : 0,
  );

  if (opts.output.json) {
    ui.json({
      command: 'send',
      exit_code: exit,
      results: resultsPath,
      journal: `${resultsPath}.journal`,
      counts,
      stopped: run.stop ? { code: run.stop.code, message: clean(run.stop.message), explanation: explainResultCode(run.stop.code) } : undefined,
      interrupted: run.reason === 'interrupted' || undefined,
    });
  }
  ui.info(t('send.summary', counts));
  ui.info(t('send.results_written', { path: resultsPath }));
  if (run.journalError) ui.error(run.journalError.message);
  if (run.stop) {
    ui.error(t('send.stopped', { code: run.stop.code, message: clean(run.stop.message) }));
    const explanation = explainResultCode(run.stop.code);
    if (explanation) ui.error(explanation);
  }
  const hints: string[] = [];
  if (run.reason === 'interrupted' || run.stop || run.journalError || (counts.not_sent > 0 && !run.limitReached)) {
    hints.push(t('send.resume_hint', { command: resumeCommand(ctx.argv) }));
  }
  if (counts.unknown > 0) hints.push(t('send.unknown_hint', { count: counts.unknown }));
  if (counts.failed > 0) hints.push(t('send.failed_hint', { count: counts.failed }));
  if (counts.invalid + counts.skipped_duplicate > 0) hints.push(t('send.invalid_hint', { count: counts.invalid + counts.skipped_duplicate }));
  for (const hint of hints) (exit === 0 ? ui.info.bind(ui) : ui.warn.bind(ui))(hint);
  return exit;
}

/** The command line to run to resume: what was typed, with --resume and without --force. */
export function resumeCommand(argv: readonly string[]): string {
  const args = argv.filter((a) => a !== '--force' && a !== '--resume' && a !== '-y' && a !== '--yes');
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['esignon-bulk', ...quoted, '--resume'].join(' ');
}

export function defaultResultsPath(input: string): string {
  return input.replace(/\.(csv|txt|tsv)$/i, '') + '.results.csv';
}

export function settingsFingerprint(s: Settings): string {
  const shape = {
    comp_id: s.comp_id,
    memb_email: s.memb_email,
    client_id: s.client_id,
    workflow_lib_id: s.workflow_lib_id,
    mapping: s.mapping,
    comment: s.comment,
    api_version: s.api_version,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function startSandbox(settings: Settings, cleanups: (() => Promise<void> | void)[], ui: Reporter): Promise<string> {
  const [{ startEmulator }, { SANDBOX }] = await Promise.all([import('../emulator/server.js'), import('../emulator/sandbox.js')]);
  const emulator = await startEmulator({ port: 0 });
  cleanups.push(() => emulator.close());
  settings.api_url = emulator.url;
  settings.comp_id = SANDBOX.comp_id;
  settings.memb_email = SANDBOX.memb_email;
  settings.client_id = SANDBOX.client_id;
  settings.workflow_lib_id = SANDBOX.workflow_lib_id;
  settings.doc_id = SANDBOX.doc_id;
  settings.mapping.doc_id = SANDBOX.doc_id;
  ui.info(t('send.sandbox', { url: emulator.url, template: SANDBOX.workflow_lib_id }));
  return SANDBOX.token;
}

function now(): string {
  return new Date().toISOString();
}

