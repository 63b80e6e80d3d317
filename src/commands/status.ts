/**
 * `status <results.csv>`: GET workflows/{id} for every sent row, a few at a time,
 * and the results file rewritten (in place, or `--out`) with each document's state
 * in `workflow_status`, `current_step`, `last_event`, `last_event_at`, `checked_at`
 * (and `check_error` when the lookup failed: `workflow_status` is then
 * `lookup_failed`). Every other column is kept. Re-running refreshes.
 */
import type { ExitCode } from '../errors.js';
import { LOOKUP_FAILED, STATUS_COLUMNS } from '../io/results-update.js';
import { t } from '../ui/i18n.js';
import type { CommandContext } from '../context.js';
import { FollowupJob, type FollowupOptions } from '../jobs/followup.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { sandboxSignCommand } from '../jobs/command-line.js';

export type StatusOptions = FollowupOptions;

/** The documented states, in the order counts are printed; others follow as they come. */
const STATE_ORDER = ['Playing', 'Complete', 'Canceled', 'Disposal', 'Truncate', LOOKUP_FAILED, 'unchecked'];

export async function statusCommand(opts: StatusOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const job = await FollowupJob.open('status', opts, ctx, { needsSender: false });
  try {
    const ui = job.ui;
    const rows = (await job.sentRows()).filter((r) => !(job.continuing && job.state.handled.has(r.workflow_id)));
    let failedNow = 0;
    let checkedNow = 0;
    await job.run(
      rows,
      async (r) => {
        const { failure } = await job.lookup(r.workflow_id, 'done');
        if (job.stopping && failure && (failure.kind === 'auth_rejected' || failure.kind === 'unreachable')) return;
        checkedNow++;
        if (failure) failedNow++;
      },
      t('status.starting', { count: rows.length }),
    );

    const counts: Record<string, number> = {};
    let sent = 0;
    let firstWaiting: string | undefined;
    await job.finish(STATUS_COLUMNS, opts.bom, (get) => {
      if (get('status') !== 'sent' || get('workflow_id') === '') return;
      sent++;
      const state = get('workflow_status') || 'unchecked';
      counts[state] = (counts[state] ?? 0) + 1;
      if (state === 'Playing') firstWaiting ??= get('row');
    });
    const ordered = Object.fromEntries(
      Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)),
    );
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
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    ui.info(t('status.summary', { checked: checkedNow, documents: sent, failed: failedNow }));
    for (const [state, n] of Object.entries(ordered)) ui.info(`  ${t('status.state_line', { state, n })}`);
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
