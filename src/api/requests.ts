/**
 * The account-side calls (1001Q login, 1123Q templates, GET docs, GET workflows,
 * GET company, 1429Q remind, 1510Q cancel): each builds its envelope as its current
 * page shows it, posts it through the ApiClient and turns what came back into a
 * tagged union, so that commands switch over outcomes instead of picking through
 * HTTP details. (1410Q, whose answer is one outcome per signer, is in bulk-start.ts.)
 *
 * Times: the GETs are asked for UTC (`offset=+00:00`), and every time they return is
 * handed on as ISO 8601 UTC (`serviceTime`), the one format of the results files.
 */
import type { z } from 'zod';
import type { ApiClient, PostResult } from './client.js';
import { newSessionId } from './client.js';
import { sortHistory } from './history.js';
import { serviceTime } from './service-time.js';
import {
  bareResponseSchema,
  companyResponseSchema,
  docDetailResponseSchema,
  downloadUrlResponseSchema,
  loginResponseSchema,
  templateListResponseSchema,
  workflowDetailResponseSchema,
  type CancelCommand,
  type CancelRequestEnvelope,
  type LoginRequest,
  type RemindRequest,
  workflowFilesResponseSchema,
  type TemplateFile,
  type TemplateFolder,
  type TemplateListRequest,
} from './schemas.js';

export type CallResult<T> =
  /** result_code 00 and a body in the expected shape */
  | { kind: 'ok'; value: T }
  /** the server answered with another result_code */
  | { kind: 'result'; code: string; message: string }
  /** HTTP 401/403: the token (or the login) was refused; nothing happened */
  | { kind: 'auth_rejected'; status: number }
  /** certainly not processed: connection refused, 429/503 after the retries, another refusal */
  | { kind: 'unreachable'; reason: string }
  /** may or may not have been processed: timeout, reset, 5xx, unreadable answer */
  | { kind: 'unknown'; reason: string };

/** A call that did not succeed, for whatever reason. */
export type CallFailure = Exclude<CallResult<unknown>, { kind: 'ok' }>;

/** The parts of the settings every account call needs. */
export interface Account {
  comp_id: string;
  memb_email: string;
}

export function interpret<S extends z.ZodType, T>(result: PostResult, schema: S, pick: (parsed: z.output<S>) => T | undefined): CallResult<T> {
  switch (result.kind) {
    case 'auth_rejected':
      return { kind: 'auth_rejected', status: result.status };
    case 'not_processed':
      return { kind: 'unreachable', reason: result.reason };
    case 'unknown':
      return { kind: 'unknown', reason: result.reason };
    case 'response':
      break;
  }
  const parsed = schema.safeParse(result.body);
  if (!parsed.success) {
    // A header alone still tells the result code.
    const bare = bareResponseSchema.safeParse(result.body);
    if (bare.success && bare.data.header.result_code !== '00') {
      return { kind: 'result', code: bare.data.header.result_code, message: bare.data.header.result_msg };
    }
    return { kind: 'unknown', reason: 'the answer is not in the documented shape' };
  }
  const header = (parsed.data as { header: { result_code: string; result_msg: string } }).header;
  if (header.result_code !== '00') return { kind: 'result', code: header.result_code, message: header.result_msg };
  const value = pick(parsed.data);
  if (value === undefined) return { kind: 'unknown', reason: 'the answer has no body' };
  return { kind: 'ok', value };
}

/** The `?lang=` of 1123Q and 1429Q: ko, en or jp (this tool speaks ko and en). */
export type QueryLang = 'ko' | 'en';

/**
 * The zone the GETs are asked to write their dates in (their `offset` parameter,
 * `±hh:mm`, default +09:00): UTC. `+` is escaped, or a query string reads it as a space.
 */
const UTC_OFFSET_QUERY = `offset=${encodeURIComponent('+00:00')}`;

// ---------------------------------------------------------------- 1001Q (issued-token.md)

export interface LoginAnswer {
  access_token: string;
  expire_date: string;
  comp_id: string;
  memb_email: string;
}

/**
 * The current page's request: the company in the path, a header of `request_code`
 * alone, a body of `memb_email` and `memb_pwd`. `client_id` goes only when configured:
 * the older description required it, and an account that eSignon issued one to may
 * still need it.
 */
export async function login(
  client: ApiClient,
  account: { comp_id: string; memb_email: string; memb_pwd: string; client_id?: string | undefined },
): Promise<CallResult<LoginAnswer>> {
  const envelope: LoginRequest = {
    header: { request_code: '1001Q' },
    body: {
      memb_email: account.memb_email,
      memb_pwd: account.memb_pwd,
      ...(account.client_id ? { client_id: account.client_id } : {}),
    },
  };
  const result = await client.post(`/api/${encodeURIComponent(account.comp_id)}/login`, envelope, { auth: false });
  return interpret(result, loginResponseSchema, (r) =>
    r.body && r.body.access_token !== ''
      ? { access_token: r.body.access_token, expire_date: r.body.expire_date, comp_id: r.body.comp_id, memb_email: r.body.memb_email }
      : undefined,
  );
}

// ---------------------------------------------------------------- 1123Q (template-readdocument.md)

/** One call: `all` is every folder the account sees. */
export async function listTemplates(client: ApiClient, account: Account, folder: TemplateFolder, lang: QueryLang): Promise<CallResult<TemplateFile[]>> {
  const envelope: TemplateListRequest = {
    header: { request_code: '1123Q', request_msg: 'template list', session_id: newSessionId(), version: client.options.apiVersion },
    // 2: by creation date, oldest first (the current page lists the modes 2 to 10).
    body: { comp_id: account.comp_id, biz_id: '0', memb_email: account.memb_email, search_dir_id: folder, display_order_mode: '2' },
  };
  const result = await client.post(`/JEDOC/Common.do?lang=${lang}`, envelope);
  return interpret(result, templateListResponseSchema, (r) => r.body.file_list);
}

/** A template that 1410Q can send (`file_workflow_type` BULK). */
export function isBulk(f: Pick<TemplateFile, 'file_workflow_type'>): boolean {
  return f.file_workflow_type.toUpperCase() === 'BULK';
}

// ---------------------------------------------------------------- GET docs (template-docinfo.md)

export interface DocField {
  name: string;
  /** the step that fills it (`action_id`), 0 when not given */
  step: number;
  /** the step's fixed signer (the sending account for a manager step); '' for a customer's step */
  email: string;
}

export interface DocDetail {
  doc_id: string;
  doc_name: string;
  doc_type: string;
  workflow_library_id: string;
  /** field names (`field_owner`), in the template's order, without repeats */
  fields: string[];
  /** every field with its step */
  stepFields: DocField[];
}

export async function getDoc(client: ApiClient, docId: string): Promise<CallResult<DocDetail>> {
  const result = await client.get(`/api/v2/docs/${encodeURIComponent(docId)}?${UTC_OFFSET_QUERY}`);
  return interpret(result, docDetailResponseSchema, (r) =>
    r.body
      ? {
          doc_id: r.body.doc_id,
          doc_name: r.body.doc_name,
          doc_type: r.body.doc_type,
          workflow_library_id: r.body.workflow_library_id,
          fields: [...new Set(r.body.field_list.map((f) => f.field_owner))],
          stepFields: r.body.field_list.map((f) => ({ name: f.field_owner, step: Number(f.action_id) || 0, email: f.email })),
        }
      : undefined,
  );
}

/**
 * A "2단계 C" template (two customers, no manager step) from its document's fields: a
 * step after the first whose fields have no fixed signer is a second customer's. A
 * manager step's fields name the sending account. Undefined when the fields do not
 * tell (no field on a later step).
 */
export function hasCustomerBStep(fields: readonly DocField[]): boolean | undefined {
  const later = fields.filter((f) => f.step > 1);
  if (later.length === 0) return undefined;
  return later.some((f) => f.email.trim() === '');
}

// ---------------------------------------------------------------- GET company (company-compinfo.md)

export interface CompanyDetail {
  name: string;
  /** documents bought; undefined when the answer gives no number */
  capacity: number | undefined;
  /** documents used */
  usage: number | undefined;
  /** the plan's end, ISO 8601 UTC; '' when not given */
  expiry: string;
  grade_code: string;
}

/** A count as the page writes it (a string, maybe with separators); undefined when none. */
function count(v: string): number | undefined {
  const digits = v.replace(/[,\s]/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

export async function getCompany(client: ApiClient): Promise<CallResult<CompanyDetail>> {
  const result = await client.get(`/api/v2/company?${UTC_OFFSET_QUERY}`);
  return interpret(result, companyResponseSchema, (r) =>
    r.body
      ? {
          name: r.body.name,
          capacity: count(r.body.workflow_capacity),
          usage: count(r.body.workflow_usage),
          expiry: serviceTime(r.body.expiry_date),
          grade_code: r.body.grade_code,
        }
      : undefined,
  );
}

// ---------------------------------------------------------------- GET workflows (workflow-view-workflowinfo.md)

export interface WorkflowDetail {
  workflow_status: string;
  /** `current_action_id/total_action_count`, e.g. `1/2`; '' when not given */
  current_step: string;
  /** steps signed and steps in all (stepCounts); '' when not given */
  steps_done: string;
  steps_total: string;
  /** the newest history entry's step_code */
  last_event: string;
  /** its time, ISO 8601 UTC (the document's last change when there is no history) */
  last_event_at: string;
}

/**
 * Steps signed and steps in all, from the step now waiting (1-based; the last once
 * complete) and the number of steps: a completed document has signed them all, another
 * those before the one waiting. '' for what the answer does not tell.
 */
export function stepCounts(status: string, current: string, total: string): { steps_done: string; steps_total: string } {
  const n = /^\d{1,4}$/.test(total.trim()) ? Number(total) : undefined;
  const c = /^\d{1,4}$/.test(current.trim()) ? Number(current) : undefined;
  const done = status === 'Complete' ? n : c === undefined ? undefined : Math.max(0, c - 1);
  return { steps_done: done === undefined ? '' : String(done), steps_total: n === undefined ? '' : String(n) };
}

export async function getWorkflow(client: ApiClient, workflowId: string): Promise<CallResult<WorkflowDetail>> {
  const result = await client.get(`/api/v2/workflows/${encodeURIComponent(workflowId)}?${UTC_OFFSET_QUERY}`);
  return interpret(result, workflowDetailResponseSchema, (r) => {
    if (!r.body) return undefined;
    const last = sortHistory(r.body.action_history_list).at(-1);
    const step = r.body.current_action_id && r.body.total_action_count ? `${r.body.current_action_id}/${r.body.total_action_count}` : r.body.current_action_id;
    return {
      workflow_status: r.body.workflow_status,
      current_step: step,
      ...stepCounts(r.body.workflow_status, r.body.current_action_id, r.body.total_action_count),
      last_event: last?.step_code ?? '',
      last_event_at: serviceTime(last?.confirm_date || r.body.last_modify_date),
    };
  });
}

// ---------------------------------------------------------------- downloads

/** A document's state and, when it is Complete, the links of its signed PDF and certificate (valid 5 minutes). */
export interface WorkflowFiles {
  workflow_status: string;
  /** '' when not given */
  doc_url: string;
  cert_url: string;
}

/** GET workflows/{id}, read for `download`: the state and the two links. */
export async function getWorkflowFiles(client: ApiClient, workflowId: string): Promise<CallResult<WorkflowFiles>> {
  const result = await client.get(`/api/v2/workflows/${encodeURIComponent(workflowId)}`);
  return interpret(result, workflowFilesResponseSchema, (r) =>
    r.body ? { workflow_status: r.body.workflow_status, doc_url: r.body.download_url, cert_url: r.body.certificate_url } : undefined,
  );
}

/** workflow-downloadurl.md: POST /workflow/download `{ workflow_id }` (no envelope) → fresh links; `10` when not Complete. */
export async function downloadUrls(client: ApiClient, workflowId: string): Promise<CallResult<Omit<WorkflowFiles, 'workflow_status'>>> {
  const result = await client.post('/workflow/download', { workflow_id: workflowId });
  return interpret(result, downloadUrlResponseSchema, (r) => (r.body ? { doc_url: r.body.doc_url, cert_url: r.body.cert_url } : undefined));
}

// ---------------------------------------------------------------- 1429Q (workflow-remind.md)

export async function remind(client: ApiClient, account: Account, workflowId: string, lang: QueryLang): Promise<CallResult<true>> {
  // The page's header has no version.
  const envelope: RemindRequest = {
    header: { request_code: '1429Q', request_msg: 'Remind 를 요청합니다.', session_id: newSessionId() },
    body: { comp_id: account.comp_id, biz_id: '0', workflow_id: workflowId, memb_email: account.memb_email },
  };
  return interpret(await client.post(`/JEDOC/Common.do?lang=${lang}`, envelope), bareResponseSchema, () => true as const);
}

// ---------------------------------------------------------------- 1510Q (workflow-modify-cancel.md)

export interface CancelRequest {
  command: CancelCommand;
  /** the reason: required for DISPOSAL, sent with the others when given */
  description?: string | undefined;
  /** `+09:00`: required for DISPOSAL */
  timezone_offset?: string | undefined;
  lang: 'ko' | 'en';
}

export async function cancelDocument(client: ApiClient, account: Account, workflowId: string, req: CancelRequest): Promise<CallResult<true>> {
  const envelope: CancelRequestEnvelope = {
    header: { request_code: '1510Q', request_msg: req.command, request_lang: req.lang, session_id: newSessionId(), version: client.options.apiVersion },
    body: {
      comp_id: account.comp_id,
      biz_id: '0',
      memb_email: account.memb_email,
      workflow_id: workflowId,
      command: req.command,
      ...(req.description ? { description: req.description } : {}),
      ...(req.timezone_offset ? { timezone_offset: req.timezone_offset } : {}),
    },
  };
  return interpret(await client.post('/JEDOC/Common.do', envelope), bareResponseSchema, () => true as const);
}

/** The local time zone as 1510Q wants it: `+09:00`, `-05:30`. */
export function localTimezoneOffset(date: Date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
