/**
 * `download <results.csv|results.xlsx> [--dir DIR]`: every `Complete` document's
 * signed PDF and audit certificate into DIR (default beside the results file:
 * `signers.results.csv` → `signers.results-pdf/`), named `<row>-<name>-<workflow_id>.pdf`
 * and `…-certificate.pdf`, with `manifest.csv`. Re-running fetches only what is not
 * there yet (jobs/download/).
 */
import { JournalError, type ExitCode } from '../errors.js';
import { join } from 'node:path';
import type { CommandContext } from '../context.js';
import { MANIFEST_NAME } from '../io/manifest.js';
import { continueCommand } from '../jobs/command-line.js';
import { DownloadJob, type DownloadOptions } from '../jobs/download/job.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { t } from '../ui/i18n.js';
import { Reporter, type OutputOptions } from '../ui/reporter.js';

export interface DownloadCommandOptions extends DownloadOptions {
  output: OutputOptions;
}

/** Failures printed one by one; the rest are counted (all of them are in --json). */
const SHOWN_FAILURES = 20;

export async function downloadCommand(opts: DownloadCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const ui = new Reporter(opts.output, ctx);
  const job = await DownloadJob.open(opts, ctx, ui);
  try {
    await job.run();
    try {
      await job.finish();
    } catch (err) {
      if (!(err instanceof JournalError)) throw err;
      job.stop ??= err;
    }
    const { plan, tally } = job;
    const skipped = Object.values(tally.skipped).reduce((a, b) => a + b, 0);
    const exit = job.exitCode();
    const manifest = join(job.dir, MANIFEST_NAME);
    if (opts.output.json) {
      ui.json({
        command: 'download',
        exit_code: exit,
        dir: job.dir,
        manifest,
        documents: plan.documents,
        complete: tally.complete,
        files_downloaded: tally.files,
        bytes_downloaded: tally.bytes,
        files_present: plan.present,
        files_recovered: plan.recovered,
        skipped: tally.skipped,
        failed: tally.failures.length,
        failures: tally.failures,
        rows_without_document: plan.withoutDocument,
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    if (plan.recovered > 0) ui.info(t('download.recovered', { count: plan.recovered }));
    ui.info(
      t('download.summary', {
        complete: tally.complete,
        documents: plan.documents,
        files: tally.files,
        present: plan.present,
        skipped,
        failed: tally.failures.length,
      }),
    );
    for (const [state, n] of Object.entries(tally.skipped)) ui.info(`  ${t('download.skipped_line', { state, n })}`);
    if (plan.withoutDocument > 0) ui.info(`  ${t('download.without_document', { count: plan.withoutDocument })}`);
    for (const f of tally.failures.slice(0, SHOWN_FAILURES)) ui.warn(`  ${t('download.failed_line', f)}`);
    if (tally.failures.length > SHOWN_FAILURES) ui.warn(`  ${t('download.more_failed', { n: tally.failures.length - SHOWN_FAILURES })}`);
    ui.info(t('download.where', { dir: job.dir, manifest }));
    if (tally.failures.length > 0) ui.warn(t('download.failed_hint', { count: tally.failures.length }));
    if (job.stop) {
      ui.error(job.stop.message);
      for (const line of job.stop.details) ui.error(`  ${line}`);
    }
    if (job.stop || job.interrupted) ui.warn(t('download.continue_hint', { command: continueCommand(ctx.argv) }));
    return exit;
  } finally {
    await job.close();
  }
}
