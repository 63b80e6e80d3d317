/**
 * `init [dir]`: the starter config and signers CSV from templates/ (the Korean pair when
 * messages are Korean). With `--online`, the sheet's field columns are the fields of
 * the user's template (jobs/template-fields.ts; with `--sandbox`, the sandbox
 * template's) rather than the sample's, and the config names that template.
 */
import { copyFile, mkdir, access, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTING } from '../config/options.js';
import { loadSettings, type SettingFlags } from '../config/settings.js';
import { fitStarter, type StarterField, type StarterSheet } from '../core/starter.js';
import { UsageError, type ExitCode } from '../errors.js';
import { openSandbox } from '../jobs/sandbox.js';
import { readTemplateFields, type TemplateFields } from '../jobs/template-fields.js';
import { getLang, t } from '../ui/i18n.js';
import { Reporter, type OutputOptions } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';

const STARTER_FILES = ['esignon-bulk.config.json', 'signers.csv'] as const;

function templatesDir(lang = getLang()): string {
  const root = fileURLToPath(new URL('../../templates/', import.meta.url));
  return lang === 'ko' ? join(root, 'ko') : root;
}

/** With --xlsx the starter sheet is a workbook, made from the same template. */
const STARTER_FILES_XLSX = ['esignon-bulk.config.json', 'signers.xlsx'] as const;

export interface InitOptions {
  dir: string;
  force: boolean;
  xlsx?: boolean | undefined;
  /** name the sheet's field columns after the template's fields (`--sandbox` implies it) */
  online?: boolean | undefined;
  sandbox?: boolean | undefined;
  output: OutputOptions;
  settings?: SettingFlags | undefined;
}

const DEFAULT_API_URL = SETTING.api_url.default;

export async function initCommand(opts: InitOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const dir = resolve(ctx.cwd, opts.dir);
  const files = opts.xlsx ? STARTER_FILES_XLSX : STARTER_FILES;
  const targets = files.map((name) => join(dir, name));
  if (!opts.force) {
    const existing: string[] = [];
    for (const target of targets) if (await exists(target)) existing.push(target);
    if (existing.length > 0) throw new UsageError(t('init.exists', { files: existing.join(', ') }));
  }
  const source = templatesDir();
  // The template's fields before anything is written: a refusal leaves no half-made folder.
  const template = opts.online || opts.sandbox ? await askTemplate(opts, ctx, ui) : undefined;
  await mkdir(dir, { recursive: true });
  if (template) {
    await writeFitted(source, dir, files, template, opts.sandbox === true);
  } else {
    for (const name of files) {
      if (name === 'signers.xlsx') {
        const { writeStarterXlsx } = await import('../io/xlsx-starter.js');
        await writeStarterXlsx(join(source, 'signers.csv'), join(dir, name));
      } else {
        await copyFile(join(source, name), join(dir, name));
      }
    }
  }
  if (opts.output.json) ui.json({ command: 'init', exit_code: 0, files: targets, ...(template ? { template: templateJson(template) } : {}) });
  ui.info(t('init.done', { files: targets.join('\n  ') }));
  if (template) {
    ui.info(t('init.online_fields', { count: template.fields.length, doc: template.doc_id, name: template.doc_name, fields: template.fields.join(', ') }));
    if (template.customer_b) ui.warn(t('init.online_customer_b'));
  }
  ui.info(template && !opts.sandbox ? t('init.next_online', { dir: opts.dir, file: files[1] }) : t('init.next', { dir: opts.dir, file: files[1] }));
  return 0;
}

/** The fields of the user's template (or, with --sandbox, of the sandbox's). */
async function askTemplate(opts: InitOptions, ctx: CommandContext, ui: Reporter): Promise<TemplateFields> {
  const settings = await loadSettings(opts.settings ?? {}, ctx.env, ctx.cwd);
  const sandbox = opts.sandbox ? await openSandbox(ctx.env, ui, settings) : undefined;
  try {
    return await readTemplateFields(settings, ctx, ui);
  } finally {
    await sandbox?.close();
  }
}

/**
 * The sample fitted to the template (core/starter.ts): the sheet, and the config with
 * its `fields` entries for the columns kept and, unless in the sandbox, the account and
 * template the fields came from in place of the example values.
 */
async function writeFitted(source: string, dir: string, files: readonly string[], template: TemplateFields, sandbox: boolean): Promise<void> {
  const { readStarterCsv, writeStarterTable } = await import('../io/xlsx-starter.js');
  let config = JSON.parse(await readFile(join(source, 'esignon-bulk.config.json'), 'utf8')) as Record<string, unknown> & { fields?: StarterField[] };
  const csvText = await readFile(join(source, 'signers.csv'), 'utf8');
  const sample: StarterSheet = { ...(await readStarterCsv(join(source, 'signers.csv'))), fields: config.fields ?? [] };
  const fitted = fitStarter(sample, template.fields);
  if (config.fields !== undefined) config.fields = fitted.fields;
  if (!sandbox) {
    // The account and template the fields came from are the ones to send with (not the sandbox's: eSignon would refuse them).
    const { api_url, comp_id, memb_email } = template.account;
    config = { ...(api_url !== DEFAULT_API_URL ? { api_url } : {}), ...config, comp_id, memb_email, doc_id: template.doc_id };
    if (template.workflow_lib_id !== undefined) config.workflow_lib_id = template.workflow_lib_id;
  }
  await writeFile(join(dir, 'esignon-bulk.config.json'), configText(config));
  if (files[1] === 'signers.xlsx') {
    await writeStarterTable(join(dir, 'signers.xlsx'), fitted.header, fitted.rows);
  } else {
    // As the sample is written: its byte-order mark (Korean Excel needs one) and line ends.
    const bom = csvText.startsWith('\uFEFF') ? '\uFEFF' : '';
    const eol = csvText.includes('\r\n') ? '\r\n' : '\n';
    const line = (cells: readonly string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + eol;
    await writeFile(join(dir, 'signers.csv'), bom + [fitted.header, ...fitted.rows].map(line).join(''));
  }
}

/** The config as the starter's is laid out: two-space indents, one `fields` entry a line. */
function configText(config: Record<string, unknown> & { fields?: StarterField[] }): string {
  const marker = '"(the fields)"';
  const text = JSON.stringify(config.fields === undefined ? config : { ...config, fields: '(the fields)' }, null, 2);
  if (config.fields === undefined) return text + '\n';
  const entry = (f: StarterField) => `{ ${Object.entries(f).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  const fields = config.fields.length === 0 ? '[]' : `[\n${config.fields.map((f) => `    ${entry(f)}`).join(',\n')}\n  ]`;
  return text.replace(marker, fields) + '\n';
}

function templateJson(t: TemplateFields) {
  return { workflow_lib_id: t.workflow_lib_id ?? null, doc_id: t.doc_id, fields: t.fields, customer_b: t.customer_b ?? null };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
