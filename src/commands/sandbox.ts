/**
 * `sandbox sign <results> [--rows 1,3-4]` and `sandbox reset`: what only the sandbox
 * of `--sandbox` (jobs/sandbox.ts) can do. In the sandbox nobody signs by themselves,
 * so `sign` plays the signers of the documents picked: every step left signs, and a
 * document in progress becomes Complete (as `status --sandbox` then shows, and
 * `download --sandbox` and `cancel --disposal --sandbox` need). `reset` forgets the
 * sandbox's documents.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../context.js';
import { UsageError, type ExitCode } from '../errors.js';
import { openResults, plain, readRecords } from '../io/results-update.js';
import { sandboxCommand } from '../jobs/command-line.js';
import { openSandbox, resetSandbox } from '../jobs/sandbox.js';
import { t } from '../ui/i18n.js';
import { clean, Reporter, type OutputOptions } from '../ui/reporter.js';
import { compactRows, parseRowSpec } from './cancel.js';

export interface SandboxSignOptions {
  input: string;
  /** `--rows 1,3-4`, as typed; default every sent document of the file */
  rows?: string | undefined;
  output: OutputOptions;
}

/** What became of a document picked: signed now, or why not (its state, or `not_in_sandbox`). */
type Outcome = 'signed' | string;

export async function sandboxSignCommand(opts: SandboxSignOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const pick = opts.rows === undefined ? undefined : parseRowSpec(opts.rows);
  const path = resolve(ctx.cwd, opts.input);
  if (!existsSync(path)) throw new UsageError(t('account.no_file', { file: opts.input }));
  const file = await openResults(path, opts.input);
  const column = (name: string) => file.index.get(name)!;

  // ---- the documents picked: each sent one once, under its first row
  const picked: { row: string; workflow_id: string }[] = [];
  const seen = new Set<string>();
  const found = new Set<number>();
  for await (const record of readRecords(file)) {
    const row = plain(record.cells[column('row')]);
    if (pick && !pick.has(Number(row))) continue;
    found.add(Number(row));
    const status = plain(record.cells[column('status')]);
    const workflowId = plain(record.cells[column('workflow_id')]);
    if (status !== 'sent' || workflowId === '') {
      if (pick) ui.warn(t('cancel.no_document', { row: clean(row), status: clean(status) || '?' }));
      continue;
    }
    if (seen.has(workflowId)) continue;
    seen.add(workflowId);
    picked.push({ row, workflow_id: workflowId });
  }
  const missing = pick ? [...pick].filter((n) => !found.has(n)) : [];
  if (missing.length > 0) ui.warn(t('cancel.rows_missing', { rows: compactRows(missing), file: opts.input }));

  // ---- sign them
  const outcomes: { row: string; workflow_id: string; outcome: Outcome }[] = [];
  if (picked.length > 0) {
    const sandbox = await openSandbox(ctx.env, ui);
    try {
      const states = sandbox.documents();
      for (const d of picked) {
        const state = states.get(d.workflow_id);
        const outcome = state === undefined ? 'not_in_sandbox' : state !== 'Playing' ? state : sandbox.sign(d.workflow_id) ? 'signed' : state;
        outcomes.push({ ...d, outcome });
      }
    } finally {
      await sandbox.close();
    }
  }

  const signed = outcomes.filter((o) => o.outcome === 'signed').length;
  const skipped: Record<string, number> = {};
  for (const o of outcomes) if (o.outcome !== 'signed') skipped[o.outcome] = (skipped[o.outcome] ?? 0) + 1;
  // Not a success when a document picked cannot be signed, ever (already signed is fine: it is what was asked).
  const exit: ExitCode = outcomes.some((o) => o.outcome !== 'signed' && o.outcome !== 'Complete') ? 1 : 0;
  const statusHint = sandboxCommand(['status', opts.input], ctx.argv);
  if (opts.output.json) {
    ui.json({ command: 'sandbox sign', exit_code: exit, results: path, signed, skipped, documents: outcomes });
  }
  if (picked.length === 0) {
    ui.info(t('sandbox.sign_none'));
    return 0;
  }
  ui.info(t('sandbox.sign_summary', { signed, skipped: outcomes.length - signed }));
  for (const [why, n] of Object.entries(skipped)) ui.info(`  ${t('sandbox.sign_skipped', { why, n })}`);
  if (signed > 0) ui.info(t('sandbox.next_status', { command: statusHint }));
  return exit;
}

export async function sandboxResetCommand(opts: { output: OutputOptions }, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const { path, documents } = await resetSandbox(ctx.env);
  if (opts.output.json) ui.json({ command: 'sandbox reset', exit_code: 0, state_file: path, documents_forgotten: documents ?? null });
  if (documents === undefined) ui.info(t('sandbox.reset_unreadable', { path }));
  else if (documents === 0) ui.info(t('sandbox.reset_empty'));
  else ui.info(t('sandbox.reset_done', { count: documents, path }));
  return 0;
}
