/**
 * 1410Q, the bulk start (workflow-start-bulkstart.md): signers → the request's
 * `unset_player_list`, the request itself, and its answer turned into one outcome per
 * signer plus whether the run must stop. The interpretation is pure: the journal and
 * the results file are written from what it returns.
 */
import { normalizeContact } from '../core/contacts.js';
import type { Person, Signer } from '../core/signer-types.js';
import type { RowOutcome } from '../core/outcome.js';
import type { ApiClient, PostResult } from './client.js';
import { bulkStartResponseSchema, type BulkStartRequest, type Customer, type UnsetPlayer, type WorkflowResult } from './schemas.js';

/** Where 1410Q is posted. */
export const BULK_START_PATH = '/JEDOC/Common.do';

/** Result codes that stop the whole run (nothing was made for the batch). */
const STOP_CODES = new Set(['-1', '10', '12', '13', '14', '15']);
/** Every result code the page lists: `00`, `11` (this batch failed) and the stop codes. Any other stops the run, the batch unknown. */
const DOCUMENTED_CODES = new Set(['00', '11', ...STOP_CODES]);

/** The settings a 1410Q request is made of (config's Settings has them all). */
export interface BulkStartSettings {
  api_version: string;
  comp_id?: string | undefined;
  memb_email?: string | undefined;
  workflow_lib_id?: string | undefined;
  comment: string;
  /** `enable_legal_agreement` */
  legal_agreement: boolean;
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

/** The 1410Q `customer_list` entry for customer B (or the first keys of a signer's entry): every value a string. */
export function toCustomer(p: Person): Customer {
  return {
    memb_id_type: p.memb_id_type,
    email: p.contact,
    name: p.name,
    language: p.language,
    enable_mobile_cert: p.enable_mobile_cert ? 'true' : 'false',
    mobile_number: p.mobile_number,
    enable_password_cert: p.enable_password_cert ? 'true' : 'false',
    password_hint: p.password_hint,
    password: p.password,
  };
}

/**
 * The 1410Q `unset_player_list` entry for a signer: every value a string, `field_list`
 * always (empty when nothing is pre-filled), `workflow_name` only when the signer has
 * a title of its own (else the body's `workflow_name` is its title).
 */
export function toUnsetPlayer(s: Signer): UnsetPlayer {
  return {
    ...toCustomer(s),
    ...(s.workflow_name !== '' ? { workflow_name: s.workflow_name } : {}),
    field_list: s.fields.map((f) => ({ doc_id: f.doc_id, field_name: f.field_name, field_value: f.field_value })),
  };
}

/**
 * How batches are cut for customer B: the page gives a "2단계 C" request one
 * `customer_list` (customer B of every signer in `unset_player_list`), so one request
 * holds only signers with the same customer B. Signers without one share the key ''.
 */
export function customerKey(s: Pick<Signer, 'customer_b'>): string {
  return s.customer_b === undefined ? '' : JSON.stringify(toCustomer(s.customer_b));
}

/**
 * The request for a batch. `title` is the body's `workflow_name` (required, never
 * empty): the title of the signers without one of their own. `customer` is the
 * batch's customer B, for a "2단계 C" template.
 */
export function buildRequest(
  players: UnsetPlayer[],
  settings: BulkStartSettings,
  sessionId: string,
  title: string,
  customer?: Customer | undefined,
): BulkStartRequest {
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
      workflow_name: title,
      workflow_lib_id: settings.workflow_lib_id ?? '',
      unset_player_list: players,
      comment: settings.comment,
      enable_legal_agreement: settings.legal_agreement ? 'true' : 'false',
      ...(customer ? { customer_list: [customer] } : {}),
    },
  };
}

/**
 * Posts one batch and says what became of each of its signers, in their order. The
 * signers share one customer B (or none): see `customerKey`.
 */
export async function bulkStart(
  client: ApiClient,
  signers: readonly Signer[],
  settings: BulkStartSettings,
  title: string,
  meta: BatchMeta,
): Promise<BatchOutcome> {
  const b = signers[0]?.customer_b;
  const request = buildRequest(signers.map(toUnsetPlayer), settings, meta.session_id, title, b === undefined ? undefined : toCustomer(b));
  const result = await client.post(BULK_START_PATH, request);
  return interpretBulkStart(result, signers.map((s) => ({ contact: s.contact, title: s.workflow_name || title })), meta);
}

/** What an answer's entry is matched with: the signer's contact, and its title when two signers share a contact. */
export interface SentSigner {
  contact: string;
  title: string;
}

/**
 * Each signer's entry of `workflow_list`, matched by `unset_player_email` (the page
 * promises no order, so never by position). Two signers of a batch with the same
 * contact (`--allow-duplicates`; dispatch keeps them apart, but an answer is not
 * trusted to) are told apart by title; entries that still cannot be told apart are
 * left unmatched, so their signers stay unknown rather than take another's document.
 */
function matchEntries(list: readonly WorkflowResult[], signers: readonly SentSigner[]): (WorkflowResult | undefined)[] {
  const byContact = new Map<string, WorkflowResult[]>();
  for (const entry of list) {
    const key = normalizeContact(entry.unset_player_email);
    const same = byContact.get(key);
    if (same) same.push(entry);
    else byContact.set(key, [entry]);
  }
  const wanted = new Map<string, number>();
  for (const s of signers) {
    const key = normalizeContact(s.contact);
    wanted.set(key, (wanted.get(key) ?? 0) + 1);
  }
  return signers.map((s) => {
    const key = normalizeContact(s.contact);
    const entries = byContact.get(key);
    if (!entries || entries.length === 0) return undefined;
    if (wanted.get(key) === 1 && entries.length === 1) return entries[0];
    // Shared contact: the one entry with this signer's title, if exactly one has it.
    const titled = entries.filter((e) => e.workflow_name === s.title);
    if (titled.length !== 1 || signers.filter((o) => normalizeContact(o.contact) === key && o.title === s.title).length !== 1) return undefined;
    return titled[0];
  });
}

export function interpretBulkStart(result: PostResult, signers: readonly SentSigner[], meta: BatchMeta): BatchOutcome {
  const all = (outcome: RowOutcome): RowOutcome[] => signers.map(() => outcome);
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
  if (!DOCUMENTED_CODES.has(code)) {
    // A code the page does not list (94, 95, 99 …): whether documents were made is not
    // known, and every later batch would likely meet it too.
    const message = `${code}: ${header.result_msg}`;
    return { rows: all({ status: 'unknown', message: `outcome unknown: undocumented result ${message}`, ...ref }), stop: { code, message: header.result_msg } };
  }
  if (STOP_CODES.has(code)) {
    const message = `${code}: ${header.result_msg}`;
    return { rows: all({ status: 'not_sent', message }), stop: { code, message: header.result_msg } };
  }
  if (code !== '00') {
    return {
      rows: all({ status: 'failed', result: '', result_code: code, message: header.result_msg, ...ref }),
    };
  }

  const matched = matchEntries(body.workflow_list, signers);
  const rows = matched.map((entry): RowOutcome => {
    if (!entry) {
      return { status: 'unknown', message: 'outcome unknown: the answer has no entry for this signer', ...ref };
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
