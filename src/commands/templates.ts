/**
 * `templates`: 1123Q, the account's templates with the `workflow_lib_id` that
 * `send` needs, from one folder: `all` (every folder, one call), `shared` or `my`.
 * Bulk templates only unless `--all` (then bulk ones first); a table on standard
 * output, or one JSON document with `--json`.
 */
import { isBulk, listTemplates } from '../api/requests.js';
import { TEMPLATE_FOLDERS, type TemplateFolder } from '../api/schemas.js';
import { loadSettings, requireSettings, type SettingFlags } from '../config/settings.js';
import { UsageError, type ExitCode } from '../errors.js';
import { getLang, t } from '../ui/i18n.js';
import { clean, Reporter, type OutputOptions } from '../ui/reporter.js';
import { renderRecords, renderTable } from '../ui/table.js';
import { displayWidth } from '../ui/width.js';
import type { CommandContext } from '../context.js';
import { callFailure, openAccount } from '../jobs/account.js';
import { openSandbox } from '../jobs/sandbox.js';

export interface TemplatesOptions {
  all: boolean;
  /** `--sandbox`: the sandbox's templates */
  sandbox?: boolean | undefined;
  folder: string;
  output: OutputOptions;
  settings: SettingFlags;
}

interface TemplateSummary {
  name: string;
  workflow_lib_id: string;
  type: string;
  steps: string;
  folder: string;
  last_modified: string;
  file_id: string;
  created_by: string;
}

export async function templatesCommand(opts: TemplatesOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  if (!(TEMPLATE_FOLDERS as readonly string[]).includes(opts.folder)) throw new UsageError(t('templates.bad_folder', { value: opts.folder }));
  const folder = opts.folder as TemplateFolder;
  const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
  const sandbox = opts.sandbox ? await openSandbox(ctx.env, ui, settings) : undefined;
  let answer;
  try {
    requireSettings(settings, ['comp_id', 'memb_email']);
    const account = await openAccount(settings, ctx, ui);
    try {
      answer = await listTemplates(account.client, { comp_id: settings.comp_id, memb_email: settings.memb_email }, folder, getLang());
    } finally {
      account.client.close();
    }
    if (answer.kind !== 'ok') throw callFailure(answer, account, settings.api_url);
  } finally {
    await sandbox?.close();
  }
  const files = answer.value;
  const chosen = opts.all ? [...files.filter(isBulk), ...files.filter((f) => !isBulk(f))] : files.filter(isBulk);
  const templates: TemplateSummary[] = chosen.map((f) => ({
    name: clean(f.file_name),
    workflow_lib_id: clean(f.file_workflow_library_id),
    type: clean(f.file_workflow_type),
    steps: clean(f.file_workflow_count),
    folder: clean(f.dir_type),
    last_modified: clean(f.last_modify_date || f.create_date),
    file_id: clean(f.file_id),
    created_by: clean(f.create_memb_email),
  }));

  if (opts.output.json) {
    ui.json({ command: 'templates', exit_code: 0, folder, all: opts.all, count: templates.length, templates });
    return 0;
  }
  if (templates.length === 0) {
    ui.info(opts.all ? t('templates.none_at_all', { folder }) : t('templates.none_bulk', { folder, others: files.length }));
    return 0;
  }
  const headers = [
    t('templates.col.name'),
    'workflow_lib_id',
    ...(opts.all ? [t('templates.col.type')] : []),
    t('templates.col.steps'),
    t('templates.col.folder'),
    t('templates.col.last_change'),
  ];
  const rows = templates.map((x) => [x.name, x.workflow_lib_id, ...(opts.all ? [x.type] : []), x.steps, x.folder, x.last_modified]);
  const stdout = ctx.stdout as { isTTY?: boolean; columns?: number };
  const stdoutTty = stdout.isTTY === true;
  const bold = stdoutTty && opts.output.color && !ctx.env.NO_COLOR;
  // A terminal too narrow for the table (a phone, a split pane) gets one template a block.
  const width = stdoutTty ? (stdout.columns ?? 0) : 0;
  const table = renderTable(headers, rows);
  const lines = width > 0 && Math.max(...table.map(displayWidth)) > width ? renderRecords(headers, rows, width) : renderTable(headers, rows, { bold });
  ui.stdout(lines.join('\n'));
  const hidden = files.length - templates.length;
  if (hidden > 0) ui.info(t('templates.hidden', { count: hidden }));
  // The sandbox picks its own template.
  if (!opts.sandbox) ui.info(t('templates.hint'));
  return 0;
}
