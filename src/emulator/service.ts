/**
 * The emulated eSignon service, without the HTTP plumbing: requests in, replies out.
 * It checks requests with the shared schemas in `api/schemas.ts` and the shared
 * contact rules (`core/email.ts`, `core/phone.ts`), and is strict on its own account
 * where the real service is: headers, `Authorization` format, string-only values,
 * exact enum spellings, the account's identity, the template's documents and fields.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import {
  bulkStartBodySchema,
  cancelRequestSchema,
  loginRequestSchema,
  remindRequestSchema,
  requestHeaderSchema,
  templateListRequestSchema,
  type BulkStartBody,
  type FieldEntry,
  type TemplateFile,
  type UnsetPlayer,
  type WorkflowResult,
} from '../api/schemas.js';
import { isValidEmail } from '../core/email.js';
import { normalizeKoreanMobile } from '../core/phone.js';
import {
  applyFaultsPatch,
  cloneFaults,
  faultsPatchSchema,
  NO_FAULTS,
  Random,
  type Faults,
  type FaultsPatch,
} from './faults.js';
import type { EmulatorTemplate } from './sandbox.js';
import { DocumentStore, DOC_STATUSES, type HistoryEvent, type StoredDocument } from './store.js';

export interface EmulatorAccount {
  comp_id: string;
  memb_email: string;
  password: string;
  client_id: string;
  /** Tokens accepted in `Authorization: esignon <token>`; login (1001Q) adds to it. */
  tokens: string[];
}

/** One document in the state report. */
export interface EmulatorDocumentState {
  workflow_id: string;
  /** Lowercased email, or mobile digits. */
  contact: string;
  name: string;
  status: (typeof DOC_STATUSES)[number];
  token: string;
  session_id: string;
  /** ISO 8601, UTC. */
  created_at: string;
  reminded: number;
  workflow_lib_id: string;
  field_list: FieldEntry[];
}

export interface EmulatorState {
  documents: EmulatorDocumentState[];
  /** Documents per normalised contact, every status counted. */
  per_contact: Record<string, number>;
  by_status: Record<string, number>;
  requests: {
    /** API requests received (control endpoints not counted), whatever became of them. */
    total: number;
    /** Per `request_code` (`1410Q` …), `docs` / `workflows` for the GETs, `invalid` when none could be read. */
    by_code: Record<string, number>;
    /** Signers listed in 1410Q requests received (created or not). */
    bulk_signers: number;
    /** Requests whose client went away during `latency_ms`: not processed. */
    abandoned: number;
  };
  faults: Faults;
}

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A 1410Q request that passed every check, waiting to be stored. */
interface CheckedBulkStart {
  body: BulkStartBody;
  templateIndex: number;
  template: EmulatorTemplate;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  /** Destroy the connection without answering. */
  | { kind: 'drop' };

type Route =
  | { name: 'common' }
  | { name: 'login'; comp_id: string }
  | { name: 'docs'; id: string }
  | { name: 'workflows'; id: string }
  | { name: 'not_found' }
  | { name: 'bad_method'; allow: string };

/** A request after its route and request code were read, before any processing. */
export interface ClassifiedRequest {
  req: ApiRequest;
  route: Route;
  /** `request_code` for Common.do and login, '' when unreadable. */
  code: string;
  /** The parsed JSON body, or NOT_JSON. */
  json: unknown;
  /** 1-based ordinal among 1410Q requests since start or reset (0 for other requests). */
  bulkOrdinal: number;
}

const NOT_JSON = Symbol('not json');
const DAY_MS = 24 * 60 * 60 * 1000;

/** The code each request answers a malformed request with, from its documentation page. */
const PARSE_ERROR_CODE: Record<string, string> = { '1001Q': '12', '1429Q': '12' };

const RESULT_MSG: Record<string, Record<string, string>> = {
  '1410Q': {
    '00': 'Work Flow bulk Sending이 시작됩니다.',
    '10': '해당 Work Flow Library가 존재하지 않습니다.',
    '11': '실패하였습니다.',
    '12': '허용된 저장 용량이 초과되었습니다',
    '13': '가능한 문서 수를 초과합니다.',
    '14': '이용기간이 만료되었습니다.',
    '15': '작성자 설정이 올바르지 않습니다.',
  },
  '1001Q': { '10': '로그인에 실패하였습니다.', '99': '예상하지 못한 오류가 발생했습니다.' },
  '1510Q': { '11': '필수 값이 없거나 문서의 상태가 올바르지 않습니다.', '94': '인증키가 올바르지 않습니다.' },
  docs: { '11': '서식 조회에 실패하였습니다.' },
  workflows: { '10': '문서 조회에 실패하였습니다.' },
};
const GENERIC_MSG: Record<string, string> = {
  '00': '성공하였습니다.',
  '-1': '수신 메세지의 Body 정보가 잘못된 형태여서 파싱하지 못했습니다.',
  '10': '실패하였습니다.',
  '11': '실패하였습니다.',
  '12': '수신 메세지의 Body 정보를 파싱하지 못했습니다.',
  '99': '예상하지 못한 오류가 발생했습니다.',
};

/** The request envelope: an object with `header` and `body` objects. */
const envelopeSchema = z.object({
  header: z.record(z.string(), z.unknown()),
  body: z.record(z.string(), z.unknown()),
});
/**
 * The shared header, with `request_msg` optional (the API page's own example omits
 * it) and every other header value a string too.
 */
const headerSchema = requestHeaderSchema.partial({ request_msg: true }).catchall(z.string());

const templateListBodySchema = templateListRequestSchema.shape.body;
const remindBodySchema = remindRequestSchema.shape.body;
const cancelBodySchema = cancelRequestSchema.shape.body;
const loginBodySchema = loginRequestSchema.shape.body;

/** `2026-12-29 10:00:00` in Korean time (UTC+9, no DST), as the service writes dates. */
export function formatServiceDate(ms: number): string {
  return new Date(ms + 9 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The token of an `esignon <token>` header, or undefined when the format is wrong. */
function tokenOf(authorization: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /^esignon (\S+)$/.exec(authorization);
  return m ? m[1] : undefined;
}

function responseCodeOf(code: string): string {
  return /^\d{4}Q$/.test(code) ? `${code.slice(0, 4)}A` : '';
}

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
}

function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Why a signer entry is unacceptable (`<field>: <reason>`), or undefined. */
function signerProblem(p: UnsetPlayer): string | undefined {
  if (p.memb_id_type === 'EMail') {
    if (!isValidEmail(p.email)) return 'email: not an email address';
  } else if (normalizeKoreanMobile(p.email) !== p.email) {
    return 'email: not a Korean mobile number written as digits (010…)';
  }
  if (p.mobile_number !== '' && normalizeKoreanMobile(p.mobile_number) !== p.mobile_number) {
    return 'mobile_number: not a Korean mobile number written as digits (010…)';
  }
  if (p.enable_mobile_cert === 'true' && p.mobile_number === '') {
    return 'mobile_number: required when enable_mobile_cert is "true"';
  }
  if (p.enable_password_cert === 'true' && p.password === '') {
    return 'password: required when enable_password_cert is "true"';
  }
  return undefined;
}

function route(method: string, pathname: string): Route {
  let m: RegExpExecArray | null;
  const only = (want: string, r: Route): Route => (method === want ? r : { name: 'bad_method', allow: want });
  if (pathname === '/JEDOC/Common.do') return only('POST', { name: 'common' });
  if ((m = /^\/api\/([^/]+)\/login$/.exec(pathname))) return only('POST', { name: 'login', comp_id: decode(m[1]!) });
  if ((m = /^\/api\/v2\/docs\/([^/]+)$/.exec(pathname))) return only('GET', { name: 'docs', id: decode(m[1]!) });
  if ((m = /^\/api\/v2\/workflows\/([^/]+)$/.exec(pathname))) return only('GET', { name: 'workflows', id: decode(m[1]!) });
  return { name: 'not_found' };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface ServiceOptions {
  account: EmulatorAccount;
  templates: EmulatorTemplate[];
  faults?: FaultsPatch | undefined;
  seed: number;
  now: () => number;
}

export class EmulatedService {
  readonly account: EmulatorAccount;
  private readonly templates: EmulatorTemplate[];
  private readonly templateByLib = new Map<string, number>();
  private readonly docById = new Map<string, { template: number; doc: number }>();
  private faults: Faults = cloneFaults(NO_FAULTS);
  private rng: Random;
  private readonly store: DocumentStore;
  private readonly now: () => number;
  private stats = { total: 0, by_code: new Map<string, number>(), bulk_signers: 0, abandoned: 0, bulk_ordinal: 0 };
  /** Set by the server once it listens; used for `download_url` / `view_url`. */
  baseUrl = '';

  constructor(options: ServiceOptions) {
    this.account = options.account;
    this.templates = options.templates;
    this.now = options.now;
    this.templates.forEach((t, ti) => {
      this.templateByLib.set(t.workflow_lib_id, ti);
      t.documents.forEach((d, di) => this.docById.set(d.doc_id, { template: ti, doc: di }));
    });
    this.rng = new Random(options.seed);
    const idBase = this.rng.int(1_000_000_000, 9_000_000_000);
    const secret = Array.from({ length: 4 }, () => this.rng.int(0, 2 ** 32).toString(16)).join('');
    this.store = new DocumentStore(idBase, secret);
    if (options.faults) this.setFaults(options.faults);
  }

  // ---------------------------------------------------------------- faults and control

  currentFaults(): Faults {
    return cloneFaults(this.faults);
  }

  /** Validates and merges a patch; throws a ZodError naming the bad key. */
  setFaults(patch: FaultsPatch): Faults {
    const parsed = faultsPatchSchema.parse(patch);
    if (parsed.seed !== undefined) this.rng = new Random(parsed.seed);
    this.faults = applyFaultsPatch(this.faults, parsed);
    return this.currentFaults();
  }

  /** Forgets documents, faults and request counts; accepted tokens and the id sequence stay. */
  reset(): void {
    this.store.clear();
    this.faults = cloneFaults(NO_FAULTS);
    this.stats = { total: 0, by_code: new Map(), bulk_signers: 0, abandoned: 0, bulk_ordinal: 0 };
  }

  latencyMs(): number {
    return this.faults.latency_ms;
  }

  noteAbandoned(): void {
    this.stats.abandoned++;
  }

  /** Marks a document viewed by its signer. Undefined when there is no such document. */
  view(workflowId: string): unknown {
    const i = this.store.indexOf(workflowId);
    if (i === undefined) return undefined;
    if (this.store.statusOf(i) === 'Playing') this.addViewIfNone(i);
    return this.workflowBody(this.store.get(i));
  }

  /** Marks a Playing document signed by every step, hence Complete. */
  sign(workflowId: string): unknown {
    const i = this.store.indexOf(workflowId);
    if (i === undefined) return undefined;
    if (this.store.statusOf(i) === 'Playing') {
      const doc = this.store.get(i);
      const steps = this.templates[doc.template]!.steps;
      this.addViewIfNone(i);
      const at = this.now();
      this.store.addEvent(i, { step_code: 'SIGN_COMPLETE', at, action_id: 1, email: doc.contact, name: doc.name });
      for (let step = 2; step <= steps; step++) {
        this.store.addEvent(i, { step_code: 'SIGN_COMPLETE', at, action_id: step, email: this.account.memb_email, name: '' });
      }
      this.store.addEvent(i, { step_code: 'WORKFLOW_COMPLETE', at, action_id: steps, email: '', name: '' });
      this.store.setStatus(i, 'Complete');
    }
    return this.workflowBody(this.store.get(i));
  }

  private addViewIfNone(i: number): void {
    if (this.store.eventsOf(i).some((e) => e.step_code === 'VIEW')) return;
    const contact = this.store.contactOf(i);
    this.store.addEvent(i, { step_code: 'VIEW', at: this.now(), action_id: 1, email: contact, name: this.store.get(i).name });
  }

  state(options: { documents?: boolean } = {}): EmulatorState {
    const documents: EmulatorDocumentState[] = [];
    if (options.documents !== false) {
      for (let i = 0; i < this.store.size; i++) documents.push(this.documentState(i));
    }
    return { documents, ...this.summary() };
  }

  /**
   * The state as JSON text in chunks, documents serialised one at a time: a million
   * documents would not fit in one string.
   */
  *stateJson(options: { documents?: boolean } = {}): Generator<string> {
    const { perContact, by_status, requests, faults } = this.counts();
    // Documents created while this streams are left out, so the counts match the list.
    const n = this.store.size;
    yield '{"documents":[';
    if (options.documents !== false) {
      for (let from = 0; from < n && from < this.store.size; from += 500) {
        const part: EmulatorDocumentState[] = [];
        for (let i = from; i < Math.min(from + 500, n, this.store.size); i++) part.push(this.documentState(i));
        yield (from === 0 ? '' : ',') + JSON.stringify(part).slice(1, -1);
      }
    }
    yield '],"per_contact":{';
    let part: string[] = [];
    let sep = '';
    for (const [contact, count] of perContact) {
      part.push(`${JSON.stringify(contact)}:${count}`);
      if (part.length === 5000) {
        yield sep + part.join(',');
        sep = ',';
        part = [];
      }
    }
    yield (part.length > 0 ? sep + part.join(',') : '') + '}';
    yield `,"by_status":${JSON.stringify(by_status)},"requests":${JSON.stringify(requests)}`;
    yield `,"faults":${JSON.stringify(faults)}}`;
  }

  private summary(): Omit<EmulatorState, 'documents'> {
    const { perContact, ...rest } = this.counts();
    return { per_contact: Object.fromEntries(perContact), ...rest };
  }

  private counts(): Omit<EmulatorState, 'documents' | 'per_contact'> & { perContact: Map<string, number> } {
    const perContact = new Map<string, number>();
    const byStatus = new Map<string, number>();
    for (let i = 0; i < this.store.size; i++) {
      const c = this.store.contactOf(i).toLowerCase();
      perContact.set(c, (perContact.get(c) ?? 0) + 1);
      const s = this.store.statusOf(i);
      byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
    }
    return {
      perContact,
      by_status: Object.fromEntries(byStatus),
      requests: {
        total: this.stats.total,
        by_code: Object.fromEntries(this.stats.by_code),
        bulk_signers: this.stats.bulk_signers,
        abandoned: this.stats.abandoned,
      },
      faults: this.currentFaults(),
    };
  }

  private documentState(i: number): EmulatorDocumentState {
    const d = this.store.get(i);
    return {
      workflow_id: d.workflow_id,
      contact: d.contact.toLowerCase(),
      name: d.name,
      status: d.status,
      token: this.store.token(i),
      session_id: d.session_id,
      created_at: new Date(d.created_at).toISOString(),
      reminded: d.reminded,
      workflow_lib_id: this.templates[d.template]!.workflow_lib_id,
      field_list: d.fields,
    };
  }

  // ---------------------------------------------------------------- API requests

  /** Reads the route and request code and counts the request; no processing yet. */
  classify(req: ApiRequest): ClassifiedRequest {
    const r = route(req.method, req.pathname);
    let json: unknown = NOT_JSON;
    try {
      json = JSON.parse(req.body);
    } catch {
      // answered later, after the header checks, as the request's parse error
    }
    let code = '';
    const header = (json as { header?: { request_code?: unknown } } | null)?.header;
    if ((r.name === 'common' || r.name === 'login') && typeof header?.request_code === 'string') {
      code = header.request_code;
    }
    const key = r.name === 'docs' || r.name === 'workflows' ? r.name : code || 'invalid';
    this.stats.total++;
    this.stats.by_code.set(key, (this.stats.by_code.get(key) ?? 0) + 1);
    let bulkOrdinal = 0;
    if (r.name === 'common' && code === '1410Q') {
      bulkOrdinal = ++this.stats.bulk_ordinal;
      const list = (json as { body?: { unset_player_list?: unknown } }).body?.unset_player_list;
      if (Array.isArray(list)) this.stats.bulk_signers += list.length;
    }
    return { req, route: r, code, json, bulkOrdinal };
  }

  /**
   * Does a request's checks now and returns what completes it. For 1410Q that is every
   * check and fault decision; only the storing of the documents is left to the returned
   * function. The server calls it once `latency_ms` has passed since the request
   * arrived, so the wait overlaps the work as on a server that handles requests in
   * parallel — and a client that went away during the wait still leaves nothing made.
   */
  prepare(c: ClassifiedRequest): () => Reply {
    if (c.route.name !== 'common' || c.code !== '1410Q') return () => this.handle(c);
    const checked = this.checkCommon(c);
    if ('kind' in checked) return () => checked;
    const bulk = this.checkBulkStart(c, checked.body);
    if ('kind' in bulk) return () => bulk;
    return () => this.faultAfterProcessing(this.storeBulkStart(c, bulk));
  }

  /** Every request but a 1410Q, done in one go once the latency has passed. */
  private handle(c: ClassifiedRequest): Reply {
    switch (c.route.name) {
      case 'common':
        return this.common(c);
      case 'login':
        return this.login(c, c.route.comp_id);
      case 'docs':
        return this.getDoc(c, c.route.id);
      case 'workflows':
        return this.getWorkflow(c, c.route.id);
      case 'bad_method':
        return { kind: 'json', status: 405, body: { error: 'method_not_allowed' }, headers: { Allow: c.route.allow } };
      case 'not_found':
        return { kind: 'json', status: 404, body: { error: 'not_found' } };
    }
  }

  private result(code: string, resultCode: string, c: ClassifiedRequest, body: unknown = {}, detail?: string): Reply {
    const header = (c.json as { header?: Record<string, unknown> } | null)?.header;
    const echo = (k: string): string => (typeof header?.[k] === 'string' ? (header[k] as string) : '');
    const msgKey = c.route.name === 'docs' || c.route.name === 'workflows' ? c.route.name : code;
    let msg = RESULT_MSG[msgKey]?.[resultCode] ?? GENERIC_MSG[resultCode] ?? '';
    if (detail) msg += ` (${detail})`;
    return {
      kind: 'json',
      status: 200,
      body: {
        header: {
          response_code: responseCodeOf(code),
          result_code: resultCode,
          result_msg: msg,
          session_id: echo('session_id'),
          version: echo('version'),
        },
        body,
      },
    };
  }

  private unauthorized(): Reply {
    return {
      kind: 'json',
      status: 401,
      body: { error: 'invalid_token', error_description: 'The access token is not valid (expired or never issued).' },
      headers: { 'WWW-Authenticate': 'esignon error="invalid_token"' },
    };
  }

  private tokenAccepted(token: string): boolean {
    return !this.faults.reject_tokens && this.account.tokens.includes(token);
  }

  /** Checks shared by every authenticated call. Returns a reply when the request fails them. */
  private checkAuthenticated(c: ClassifiedRequest, code: string, parseCode: string, needsJson: boolean): Reply | undefined {
    const h = c.req.headers;
    if (needsJson && !isJsonContentType(h['content-type'])) {
      return this.result(code, parseCode, c, {}, 'Content-Type must be application/json');
    }
    if (h['user-agent'] !== 'esignonapi') return this.result(code, parseCode, c, {}, 'User-Agent must be esignonapi');
    const token = tokenOf(h.authorization);
    if (token === undefined) return this.result(code, parseCode, c, {}, 'Authorization must be "esignon <token>"');
    if (!this.tokenAccepted(token)) return code === '1510Q' ? this.result(code, '94', c) : this.unauthorized();
    return undefined;
  }

  private common(c: ClassifiedRequest): Reply {
    const code = c.code;
    const checked = this.checkCommon(c);
    if ('kind' in checked) return checked;
    const body = checked.body;
    switch (code) {
      case '1123Q':
        return this.templateList(c, body);
      case '1429Q':
        return this.remind(c, body);
      case '1510Q':
        return this.cancel(c, body);
      default:
        return this.result(code, '-1', c, {}, `unknown request_code "${code}"`);
    }
  }

  /** What every `Common.do` request goes through: faults before processing, auth, the envelope. */
  private checkCommon(c: ClassifiedRequest): Reply | { body: unknown } {
    const code = c.code;
    if (code === '1410Q') {
      const early = this.faultBeforeProcessing();
      if (early) return early;
    }
    const parseCode = PARSE_ERROR_CODE[code] ?? '-1';
    const refused = this.checkAuthenticated(c, code, parseCode, true);
    if (refused) return refused;
    if (c.json === NOT_JSON) return this.result(code, parseCode, c, {}, 'the request body is not JSON');
    const env = envelopeSchema.safeParse(c.json);
    if (!env.success) return this.result(code, parseCode, c, {}, describeIssues(env.error, ''));
    const header = headerSchema.safeParse(env.data.header);
    if (!header.success) return this.result(code, parseCode, c, {}, describeIssues(header.error, 'header'));
    return { body: env.data.body };
  }

  private faultBeforeProcessing(): Reply | undefined {
    if (this.hitRated('drop_before')) return { kind: 'drop' };
    for (const [key, status] of [
      ['http429', 429],
      ['http503', 503],
    ] as const) {
      const f = this.faults[key];
      if (f && f.count > 0) {
        this.faults[key] = f.count > 1 ? { ...f, count: f.count - 1 } : null;
        return {
          kind: 'json',
          status,
          body: { error: status === 429 ? 'too_many_requests' : 'service_unavailable' },
          headers: { 'Retry-After': f.retry_after },
        };
      }
    }
    return undefined;
  }

  private faultAfterProcessing(reply: Reply): Reply {
    if (this.hitRated('drop_after')) return { kind: 'drop' };
    if (this.hitRated('http500_after')) return { kind: 'text', status: 500, body: 'Internal Server Error' };
    return reply;
  }

  private hitRated(key: 'drop_before' | 'drop_after' | 'http500_after'): boolean {
    const f = this.faults[key];
    if (!f) return false;
    if (f.count === 0) {
      this.faults[key] = null;
      return false;
    }
    if (!this.rng.chance(f.rate ?? 1)) return false;
    if (f.count !== undefined) this.faults[key] = f.count > 1 ? { ...f, count: f.count - 1 } : null;
    return true;
  }

  private isAccountSender(comp_id: string, memb_email: string): boolean {
    return comp_id === this.account.comp_id && sameEmail(memb_email, this.account.memb_email);
  }

  // ---------------------------------------------------------------- 1410Q

  /** Every check of a 1410Q request, in the service's order; nothing is stored yet. */
  private checkBulkStart(c: ClassifiedRequest, raw: unknown): Reply | CheckedBulkStart {
    const code = '1410Q';
    const parsed = bulkStartBodySchema.safeParse(raw);
    if (!parsed.success) return this.result(code, '-1', c, {}, describeIssues(parsed.error, 'body'));
    const body = parsed.data;
    for (const [i, p] of body.unset_player_list.entries()) {
      const problem = signerProblem(p);
      if (problem) return this.result(code, '-1', c, {}, `body.unset_player_list.${i}.${problem}`);
    }
    const clientOk = body.clientid === undefined || body.clientid === '' || body.clientid === this.account.client_id;
    if (!this.isAccountSender(body.comp_id, body.memb_email) || !clientOk) return this.result(code, '15', c);
    const ti = this.templateByLib.get(body.workflow_lib_id);
    const template = ti === undefined ? undefined : this.templates[ti];
    if (ti === undefined || !template || template.type !== 'BULK') return this.result(code, '10', c);
    for (const [i, p] of body.unset_player_list.entries()) {
      for (const [j, f] of p.field_list.entries()) {
        const doc = template.documents.find((d) => d.doc_id === f.doc_id);
        const where = `body.unset_player_list.${i}.field_list.${j}`;
        if (!doc) return this.result(code, '-1', c, {}, `${where}.doc_id: not a document of the template`);
        if (!doc.fields.includes(f.field_name)) {
          return this.result(code, '-1', c, {}, `${where}.field_name: not a field of document ${doc.doc_id}`);
        }
      }
    }
    if (this.faults.expired) return this.result(code, '14', c);
    if (this.faults.storage_full) return this.result(code, '12', c);
    if (this.faults.fail_requests.includes(c.bulkOrdinal) || this.rng.chance(this.faults.fail_rate)) {
      return this.result(code, '11', c);
    }
    return { body, templateIndex: ti, template };
  }

  /** Stores the documents of a checked 1410Q request and answers it. */
  private storeBulkStart(c: ClassifiedRequest, { body, templateIndex: ti, template }: CheckedBulkStart): Reply {
    const code = '1410Q';
    // The quota is checked here, with the documents of requests stored meanwhile counted.
    const quota = this.faults.quota;
    if (quota !== null && this.store.size + body.unset_player_list.length > quota) return this.result(code, '13', c);

    const now = this.now();
    const regDate = formatServiceDate(now);
    const sessionId = (c.json as { header: { session_id?: string } }).header.session_id ?? '';
    const batch = this.store.addBatch(sessionId, now);
    const workflow_list: WorkflowResult[] = body.unset_player_list.map((p) => {
      const out = {
        unset_player_email: p.email,
        unset_player_name: p.name,
        workflow_name: p.workflow_name || template.name,
        lang: p.language,
        reg_date: regDate,
      };
      let failure: string | undefined;
      if (p.memb_id_type === 'EMail' && sameEmail(p.email, this.account.memb_email)) {
        failure = 'the sending account cannot be a signer of its own bulk send';
      } else if (this.rng.chance(this.faults.signer_fail_rate)) {
        failure = 'the document could not be created';
      }
      if (failure) return { ...out, workflow_id: '', token: '', result: 'FAIL', description: failure };
      const i = this.store.add(batch, {
        contact: p.email,
        name: p.name,
        workflow_name: p.workflow_name,
        language: p.language,
        template: ti,
        fields: p.field_list,
      });
      return { ...out, workflow_id: this.store.workflowId(i), token: this.store.token(i), result: 'OK', description: '' };
    });
    return this.result(code, '00', c, {
      workflow_list,
      comp_id: body.comp_id,
      biz_id: body.biz_id,
      memb_email: body.memb_email,
      workflow_lib_id: body.workflow_lib_id,
    });
  }

  // ---------------------------------------------------------------- 1123Q

  private templateList(c: ClassifiedRequest, raw: unknown): Reply {
    const code = '1123Q';
    const lang = c.req.query.get('lang');
    if (lang !== null && !['ko', 'en', 'jp'].includes(lang)) return this.result(code, '-1', c, {}, 'lang must be ko, en or jp');
    const parsed = templateListBodySchema.safeParse(raw);
    if (!parsed.success) return this.result(code, '-1', c, {}, describeIssues(parsed.error, 'body'));
    const body = parsed.data;
    if (!this.isAccountSender(body.comp_id, body.memb_email)) return this.result(code, '10', c);
    const file_list: TemplateFile[] = this.templates
      .filter((t) => body.search_dir_id === 'all' || t.folder === 'my')
      .map((t) => ({
        file_id: t.file_id,
        file_type: 'PDF',
        file_name: t.name,
        dir_type: t.folder,
        create_memb_email: this.account.memb_email,
        create_date: t.created,
        create_memb_name: 'Sandbox Sender',
        file_workflow_count: String(t.steps),
        file_workflow_type: t.type,
        file_workflow_library_id: t.workflow_lib_id,
        last_modify_date: t.created,
      }));
    return this.result(code, '00', c, { file_list });
  }

  // ---------------------------------------------------------------- 1429Q

  private remind(c: ClassifiedRequest, raw: unknown): Reply {
    const code = '1429Q';
    const parsed = remindBodySchema.safeParse(raw);
    if (!parsed.success) return this.result(code, '12', c, {}, describeIssues(parsed.error, 'body'));
    const body = parsed.data;
    if (!this.isAccountSender(body.comp_id, body.memb_email)) return this.result(code, '10', c);
    const i = this.store.indexOf(body.workflow_id);
    if (i === undefined) return this.result(code, '10', c, {}, 'no such document');
    const status = this.store.statusOf(i);
    if (status !== 'Playing') return this.result(code, '10', c, {}, `the document is ${status}`);
    this.store.remind(i);
    return this.result(code, '00', c, { workflow_id: body.workflow_id });
  }

  // ---------------------------------------------------------------- 1510Q

  private cancel(c: ClassifiedRequest, raw: unknown): Reply {
    const code = '1510Q';
    const parsed = cancelBodySchema.safeParse(raw);
    if (!parsed.success) return this.result(code, '-1', c, {}, describeIssues(parsed.error, 'body'));
    const body = parsed.data;
    if (!this.isAccountSender(body.comp_id, body.memb_email)) return this.result(code, '11', c, {}, 'not the account');
    const i = this.store.indexOf(body.workflow_id);
    if (i === undefined) return this.result(code, '11', c, {}, 'no such document');
    const status = this.store.statusOf(i);
    const at = this.now();
    if (body.command === 'cancel') {
      if (status !== 'Playing') return this.result(code, '11', c, {}, `the document is ${status}`);
      this.store.setStatus(i, 'Canceled');
      this.store.addEvent(i, { step_code: 'WORKFLOW_CANCEL', at, action_id: 1, email: this.account.memb_email, name: '' });
    } else {
      if (!body.description?.trim() || !body.timezone_offset) {
        return this.result(code, '11', c, {}, 'disposal needs description and timezone_offset');
      }
      if (status !== 'Playing' && status !== 'Canceled') {
        return this.result(code, '11', c, {}, `the document is ${status}`);
      }
      this.store.setStatus(i, 'Disposal');
      this.store.addEvent(i, { step_code: 'WORKFLOW_DISPOSAL', at, action_id: 1, email: this.account.memb_email, name: '' });
    }
    return this.result(code, '00', c, { workflow_id: body.workflow_id, workflow_status: this.store.statusOf(i) });
  }

  // ---------------------------------------------------------------- 1001Q

  private login(c: ClassifiedRequest, pathCompId: string): Reply {
    const code = c.code || '1001Q';
    const h = c.req.headers;
    if (!isJsonContentType(h['content-type'])) return this.result(code, '12', c, {}, 'Content-Type must be application/json');
    if (h['user-agent'] !== 'esignonapi') return this.result(code, '12', c, {}, 'User-Agent must be esignonapi');
    if (c.json === NOT_JSON) return this.result(code, '12', c, {}, 'the request body is not JSON');
    const env = envelopeSchema.safeParse(c.json);
    if (!env.success) return this.result(code, '12', c, {}, describeIssues(env.error, ''));
    const header = headerSchema.safeParse(env.data.header);
    if (!header.success) return this.result(code, '12', c, {}, describeIssues(header.error, 'header'));
    if (header.data.request_code !== '1001Q') return this.result(code, '99', c, {}, 'request_code must be 1001Q');
    const parsed = loginBodySchema.safeParse(env.data.body);
    if (!parsed.success) return this.result(code, '12', c, {}, describeIssues(parsed.error, 'body'));
    const b = parsed.data;
    const a = this.account;
    const ok =
      pathCompId === b.comp_id &&
      this.isAccountSender(b.comp_id, b.memb_email) &&
      b.memb_pwd === a.password &&
      (b.client_id ?? '') === a.client_id;
    if (!ok) return this.result(code, '10', c);
    const token = Array.from({ length: 4 }, () => this.rng.int(0, 2 ** 32).toString(16).padStart(8, '0')).join('');
    a.tokens.push(token);
    return this.result(code, '00', c, {
      access_token: token,
      comp_id: a.comp_id,
      device_id: 'esignon-emulator',
      expire_date: formatServiceDate(this.now() + 30 * DAY_MS),
      memb_email: a.memb_email,
    });
  }

  // ---------------------------------------------------------------- GET docs / workflows

  private getDoc(c: ClassifiedRequest, docId: string): Reply {
    const refused = this.checkAuthenticated(c, '', '-1', false);
    if (refused) return refused;
    const where = this.docById.get(docId);
    if (!where) return this.result('', '11', c, {}, 'no such template document');
    const t = this.templates[where.template]!;
    const d = t.documents[where.doc]!;
    return this.result('', '00', c, {
      doc_id: d.doc_id,
      doc_name: d.doc_name,
      doc_type: t.type === 'BULK' ? 'BULKTYPE' : 'WEBTYPE',
      workflow_library_id: t.workflow_lib_id,
      file_workflow_count: String(t.steps),
      field_list: d.fields.map((f) => ({ action_id: '1', field_owner: f, email: '' })),
    });
  }

  private getWorkflow(c: ClassifiedRequest, workflowId: string): Reply {
    const refused = this.checkAuthenticated(c, '', '-1', false);
    if (refused) return refused;
    const i = this.store.indexOf(workflowId);
    if (i === undefined) return this.result('', '10', c, {}, 'no such document');
    return this.result('', '00', c, this.workflowBody(this.store.get(i)));
  }

  private workflowBody(d: StoredDocument): Record<string, unknown> {
    const t = this.templates[d.template]!;
    const first: HistoryEvent = { step_code: 'SIGN_REQ', at: d.created_at, action_id: 1, email: d.contact, name: d.name };
    const history = [first, ...d.events];
    const last = history[history.length - 1]!;
    const owners = [{ action_id: '1', email: d.contact, name: d.name, type: 'customer' }];
    for (let step = 2; step <= t.steps; step++) {
      owners.push({ action_id: String(step), email: this.account.memb_email, name: '', type: 'manager' });
    }
    return {
      workflow_id: d.workflow_id,
      workflow_name: d.workflow_name || t.name,
      workflow_status: d.status,
      last_modify_date: formatServiceDate(last.at),
      expiry_date: formatServiceDate(d.created_at + 30 * DAY_MS),
      create_date: formatServiceDate(d.created_at),
      current_action_id: String(d.status === 'Complete' ? t.steps : 1),
      total_action_count: String(t.steps),
      action_history_list: history.map((e) => ({
        step_code: e.step_code,
        action_date: formatServiceDate(e.at),
        action_id: String(e.action_id),
        email: e.email,
        name: e.name,
      })),
      download_url: `${this.baseUrl}/mock/workflows/${d.workflow_id}/download`,
      view_url: `${this.baseUrl}/mock/workflows/${d.workflow_id}/view`,
      field_list: d.fields,
      owner_list: owners,
    };
  }
}

/** A seed when none is given: random, so two runs do not hand out the same ids. */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}
