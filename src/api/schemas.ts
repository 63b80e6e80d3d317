/**
 * The eSignon request and response shapes the client uses, as zod schemas, written
 * from eSignon's current pages (docs/esignon-pages/).
 *
 * Strict in what it sends: the request types hold exactly the keys the pages list,
 * every scalar a string ("true"/"false" too). Liberal in what it reads: an answer's
 * optional header fields may be missing, a number may stand where a string is
 * documented (`"workflow_id": 1234`), unknown keys are ignored and lists may come in
 * any order (callers match entries by their content, never by position). The
 * emulator (src/emulator/) checks requests with rules of its own and shares none of
 * these, so that a mistake here fails a test instead of being mirrored.
 */
import { z } from 'zod';
import { LANGUAGES, MEMB_ID_TYPES } from '../core/signer-types.js';

// Defined with the signer (core/); re-exported for the settings, which read them as wire values.
export { LANGUAGES, MEMB_ID_TYPES };

const str = z.string();
const strBool = z.enum(['true', 'false']);

/**
 * A value the pages document as a string, read liberally: a JSON number or boolean
 * is taken as its text, `null` as absent.
 */
const text = z.preprocess((v) => (v === null ? undefined : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());
/** An optional text, '' when absent. */
const opt = () => text.default('');

/**
 * `result_code`, the one header field an answer cannot do without. A number is read
 * as the code it stands for: `0` is `"00"`, `-1` is `"-1"`, `11` is `"11"`.
 */
const resultCode = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? (v >= 0 && v < 10 ? `0${v}` : String(v)) : v),
  z.string(),
);

/** A list read liberally: absent or `null` is empty. */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(item));

const requestHeaderSchema = z.object({
  request_code: str,
  request_msg: str,
  session_id: str,
  version: str,
});

/** Every answer's header. Only `result_code` is needed; the rest default to ''. */
const responseHeaderSchema = z.object({
  response_code: opt(),
  result_code: resultCode,
  result_msg: opt(),
  session_id: opt(),
  version: opt(),
});

// ---------------------------------------------------------------- 1410Q bulk start (workflow-start-bulkstart.md)

const fieldEntrySchema = z.object({
  doc_id: str.min(1),
  field_name: str.min(1),
  field_value: str,
});

/** `customer_list[]`: customer B of a "2단계 C" template; also the first keys of a signer. */
const customerSchema = z.object({
  memb_id_type: z.enum(MEMB_ID_TYPES),
  email: str.min(1),
  name: str.min(1),
  language: z.enum(LANGUAGES).optional(),
  enable_mobile_cert: strBool,
  mobile_number: str,
  enable_password_cert: strBool,
  password_hint: str,
  password: str,
});
export type Customer = z.infer<typeof customerSchema>;

/** `unset_player_list[]`: `workflow_name` is left out when the signer has no title of its own. */
export const unsetPlayerSchema = customerSchema.extend({
  workflow_name: str.min(1).optional(),
  // Required on the current page: an empty list when nothing is pre-filled.
  field_list: z.array(fieldEntrySchema),
});
export type UnsetPlayer = z.infer<typeof unsetPlayerSchema>;

export const bulkStartBodySchema = z.object({
  comp_id: str.min(1),
  biz_id: z.literal('0'),
  memb_email: str.min(1),
  /** Required: the title of every signer without one of its own. */
  workflow_name: str.min(1),
  workflow_lib_id: str.min(1),
  unset_player_list: z.array(unsetPlayerSchema).min(1),
  comment: str,
  enable_legal_agreement: strBool,
  /** Only for a "2단계 C" template: its one customer B. */
  customer_list: z.array(customerSchema).length(1).optional(),
});

const bulkStartRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1410Q') }),
  body: bulkStartBodySchema,
});
export type BulkStartRequest = z.infer<typeof bulkStartRequestSchema>;

const workflowResultSchema = z.object({
  workflow_id: opt(),
  unset_player_email: text,
  unset_player_name: opt(),
  result: opt(),
  description: opt(),
  workflow_name: opt(),
  token: opt(),
  lang: opt(),
  reg_date: opt(),
});
export type WorkflowResult = z.infer<typeof workflowResultSchema>;

export const bulkStartResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      workflow_list: list(workflowResultSchema),
      comp_id: opt(),
      biz_id: opt(),
      memb_email: opt(),
      workflow_lib_id: opt(),
    })
    .default({ workflow_list: [], comp_id: '', biz_id: '', memb_email: '', workflow_lib_id: '' }),
});

// ---------------------------------------------------------------- 1001Q login (issued-token.md)

/**
 * The current page's body is `memb_email` and `memb_pwd` (the company is in the path).
 * `client_id`, which the older description required, goes only when it is configured.
 */
const loginRequestSchema = z.object({
  // The page's header is `request_code` alone.
  header: z.object({ request_code: z.literal('1001Q') }),
  body: z.object({
    memb_email: str.min(1),
    memb_pwd: str.min(1),
    client_id: str.min(1).optional(),
  }),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      access_token: text,
      comp_id: opt(),
      device_id: opt(),
      expire_date: opt(),
      memb_email: opt(),
    })
    .optional(),
});

// ---------------------------------------------------------------- 1123Q templates (template-readdocument.md)

/** `all` is every folder; `my` and `shared` are the two others. */
export const TEMPLATE_FOLDERS = ['all', 'my', 'shared'] as const;
export type TemplateFolder = (typeof TEMPLATE_FOLDERS)[number];

const templateListRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1123Q') }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    memb_email: str.min(1),
    search_dir_id: z.enum(TEMPLATE_FOLDERS),
    // The current page lists 2 to 10 (2: creation date, oldest first).
    display_order_mode: z.enum(['2', '3', '4', '5', '6', '7', '8', '9', '10']),
  }),
});
export type TemplateListRequest = z.infer<typeof templateListRequestSchema>;

const templateFileSchema = z.object({
  file_id: opt(),
  file_type: opt(),
  file_name: opt(),
  dir_type: opt(),
  create_memb_email: opt(),
  create_date: opt(),
  create_memb_name: opt(),
  file_workflow_count: opt(),
  file_workflow_type: opt(),
  file_workflow_library_id: opt(),
  last_modify_date: opt(),
});
export type TemplateFile = z.infer<typeof templateFileSchema>;

export const templateListResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z.object({ file_list: list(templateFileSchema) }).default({ file_list: [] }),
});

// ---------------------------------------------------------------- GET docs / workflows / company

/** template-docinfo.md: each field names its step (`action_id`) and, for a step with a fixed signer, that signer's email. */
export const docDetailResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      doc_id: opt(),
      doc_name: opt(),
      doc_type: opt(),
      workflow_library_id: opt(),
      file_workflow_count: opt(),
      field_list: list(z.object({ action_id: opt(), field_owner: text, email: opt() })),
    })
    .optional(),
});

/** workflow-view-workflowinfo.md: the history entries' documented names. */
export const historyEntrySchema = z.object({
  step_code: opt(),
  action_id: opt(),
  confirm_date: opt(),
  name: opt(),
  confirm_email: opt(),
  comment: opt(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const workflowDetailResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      workflow_id: text,
      workflow_name: opt(),
      workflow_status: text,
      last_modify_date: opt(),
      expiry_date: opt(),
      create_date: opt(),
      current_action_id: opt(),
      total_action_count: opt(),
      action_history_list: list(historyEntrySchema),
      certificate_url: opt(),
      download_url: opt(),
      view_url: opt(),
    })
    .optional(),
});

/** company-compinfo.md: documents bought and used, and the plan's end. */
export const companyResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      name: opt(),
      workflow_capacity: opt(),
      workflow_usage: opt(),
      expiry_date: opt(),
      grade_code: opt(),
    })
    .optional(),
});

// ---------------------------------------------------------------- 1429Q remind / 1510Q cancel

const remindRequestSchema = z.object({
  header: requestHeaderSchema.omit({ version: true }).extend({ request_code: z.literal('1429Q') }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    workflow_id: str.min(1),
    memb_email: str.min(1),
  }),
});
export type RemindRequest = z.infer<typeof remindRequestSchema>;

/** workflow-modify-cancel.md: CANCEL a document in progress, DISPOSAL a completed one, DELETE a cancelled one. */
const CANCEL_COMMANDS = ['CANCEL', 'DISPOSAL', 'DELETE'] as const;
export type CancelCommand = (typeof CANCEL_COMMANDS)[number];

const cancelRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1510Q'), request_lang: z.enum(['ko', 'en', 'ja']).optional() }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    memb_email: str.min(1),
    workflow_id: str.min(1),
    command: z.enum(CANCEL_COMMANDS),
    /** Required for DISPOSAL: the reason. */
    description: str.min(1).optional(),
    /** Required for DISPOSAL: `+09:00`. */
    timezone_offset: z.string().regex(/^[+-]\d{2}:\d{2}$/).optional(),
  }),
});
export type CancelRequestEnvelope = z.infer<typeof cancelRequestSchema>;

/** A response whose body this project does not read. */
export const bareResponseSchema = z.object({ header: responseHeaderSchema });

// ---------------------------------------------------------------- downloads

/**
 * GET workflows as `download` reads it: only the state and the two links, read
 * liberally (a header with its result code is enough; absent links are empty).
 */
export const workflowFilesResponseSchema = z.object({
  header: z.object({ result_code: str, result_msg: str.default('') }).loose(),
  body: z
    .object({
      workflow_id: str.default(''),
      workflow_name: str.default(''),
      workflow_status: str,
      certificate_url: str.default(''),
      download_url: str.default(''),
    })
    .loose()
    .optional(),
});

/** workflow-downloadurl.md: POST /workflow/download answers the two links of a completed document. */
export const downloadUrlResponseSchema = z.object({
  header: z.object({ result_code: str, result_msg: str.default('') }).loose(),
  body: z.object({ cert_url: str.default(''), doc_url: str.default(''), workflow_name: str.default('') }).loose().optional(),
});

// ---------------------------------------------------------------- 5009Q / 5008Q search (workflow-view-readbydate.md, readbyfiled.md)

/** Both pages' header: `api_name` where the other calls have `request_msg`. */
const searchHeaderSchema = z.object({ request_code: str, api_name: str, session_id: str, version: str });

/** `START`: by the document's start; `END` (the page's default): by its completion. */
const SEARCH_DATE_TYPES = ['START', 'END'] as const;

/** A day as both search pages take it. */
const day = str.regex(/^\d{4}-\d{2}-\d{2}$/);

const searchByDateRequestSchema = z.object({
  header: searchHeaderSchema.extend({ request_code: z.literal('5009Q') }),
  body: z.object({
    comp_id: str.min(1),
    search_date_type: z.enum(SEARCH_DATE_TYPES),
    start_date: day,
    end_date: day,
    field_list: z.array(z.object({ doc_uid: str.min(1), field_name: str.min(1).optional() })).min(1),
  }),
});
export type SearchByDateRequest = z.infer<typeof searchByDateRequestSchema>;

const searchByFieldRequestSchema = z.object({
  header: searchHeaderSchema.extend({ request_code: z.literal('5008Q') }),
  body: z.object({
    comp_id: str.min(1),
    field_list: z.array(z.object({ doc_uid: str.min(1), field_name: str.min(1), field_value: str })).min(1),
  }),
});
export type SearchByFieldRequest = z.infer<typeof searchByFieldRequestSchema>;

/** One document of a search answer: both pages list the same keys. Only `wfuid` is needed. */
const searchEntrySchema = z.object({
  wfuid: text,
  doc_uid: opt(),
  wf_status: opt(),
  wf_title: opt(),
  start_date: opt(),
  end_date: opt(),
  current_process_no: opt(),
  total_process_count: opt(),
  field_name: opt(),
  field_value: opt(),
  wf_manager_email: opt(),
});
export type SearchEntryWire = z.infer<typeof searchEntrySchema>;

export const searchResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z.object({ comp_id: opt(), wf_list: list(searchEntrySchema) }).optional(),
});
