/**
 * The template's own document id (1123Q `file_id`, the pages' "서식 ID"), which the
 * searches (5009Q, 5008Q) take as `doc_uid`: found from `workflow_lib_id` with one
 * 1123Q of every folder.
 */
import type { ApiClient } from '../api/client.js';
import { listTemplates, type CallFailure } from '../api/requests.js';
import { getLang } from '../ui/i18n.js';

export type TemplateDocument =
  | { kind: 'found'; docUid: string }
  /** the settings name no template, or 1123Q does not list it (or without its document id) */
  | { kind: 'none' }
  | { kind: 'failed'; failure: CallFailure };

export async function findTemplateDocument(
  client: ApiClient,
  settings: { comp_id?: string | undefined; memb_email?: string | undefined; workflow_lib_id?: string | undefined },
): Promise<TemplateDocument> {
  const libId = settings.workflow_lib_id ?? '';
  if (!settings.comp_id || !settings.memb_email || libId === '') return { kind: 'none' };
  const answer = await listTemplates(client, { comp_id: settings.comp_id, memb_email: settings.memb_email }, 'all', getLang());
  if (answer.kind !== 'ok') return { kind: 'failed', failure: answer };
  const file = answer.value.find((f) => f.file_workflow_library_id === libId);
  return file && file.file_id !== '' ? { kind: 'found', docUid: file.file_id } : { kind: 'none' };
}
