/**
 * The emulated eSignon service, without the HTTP plumbing: requests in, replies out.
 * Every request is checked against eSignon's current pages with the emulator's own
 * rules (`checks.ts`): nothing is shared with the client, so a client mistake is
 * refused here instead of being mirrored. On top of the pages it is strict where a
 * real service is: the `Authorization` format, the account's identity, the template's
 * documents and fields, the state a command needs.
 */
import { hash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  BULK_START_BODY,
  CANCEL_BODY,
  checkShape,
  contactProblem,
  DOWNLOAD_BODY,
  headerProblem,
  isPlainObject,
  LOGIN_BODY,
  parseOffset,
  QUERY_LANGS,
  REMIND_BODY,
  SEARCH_BY_DATE_BODY,
  SEARCH_BY_FIELD_BODY,
  TEMPLATE_LIST_BODY,
  type CancelCommand,
  type Problem,
} from './checks.js';
import {
  applyFaultsPatch,
  cloneFaults,
  faultsPatchSchema,
  NO_FAULTS,
  Random,
  type Faults,
  type FaultsPatch,
} from './faults.js';
import { emulatorPdf, type PdfKind } from './pdf.js';
import { EmulatorStateError, readStateFile, STATE_FORMAT, STATE_VERSION, writeStateFile, type StateSnapshot } from './persist.js';
import { needsCustomerB, stepSigners, type EmulatorTemplate } from './sandbox.js';
import { DocumentStore, DOC_STATUSES, type CustomerB, type DocExtra, type FieldValue, type HistoryEvent, type StoredDocument } from './store.js';

export interface EmulatorAccount {
  comp_id: string;
  memb_email: string;
  password: string;
  /** Checked by 1001Q only when the request carries one (the current page has none). */
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
  workflow_name: string;
  field_list: FieldValue[];
}

export interface EmulatorState {
  documents: EmulatorDocumentState[];
  /** Documents per normalised contact, every status counted. */
  per_contact: Record<string, number>;
  by_status: Record<string, number>;
  requests: {
    /** API requests received (control endpoints not counted), whatever became of them. */
    total: number;
    /**
     * Per `request_code` (`1410Q`, `5009Q` …); `docs`, `workflows`, `company` for the
     * GETs, `download` and `files` for downloads, `invalid` when none could be read.
     */
    by_code: Record<string, number>;
    /** Signers listed in 1410Q requests received (created or not). */
    bulk_signers: number;
    /** Requests whose client went away during `latency_ms`: not processed. */
    abandoned: number;
    /** PDFs answered (HTTP 200) per `workflow_id/kind`: how often each file was fetched. */
    files: Record<string, number>;
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

/** The 1410Q body once it passed the shape check (optional keys may be absent). */
interface BulkBody {
  comp_id: string;
  biz_id: string;
  memb_email: string;
  workflow_name: string;
  workflow_lib_id: string;
  unset_player_list: Signer[];
  comment: string;
  enable_legal_agreement: string;
  customer_list?: Customer[];
}
interface Customer {
  memb_id_type: string;
  email: string;
  name: string;
  language?: string;
  enable_mobile_cert: string;
  mobile_number: string;
  enable_password_cert: string;
  password_hint: string;
  password: string;
}
interface Signer extends Customer {
  workflow_name?: string;
  field_list: FieldValue[];
}

/** A 1410Q request that passed every check, waiting to be stored. */
interface CheckedBulkStart {
  body: BulkBody;
  templateIndex: number;
  template: EmulatorTemplate;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'bytes'; status: number; body: Buffer; headers?: Record<string, string> }
  /** Announce the whole body, send half of it, then destroy the connection. */
  | { kind: 'cut'; status: number; body: Buffer; headers?: Record<string, string> }
  /** Destroy the connection without answering. */
  | { kind: 'drop' };

type Route =
  | { name: 'common' }
  | { name: 'login'; comp_id: string }
  | { name: 'search'; comp_id: string }
  | { name: 'docs'; id: string }
  | { name: 'workflows'; id: string }
  | { name: 'company' }
  | { name: 'download' }
  | { name: 'file'; id: string; kind: PdfKind }
  | { name: 'not_found' }
  | { name: 'bad_method'; allow: string };

/** A request after its route and request code were read, before any processing. */
export interface ClassifiedRequest {
  req: ApiRequest;
  route: Route;
  /** `request_code` for Common.do, login and search, '' when unreadable. */
  code: string;
  /** The parsed JSON body, or NOT_JSON. */
  json: unknown;
  /** 1-based ordinal among 1410Q requests since start or reset (0 for other requests). */
  bulkOrdinal: number;
}

const NOT_JSON = Symbol('not json');
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** The service's own zone, and the default of the GETs' `offset`: Korea, UTC+9, no DST. */
const KST_MINUTES = 9 * 60;
/** workflow-downloadurl.md: "생성된 URL은 5분간 유지됩니다" — download URLs last five minutes. */
const DOWNLOAD_URL_MS = 5 * MINUTE_MS;
/** Documents the account may create when no `quota` fault is set: as good as unlimited. */
export const DEFAULT_WORKFLOW_CAPACITY = 100_000_000;
const SENDER_NAME = 'Sandbox Sender';
const COMMON_CODES = ['1410Q', '1123Q', '1429Q', '1510Q'];

/** The code each call answers a request it cannot parse with, from its page. */
const PARSE_ERROR_CODE: Record<string, string> = {
  '1410Q': '-1',
  '1510Q': '-1',
  // workflow-remind.md lists no parse error; 99 is its "Unexpected exception (잘못된 포맷)".
  '1429Q': '99',
  '1123Q': '12',
  '1001Q': '12',
  '5009Q': '12',
  '5008Q': '12',
  download: '12',
};

/** The documented code for a problem in a request's body, per call. */
function codeFor(call: string, p: Problem): string {
  switch (call) {
    case '1510Q':
      // "필수 값이 없거나 상태 값이 올바르지 않습니다": a missing value is 11, a malformed body -1.
      return p.kind === 'missing' || p.kind === 'empty' ? '11' : '-1';
    case '1123Q':
    case '1001Q':
      // 12 "the body could not be parsed", 99 "unexpected exception (bad format)".
      return p.kind === 'value' || p.kind === 'format' ? '99' : '12';
    case '5009Q':
    case '5008Q':
      if (/\.field_list$/.test(p.path) && (p.kind === 'missing' || p.kind === 'empty')) return '18'; // no search condition
      if (p.kind === 'missing' || p.kind === 'empty') return '17'; // a required search condition is missing
      if (p.kind === 'format') return '19'; // date format
      return p.kind === 'value' ? '99' : '12';
    default:
      return PARSE_ERROR_CODE[call] ?? '-1';
  }
}

/** `header.response_code` of the GET calls: their path, as their pages show it. */
const GET_RESPONSE_CODE: Record<string, string> = {
  docs: '/api/v2/docs/:documentId',
  workflows: '/api/v2/workflows/:workflowId',
  company: '/api/v2/company',
  download: '',
};

/** `result_msg` per call and code, from the pages where they give one. */
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
  '1001Q': {
    '00': '성공적으로 로그인되었습니다.',
    '10': '로그인 정보가 정확하지 않습니다.',
    '95': 'API를 호출할 수 없는 회사입니다. 관리자에게 문의해주세요.',
  },
  '1123Q': { '00': '파일 리스트입니다.', '10': '실패' },
  '1429Q': {
    '00': 'Remind를 성공 하었습니다.',
    '10': '실패',
    '11': '완료 상태의 문서는 재전송을 할 수 없습니다.',
    '12': '취소 상태의 문서는 재전송을 할 수 없습니다.',
  },
  '1510Q': { '00': '폐기/취소를 성공했습니다.', '11': '필수 값이 없거나 상태 값이 올바르지 않습니다.', '94': '인증키가 올바르지 않습니다.' },
  '5009Q': { '00': '필드 상태가 검색되었습니다.', '10': '실패' },
  '5008Q': { '00': '필드 상태가 검색되었습니다.', '10': '실패' },
  docs: { '00': 'Success', '10': '완성되지 않은 서식입니다.', '11': '문서 정보 조회가 실패했습니다. id를 확인하세요.' },
  workflows: { '00': 'Success', '10': '문서 정보 조회가 실패했습니다. id를 확인하세요.' },
  company: { '00': 'Success', '10': '회사 정보 조회가 실패했습니다.' },
  download: { '00': 'Success', '10': '실패' },
};
const GENERIC_MSG: Record<string, string> = {
  '00': '성공하였습니다.',
  '-1': '수신 메세지의 Body 정보가 잘못된 형태여서 파싱하지 못했습니다.',
  '10': '실패하였습니다.',
  '11': '실패하였습니다.',
  '12': '수신 메세지의 Body 정보가 잘못된 형태여서 파싱하지 못했습니다.',
  '17': '필수 검색 조건이 없습니다.',
  '18': '검색 조건이 없습니다.',
  '19': '날짜 형식이 잘못되었습니다.',
  '94': '인증키가 올바르지 않습니다.',
  '95': 'API를 호출할 수 없는 회사입니다. 관리자에게 문의해주세요.',
  '99': 'Unexpected exception ( 잘못된 포맷 )',
};

/** Lists the `reverse_order` fault turns around. */
const LISTS = new Set(['workflow_list', 'wf_list', 'action_history_list', 'file_list']);
/** Values the `numbers_for_strings` fault sends as JSON numbers (ids and counts; never result codes). */
const NUMERIC_KEYS = new Set([
  'workflow_id',
  'wfuid',
  'biz_id',
  'action_id',
  'current_action_id',
  'total_action_count',
  'current_process_no',
  'total_process_count',
  'file_workflow_count',
  'workflow_capacity',
  'workflow_usage',
  'doc_capacity',
]);

/** `2026-12-29 10:00:00` in the zone `offsetMinutes` east of UTC (default Korea), as the service writes dates. */
function formatServiceDate(ms: number, offsetMinutes = KST_MINUTES): string {
  return new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of a `YYYY-MM-DD HH:mm:ss` written in Korean time. */
function parseKstDate(s: string): number {
  return Date.parse(`${s.replace(' ', 'T')}+09:00`);
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The token of an `esignon <token>` header (one space, as the overview insists), or undefined. */
function tokenOf(authorization: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /^esignon (\S+)$/.exec(authorization);
  return m ? m[1] : undefined;
}

function responseCodeOf(code: string): string {
  return /^\d{4}Q$/.test(code) ? `${code.slice(0, 4)}A` : '';
}

function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function route(method: string, pathname: string): Route {
  let m: RegExpExecArray | null;
  const only = (want: string, r: Route): Route => (method === want ? r : { name: 'bad_method', allow: want });
  if (pathname === '/JEDOC/Common.do') return only('POST', { name: 'common' });
  if (pathname === '/api/v2/company') return only('GET', { name: 'company' });
  if (pathname === '/workflow/download') return only('POST', { name: 'download' });
  if ((m = /^\/api\/v2\/docs\/([^/]+)$/.exec(pathname))) return only('GET', { name: 'docs', id: decode(m[1]!) });
  if ((m = /^\/api\/v2\/workflows\/([^/]+)$/.exec(pathname))) return only('GET', { name: 'workflows', id: decode(m[1]!) });
  if ((m = /^\/api\/([^/]+)\/login$/.exec(pathname))) return only('POST', { name: 'login', comp_id: decode(m[1]!) });
  if ((m = /^\/api\/([^/]+)\/search$/.exec(pathname))) return only('POST', { name: 'search', comp_id: decode(m[1]!) });
  if ((m = /^\/files\/([^/]+)\/(document|certificate)\.pdf$/.exec(pathname))) {
    const r: Route = { name: 'file', id: decode(m[1]!), kind: m[2] as PdfKind };
    return method === 'GET' || method === 'HEAD' ? r : { name: 'bad_method', allow: 'GET, HEAD' };
  }
  return { name: 'not_found' };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The answer-shape faults, applied to a whole answer (header and body). */
function reshape(value: unknown, f: Faults, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => reshape(v, f));
    return f.reverse_order && LISTS.has(key) ? items.reverse() : items;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reshape(v, f, k);
    if (f.extra_fields) out.emulator_undocumented = 'an extra key a client must ignore';
    return out;
  }
  if (f.numbers_for_strings && typeof value === 'string' && NUMERIC_KEYS.has(key) && /^\d{1,15}$/.test(value)) return Number(value);
  return value;
}

export interface ServiceOptions {
  account: EmulatorAccount;
  templates: EmulatorTemplate[];
  faults?: FaultsPatch | undefined;
  seed: number;
  now: () => number;
  /** Keep the documents in this file: loaded now, rewritten after every change. */
  stateFile?: string | undefined;
}

export class EmulatedService {
  readonly account: EmulatorAccount;
  private readonly templates: EmulatorTemplate[];
  private readonly templateByLib = new Map<string, number>();
  private readonly docById = new Map<string, { template: number; doc: number }>();
  private faults: Faults = cloneFaults(NO_FAULTS);
  private rng: Random;
  private store: DocumentStore;
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly stateFile: string | undefined;
  private stats = newStats();
  /** Set by the server once it listens; used for `download_url` / `view_url`. */
  baseUrl = '';

  constructor(options: ServiceOptions) {
    this.account = options.account;
    this.templates = options.templates;
    this.now = options.now;
    this.startedAt = options.now();
    this.templates.forEach((t, ti) => {
      this.templateByLib.set(t.workflow_lib_id, ti);
      t.documents.forEach((d, di) => this.docById.set(d.doc_id, { template: ti, doc: di }));
    });
    this.rng = new Random(options.seed);
    const idBase = this.rng.int(1_000_000_000, 9_000_000_000);
    const secret = Array.from({ length: 4 }, () => this.rng.int(0, 2 ** 32).toString(16)).join('');
    this.stateFile = options.stateFile;
    const saved = this.stateFile === undefined ? undefined : readStateFile(this.stateFile);
    this.store = saved ? this.restore(saved) : new DocumentStore(idBase, secret);
    if (options.faults) this.setFaults(options.faults);
  }

  // ---------------------------------------------------------------- state file

  /** Rebuilds the store from a state file; ids, tokens and history continue where they were. */
  private restore(s: StateSnapshot): DocumentStore {
    const store = new DocumentStore(s.id_base, s.token_secret, s.first);
    for (const b of s.batches) store.addBatch(b);
    for (const d of s.documents) {
      const template = this.templateByLib.get(d.workflow_lib_id);
      if (template === undefined) {
        throw new EmulatorStateError(this.stateFile!, `a document uses the template "${d.workflow_lib_id}", which this emulator does not have`);
      }
      const i = store.add(d.batch, { contact: d.contact, name: d.name, workflow_name: d.workflow_name, language: d.language, template, fields: d.fields, extra: d.extra });
      store.setStatus(i, d.status);
      if (d.reminded > 0) store.remind(i, d.reminded);
      for (const e of d.events) store.addEvent(i, e);
    }
    for (const token of s.tokens) if (!this.account.tokens.includes(token)) this.account.tokens.push(token);
    return store;
  }

  private snapshot(): StateSnapshot {
    const documents: StateSnapshot['documents'] = [];
    for (let i = 0; i < this.store.size; i++) {
      const d = this.store.get(i);
      documents.push({
        batch: d.batch,
        workflow_lib_id: this.templates[d.template]!.workflow_lib_id,
        contact: d.contact,
        name: d.name,
        workflow_name: d.own_title,
        language: d.language,
        fields: d.fields,
        ...(Object.keys(d.extra).length > 0 ? { extra: d.extra } : {}),
        status: d.status,
        reminded: d.reminded,
        events: [...d.events],
      });
    }
    return {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      id_base: this.store.idBase,
      token_secret: this.store.tokenSecret,
      first: this.store.firstSequence,
      tokens: [...this.account.tokens],
      batches: [...this.store.batchList()],
      documents,
    };
  }

  /** Called after every change of the documents or tokens: rewrites the state file, if any. */
  private changed(): void {
    if (this.stateFile !== undefined) writeStateFile(this.stateFile, this.snapshot());
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
    this.stats = newStats();
    this.changed();
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
    if (this.store.statusOf(i) === 'Playing' && this.addViewIfNone(i)) this.changed();
    return this.workflowBody(this.store.get(i), KST_MINUTES);
  }

  /**
   * The signers of the next `steps` steps (default: every step left) sign a Playing
   * document; after the last step it is Complete. Undefined when there is no such
   * document; `{ not_playing }` when it is not in progress.
   */
  sign(workflowId: string, steps = Infinity): unknown {
    const i = this.store.indexOf(workflowId);
    if (i === undefined) return undefined;
    const status = this.store.statusOf(i);
    if (status !== 'Playing') return { not_playing: status };
    const doc = this.store.get(i);
    const t = this.templates[doc.template]!;
    const at = this.now();
    let step = this.currentStep(doc);
    this.addViewIfNone(i);
    for (let n = 0; n < steps && step <= t.steps; n++, step++) {
      const who = this.stepOwner(doc, step);
      this.store.addEvent(i, { step_code: 'SIGN_COMPLETE', at, action_id: step, email: who.email, name: who.name });
      if (step < t.steps) {
        const next = this.stepOwner(doc, step + 1);
        this.store.addEvent(i, { step_code: 'SIGN_REQ', at, action_id: step + 1, email: next.email, name: next.name });
      }
    }
    if (step > t.steps) {
      this.store.addEvent(i, { step_code: 'WORKFLOW_COMPLETE', at, action_id: t.steps, email: this.account.memb_email, name: SENDER_NAME });
      this.store.setStatus(i, 'Complete');
    }
    this.changed();
    return this.workflowBody(this.store.get(i), KST_MINUTES);
  }

  /** Adds the signer's VIEW unless there is one; true when it did. */
  private addViewIfNone(i: number): boolean {
    if (this.store.eventsOf(i).some((e) => e.step_code === 'VIEW')) return false;
    const contact = this.store.contactOf(i);
    this.store.addEvent(i, { step_code: 'VIEW', at: this.now(), action_id: 1, email: contact, name: this.store.get(i).name });
    return true;
  }

  /** The step waiting for a signature: 1 + steps signed, the last step once complete. */
  private currentStep(d: StoredDocument): number {
    const signed = d.events.filter((e) => e.step_code === 'SIGN_COMPLETE').length;
    return Math.min(signed + 1, this.templates[d.template]!.steps);
  }

  /** Who signs `step` of a document. */
  private stepOwner(d: StoredDocument, step: number): { email: string; name: string; customer?: CustomerB; signer?: true } {
    const kind = stepSigners(this.templates[d.template]!)[step - 1] ?? 'manager';
    if (kind === 'customer') return { email: d.contact, name: d.name, signer: true };
    if (kind === 'customer_b' && d.extra.customer_b) return { email: d.extra.customer_b.email, name: d.extra.customer_b.name, customer: d.extra.customer_b };
    return { email: this.account.memb_email, name: SENDER_NAME };
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
        files: Object.fromEntries(this.stats.files),
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
      workflow_name: d.workflow_name,
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
    if ((r.name === 'common' || r.name === 'login' || r.name === 'search') && typeof header?.request_code === 'string') {
      code = header.request_code;
    }
    const byRoute: Partial<Record<Route['name'], string>> = { docs: 'docs', workflows: 'workflows', company: 'company', download: 'download', file: 'files' };
    const key = byRoute[r.name] ?? (code || 'invalid');
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
    return () => this.faultAfterProcessing(this.storeBulkStart(c, bulk), c.bulkOrdinal);
  }

  /** Every request but a 1410Q, done in one go once the latency has passed. */
  private handle(c: ClassifiedRequest): Reply {
    switch (c.route.name) {
      case 'common':
        return this.common(c);
      case 'login':
        return this.login(c, c.route.comp_id);
      case 'search':
        return this.search(c, c.route.comp_id);
      case 'docs':
        return this.getDoc(c, c.route.id);
      case 'workflows':
        return this.getWorkflow(c, c.route.id);
      case 'company':
        return this.getCompany(c);
      case 'download':
        return this.downloadUrls(c);
      case 'file':
        return this.file(c, c.route.id, c.route.kind);
      case 'bad_method':
        return { kind: 'json', status: 405, body: { error: 'method_not_allowed' }, headers: { Allow: c.route.allow } };
      case 'not_found':
        return { kind: 'json', status: 404, body: { error: 'not_found' } };
    }
  }

  /** The call a request is answered as: its request code, or the GET's name. */
  private callOf(c: ClassifiedRequest): string {
    switch (c.route.name) {
      case 'common':
      case 'search':
        return c.code;
      case 'login':
        return '1001Q';
      default:
        return c.route.name;
    }
  }

  private result(resultCode: string, c: ClassifiedRequest, body: unknown = {}, detail?: string): Reply {
    const call = this.callOf(c);
    const header = (c.json as { header?: Record<string, unknown> } | null)?.header;
    const echo = (k: string): string => (typeof header?.[k] === 'string' ? (header[k] as string) : '');
    let msg = RESULT_MSG[call]?.[resultCode] ?? GENERIC_MSG[resultCode] ?? '';
    if (detail) msg += ` (${detail})`;
    const out: Record<string, string> = {
      response_code: call in GET_RESPONSE_CODE ? GET_RESPONSE_CODE[call]! : responseCodeOf(call),
      result_code: resultCode,
      result_msg: msg,
      session_id: echo('session_id'),
    };
    // The answer carries a version where the request did (1429Q's and the GETs' pages have none).
    if (typeof header?.version === 'string') out.version = header.version;
    for (const key of this.faults.missing_header_fields) delete out[key];
    const f = this.faults;
    const answer = { header: out, body };
    // Without an answer-shape fault, no copy: a 1410Q answer of 50 entries is the hot path.
    const reshaped = f.reverse_order || f.numbers_for_strings || f.extra_fields ? reshape(answer, f) : answer;
    return { kind: 'json', status: 200, body: reshaped };
  }

  /** A body problem answered with the call's documented code. */
  private refuse(call: string, c: ClassifiedRequest, p: Problem): Reply {
    return this.result(codeFor(call, p), c, {}, `${p.path} ${p.message}`);
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

  /**
   * Checks shared by every authenticated call: `Content-Type` on POSTs and the
   * `Authorization` format, as every page lists them. `User-Agent` is not checked: only
   * the 2020 page asked for `esignonapi`, and no current page lists it.
   */
  private checkAuthenticated(c: ClassifiedRequest, parseCode: string, isPost: boolean): Reply | undefined {
    const h = c.req.headers;
    if (isPost && !isJsonContentType(h['content-type'])) return this.result(parseCode, c, {}, 'Content-Type must be application/json');
    const token = tokenOf(h.authorization);
    if (token === undefined) return this.result(parseCode, c, {}, 'Authorization must be "esignon <token>"');
    if (!this.tokenAccepted(token)) return this.callOf(c) === '1510Q' ? this.result('94', c) : this.unauthorized();
    return undefined;
  }

  /** The `{ header, body }` envelope of a POST, with its header checked against the call's page. */
  private envelope(c: ClassifiedRequest, call: string): Reply | { header: Record<string, unknown>; body: unknown } {
    const parseCode = PARSE_ERROR_CODE[call] ?? '-1';
    if (c.json === NOT_JSON) return this.result(parseCode, c, {}, 'the request body is not JSON');
    if (!isPlainObject(c.json) || !isPlainObject(c.json.header) || !isPlainObject(c.json.body)) {
      return this.result(parseCode, c, {}, 'the request must be {"header": {...}, "body": {...}}');
    }
    const problem = headerProblem(c.json.header, call);
    if (problem) return this.result(parseCode, c, {}, `${problem.path} ${problem.message}`);
    return { header: c.json.header, body: c.json.body };
  }

  private common(c: ClassifiedRequest): Reply {
    const checked = this.checkCommon(c);
    if ('kind' in checked) return checked;
    switch (c.code) {
      case '1123Q':
        return this.templateList(c, checked.body);
      case '1429Q':
        return this.remind(c, checked.body);
      case '1510Q':
        return this.cancel(c, checked.body);
      default:
        return this.result('-1', c, {}, `unknown request_code "${c.code}"`);
    }
  }

  /** What every `Common.do` request goes through: faults before processing, auth, the envelope. */
  private checkCommon(c: ClassifiedRequest): Reply | { body: unknown } {
    const code = c.code;
    if (code === '1410Q') {
      const early = this.faultBeforeProcessing(c.bulkOrdinal);
      if (early) return early;
    }
    const refused = this.checkAuthenticated(c, PARSE_ERROR_CODE[code] ?? '-1', true);
    if (refused) return refused;
    const env = this.envelope(c, code);
    if ('kind' in env) return env;
    if (!COMMON_CODES.includes(code)) return this.result('-1', c, {}, `unknown request_code "${code}"`);
    return { body: env.body };
  }

  private faultBeforeProcessing(ordinal: number): Reply | undefined {
    if (this.hitRated('drop_before', ordinal)) return { kind: 'drop' };
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

  private faultAfterProcessing(reply: Reply, ordinal: number): Reply {
    if (this.hitRated('drop_after', ordinal)) return { kind: 'drop' };
    if (this.hitRated('http500_after', ordinal)) return { kind: 'text', status: 500, body: 'Internal Server Error' };
    return reply;
  }

  private hitRated(key: 'drop_before' | 'drop_after' | 'http500_after' | 'undocumented_code', ordinal: number): boolean {
    const f = this.faults[key];
    if (!f) return false;
    if (f.count === 0) {
      this.faults[key] = null;
      return false;
    }
    if (f.requests && !f.requests.includes(ordinal)) return false;
    if (!this.rng.chance(f.rate ?? 1)) return false;
    if (f.count !== undefined) (this.faults as Record<string, unknown>)[key] = f.count > 1 ? { ...f, count: f.count - 1 } : null;
    return true;
  }

  private isAccountSender(comp_id: string, memb_email: string): boolean {
    return comp_id === this.account.comp_id && sameEmail(memb_email, this.account.memb_email);
  }

  // ---------------------------------------------------------------- 1410Q

  /** Every check of a 1410Q request, in the service's order; nothing is stored yet. */
  private checkBulkStart(c: ClassifiedRequest, raw: unknown): Reply | CheckedBulkStart {
    const problem = checkShape(raw, BULK_START_BODY, 'body');
    if (problem) return this.refuse('1410Q', c, problem);
    const body = raw as BulkBody;
    for (const [i, p] of body.unset_player_list.entries()) {
      const path = `body.unset_player_list.${i}`;
      const bad = contactProblem(p as unknown as Record<string, string>, path);
      if (bad) return this.refuse('1410Q', c, bad);
      const seen = new Set<string>();
      for (const [j, f] of p.field_list.entries()) {
        const key = `${f.doc_id}\u0000${f.field_name}`;
        if (seen.has(key)) return this.result('-1', c, {}, `${path}.field_list.${j} fills ${f.doc_id}/${f.field_name} a second time`);
        seen.add(key);
      }
    }
    if (body.workflow_name.trim() === '') {
      const untitled = body.unset_player_list.findIndex((p) => !p.workflow_name?.trim());
      if (untitled >= 0) {
        return this.result('-1', c, {}, `body.workflow_name must not be empty: body.unset_player_list.${untitled} has no workflow_name of its own`);
      }
    }
    for (const [i, p] of (body.customer_list ?? []).entries()) {
      const bad = contactProblem(p as unknown as Record<string, string>, `body.customer_list.${i}`);
      if (bad) return this.refuse('1410Q', c, bad);
    }
    if (!this.isAccountSender(body.comp_id, body.memb_email)) return this.result('15', c);
    const ti = this.templateByLib.get(body.workflow_lib_id);
    const template = ti === undefined ? undefined : this.templates[ti];
    if (ti === undefined || !template || template.type !== 'BULK') return this.result('10', c);
    for (const [i, p] of body.unset_player_list.entries()) {
      for (const [j, f] of p.field_list.entries()) {
        const doc = template.documents.find((d) => d.doc_id === f.doc_id);
        const where = `body.unset_player_list.${i}.field_list.${j}`;
        if (!doc) return this.result('-1', c, {}, `${where}.doc_id "${f.doc_id}" is not a document of the template`);
        if (!this.fieldsOf(doc).includes(f.field_name)) {
          return this.result('-1', c, {}, `${where}.field_name "${f.field_name}" is not a field of document ${doc.doc_id}`);
        }
      }
    }
    const customers = body.customer_list ?? [];
    if (needsCustomerB(template)) {
      // One customer B for the template's one customer-B step; the page says nothing of
      // pairing entries with signers, so several entries are refused rather than guessed.
      if (customers.length !== 1) {
        return this.result('-1', c, {}, `body.customer_list must hold exactly one customer B for a "2단계 C" template, not ${customers.length}`);
      }
    } else if (customers.length > 0) {
      return this.result('-1', c, {}, 'body.customer_list is only for "2단계 C" templates');
    }
    const undocumented = this.faults.undocumented_code;
    if (undocumented && !undocumented.processed && this.hitRated('undocumented_code', c.bulkOrdinal)) {
      return this.result(undocumented.code, c);
    }
    if (this.faults.expired) return this.result('14', c);
    if (this.faults.storage_full) return this.result('12', c);
    if (this.faults.fail_requests.includes(c.bulkOrdinal) || this.rng.chance(this.faults.fail_rate)) {
      return this.result('11', c);
    }
    return { body, templateIndex: ti, template };
  }

  private fieldsOf(doc: EmulatorTemplate['documents'][number]): string[] {
    return [...doc.fields, ...Object.values(doc.later_fields ?? {}).flat()];
  }

  private capacity(): number {
    return this.faults.quota ?? DEFAULT_WORKFLOW_CAPACITY;
  }

  /** Stores the documents of a checked 1410Q request and answers it. */
  private storeBulkStart(c: ClassifiedRequest, { body, templateIndex: ti, template }: CheckedBulkStart): Reply {
    // The capacity is checked here, with the documents of requests stored meanwhile counted.
    if (this.store.size + body.unset_player_list.length > this.capacity()) return this.result('13', c);
    // Decided before storing: the fault's count is spent whether or not documents are made.
    const undocumented = this.faults.undocumented_code;
    const hideResult = undocumented?.processed === true && this.hitRated('undocumented_code', c.bulkOrdinal) ? undocumented.code : undefined;

    const now = this.now();
    const regDate = formatServiceDate(now);
    const sessionId = (c.json as { header: { session_id?: string } }).header.session_id ?? '';
    const batch = this.store.addBatch({ session_id: sessionId, created_at: now, default_title: body.workflow_name, comment: body.comment });
    const customerB = needsCustomerB(template) ? toCustomerB(body.customer_list![0]!) : undefined;
    const workflow_list = body.unset_player_list.map((p) => {
      const out = {
        unset_player_email: p.email,
        unset_player_name: p.name,
        workflow_name: p.workflow_name || body.workflow_name,
        lang: p.language ?? 'ko-KR',
        reg_date: regDate,
      };
      let failure: string | undefined;
      if (p.memb_id_type === 'EMail' && sameEmail(p.email, this.account.memb_email)) {
        failure = 'the sending account cannot be a signer of its own bulk send';
      } else if (this.rng.chance(this.faults.signer_fail_rate)) {
        failure = 'the document could not be created';
      }
      if (failure) return { workflow_id: '', ...out, result: 'FAIL', description: failure, token: '' };
      const i = this.store.add(batch, {
        contact: p.email,
        name: p.name,
        workflow_name: p.workflow_name ?? '',
        language: p.language ?? 'ko-KR',
        template: ti,
        fields: p.field_list,
        extra: extraOf(p, customerB),
      });
      return { workflow_id: this.store.workflowId(i), ...out, result: 'OK', description: '', token: this.store.token(i) };
    });
    this.changed();
    if (hideResult !== undefined) return this.result(hideResult, c);
    return this.result('00', c, {
      workflow_list,
      comp_id: body.comp_id,
      biz_id: body.biz_id,
      memb_email: body.memb_email,
      workflow_lib_id: body.workflow_lib_id,
    });
  }

  // ---------------------------------------------------------------- 1123Q

  private templateList(c: ClassifiedRequest, raw: unknown): Reply {
    const lang = c.req.query.get('lang');
    if (lang !== null && !(QUERY_LANGS as readonly string[]).includes(lang)) return this.result('99', c, {}, 'lang must be ko, en or jp');
    const problem = checkShape(raw, TEMPLATE_LIST_BODY, 'body');
    if (problem) return this.refuse('1123Q', c, problem);
    const body = raw as Record<string, string>;
    if (!this.isAccountSender(body.comp_id!, body.memb_email!)) return this.result('10', c);
    const dir = body.search_dir_id!;
    const files = this.templates
      .filter((t) => dir === 'all' || t.folder === dir)
      .map((t) => ({
        file_id: t.file_id,
        file_type: 'templete', // sic, as the page's example spells it
        file_name: t.name,
        dir_type: t.folder,
        create_memb_email: this.account.memb_email,
        create_date: t.created,
        create_memb_name: SENDER_NAME,
        file_workflow_count: String(t.steps),
        file_workflow_type: t.type,
        file_workflow_library_id: t.workflow_lib_id,
        last_modify_date: t.created,
      }));
    // display_order_mode: 2 created ↑, 3/4 name ↓/↑, 5/6 id ↓/↑, 7/8 type ↓/↑, 9/10 signer count ↓/↑.
    const mode = Number(body.display_order_mode);
    const keyOf = [null, null, 'create_date', 'file_name', 'file_name', 'file_id', 'file_id', 'file_workflow_type', 'file_workflow_type', 'file_workflow_count', 'file_workflow_count'][mode] as keyof (typeof files)[number];
    const descending = mode % 2 === 1;
    files.sort((a, b) => (descending ? -1 : 1) * a[keyOf].localeCompare(b[keyOf], 'ko'));
    return this.result('00', c, { comp_id: body.comp_id, biz_id: body.biz_id, memb_email: body.memb_email, search_dir_id: dir, file_list: files });
  }

  // ---------------------------------------------------------------- 1429Q

  private remind(c: ClassifiedRequest, raw: unknown): Reply {
    const lang = c.req.query.get('lang');
    if (lang !== null && !(QUERY_LANGS as readonly string[]).includes(lang)) return this.result('99', c, {}, 'lang must be ko, en or jp');
    const problem = checkShape(raw, REMIND_BODY, 'body');
    if (problem) return this.refuse('1429Q', c, problem);
    const body = raw as Record<string, string>;
    if (!this.isAccountSender(body.comp_id!, body.memb_email!)) return this.result('10', c, {}, 'not the account');
    const i = this.store.indexOf(body.workflow_id!);
    if (i === undefined) return this.result('10', c, {}, 'no such document');
    const status = this.store.statusOf(i);
    // Complete and cancelled documents cannot be reminded; a disposed one was complete,
    // a deleted (Truncate) one was cancelled.
    if (status === 'Complete' || status === 'Disposal') return this.result('11', c, {}, `the document is ${status}`);
    if (status === 'Canceled' || status === 'Truncate') return this.result('12', c, {}, `the document is ${status}`);
    const doc = this.store.get(i);
    const step = this.currentStep(doc);
    const who = this.stepOwner(doc, step);
    this.store.remind(i);
    this.store.addEvent(i, { step_code: 'RESEND', at: this.now(), action_id: step, email: who.email, name: who.name });
    this.changed();
    return this.result('00', c, { comp_id: body.comp_id, biz_id: body.biz_id, memb_email: body.memb_email, workflow_id: body.workflow_id });
  }

  // ---------------------------------------------------------------- 1510Q

  private cancel(c: ClassifiedRequest, raw: unknown): Reply {
    const problem = checkShape(raw, CANCEL_BODY, 'body');
    if (problem) return this.refuse('1510Q', c, problem);
    const body = raw as Record<string, string>;
    const command = body.command as CancelCommand;
    if (!this.isAccountSender(body.comp_id!, body.memb_email!)) return this.result('11', c, {}, 'not the account');
    if (command === 'DISPOSAL' && (!body.description?.trim() || body.timezone_offset === undefined)) {
      return this.result('11', c, {}, 'DISPOSAL needs description and timezone_offset');
    }
    const i = this.store.indexOf(body.workflow_id!);
    if (i === undefined) return this.result('11', c, {}, 'no such document');
    const status = this.store.statusOf(i);
    // CANCEL a document in progress, DISPOSAL a completed one, DELETE a cancelled one.
    const rule = { CANCEL: ['Playing', 'Canceled', 'WORKFLOW_CANCEL'], DISPOSAL: ['Complete', 'Disposal', 'DISPOSAL'], DELETE: ['Canceled', 'Truncate', 'TRUNCATE'] } as const;
    const [from, to, step_code] = rule[command];
    if (status !== from) return this.result('11', c, {}, `${command} needs a ${from} document; this one is ${status}`);
    this.store.setStatus(i, to);
    this.store.addEvent(i, { step_code, at: this.now(), action_id: this.currentStep(this.store.get(i)), email: this.account.memb_email, name: SENDER_NAME, comment: body.description ?? '' });
    this.changed();
    return this.result('00', c, { comp_id: body.comp_id, biz_id: body.biz_id, memb_email: body.memb_email, workflow_id: body.workflow_id, command });
  }

  // ---------------------------------------------------------------- 1001Q

  private login(c: ClassifiedRequest, pathCompId: string): Reply {
    if (!isJsonContentType(c.req.headers['content-type'])) return this.result('12', c, {}, 'Content-Type must be application/json');
    const env = this.envelope(c, '1001Q');
    if ('kind' in env) return env;
    if (env.header.request_code !== '1001Q') return this.result('99', c, {}, 'request_code must be 1001Q');
    const problem = checkShape(env.body, LOGIN_BODY, 'body');
    if (problem) return this.refuse('1001Q', c, problem);
    const b = env.body as Record<string, string | undefined>;
    const a = this.account;
    const ok =
      pathCompId === a.comp_id &&
      (b.comp_id === undefined || b.comp_id === a.comp_id) &&
      sameEmail(b.memb_email!, a.memb_email) &&
      b.memb_pwd === a.password &&
      (b.client_id === undefined || b.client_id === a.client_id);
    if (!ok) return this.result('10', c);
    const token = Array.from({ length: 4 }, () => this.rng.int(0, 2 ** 32).toString(16).padStart(8, '0')).join('');
    a.tokens.push(token);
    this.changed();
    return this.result('00', c, {
      access_token: token,
      comp_id: a.comp_id,
      device_id: 'esignon-emulator',
      expire_date: formatServiceDate(this.now() + 30 * DAY_MS),
      memb_email: a.memb_email,
    });
  }

  // ---------------------------------------------------------------- 5009Q / 5008Q

  private search(c: ClassifiedRequest, pathCompId: string): Reply {
    const refused = this.checkAuthenticated(c, '12', true);
    if (refused) return refused;
    const code = c.code;
    if (code !== '5009Q' && code !== '5008Q') return this.result('12', c, {}, 'request_code must be 5009Q or 5008Q');
    const env = this.envelope(c, code);
    if ('kind' in env) return env;
    if (this.faults.search_fail) return this.result('10', c, {}, 'the search is unavailable (fault)');
    const problem = checkShape(env.body, code === '5009Q' ? SEARCH_BY_DATE_BODY : SEARCH_BY_FIELD_BODY, 'body');
    if (problem) return this.refuse(code, c, problem);
    const body = env.body as { comp_id: string; search_date_type?: string; start_date?: string; end_date?: string; field_list: { doc_uid: string; field_name?: string; field_value?: string }[] };
    if (body.comp_id !== pathCompId || body.comp_id !== this.account.comp_id) return this.result('10', c, {}, 'not the account');
    let from = 0;
    let to = 0;
    if (code === '5009Q') {
      // Whole days in the service's zone, both ends included.
      from = Date.parse(`${body.start_date}T00:00:00+09:00`);
      to = Date.parse(`${body.end_date}T00:00:00+09:00`) + DAY_MS;
    }
    const byEnd = body.search_date_type !== 'START';
    const wf_list: Record<string, string>[] = [];
    for (const [k, entry] of body.field_list.entries()) {
      const where = this.docById.get(entry.doc_uid);
      // An id that is no template document is refused rather than answered with nothing:
      // an empty answer would read as "no such documents were made".
      if (!where) return this.result('10', c, {}, `body.field_list.${k}.doc_uid "${entry.doc_uid}" is not a template document`);
      const tdoc = this.templates[where.template]!.documents[where.doc]!;
      const fieldName = entry.field_name ?? '';
      if (fieldName !== '' && !this.fieldsOf(tdoc).includes(fieldName)) {
        return this.result('10', c, {}, `body.field_list.${k}.field_name "${fieldName}" is not a field of ${entry.doc_uid}`);
      }
      for (let i = 0; i < this.store.size; i++) {
        if (this.store.templateOf(i) !== where.template) continue;
        if (code === '5009Q') {
          const at = byEnd ? this.store.completedAt(i) : this.store.createdAt(i);
          if (at === undefined || at < from || at >= to) continue;
        }
        const d = this.store.get(i);
        const value = fieldName === '' ? '' : (d.fields.find((f) => f.doc_id === entry.doc_uid && f.field_name === fieldName)?.field_value ?? '');
        if (code === '5008Q' && value !== entry.field_value) continue;
        wf_list.push(this.searchEntry(d, entry.doc_uid, fieldName, value));
      }
    }
    // The pages define no paging: one answer holds every match. `search_cap` plays a
    // server that silently cuts long answers, which a client must notice.
    const cap = this.faults.search_cap;
    return this.result('00', c, { comp_id: body.comp_id, wf_list: cap === null ? wf_list : wf_list.slice(0, cap) });
  }

  private searchEntry(d: StoredDocument, docUid: string, fieldName: string, value: string): Record<string, string> {
    const t = this.templates[d.template]!;
    const completed = this.store.completedAt(d.index);
    return {
      doc_uid: docUid,
      end_date: completed === undefined ? '' : formatServiceDate(completed),
      total_process_count: String(t.steps),
      wf_manager_name: SENDER_NAME,
      wf_manager_email: this.account.memb_email,
      wf_status: d.status,
      field_value: value,
      wfuid: d.workflow_id,
      current_process_no: String(this.currentStep(d)),
      wf_title: d.workflow_name,
      start_date: formatServiceDate(d.created_at),
      field_name: fieldName,
    };
  }

  // ---------------------------------------------------------------- GET docs / workflows / company

  /** The `offset` query parameter in minutes (default +09:00), or undefined when malformed. */
  private offsetOf(c: ClassifiedRequest): number | undefined {
    const raw = c.req.query.get('offset');
    return raw === null ? KST_MINUTES : parseOffset(raw);
  }

  private getDoc(c: ClassifiedRequest, docId: string): Reply {
    const refused = this.checkAuthenticated(c, '11', false);
    if (refused) return refused;
    const offset = this.offsetOf(c);
    if (offset === undefined) return this.result('11', c, {}, 'offset must be ±hh:mm');
    const where = this.docById.get(docId);
    if (!where) return this.result('11', c, {}, 'no such template document');
    const t = this.templates[where.template]!;
    const d = t.documents[where.doc]!;
    const signers = stepSigners(t);
    const field = (name: string, step: number): Record<string, string> => ({
      action_id: String(step),
      field_owner: name,
      // A step the sending account signs names it; a customer's step has no fixed email.
      email: signers[step - 1] === 'manager' ? this.account.memb_email : '',
    });
    const created = formatServiceDate(parseKstDate(t.created), offset);
    return this.result('00', c, {
      doc_id: d.doc_id,
      doc_name: d.doc_name,
      doc_type: t.type === 'BULK' ? 'BULKTYPE' : 'WEBTYPE',
      creator: this.account.memb_email,
      workflow_library_id: t.workflow_lib_id,
      dir_type: t.folder,
      dir_path: `/${t.folder}`,
      last_modifier: this.account.memb_email,
      file_workflow_count: String(t.steps),
      last_modify_date: created,
      create_date: created,
      field_list: [
        ...d.fields.map((f) => field(f, 1)),
        ...Object.entries(d.later_fields ?? {}).flatMap(([step, names]) => names.map((f) => field(f, Number(step)))),
      ],
    });
  }

  private getWorkflow(c: ClassifiedRequest, workflowId: string): Reply {
    const refused = this.checkAuthenticated(c, '10', false);
    if (refused) return refused;
    const offset = this.offsetOf(c);
    if (offset === undefined) return this.result('10', c, {}, 'offset must be ±hh:mm');
    const i = this.store.indexOf(workflowId);
    if (i === undefined) return this.result('10', c, {}, 'no such document');
    return this.result('00', c, this.workflowBody(this.store.get(i), offset));
  }

  private getCompany(c: ClassifiedRequest): Reply {
    const refused = this.checkAuthenticated(c, '10', false);
    if (refused) return refused;
    const offset = this.offsetOf(c);
    if (offset === undefined) return this.result('10', c, {}, 'offset must be ±hh:mm');
    const capacity = String(this.capacity());
    const created = this.startedAt - 365 * DAY_MS;
    // Consistent with the faults: `expired` puts the end of the plan in the past (1410Q
    // answers 14), `quota` is the capacity (1410Q answers 13 beyond it).
    const expiry = this.faults.expired ? this.now() - DAY_MS : this.startedAt + 365 * DAY_MS;
    return this.result('00', c, {
      name: '샌드박스 주식회사',
      contract_company_name: '샌드박스 주식회사',
      create_email: this.account.memb_email,
      country_code: 'KR',
      workflow_capacity: capacity,
      workflow_usage: String(this.store.size),
      // The emulator listens on loopback only.
      allow_list: ['127.0.0.1'],
      expiry_date: formatServiceDate(expiry, offset),
      workflow_charge_list: [
        {
          grade_code: 'BV',
          email: this.account.memb_email,
          payment_date_time: formatServiceDate(created, offset),
          doc_capacity: capacity,
          payment_system: 'emulator',
          payment_amount: '1',
        },
      ],
      sign_up_type: 'company',
      grade_code: 'BV',
      create_date: formatServiceDate(created, offset),
    });
  }

  private workflowBody(d: StoredDocument, offset: number): Record<string, unknown> {
    const t = this.templates[d.template]!;
    const start: HistoryEvent[] = [
      { step_code: 'WORKFLOW_START', at: d.created_at, action_id: 1, email: this.account.memb_email, name: SENDER_NAME },
      { step_code: 'SIGN_REQ', at: d.created_at, action_id: 1, email: d.contact, name: d.name },
    ];
    const history = [...start, ...d.events];
    const current = this.currentStep(d);
    const owners = Array.from({ length: t.steps }, (_, k) => {
      const step = k + 1;
      const who = this.stepOwner(d, step);
      const cert = who.signer ? d.extra : who.customer ? { mobile_number: who.customer.mobile_number, mobile_cert: who.customer.mobile_cert, password_cert: who.customer.password_cert, password_hint: who.customer.password_hint } : {};
      return {
        action_id: String(step),
        turn_yn: d.status === 'Playing' && step === current ? 'Y' : 'N',
        name: who.name,
        email: who.email,
        phone_number: cert.mobile_number ?? '',
        cert_mobile_yn: cert.mobile_cert ? 'Y' : 'N',
        cert_password_yn: cert.password_cert ? 'Y' : 'N',
        password_hint: cert.password_hint ?? '',
      };
    });
    const field_list = t.documents.flatMap((doc) => {
      const steps: [string, number][] = [
        ...doc.fields.map((f) => [f, 1] as [string, number]),
        ...Object.entries(doc.later_fields ?? {}).flatMap(([s, names]) => names.map((f) => [f, Number(s)] as [string, number])),
      ];
      return steps.map(([name, step]) => ({
        action_id: String(step),
        field_owner: name,
        field_value: d.fields.find((f) => f.doc_id === doc.doc_id && f.field_name === name)?.field_value ?? '',
        email: this.stepOwner(d, step).email,
      }));
    });
    const urls = d.status === 'Complete' ? this.fileUrls(d.workflow_id) : { doc_url: '', cert_url: '' };
    return {
      workflow_id: d.workflow_id,
      workflow_name: d.workflow_name,
      workflow_status: d.status,
      last_modify_date: formatServiceDate(history[history.length - 1]!.at, offset),
      expiry_date: formatServiceDate(d.created_at + 30 * DAY_MS, offset),
      create_date: formatServiceDate(d.created_at, offset),
      creator_email: this.account.memb_email,
      creator_name: SENDER_NAME,
      biz_id: '0',
      biz_name: '',
      action_history_list: history.map((e) => ({
        step_code: e.step_code,
        action_id: String(e.action_id),
        confirm_date: formatServiceDate(e.at, offset),
        name: e.name,
        confirm_email: e.email,
        comment: e.comment ?? '',
      })),
      current_action_id: String(current),
      total_action_count: String(t.steps),
      // Only a completed document has a signed PDF and an audit certificate to download.
      certificate_url: urls.cert_url,
      download_url: urls.doc_url,
      view_url: `${this.baseUrl}/view/${d.workflow_id}`,
      referer_list: [{ name: SENDER_NAME, type: 'starter', email: this.account.memb_email }],
      field_list,
      owner_list: owners,
    };
  }

  // ---------------------------------------------------------------- downloads

  /** Signed URLs of a document's PDF and certificate, valid five minutes. */
  private fileUrls(workflowId: string): { doc_url: string; cert_url: string } {
    const expires = this.now() + DOWNLOAD_URL_MS;
    const url = (kind: PdfKind): string =>
      `${this.baseUrl}/files/${encodeURIComponent(workflowId)}/${kind}.pdf?expires=${expires}&sig=${this.fileSignature(workflowId, kind, expires)}`;
    return { doc_url: url('document'), cert_url: url('certificate') };
  }

  private fileSignature(workflowId: string, kind: PdfKind, expires: number): string {
    return hash('sha256', `${this.store.tokenSecret}:file:${workflowId}:${kind}:${expires}`, 'hex').slice(0, 32);
  }

  /** workflow-downloadurl.md: POST /workflow/download `{ workflow_id }` (no envelope) → the two URLs. */
  private downloadUrls(c: ClassifiedRequest): Reply {
    const refused = this.checkAuthenticated(c, '12', true);
    if (refused) return refused;
    if (c.json === NOT_JSON) return this.result('12', c, {}, 'the request body is not JSON');
    const problem = checkShape(c.json, DOWNLOAD_BODY, 'body');
    if (problem) return this.result('12', c, {}, `${problem.path} ${problem.message}`);
    const id = (c.json as { workflow_id: string }).workflow_id;
    const i = this.store.indexOf(id);
    if (i === undefined) return this.result('10', c, {}, 'no such document');
    const status = this.store.statusOf(i);
    if (status !== 'Complete') return this.result('10', c, {}, `only a completed document can be downloaded; this one is ${status}`);
    return this.result('00', c, { ...this.fileUrls(id), workflow_name: this.store.get(i).workflow_name });
  }

  /** A signed file URL: the PDF of a completed document, or its certificate (or the fault asked for). */
  private file(c: ClassifiedRequest, workflowId: string, kind: PdfKind): Reply {
    const reply = this.fileFault(this.servedFile(c, workflowId, kind));
    if (reply.kind === 'bytes' && reply.status === 200) {
      const key = `${workflowId}/${kind}`;
      this.stats.files.set(key, (this.stats.files.get(key) ?? 0) + 1);
    }
    return reply;
  }

  private fileFault(reply: Reply): Reply {
    const ordinal = ++this.stats.file_ordinal;
    const f = this.faults.file_fault;
    if (!f || reply.kind !== 'bytes' || reply.status !== 200) return reply;
    if (f.count === 0) {
      this.faults.file_fault = null;
      return reply;
    }
    if (f.requests && !f.requests.includes(ordinal)) return reply;
    if (!this.rng.chance(f.rate ?? 1)) return reply;
    if (f.count !== undefined) this.faults.file_fault = f.count > 1 ? { ...f, count: f.count - 1 } : null;
    switch (f.mode) {
      case 'drop':
        return { kind: 'drop' };
      case 'cut':
        return { ...reply, kind: 'cut' };
      case 'not_pdf':
        return { kind: 'text', status: 200, body: '<!doctype html><title>Sign in</title><p>Please sign in.</p>', headers: { 'Content-Type': 'text/html; charset=utf-8' } };
      case 'http500':
        return { kind: 'text', status: 500, body: 'Internal Server Error' };
      case 'http503':
        return { kind: 'text', status: 503, body: 'Service Unavailable', headers: { 'Retry-After': '0' } };
      case 'expired':
        return { kind: 'text', status: 403, body: 'the download link has expired (links last 5 minutes)' };
    }
  }

  private servedFile(c: ClassifiedRequest, workflowId: string, kind: PdfKind): Reply {
    const q = c.req.query;
    const expires = Number(q.get('expires'));
    const text = (status: number, body: string): Reply => ({ kind: 'text', status, body });
    if (!Number.isSafeInteger(expires) || q.get('sig') !== this.fileSignature(workflowId, kind, expires)) return text(403, 'invalid download link');
    if (this.now() > expires) return text(403, 'the download link has expired (links last 5 minutes)');
    const i = this.store.indexOf(workflowId);
    if (i === undefined || this.store.statusOf(i) !== 'Complete') return text(404, 'no completed document with this id');
    return {
      kind: 'bytes',
      status: 200,
      body: emulatorPdf(workflowId, kind),
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${workflowId}-${kind}.pdf"` },
    };
  }
}

function toCustomerB(p: Customer): CustomerB {
  return {
    memb_id_type: p.memb_id_type,
    email: p.email,
    name: p.name,
    language: p.language ?? 'ko-KR',
    mobile_number: p.mobile_number,
    mobile_cert: p.enable_mobile_cert === 'true',
    password_cert: p.enable_password_cert === 'true',
    password_hint: p.password_hint,
  };
}

/** What a document keeps of its signer beyond name and contact (the password itself is not kept). */
function extraOf(p: Signer, customerB: CustomerB | undefined): DocExtra | undefined {
  const extra: DocExtra = {};
  if (p.mobile_number !== '') extra.mobile_number = p.mobile_number;
  if (p.enable_mobile_cert === 'true') extra.mobile_cert = true;
  if (p.enable_password_cert === 'true') extra.password_cert = true;
  if (p.password_hint !== '') extra.password_hint = p.password_hint;
  if (customerB) extra.customer_b = customerB;
  return Object.keys(extra).length > 0 ? extra : undefined;
}

function newStats() {
  return { total: 0, by_code: new Map<string, number>(), bulk_signers: 0, abandoned: 0, bulk_ordinal: 0, file_ordinal: 0, files: new Map<string, number>() };
}

/** A seed when none is given: random, so two runs do not hand out the same ids. */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}
