/**
 * 1410Q, the bulk start: signers → the request's `unset_player_list`, the request
 * itself, and its answer turned into one outcome per signer plus whether the run must
 * stop. The interpretation is pure: the journal and the results file are written from
 * what it returns.
 */
import type { Signer } from '../core/signer-types.js';
import type { RowOutcome } from '../core/outcome.js';
import { normalizeKoreanMobile } from '../core/phone.js';
import type { ApiClient, PostResult } from './client.js';
import { bulkStartResponseSchema, type BulkStartRequest, type UnsetPlayer } from './schemas.js';

/** Where 1410Q is posted. */
export const BULK_START_PATH = '/JEDOC/Common.do';

/** Result codes that stop the whole run (nothing was made for the batch). */
export const STOP_CODES = new Set(['-1', '10', '12', '13', '14', '15']);

/** The settings a 1410Q request is made of (config's Settings has them all). */
export interface BulkStartSettings {
  api_version: string;
  comp_id?: string | undefined;
  memb_email?: string | undefined;
  client_id?: string | undefined;
  workflow_lib_id?: string | undefined;
  comment: string;
}

export interface BatchMeta {
  batch: number;
  session_id: string;
  sent_at: string;
}

export interface RunStop {
  /** result_code, or `http_401`, `http_403`, `unreachable` … */
  code: string;
  message: string;
}

export interface BatchOutcome {
  /** One per signer, in batch order. */
  rows: RowOutcome[];
  stop?: RunStop | undefined;
}

/** The 1410Q `unset_player_list` entry for a signer: every value a string. */
export function toUnsetPlayer(s: Signer): UnsetPlayer {
  return {
    memb_id_type: s.memb_id_type,
    email: s.contact,
    name: s.name,
    language: s.language,
    workflow_name: s.workflow_name,
    enable_mobile_cert: s.enable_mobile_cert ? 'true' : 'false',
    mobile_number: s.mobile_number,
    enable_password_cert: s.enable_password_cert ? 'true' : 'false',
    password_hint: s.password_hint,
    password: s.password,
    field_list: s.fields.map((f) => ({ doc_id: f.doc_id, field_name: f.field_name, field_value: f.field_value })),
  };
}

export function buildRequest(players: UnsetPlayer[], settings: BulkStartSettings, sessionId: string): BulkStartRequest {
  return {
    header: {
      request_code: '1410Q',
      request_msg: 'Work Flow Bulk Sending를 시작합니다.',
      session_id: sessionId,
      version: settings.api_version,
    },
    body: {
      comp_id: settings.comp_id ?? '',
      biz_id: '0',
      memb_email: settings.memb_email ?? '',
      workflow_lib_id: settings.workflow_lib_id ?? '',
      workflow_name: '',
      ...(settings.client_id ? { clientid: settings.client_id } : {}),
      unset_player_list: players,
      comment: settings.comment,
    },
  };
}

/** Posts one batch and says what became of each of its signers, in their order. */
export async function bulkStart(client: ApiClient, signers: readonly Signer[], settings: BulkStartSettings, meta: BatchMeta): Promise<BatchOutcome> {
  const result = await client.post(BULK_START_PATH, buildRequest(signers.map(toUnsetPlayer), settings, meta.session_id));
  return interpretBulkStart(result, signers.map((s) => s.contact), meta);
}

/** How the contact the server echoes is compared with ours: lowercased email, or national mobile digits. */
export function contactKey(contact: string): string {
  const trimmed = contact.trim().toLowerCase();
  return trimmed.includes('@') ? trimmed : (normalizeKoreanMobile(trimmed) ?? trimmed);
}

export function interpretBulkStart(result: PostResult, contacts: readonly string[], meta: BatchMeta): BatchOutcome {
  const all = (outcome: RowOutcome): RowOutcome[] => contacts.map(() => outcome);
  const ref = { batch: meta.batch, session_id: meta.session_id, sent_at: meta.sent_at };

  switch (result.kind) {
    case 'auth_rejected': {
      const message = `HTTP ${result.status}: token rejected`;
      return { rows: all({ status: 'not_sent', message }), stop: { code: `http_${result.status}`, message } };
    }
    case 'not_processed': {
      const message = `not sent: ${result.reason}`;
      return { rows: all({ status: 'not_sent', message }), stop: { code: 'unreachable', message: result.reason } };
    }
    case 'unknown': {
      const rows = all({ status: 'unknown', message: `outcome unknown: ${result.reason}`, ...ref });
      // A redirect or a 4xx is not a passing fault: whatever answers is not the API as we know it,
      // and every later batch would meet it too. This batch stays unknown; no other leaves.
      if (result.status !== undefined && result.status >= 300 && result.status < 500) {
        const message = `HTTP ${result.status}: the server did not answer as the eSignon API does (check the API URL); whether this batch was processed is unknown`;
        return { rows, stop: { code: `http_${result.status}`, message } };
      }
      return { rows };
    }
    case 'response':
      break;
  }

  const parsed = bulkStartResponseSchema.safeParse(result.body);
  if (!parsed.success) {
    return { rows: all({ status: 'unknown', message: 'outcome unknown: response not in the 1410A shape', ...ref }) };
  }
  const { header, body } = parsed.data;
  if (header.session_id !== '' && header.session_id !== meta.session_id) {
    return { rows: all({ status: 'unknown', message: `outcome unknown: response for session ${header.session_id}`, ...ref }) };
  }
  const code = header.result_code;
  if (STOP_CODES.has(code)) {
    const message = `${code}: ${header.result_msg}`;
    return { rows: all({ status: 'not_sent', message }), stop: { code, message: header.result_msg } };
  }
  if (code !== '00') {
    return {
      rows: all({ status: 'failed', result: '', result_code: code, message: header.result_msg, ...ref }),
    };
  }

  const list = body.workflow_list;
  const rows = contacts.map((contact, i): RowOutcome => {
    const entry = list[i];
    if (!entry || contactKey(entry.unset_player_email) !== contactKey(contact)) {
      return { status: 'unknown', message: 'outcome unknown: response does not match this signer', ...ref };
    }
    if (entry.result.toUpperCase() === 'OK' && entry.workflow_id !== '') {
      return {
        status: 'sent',
        workflow_id: entry.workflow_id,
        token: entry.token,
        result: entry.result,
        result_code: code,
        message: entry.description,
        ...ref,
      };
    }
    return { status: 'failed', result: entry.result, result_code: code, message: entry.description || header.result_msg, ...ref };
  });
  return { rows };
}
