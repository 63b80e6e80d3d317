/**
 * The account-side calls (1001Q login, 1123Q templates, GET docs, GET workflows,
 * 1429Q remind, 1510Q cancel): each builds its envelope, posts it through the
 * ApiClient and turns what came back into a tagged union, so that commands switch
 * over outcomes instead of picking through HTTP details. (1410Q, whose answer is one
 * outcome per signer, is in bulk-start.ts.)
 */
import type { z } from 'zod';
import type { ApiClient, PostResult } from './client.js';
import {
  bareResponseSchema,
  docDetailResponseSchema,
  downloadUrlResponseSchema,
  loginResponseSchema,
  templateListResponseSchema,
  workflowDetailResponseSchema,
  workflowFilesResponseSchema,
  type TemplateFile,
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

function interpret<S extends z.ZodType, T>(result: PostResult, schema: S, pick: (parsed: z.output<S>) => T | undefined): CallResult<T> {
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

// ---------------------------------------------------------------- 1001Q

export interface LoginAnswer {
  access_token: string;
  expire_date: string;
  comp_id: string;
  memb_email: string;
}

export async function login(client: ApiClient, body: Account & { memb_pwd: string; client_id?: string | undefined }): Promise<CallResult<LoginAnswer>> {
  const envelope = {
    header: client.header('1001Q', 'access token'),
    body: {
      comp_id: body.comp_id,
      memb_email: body.memb_email,
      memb_pwd: body.memb_pwd,
      ...(body.client_id ? { client_id: body.client_id } : {}),
    },
  };
  const result = await client.post(`/api/${encodeURIComponent(body.comp_id)}/login`, envelope, { auth: false });
  return interpret(result, loginResponseSchema, (r) =>
    r.body && r.body.access_token !== ''
      ? { access_token: r.body.access_token, expire_date: r.body.expire_date, comp_id: r.body.comp_id, memb_email: r.body.memb_email }
      : undefined,
  );
}

// ---------------------------------------------------------------- 1123Q

export async function listTemplates(
  client: ApiClient,
  account: Account,
  folder: 'all' | 'my',
  lang: 'ko' | 'en',
): Promise<CallResult<TemplateFile[]>> {
  const envelope = {
    header: client.header('1123Q', 'template list'),
    body: { comp_id: account.comp_id, biz_id: '0', memb_email: account.memb_email, search_dir_id: folder, display_order_mode: '1' },
  };
  const result = await client.post(`/JEDOC/Common.do?lang=${lang}`, envelope);
  return interpret(result, templateListResponseSchema, (r) => r.body.file_list);
}

/** A template that 1410Q can send (`file_workflow_type` BULK). */
export function isBulk(f: Pick<TemplateFile, 'file_workflow_type'>): boolean {
  return f.file_workflow_type.toUpperCase() === 'BULK';
}

// ---------------------------------------------------------------- GET docs / workflows

export interface DocDetail {
  doc_id: string;
  doc_name: string;
  doc_type: string;
  workflow_library_id: string;
  /** field names (`field_owner`), in the template's order, without repeats */
  fields: string[];
}

export async function getDoc(client: ApiClient, docId: string): Promise<CallResult<DocDetail>> {
  const result = await client.get(`/api/v2/docs/${encodeURIComponent(docId)}`);
  return interpret(result, docDetailResponseSchema, (r) =>
    r.body
      ? {
          doc_id: r.body.doc_id,
          doc_name: r.body.doc_name,
          doc_type: r.body.doc_type,
          workflow_library_id: r.body.workflow_library_id,
          fields: [...new Set(r.body.field_list.map((f) => f.field_owner))],
        }
      : undefined,
  );
}

export interface WorkflowDetail {
  workflow_status: string;
  /** `current_action_id/total_action_count`, e.g. `1/2`; '' when not given */
  current_step: string;
  last_event: string;
  last_event_at: string;
}

export async function getWorkflow(client: ApiClient, workflowId: string): Promise<CallResult<WorkflowDetail>> {
  const result = await client.get(`/api/v2/workflows/${encodeURIComponent(workflowId)}`);
  return interpret(result, workflowDetailResponseSchema, (r) => {
    if (!r.body) return undefined;
    const last = r.body.action_history_list.at(-1);
    const step = r.body.current_action_id && r.body.total_action_count ? `${r.body.current_action_id}/${r.body.total_action_count}` : r.body.current_action_id;
    return {
      workflow_status: r.body.workflow_status,
      current_step: step,
      last_event: last?.step_code ?? '',
      last_event_at: last?.action_date ?? r.body.last_modify_date,
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

// ---------------------------------------------------------------- 1429Q / 1510Q

export async function remind(client: ApiClient, account: Account, workflowId: string): Promise<CallResult<true>> {
  const envelope = {
    header: client.header('1429Q', 'remind'),
    body: { comp_id: account.comp_id, biz_id: '0', memb_email: account.memb_email, workflow_id: workflowId },
  };
  return interpret(await client.post('/JEDOC/Common.do', envelope), bareResponseSchema, () => true as const);
}

export interface CancelRequest {
  command: 'cancel' | 'disposal';
  description?: string | undefined;
  /** `+09:00` */
  timezone_offset?: string | undefined;
  lang: 'ko' | 'en';
}

export async function cancelDocument(client: ApiClient, account: Account, workflowId: string, req: CancelRequest): Promise<CallResult<true>> {
  const envelope = {
    header: { ...client.header('1510Q', 'cancel'), request_lang: req.lang },
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
