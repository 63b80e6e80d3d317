/**
 * The fields of a template's document, for `init --online`: the document is `doc_id`,
 * else the bulk template's own (1123Q `file_id` of `workflow_lib_id`), and its fields
 * come from GET /api/v2/docs/{doc_id}, in the template's order.
 */
import { getDoc, hasCustomerBStep, isBulk, listTemplates } from '../api/requests.js';
import { requireSettings, type Settings } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { ApiStopError, UsageError } from '../errors.js';
import { getLang, t } from '../ui/i18n.js';
import { clean, type Reporter } from '../ui/reporter.js';
import { callFailure, openAccount } from './account.js';

export interface TemplateFields {
  /** where the fields were read: the account to send with */
  account: { api_url: string; comp_id: string; memb_email: string };
  /** the bulk template, when `workflow_lib_id` named one */
  workflow_lib_id?: string | undefined;
  doc_id: string;
  doc_name: string;
  fields: string[];
  /** a "2단계 C" template: its second customer needs columns of their own (undefined when its fields do not tell) */
  customer_b: boolean | undefined;
}

export async function readTemplateFields(settings: Settings, ctx: CommandContext, ui: Reporter): Promise<TemplateFields> {
  requireSettings(settings, ['comp_id', 'memb_email']);
  const libId = settings.workflow_lib_id;
  if (libId === undefined && settings.doc_id === undefined) throw new UsageError(t('init.online_needs_template'));
  const account = await openAccount(settings, ctx, ui);
  try {
    let docId = settings.doc_id;
    if (libId !== undefined) {
      const answer = await listTemplates(account.client, { comp_id: settings.comp_id, memb_email: settings.memb_email }, 'all', getLang());
      if (answer.kind !== 'ok') throw callFailure(answer, account, settings.api_url);
      const found = answer.value.find((f) => f.file_workflow_library_id === libId);
      if (!found) {
        const bulk = [...new Set(answer.value.filter(isBulk).map((f) => `${clean(f.file_workflow_library_id)} (${clean(f.file_name)})`))];
        throw new ApiStopError(t('preflight.template_missing', { id: clean(libId), templates: bulk.length ? bulk.join(', ') : t('preflight.none') }));
      }
      if (!isBulk(found)) {
        throw new ApiStopError(t('preflight.template_not_bulk', { id: clean(libId), name: clean(found.file_name), type: clean(found.file_workflow_type) }));
      }
      docId ??= found.file_id;
    }
    const doc = await getDoc(account.client, docId!);
    if (doc.kind === 'result' && (doc.code === '10' || doc.code === '11')) {
      throw new ApiStopError(doc.code === '10' ? t('preflight.doc_unfinished', { doc_id: clean(docId!) }) : t('init.online_doc_missing', { doc_id: clean(docId!) }));
    }
    if (doc.kind !== 'ok') throw callFailure(doc, account, settings.api_url);
    const other = doc.value.workflow_library_id;
    if (libId !== undefined && other !== '' && other !== libId) {
      throw new UsageError(t('init.online_doc_other_template', { doc_id: clean(docId!), other: clean(other), id: clean(libId) }));
    }
    return {
      account: { api_url: settings.api_url, comp_id: settings.comp_id, memb_email: settings.memb_email },
      workflow_lib_id: libId,
      doc_id: docId!,
      doc_name: clean(doc.value.doc_name),
      fields: doc.value.fields,
      customer_b: hasCustomerBStep(doc.value.stepFields),
    };
  } finally {
    account.client.close();
  }
}
