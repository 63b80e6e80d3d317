/**
 * `runs`: the sends recorded in the user's state folder (io/run-records.ts), oldest
 * first — when, which input, template and account, where the results are, and what
 * was sent — as a table on standard output, or one JSON document with `--json`.
 */
import type { CommandContext } from '../context.js';
import type { ExitCode } from '../errors.js';
import { listRuns, runsDir } from '../io/run-records.js';
import { inputName } from '../jobs/send/runs.js';
import { t } from '../ui/i18n.js';
import { localTime, Reporter, type OutputOptions } from '../ui/reporter.js';
import { renderTable } from '../ui/table.js';

export interface RunsOptions {
  output: OutputOptions;
}

export async function runsCommand(opts: RunsOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const dir = runsDir(ctx.env);
  const { records, unreadable } = await listRuns(ctx.env);

  if (opts.output.json) {
    ui.json({ command: 'runs', exit_code: 0, dir, count: records.length, unreadable, runs: records });
    return 0;
  }
  if (unreadable > 0) ui.warn(t('runs.skipped_files', { count: unreadable }));
  if (records.length === 0) {
    ui.info(t('runs.none', { dir }));
    return 0;
  }
  const headers = [t('runs.col.started'), t('runs.col.input'), t('runs.col.template'), t('runs.col.account'), t('runs.col.results'), t('runs.col.counts')];
  const rows = records.map((r) => [
    localTime(r.started_at),
    inputName(r.input),
    r.workflow_lib_id,
    `${r.memb_email} (${r.comp_id}) ${r.api_url}`,
    r.results,
    r.ended_at === undefined || r.counts === undefined ? t('runs.not_ended') : t('runs.counts', r.counts),
  ]);
  const stdoutTty = (ctx.stdout as { isTTY?: boolean }).isTTY === true;
  const bold = stdoutTty && opts.output.color && !ctx.env.NO_COLOR;
  ui.stdout(renderTable(headers, rows, { bold, maxWidth: 80 }).join('\n'));
  ui.info(t('runs.where', { count: records.length, dir }));
  return 0;
}
