/** `init [dir]`: the starter config and signers CSV from templates/ (the Korean pair when messages are Korean). */
import { copyFile, mkdir, access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type ExitCode } from '../errors.js';
import { getLang, t } from '../ui/i18n.js';
import { Reporter, type OutputOptions } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';

export const STARTER_FILES = ['esignon-bulk.config.json', 'signers.csv'] as const;

export function templatesDir(lang = getLang()): string {
  const root = fileURLToPath(new URL('../../templates/', import.meta.url));
  return lang === 'ko' ? join(root, 'ko') : root;
}

/** With --xlsx the starter sheet is a workbook, made from the same template. */
export const STARTER_FILES_XLSX = ['esignon-bulk.config.json', 'signers.xlsx'] as const;

export async function initCommand(opts: { dir: string; force: boolean; xlsx?: boolean; output: OutputOptions }, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const dir = resolve(ctx.cwd, opts.dir);
  await mkdir(dir, { recursive: true });
  const files = opts.xlsx ? STARTER_FILES_XLSX : STARTER_FILES;
  const targets = files.map((name) => join(dir, name));
  if (!opts.force) {
    const existing: string[] = [];
    for (const target of targets) if (await exists(target)) existing.push(target);
    if (existing.length > 0) throw new UsageError(t('init.exists', { files: existing.join(', ') }));
  }
  const source = templatesDir();
  for (const name of files) {
    if (name === 'signers.xlsx') {
      const { writeStarterXlsx } = await import('../io/xlsx-starter.js');
      await writeStarterXlsx(join(source, 'signers.csv'), join(dir, name));
    } else {
      await copyFile(join(source, name), join(dir, name));
    }
  }
  if (opts.output.json) ui.json({ command: 'init', exit_code: 0, files: targets });
  ui.info(t('init.done', { files: targets.join('\n  ') }));
  ui.info(t('init.next', { dir: opts.dir, file: files[1] }));
  return 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
