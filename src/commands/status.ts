/**
 * `status <results.csv>`: where every sent document stands, read through the search —
 * 5009Q, one request per window of days around the rows' `sent_at`
 * (jobs/status-search.ts), for the template the settings name (`workflow_lib_id`,
 * whose document id one 1123Q finds) — and GET workflows/{id}, a few at a time, only
 * for documents the search did not return (or for all of them when no template is
 * named). The results file is rewritten (in place, or `--out`) with each document's
 * state in `workflow_status`, `current_step`, `steps_done`, `steps_total`,
 * `last_event`, `last_event_at`, `checked_at` (and `check_error` when the lookup
 * failed: `workflow_status` is then `lookup_failed`). Every other column is kept.
 * Re-running refreshes.
 */
import { CliError, type ExitCode } from '../errors.js';
import { LOOKUP_FAILED, STATUS_COLUMNS } from '../io/results-update.js';
import { t } from '../ui/i18n.js';
import { clean } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';
import { now } from '../jobs/clock.js';
import { FollowupJob, type FollowupOptions, type SentRow } from '../jobs/followup.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { readRunBySearch, searchUpdate } from '../jobs/status-search.js';
import { findTemplateDocument } from '../jobs/template-document.js';
import { sandboxSignCommand } from '../jobs/command-line.js';

export type StatusOptions = FollowupOptions;

/** The documented states, in the order counts are printed; others follow as they come. */
const STATE_ORDER = ['Playing', 'Complete', 'Canceled', 'Disposal', 'Truncate', LOOKUP_FAILED, 'unchecked'];

interface SearchOutcome {
  /** documents the search answered for (recorded) */
  found: number;
  /** search requests, the 1123Q that found the template's document included */
  requests: number;
  /** the rows still to look up one by one */
  rest: SentRow[];
}

/** Reads what it can of `rows` through the search and records it; the rest is left to GET workflows. */
async function readBySearch(job: FollowupJob, rows: SentRow[]): Promise<SearchOutcome> {
  const out: SearchOutcome = { found: 0, requests: 0, rest: rows };
  if (rows.length === 0) return out;
  const ui = job.ui;
  await job.run(
    [rows],
    async () => {
      const template = await findTemplateDocument(job.session.client, job.settings);
      if (template.kind !== 'none') out.requests++;
      if (template.kind === 'failed') {
        const f = template.failure;
        if (f.kind === 'auth_rejected' || f.kind === 'unreachable') {
          job.halt(f);
          out.rest = [];
          return;
        }
        ui.warn(t('search.template_unread', { reason: clean(f.kind === 'result' ? `${f.code} ${f.message}`.trim() : f.reason) }));
        return;
      }
      if (template.kind === 'none') {
        ui.info(t('search.no_template'));
        return;
      }
      const read = await readRunBySearch(
        job.session.client,
        { comp_id: job.settings.comp_id! },
        template.docUid,
        rows.map((r) => ({ workflow_id: r.workflow_id, sent_at: r.get('sent_at') })),
        () => job.stopping,
      );
      out.requests += read.requests;
      if (read.stop) {
        job.halt(read.stop);
        out.rest = [];
        return;
      }
      for (const reason of new Set(read.unread)) ui.warn(t('search.window_unread', { reason: clean(reason) }));
      const at = now();
      // One record per document; appended together, they share the journal's writes and fsyncs.
      await Promise.all([...read.found.values()].map((e) => job.record({ t: 'done', w: e.workflow_id, at, u: searchUpdate(e, at) })));
      out.found = read.found.size;
      out.rest = rows.filter((r) => !read.found.has(r.workflow_id));
    },
    t('search.reading', { count: rows.length }),
  );
  return out;
}

export async function statusCommand(opts: StatusOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const job = await FollowupJob.open('status', opts, ctx, { needsSender: false });
  try {
    const ui = job.ui;
    const rows = (await job.sentRows()).filter((r) => !(job.continuing && job.state.handled.has(r.workflow_id)));
    let searched: SearchOutcome = { found: 0, requests: 0, rest: [] };
    try {
      searched = await readBySearch(job, rows);
    } catch (err) {
      if (!(err instanceof CliError)) throw err; // a journal failure: `stop` says so
    }
    if (searched.found > 0 || searched.requests > 0) {
      ui.info(t('search.read', { found: searched.found, requests: searched.requests, rest: job.stop ? 0 : searched.rest.length }));
    }
    let failedNow = 0;
    let checkedNow = searched.found;
    const rest = job.stopping ? [] : searched.rest;
    await job.run(
      rest,
      async (r) => {
        const { failure } = await job.lookup(r.workflow_id, 'done');
        if (job.stopping && failure && (failure.kind === 'auth_rejected' || failure.kind === 'unreachable')) return;
        checkedNow++;
        if (failure) failedNow++;
      },
      t('status.starting', { count: rest.length }),
    );

    const counts: Record<string, number> = {};
    const steps: Record<string, number> = {};
    let sent = 0;
    let firstWaiting: string | undefined;
    await job.finish(STATUS_COLUMNS, opts.bom, (get) => {
      if (get('status') !== 'sent' || get('workflow_id') === '') return;
      sent++;
      const state = get('workflow_status') || 'unchecked';
      counts[state] = (counts[state] ?? 0) + 1;
      if (get('steps_total') !== '') {
        const key = `${get('steps_done') || '?'}/${get('steps_total')}`;
        steps[key] = (steps[key] ?? 0) + 1;
      }
      if (state === 'Playing') firstWaiting ??= get('row');
    });
    const ordered = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
    const orderedSteps = Object.fromEntries(Object.entries(steps).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
    const exit = job.exitCode(failedNow);

    if (opts.output.json) {
      ui.json({
        command: 'status',
        exit_code: exit,
        results: job.outPath,
        documents: sent,
        checked: checkedNow,
        lookup_failed: failedNow,
        counts: ordered,
        steps: orderedSteps,
        found_by_search: searched.found,
        search_requests: searched.requests,
        looked_up: checkedNow - searched.found,
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    ui.info(t('status.summary', { checked: checkedNow, documents: sent, failed: failedNow }));
    for (const [state, n] of Object.entries(ordered)) ui.info(`  ${t('status.state_line', { state, n })}`);
    if (Object.keys(orderedSteps).length > 0) ui.info(t('search.steps_header'));
    for (const [steps, n] of Object.entries(orderedSteps)) ui.info(`  ${t('search.steps_line', { steps, n })}`);
    ui.info(t('account.results_written', { path: job.outPath }));
    if (failedNow > 0) ui.warn(t('status.failed_hint', { count: failedNow }));
    // In the sandbox nobody signs by themselves: how to play a signer.
    if (opts.sandbox && firstWaiting !== undefined && /^\d+$/.test(firstWaiting)) {
      ui.info(t('sandbox.next_sign', { command: sandboxSignCommand(opts.out ?? opts.input, firstWaiting, ctx.argv) }));
    }
    job.reportEnd();
    return exit;
  } finally {
    await job.close();
  }
}

function rank(state: string): number {
  const i = STATE_ORDER.indexOf(state);
  return i < 0 ? STATE_ORDER.length - 1.5 : i;
}
