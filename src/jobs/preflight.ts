/**
 * The online checks of `validate --online` and of every real `send` before its first
 * batch: the token is accepted; `workflow_lib_id` names an existing bulk template
 * (1123Q, folder `all`: every folder in one call); every mapped `doc_id` +
 * `field_name` exists in the template's documents (GET /api/v2/docs/{doc_id}, each
 * document once, the template's own document too); the template's steps agree with
 * the `customer_b` mapping (a "2단계 C" template needs it, another must not have it);
 * and the company (GET /api/v2/company) has documents left and a plan that has not
 * expired. Problems are reported like row problems: the CSV column, what is wrong, the
 * fields the template has and, for a typo, the closest one.
 */
import type { ApiClient } from '../api/client.js';
import { makeClient } from '../api/client-factory.js';
import {
  getCompany,
  getDoc,
  hasCustomerBStep,
  isBulk,
  listTemplates,
  type CallFailure,
  type CallResult,
  type DocDetail,
} from '../api/requests.js';
import type { TemplateFile } from '../api/schemas.js';
import type { Settings } from '../config/settings.js';
import { resolveToken, type ResolvedToken } from '../config/token.js';
import { checkStoredToken, tokenRejectedMessage } from '../config/token-warnings.js';
import type { MappedField } from '../core/mapping.js';
import { ApiStopError, decideExit, InputError, type CliError, type ExitCode } from '../errors.js';
import { getLang, t } from '../ui/i18n.js';
import { explainResultCode } from '../ui/messages/api.js';
import { clean, type Reporter } from '../ui/reporter.js';
import { closestMatch } from '../core/closest.js';
import { companyLine, companyReport, quotaProblem, type CompanyReport } from './company.js';

export { quotaProblem } from './company.js';

/** What the checks need of a compiled mapping. */
export interface MappedFields {
  fields: readonly Pick<MappedField, 'column' | 'doc_id' | 'field_name'>[];
  /** set when the config maps `customer_b` */
  customerB?: unknown;
}

type PreflightProblemCode =
  | 'token_rejected'
  | 'unreachable'
  | 'no_answer'
  | 'api_error'
  | 'template_missing'
  | 'template_not_bulk'
  | 'doc_unfinished'
  | 'doc_missing'
  | 'doc_other_template'
  | 'field_missing'
  | 'customer_b_missing'
  | 'customer_b_unexpected'
  | 'reference_missing'
  | 'reference_mapped'
  | 'quota'
  | 'expired';

export interface PreflightProblem {
  code: PreflightProblemCode;
  /** localised, ready to print */
  message: string;
  /** the CSV column, for mapping problems */
  column?: string;
  doc_id?: string;
  field_name?: string;
  /** the template document's fields, for field_missing */
  fields?: string[];
  /** the closest field name, when one is close enough to be a typo */
  closest?: string;
}

export interface PreflightReport {
  ok: boolean;
  /** token, account, template: exit 4 */
  accountProblems: PreflightProblem[];
  /** doc_id / field_name of the mapping: exit 3 */
  mappingProblems: PreflightProblem[];
  /**
   * the template found, when it was; `doc_id`: its own document (1123Q file_id, what the searches take); `customer_b`: a
   * "2단계 C" template (undefined when its fields do not tell)
   */
  template?: { name: string; workflow_lib_id: string; doc_id: string; steps: string; customer_b?: boolean | undefined } | undefined;
  /** the company's documents and plan, when it could be read */
  company?: CompanyReport | undefined;
  /** why the company could not be read (the run is then not checked against it) */
  companyUnread?: string | undefined;
}

/**
 * Runs the checks with `client` (its token is the one being checked). Never throws
 * for what the server says: everything is in the report.
 */
export async function preflight(
  client: ApiClient,
  settings: Pick<Settings, 'comp_id' | 'memb_email' | 'workflow_lib_id' | 'api_url' | 'reference_field'>,
  mapping: MappedFields,
  resolved: Pick<ResolvedToken, 'source'> = { source: 'ESIGNON_TOKEN' },
  tokenFile?: string,
  /** documents the run needs, checked against what the company has left; undefined: checked later (`quotaProblem`) */
  needed?: number,
): Promise<PreflightReport> {
  const accountProblems: PreflightProblem[] = [];
  const mappingProblems: PreflightProblem[] = [];
  let company: CompanyReport | undefined;
  let companyUnread: string | undefined;
  const report = (): PreflightReport => ({
    ok: accountProblems.length + mappingProblems.length === 0,
    accountProblems,
    mappingProblems,
    template,
    company,
    companyUnread,
  });
  let template: PreflightReport['template'];
  const libId = settings.workflow_lib_id ?? '';
  const account = { comp_id: settings.comp_id ?? '', memb_email: settings.memb_email ?? '' };

  const failureProblem = (f: CallFailure): PreflightProblem => {
    switch (f.kind) {
      case 'auth_rejected':
        return { code: 'token_rejected', message: tokenRejectedMessage(resolved, `HTTP ${f.status}`, tokenFile) };
      case 'unreachable':
        return { code: 'unreachable', message: t('account.unreachable', { url: settings.api_url, reason: clean(f.reason) }) };
      case 'unknown':
        return { code: 'no_answer', message: t('account.no_answer', { reason: clean(f.reason) }) };
      case 'result': {
        if (f.code === '94') return { code: 'token_rejected', message: tokenRejectedMessage(resolved, '94', tokenFile) };
        const explanation = explainResultCode(f.code);
        return {
          code: 'api_error',
          message: t('account.result', { code: f.code, message: clean(f.message) }) + (explanation ? ` — ${explanation}` : ''),
        };
      }
    }
  };

  // ---- the template (and, with it, the token): `all` is every folder
  const answer = await listTemplates(client, account, 'all', getLang());
  if (answer.kind !== 'ok') {
    accountProblems.push(failureProblem(answer));
    return report();
  }
  const files: TemplateFile[] = answer.value;

  // ---- the company: documents left, the plan's end
  const companyAnswer = await getCompany(client);
  if (companyAnswer.kind === 'ok') {
    company = companyReport(companyAnswer.value);
    if (company.expired) accountProblems.push({ code: 'expired', message: t('preflight.expired', { date: company.expiry }) });
    const short = needed === undefined ? undefined : quotaProblem(company, needed);
    if (short) accountProblems.push(short);
  } else if (companyAnswer.kind === 'auth_rejected' || companyAnswer.kind === 'unreachable') {
    accountProblems.push(failureProblem(companyAnswer));
    return report();
  } else {
    // An account that may not read its company (or a server without the call) is still
    // checked by 1410Q itself (13, 14); the check is skipped and says so.
    companyUnread = companyAnswer.kind === 'result' ? `${companyAnswer.code} ${clean(companyAnswer.message)}`.trim() : clean(companyAnswer.reason);
  }

  const found = files.find((f) => f.file_workflow_library_id === libId);
  if (!found) {
    const bulk = dedupe(files.filter(isBulk).map((f) => `${clean(f.file_workflow_library_id)} (${clean(f.file_name)})`));
    const closest = closestMatch(libId, files.filter(isBulk).map((f) => f.file_workflow_library_id));
    accountProblems.push({
      code: 'template_missing',
      message:
        t('preflight.template_missing', { id: clean(libId), templates: bulk.length ? bulk.join(', ') : t('preflight.none') }) +
        (closest ? ` ${t('preflight.did_you_mean', { name: clean(closest) })}` : ''),
    });
    return report();
  }
  template = { name: clean(found.file_name), workflow_lib_id: libId, doc_id: found.file_id, steps: clean(found.file_workflow_count) };
  if (!isBulk(found)) {
    accountProblems.push({
      code: 'template_not_bulk',
      message: t('preflight.template_not_bulk', { id: clean(libId), name: clean(found.file_name), type: clean(found.file_workflow_type) }),
    });
    return report();
  }

  // ---- the mapped fields and the template's steps, one lookup per document
  const byDoc = new Map<string, { column: string; field_name: string }[]>();
  // The template's own document (1123Q file_id) first: its fields tell its steps.
  if (found.file_id !== '') byDoc.set(found.file_id, []);
  for (const f of mapping.fields) {
    const list = byDoc.get(f.doc_id);
    if (list) list.push(f);
    else byDoc.set(f.doc_id, [f]);
  }
  // The reference field is the tool's to fill: a field of the template's own document, which no column fills.
  const refField = settings.reference_field;
  let refChecked = false;
  const mappedToo = refField === undefined ? undefined : mapping.fields.find((f) => f.field_name === refField);
  if (refField !== undefined && mappedToo) {
    mappingProblems.push({
      code: 'reference_mapped',
      column: mappedToo.column,
      field_name: refField,
      message: t('preflight.reference_mapped', { field: clean(refField), column: clean(mappedToo.column) }),
    });
  }
  // Whether a later step is a second customer's: true when a document says so, false when one says otherwise.
  let customerB: boolean | undefined = Number(found.file_workflow_count) === 1 ? false : undefined;
  for (const [docId, fields] of byDoc) {
    const answer: CallResult<DocDetail> = await getDoc(client, docId);
    const columns = fields.map((f) => f.column).join(', ');
    if (answer.kind !== 'ok') {
      if (fields.length === 0 && answer.kind === 'result' && answer.code === '11') continue; // the template's document: only its steps were wanted
      if (answer.kind === 'result' && answer.code === '10') {
        accountProblems.push({ code: 'doc_unfinished', doc_id: docId, message: t('preflight.doc_unfinished', { doc_id: clean(docId) }) });
      } else if (answer.kind === 'result' && answer.code === '11') {
        for (const f of fields) {
          mappingProblems.push({
            code: 'doc_missing',
            column: f.column,
            doc_id: docId,
            field_name: f.field_name,
            message: t('preflight.doc_missing', { column: clean(f.column), doc_id: clean(docId) }),
          });
        }
      } else {
        accountProblems.push(failureProblem(answer));
        if (answer.kind !== 'result') return report();
      }
      continue;
    }
    const doc = answer.value;
    if (refField !== undefined && docId === found.file_id) {
      refChecked = true;
      if (!doc.fields.includes(refField)) {
        const closest = closestMatch(refField, doc.fields);
        mappingProblems.push({
          code: 'reference_missing',
          doc_id: docId,
          field_name: refField,
          fields: doc.fields.map(clean),
          ...(closest ? { closest: clean(closest) } : {}),
          message:
            t('preflight.reference_missing', { field: clean(refField), doc_id: clean(docId), fields: doc.fields.length ? doc.fields.map(clean).join(', ') : t('preflight.none') }) +
            (closest ? ` ${t('preflight.did_you_mean', { name: clean(closest) })}` : ''),
        });
      }
    }
    if (doc.workflow_library_id === '' || doc.workflow_library_id === libId) {
      const says = hasCustomerBStep(doc.stepFields);
      if (says !== undefined) customerB = customerB === true || says;
    }
    if (doc.workflow_library_id !== '' && doc.workflow_library_id !== libId) {
      mappingProblems.push({
        code: 'doc_other_template',
        column: columns,
        doc_id: docId,
        message: t('preflight.doc_other_template', { columns: clean(columns), doc_id: clean(docId), other: clean(doc.workflow_library_id), id: clean(libId) }),
      });
      continue;
    }
    for (const f of fields) {
      if (doc.fields.includes(f.field_name)) continue;
      const closest = closestMatch(f.field_name, doc.fields);
      mappingProblems.push({
        code: 'field_missing',
        column: f.column,
        doc_id: docId,
        field_name: f.field_name,
        fields: doc.fields.map(clean),
        ...(closest ? { closest: clean(closest) } : {}),
        message:
          t('preflight.field_missing', {
            column: clean(f.column),
            field: clean(f.field_name),
            doc_id: clean(docId),
            fields: doc.fields.length ? doc.fields.map(clean).join(', ') : t('preflight.none'),
          }) + (closest ? ` ${t('preflight.did_you_mean', { name: clean(closest) })}` : ''),
      });
    }
  }

  if (refField !== undefined && !refChecked) {
    mappingProblems.push({ code: 'reference_missing', field_name: refField, message: t('preflight.reference_unchecked', { field: clean(refField), id: clean(libId) }) });
  }

  // ---- customer B: a "2단계 C" template needs its columns; another template must not get them
  template.customer_b = customerB;
  const mapsCustomerB = mapping.customerB !== undefined;
  if (customerB === true && !mapsCustomerB) {
    mappingProblems.push({ code: 'customer_b_missing', message: t('preflight.customer_b_missing', { id: clean(libId), name: template.name }) });
  } else if (customerB === false && mapsCustomerB) {
    mappingProblems.push({ code: 'customer_b_unexpected', message: t('preflight.customer_b_unexpected', { id: clean(libId), name: template.name }) });
  }
  return report();
}

/**
 * For `send` and `validate --online`: runs the checks with a client of its own and
 * returns the report (saying so when it passed, unless --json). `preflightError`
 * turns a failed report into the error to throw; `reportPreflight` prints its problems.
 */
export async function runPreflight(args: {
  settings: Settings;
  mapping: MappedFields;
  ui: Reporter;
  env: NodeJS.ProcessEnv;
  /** the token to check; resolved (and its expiry warned about) when not given */
  resolved?: Pick<ResolvedToken, 'token' | 'source'> | undefined;
  json: boolean;
  /** documents the run needs (validate: its valid rows); a send checks its own count later */
  needed?: number | undefined;
}): Promise<PreflightReport> {
  const { settings, ui } = args;
  let resolved = args.resolved;
  if (resolved === undefined) {
    const r = await resolveToken(settings, args.env);
    checkStoredToken(r, ui, settings);
    resolved = r;
  }
  const client = makeClient(settings, { token: resolved.token, ui, maxSockets: 2, maxResponseTimeout: 60 });
  let result: PreflightReport;
  try {
    result = await preflight(client, settings, args.mapping, resolved, settings.token_file, args.needed);
  } finally {
    client.close();
  }
  if (!args.json) {
    if (result.company) ui.info(companyLine(result.company));
    else if (result.companyUnread !== undefined) ui.warn(t('preflight.company_unread', { reason: result.companyUnread }));
    if (result.ok && result.template) {
      ui.info(t('preflight.ok', { name: result.template.name, id: result.template.workflow_lib_id, fields: args.mapping.fields.length }));
      if (result.template.customer_b) ui.info(t('preflight.customer_b_ok'));
    }
  }
  return result;
}

/** The error for a failed report: account problems → exit 4, mapping problems (only) → exit 3. */
function preflightError(report: PreflightReport): CliError | undefined {
  if (report.ok) return undefined;
  const lines = [...report.accountProblems, ...report.mappingProblems].map((p) => p.message);
  if (report.accountProblems.length > 0) return new ApiStopError(t('preflight.failed_account', { count: lines.length }), lines);
  return new InputError(t('preflight.failed_mapping', { count: lines.length }), lines);
}

/**
 * For `send`: the error that keeps the first batch from leaving, or undefined. A check
 * that could not be made (server unreachable, no clear answer) is not a failure of the
 * account: it is warned about and the send goes on, where its own retry and stop rules
 * (and the journal) deal with a server that does not answer.
 */
export function preflightGate(report: PreflightReport, ui: Reporter): CliError | undefined {
  const inconclusive = (p: PreflightProblem) => p.code === 'unreachable' || p.code === 'no_answer';
  if (!report.ok && report.mappingProblems.length === 0 && report.accountProblems.every(inconclusive)) {
    for (const p of report.accountProblems) ui.warn(p.message);
    ui.warn(t('preflight.inconclusive'));
    return undefined;
  }
  return preflightError(report);
}

/** Exit code for a report: 0, 3 (mapping) or 4 (account). */
export function preflightExitCode(report: PreflightReport): 0 | 3 | 4 {
  if (report.accountProblems.length > 0) return 4;
  return report.mappingProblems.length > 0 ? 3 : 0;
}

/** `validate --online`: the offline exit code combined with the report's. */
export function combineExit(offline: ExitCode, report: PreflightReport | undefined): ExitCode {
  return decideExit(offline, report ? preflightExitCode(report) : 0);
}

/** Prints a failed report's problems, one line each, like row problems. */
export function reportPreflight(report: PreflightReport, ui: Reporter): void {
  for (const p of [...report.accountProblems, ...report.mappingProblems]) ui.error(p.message);
  if (!report.ok) {
    ui.error(t('preflight.summary_failed', { account: report.accountProblems.length, mapping: report.mappingProblems.length }));
  }
}

/** The report as it goes into a `--json` document. */
export function preflightJson(report: PreflightReport) {
  return {
    ok: report.ok,
    template: report.template,
    company: report.company,
    company_unread: report.companyUnread,
    account_problems: report.accountProblems,
    mapping_problems: report.mappingProblems,
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
