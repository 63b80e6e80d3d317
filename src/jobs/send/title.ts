/**
 * The body-level `workflow_name` of a run's 1410Q requests. The current page makes it
 * required: it is the title of every signer that has none of its own (no title column
 * or an empty cell, and no title template, or one that came out empty for the row).
 * It is never sent empty, and it is the same for every request of a run:
 *
 * - a config title without `{column}` placeholders is every signer's title already:
 *   it is the default too;
 * - otherwise (placeholders, or no config title) the template's name (1123Q
 *   `file_name`, as the pre-flight found it): what eSignon names a document of the
 *   template when nothing else is given, and a sensible title for any signer;
 * - without a pre-flight (`--no-preflight`, which asks the server nothing before the
 *   first batch, or a pre-flight that could not reach it): the config title's own
 *   text (its placeholders left out), failing that the template's `workflow_lib_id`,
 *   with a warning when signers may get it as their title.
 */
import type { Settings } from '../../config/settings.js';
import type { CompiledMapping } from '../../core/mapping.js';

export interface RunTitle {
  title: string;
  /** where it came from; `lib_id` is the last resort, worth a warning */
  from: 'config' | 'template' | 'config_text' | 'lib_id';
}

export function runTitle(
  mapping: Pick<CompiledMapping, 'workflowNameTemplate'>,
  settings: Pick<Settings, 'workflow_lib_id'>,
  templateName: string | undefined,
): RunTitle {
  const parts = mapping.workflowNameTemplate ?? [];
  const text = parts
    .filter((p): p is string => typeof p === 'string')
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const placeholders = parts.some((p) => typeof p === 'number');
  if (!placeholders && text !== '') return { title: text, from: 'config' };
  if (templateName !== undefined && templateName.trim() !== '') return { title: templateName.trim(), from: 'template' };
  if (text !== '') return { title: text, from: 'config_text' };
  return { title: settings.workflow_lib_id || 'esignon-bulk', from: 'lib_id' };
}
