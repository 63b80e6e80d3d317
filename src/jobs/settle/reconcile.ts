/**
 * `reconcile <results.csv>`: settling a run's unknown rows alone, without sending
 * (./step.ts). The journal beside the results file says which rows are in doubt and
 * records the decisions; the results file is rewritten in place for those rows
 * (status, workflow_id, token, result, message), every other cell kept. The input the
 * run sent (the one its journal names, or `--input`) gives the rows' own titles; when
 * it is gone or changed, rows are matched by reference only.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadSettings, requireSettings, type SettingFlags } from '../../config/settings.js';
import type { CommandContext } from '../../context.js';
import { compileMapping } from '../../core/mapping.js';
import { decideExit, JournalError, UsageError, type ExitCode } from '../../errors.js';
import { removeStaleTemps } from '../../io/atomic-file.js';
import { openCsv } from '../../io/csv-reader.js';
import { JournalWriter, readJournal, type JournalHeader } from '../../io/journal.js';
import { acquireLock } from '../../io/lock.js';
import { openResults, rewriteResults, type Update } from '../../io/results-update.js';
import { t } from '../../ui/i18n.js';
import { clean, Reporter, type OutputOptions } from '../../ui/reporter.js';
import { callFailure, openAccount } from '../account.js';
import { RunControl } from '../run-control.js';
import { openSandbox } from '../sandbox.js';
import { sha256File } from '../send/plan.js';
import { recordSettlement, settleCounts, unknownRows, type Settlement } from './job.js';
import { reportSettlement, settlementJson, settleStep, type SettleStep } from './step.js';

export interface ReconcileOptions {
  /** the results file */
  results: string;
  /** `--input`: the signer list the run sent */
  input?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  /** a workbook's sheet (`--sheet`); default: the first */
  sheet?: string | undefined;
  bom: boolean;
  output: OutputOptions;
  settings: SettingFlags;
  /** `--sandbox`: the sandbox's documents (jobs/sandbox.ts) */
  sandbox?: boolean | undefined;
}

export async function reconcile(opts: ReconcileOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
    if (!opts.sandbox) requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);
    const resultsPath = resolve(ctx.cwd, opts.results);
    const journalPath = `${resultsPath}.journal`;
    if (!existsSync(journalPath)) throw new UsageError(t('reconcile.no_journal', { results: opts.results, journal: journalPath }));
    const lock = acquireLock(`${resultsPath}.lock`);
    cleanups.push(() => lock.release());
    removeStaleTemps(resultsPath);
    const replay = readJournal(journalPath);
    if (replay.tornTail) ui.warn(t('journal.torn_tail', { path: journalPath }));
    const input = await signerList(opts, replay.header, resultsPath, settings.mapping, ctx, ui);

    if (opts.sandbox) {
      const sandbox = await openSandbox(ctx.env, ui, settings);
      cleanups.push(() => sandbox.close());
    }
    const session = await openAccount(settings, ctx, ui, settings.sources.concurrency ? settings.concurrency : 4);
    cleanups.push(() => session.client.close());
    const control = new RunControl({
      ui,
      concurrency: 1,
      firstSignal: (signal) => t('reconcile.interrupt_first', { signal }),
      secondSignal: () => [t('reconcile.interrupt_second')],
      exitNow: ctx.exitNow,
    });
    const step: SettleStep = { journalPath, table: replay.table, header: replay.header, settings, client: session.client, input, ui, by: 'reconcile', stopping: () => control.stopping };
    let settlement: Settlement | undefined;
    // Said only when there is something to ask about (settleStep answers undefined otherwise).
    if (unknownRows(replay.table).length > 0) {
      await control.run(t('reconcile.starting'), async () => {
        settlement = await settleStep(step);
      });
    }
    const stop = settlement?.stop ? callFailure(settlement.stop, session, settings.api_url) : undefined;

    let journalError: JournalError | undefined;
    if (settlement && settlement.records.length > 0) {
      const journal = await JournalWriter.reopen(journalPath, replay.validLength);
      try {
        await recordSettlement(journal, replay.table, settlement);
        await writeDecisions(resultsPath, opts, settlement, ui);
      } catch (err) {
        if (!(err instanceof JournalError)) throw err;
        journalError = err;
      } finally {
        await journal.close();
      }
    }

    const c = settlement ? settleCounts(settlement) : { sent: 0, not_sent: 0, unknown: 0 };
    const exit = decideExit(journalError ? 5 : 0, stop ? 4 : 0, control.interrupted ? 130 : 0, c.unknown > 0 ? 1 : 0);
    if (opts.output.json) {
      ui.json({
        command: 'reconcile',
        exit_code: exit,
        results: resultsPath,
        journal: journalPath,
        titles: input !== undefined,
        ...(settlement ? settlementJson(settlement) : { unknown_before: 0, sent: 0, not_sent: 0, still_unknown: 0, search_requests: 0, rows: [] }),
        interrupted: control.interrupted || undefined,
        stopped: stop ? stop.message : undefined,
      });
    }
    if (!settlement) ui.info(t('reconcile.nothing'));
    else reportSettlement(settlement, ui);
    if (settlement && settlement.records.length > 0 && !journalError) ui.info(t('account.results_written', { path: resultsPath }));
    if (c.not_sent > 0) ui.info(t('reconcile.not_sent_hint', { count: c.not_sent }));
    for (const e of [journalError, stop]) if (e) ui.error(e.message);
    return exit;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/**
 * The run's signer list, for the rows' own titles: `--input`, else the file the journal
 * names (as typed when it was sent: from here, then beside the results file) — only
 * when its bytes are those the run sent. Undefined (said) otherwise.
 */
async function signerList(
  opts: ReconcileOptions,
  header: JournalHeader,
  resultsPath: string,
  mapping: Parameters<typeof compileMapping>[1],
  ctx: CommandContext,
  ui: Reporter,
): Promise<SettleStep['input']> {
  const named = opts.input ?? header.input;
  const candidates = opts.input !== undefined ? [resolve(ctx.cwd, opts.input)] : isAbsolute(named) ? [named] : [resolve(ctx.cwd, named), resolve(dirname(resultsPath), named)];
  const path = candidates.find((p) => existsSync(p));
  if (named === '-' || path === undefined) {
    if (opts.input !== undefined) throw new UsageError(t('account.no_file', { file: opts.input }));
    ui.warn(t('reconcile.no_input', { input: clean(named) }));
    return undefined;
  }
  if ((await sha256File(path)) !== header.input_sha256) {
    ui.warn(t('reconcile.input_changed', { input: clean(path) }));
    return undefined;
  }
  const csv = await openCsv(path, { encoding: opts.encoding, delimiter: opts.delimiter, sheet: opts.sheet, label: named });
  const compiled = compileMapping(csv.header, mapping);
  if (!compiled.ok) {
    ui.warn(t('reconcile.input_unmapped', { input: clean(path) }));
    return undefined;
  }
  return { csv, mapping: compiled.mapping };
}

/** The settled rows' cells in the results file (by its `row` column), every other cell kept. */
async function writeDecisions(resultsPath: string, opts: ReconcileOptions, s: Settlement, ui: Reporter): Promise<void> {
  if (!existsSync(resultsPath)) {
    ui.warn(t('reconcile.no_results', { results: resultsPath }));
    return;
  }
  const byRow = new Map<string, Update>();
  for (const r of s.records) {
    for (const e of r.rows) {
      if (e[1] === 's') byRow.set(String(e[0]), { status: 'sent', workflow_id: e[2], token: e[3], result: e[4], result_code: e[5], message: e[6] });
      else if (e[1] === 'n') byRow.set(String(e[0]), { status: 'not_sent', workflow_id: '', token: '', result: '', result_code: '', message: e[2], batch: '', session_id: '', sent_at: '' });
      else if (e[1] === 'u') byRow.set(String(e[0]), { message: e[2] });
    }
  }
  const file = await openResults(resultsPath, opts.results);
  try {
    await rewriteResults(file, resultsPath, [], new Map(), { bom: opts.bom, byRow });
  } catch (err) {
    throw new JournalError(t('account.write_failed', { path: resultsPath, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
}
