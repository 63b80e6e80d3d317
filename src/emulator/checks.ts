/**
 * The emulator's own request rules, written from eSignon's current pages
 * (`docs/esignon-pages/`), one table per call. Nothing here comes from the client
 * (`src/api/`, `src/core/`): a rule copied from the client would accept the client's
 * own mistakes. Where a page is silent on a format, the rule is as strict as a real
 * server plausibly is, and the comment says so.
 *
 * A check finds the first problem of a request and names its kind; each call turns
 * kinds into its own documented result codes (1410Q `-1`, 1123Q `12`/`99`, 5009Q
 * `17`/`18`/`19` …).
 */

type ProblemKind =
  /** the body is not JSON, or not the `{ header, body }` envelope */
  | 'envelope'
  /** a required key is absent */
  | 'missing'
  /** a required text is empty */
  | 'empty'
  /** a value of the wrong JSON type (a number or boolean where a string is documented …) */
  | 'type'
  /** a key the page does not document */
  | 'unknown_key'
  /** a string outside the documented values (`"EMail"`/`"Mobile"`, `"true"`/`"false"` …) */
  | 'value'
  /** a string in the wrong format (an email, a phone number, a date …) */
  | 'format';

export interface Problem {
  kind: ProblemKind;
  /** `body.unset_player_list.0.email` */
  path: string;
  message: string;
}

interface StringRule {
  type: 'string';
  required: boolean;
  /** `""` is refused (kind `empty`). */
  nonEmpty?: boolean;
  oneOf?: readonly string[];
  /** Returns why the text is in the wrong format. */
  format?: (v: string) => string | undefined;
}
interface ListRule {
  type: 'list';
  required: boolean;
  /** Fewer entries is a problem of kind `empty`. */
  minItems?: number;
  items: Shape;
}
type Rule = StringRule | ListRule;
/** The documented keys of one JSON object; any other key is `unknown_key`. */
export type Shape = Readonly<Record<string, Rule>>;

const req = (extra: Partial<StringRule> = {}): StringRule => ({ type: 'string', required: true, ...extra });
const opt = (extra: Partial<StringRule> = {}): StringRule => ({ type: 'string', required: false, ...extra });
const list = (items: Shape, required = true, minItems = 0): ListRule => ({ type: 'list', required, minItems, items });

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first problem of `value` against `shape`: unknown keys first, then each documented key in order. */
export function checkShape(value: unknown, shape: Shape, path: string): Problem | undefined {
  if (!isPlainObject(value)) return { kind: 'type', path, message: `must be an object, not ${kindOf(value)}` };
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(shape, key)) return { kind: 'unknown_key', path: `${path}.${key}`, message: 'is not a documented key' };
  }
  for (const [key, rule] of Object.entries(shape)) {
    const at = `${path}.${key}`;
    const v = value[key];
    if (v === undefined) {
      if (rule.required) return { kind: 'missing', path: at, message: 'is required' };
      continue;
    }
    if (rule.type === 'string') {
      // Every scalar on the wire is a string, booleans and numbers too.
      if (typeof v !== 'string') return { kind: 'type', path: at, message: `must be a string, not ${kindOf(v)}` };
      if (rule.nonEmpty && v.trim() === '') return { kind: 'empty', path: at, message: 'must not be empty' };
      if (rule.oneOf && !rule.oneOf.includes(v)) {
        return { kind: 'value', path: at, message: `must be one of ${rule.oneOf.map((o) => JSON.stringify(o)).join(', ')}, not ${JSON.stringify(v)}` };
      }
      const why = rule.format?.(v);
      if (why) return { kind: 'format', path: at, message: why };
    } else {
      if (!Array.isArray(v)) return { kind: 'type', path: at, message: `must be a list, not ${kindOf(v)}` };
      if (v.length < (rule.minItems ?? 0)) return { kind: 'empty', path: at, message: `needs at least ${rule.minItems} entr${rule.minItems === 1 ? 'y' : 'ies'}` };
      for (const [i, item] of v.entries()) {
        const problem = checkShape(item, rule.items, `${at}.${i}`);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- formats the pages leave open

/**
 * An email address as a conservative server checks it: ASCII only,
 * `local@domain.tld`. The pages give no rule; a Java back end typically matches
 * something like `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`, so this refuses
 * internationalised addresses (`홍길동@example.kr`) and the rarer RFC 5322 characters
 * (`!`, `#`, `$`, `&`, `'`, `*`, `/`, `=`, `?`, `^`, `{`, `|`, `}`, `~`) that such a
 * server would refuse too. Length limits from RFC 5321.
 */
function emailProblem(s: string): string | undefined {
  if (s.length > 254) return 'is longer than 254 characters';
  const m = /^([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9.-]+)$/.exec(s);
  if (!m) return 'is not an email address (ASCII local@domain)';
  const [, local, domain] = m as unknown as [string, string, string];
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has a misplaced dot before @';
  const labels = domain.split('.');
  if (labels.length < 2) return 'has no dot in its domain';
  for (const label of labels) {
    if (label === '' || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return 'has a malformed domain';
  }
  if (!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!)) return 'has a malformed top-level domain';
  return undefined;
}

/**
 * A Korean mobile number as the pages want it: digits only, "- 없이" (no dashes). The
 * pages do not say which numbers; mobile identity checks are Korean only, so this takes
 * what Korean carriers issue: 010 and eight digits, or the old 011/016/017/018/019 and
 * seven or eight. No `+82`, spaces or dashes.
 */
function mobileProblem(s: string): string | undefined {
  if (/^010\d{8}$/.test(s) || /^01[16789]\d{7,8}$/.test(s)) return undefined;
  return 'is not a Korean mobile number written as digits only (010…)';
}

/** `YYYY-MM-DD`, a real calendar day (5009Q `start_date`, `end_date`). */
function dayProblem(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return 'must be a date written YYYY-MM-DD';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return 'is not a calendar day';
  return undefined;
}

/**
 * A UTC offset `±hh:mm` (the GETs' `offset`, 1510Q's `timezone_offset`), in minutes,
 * or undefined when malformed. Real zones run from -12:00 to +14:00.
 */
export function parseOffset(s: string): number | undefined {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59 || minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

const offsetFormat = (s: string): string | undefined => (parseOffset(s) === undefined ? 'must be a UTC offset written ±hh:mm, e.g. "+09:00"' : undefined);

// ---------------------------------------------------------------- the envelope's header, per call

/**
 * The envelope header keys each page marks required. Other keys are tolerated (the
 * 1410Q example itself sends `api_name`, which its table does not list), but every
 * header value must be a string.
 */
const HEADER_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  // workflow-start-bulkstart.md: request_msg is Optional there.
  '1410Q': ['request_code', 'session_id', 'version'],
  // workflow-modify-cancel.md: all four Required, request_lang Optional.
  '1510Q': ['request_code', 'request_msg', 'session_id', 'version'],
  // workflow-remind.md: no version in its table or example.
  '1429Q': ['request_code', 'request_msg', 'session_id'],
  // template-readdocument.md has no Required column; its example carries all four,
  // so only request_code (which names the call) is required.
  '1123Q': ['request_code'],
  // issued-token.md: the example header is request_code alone.
  '1001Q': ['request_code'],
  // workflow-view-readbydate.md / readbyfiled.md: api_name (not request_msg) Required.
  '5009Q': ['request_code', 'api_name', 'session_id', 'version'],
  '5008Q': ['request_code', 'api_name', 'session_id', 'version'],
};

/** 1510Q's optional `request_lang`: "ko","en","ja". */
const REQUEST_LANGS = ['ko', 'en', 'ja'] as const;
/** The `?lang=` of 1123Q and 1429Q: ko,en,jp. */
export const QUERY_LANGS = ['ko', 'en', 'jp'] as const;

export function headerProblem(header: Record<string, unknown>, code: string): Problem | undefined {
  for (const [key, v] of Object.entries(header)) {
    if (typeof v !== 'string') return { kind: 'type', path: `header.${key}`, message: `must be a string, not ${kindOf(v)}` };
  }
  for (const key of HEADER_REQUIRED[code] ?? ['request_code']) {
    if (header[key] === undefined) return { kind: 'missing', path: `header.${key}`, message: 'is required' };
  }
  if (code === '1510Q' && header.request_lang !== undefined && !(REQUEST_LANGS as readonly string[]).includes(header.request_lang as string)) {
    return { kind: 'value', path: 'header.request_lang', message: 'must be "ko", "en" or "ja"' };
  }
  return undefined;
}

// ---------------------------------------------------------------- bodies, per call

const STR_BOOL = ['true', 'false'] as const;
const MEMB_ID_TYPES = ['EMail', 'Mobile'] as const;
const SIGNER_LANGUAGES = ['ko-KR', 'en-US', 'ja-JP'] as const;

/** 1410Q `unset_player_list[].field_list[]`: all three Required. */
const FIELD_ENTRY: Shape = {
  doc_id: req({ nonEmpty: true }),
  field_name: req({ nonEmpty: true }),
  field_value: req(),
};

/** 1410Q `customer_list[]` (customer B of a "2단계 C" template). */
const CUSTOMER: Shape = {
  memb_id_type: req({ oneOf: MEMB_ID_TYPES }),
  email: req({ nonEmpty: true }),
  name: req({ nonEmpty: true }),
  language: opt({ oneOf: SIGNER_LANGUAGES }),
  enable_mobile_cert: req({ oneOf: STR_BOOL }),
  mobile_number: req(),
  enable_password_cert: req({ oneOf: STR_BOOL }),
  password_hint: req(),
  password: req(),
};

/** 1410Q `unset_player_list[]`: the customer columns plus a title and the pre-filled fields. */
const SIGNER: Shape = {
  ...CUSTOMER,
  workflow_name: opt(),
  // Required on the current page; an empty list when nothing is pre-filled.
  field_list: list(FIELD_ENTRY),
};

export const BULK_START_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  biz_id: req({ oneOf: ['0'] }),
  memb_email: req({ nonEmpty: true }),
  // Required: the default title of every signer without one. The page's own example
  // sends "" with every signer titled, so "" is accepted then; the call refuses it when
  // a signer has no title of its own (the document would have none).
  workflow_name: req(),
  workflow_lib_id: req({ nonEmpty: true }),
  unset_player_list: list(SIGNER, true, 1),
  comment: req(),
  enable_legal_agreement: req({ oneOf: STR_BOOL }),
  customer_list: list(CUSTOMER, false),
};

/**
 * Problems of one signer or customer B beyond the shape: the contact's format
 * follows `memb_id_type`, and a switched-on check needs its value.
 */
export function contactProblem(p: Record<string, string>, path: string): Problem | undefined {
  const why = p.memb_id_type === 'EMail' ? emailProblem(p.email!) : mobileProblem(p.email!);
  if (why) return { kind: 'format', path: `${path}.email`, message: `${why} (memb_id_type "${p.memb_id_type}")` };
  if (p.mobile_number !== '') {
    const bad = mobileProblem(p.mobile_number!);
    if (bad) return { kind: 'format', path: `${path}.mobile_number`, message: bad };
  } else if (p.enable_mobile_cert === 'true') {
    return { kind: 'empty', path: `${path}.mobile_number`, message: 'is required when enable_mobile_cert is "true"' };
  }
  if (p.enable_password_cert === 'true' && p.password === '') {
    return { kind: 'empty', path: `${path}.password`, message: 'is required when enable_password_cert is "true"' };
  }
  return undefined;
}

const CANCEL_COMMANDS = ['CANCEL', 'DISPOSAL', 'DELETE'] as const;
export type CancelCommand = (typeof CANCEL_COMMANDS)[number];

export const CANCEL_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  biz_id: req({ oneOf: ['0'] }),
  memb_email: req({ nonEmpty: true }),
  workflow_id: req({ nonEmpty: true }),
  // The table and the example spell the three commands in capitals (the 2020 page used
  // lowercase). The table's own "disposal" in the description column names the command
  // in prose; the values are exactly these, so "cancel" or "Disposal" is refused.
  command: req({ oneOf: CANCEL_COMMANDS }),
  // Optional, but required for DISPOSAL (checked by the call).
  description: opt(),
  timezone_offset: opt({ format: offsetFormat }),
};

export const REMIND_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  biz_id: req({ oneOf: ['0'] }),
  workflow_id: req({ nonEmpty: true }),
  memb_email: req({ nonEmpty: true }),
};

export const TEMPLATE_LIST_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  memb_email: req({ nonEmpty: true }),
  biz_id: req({ oneOf: ['0'] }),
  search_dir_id: req({ oneOf: ['all', 'my', 'shared'] }),
  // The current page lists the modes 2 to 10 (the 2020 page had 1 to 11).
  display_order_mode: req({ oneOf: ['2', '3', '4', '5', '6', '7', '8', '9', '10'] }),
};

/**
 * 1001Q: the current page's body is `memb_email` and `memb_pwd`. `comp_id` and
 * `client_id` come from the older description (esignon-api.md) and are still
 * accepted; when given they must be the account's.
 */
export const LOGIN_BODY: Shape = {
  memb_email: req({ nonEmpty: true }),
  memb_pwd: req({ nonEmpty: true }),
  comp_id: opt(),
  client_id: opt(),
};

const SEARCH_DATE_TYPES = ['START', 'END'] as const;

export const SEARCH_BY_DATE_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  // Optional, "END" when absent.
  search_date_type: opt({ oneOf: SEARCH_DATE_TYPES }),
  start_date: req({ nonEmpty: true, format: dayProblem }),
  end_date: req({ nonEmpty: true, format: dayProblem }),
  field_list: list({ doc_uid: req({ nonEmpty: true }), field_name: opt() }, true, 1),
};

export const SEARCH_BY_FIELD_BODY: Shape = {
  comp_id: req({ nonEmpty: true }),
  field_list: list({ doc_uid: req({ nonEmpty: true }), field_name: req({ nonEmpty: true }), field_value: req() }, true, 1),
};

/** workflow-downloadurl.md: the body is `{ "workflow_id": … }` itself, with no envelope. */
export const DOWNLOAD_BODY: Shape = {
  workflow_id: req({ nonEmpty: true }),
};
