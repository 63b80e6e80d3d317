/**
 * The eSignon request and response shapes this project uses, as zod schemas. The
 * client builds and parses with them and the emulator checks with them, so the two
 * cannot drift apart silently. Every scalar on the wire is a string, booleans too.
 */
import { z } from 'zod';
import { LANGUAGES, MEMB_ID_TYPES } from '../core/signer-types.js';

// Defined with the signer (core/); re-exported for the settings, which read them as wire values.
export { LANGUAGES, MEMB_ID_TYPES };

const str = z.string();
const strBool = z.enum(['true', 'false']);

export const requestHeaderSchema = z.object({
  request_code: str,
  request_msg: str,
  session_id: str,
  version: str,
});
export type RequestHeader = z.infer<typeof requestHeaderSchema>;

export const responseHeaderSchema = z.object({
  response_code: str,
  result_code: str,
  result_msg: str.default(''),
  session_id: str.default(''),
  version: str.default(''),
});
export type ResponseHeader = z.infer<typeof responseHeaderSchema>;

// ---------------------------------------------------------------- 1410Q bulk start

export const fieldEntrySchema = z.object({
  doc_id: str.min(1),
  field_name: str.min(1),
  field_value: str,
});
export type FieldEntry = z.infer<typeof fieldEntrySchema>;

export const unsetPlayerSchema = z.object({
  memb_id_type: z.enum(MEMB_ID_TYPES),
  email: str.min(1),
  name: str.min(1),
  language: z.enum(LANGUAGES),
  workflow_name: str,
  enable_mobile_cert: strBool,
  mobile_number: str,
  enable_password_cert: strBool,
  password_hint: str,
  password: str,
  field_list: z.array(fieldEntrySchema),
});
export type UnsetPlayer = z.infer<typeof unsetPlayerSchema>;

export const bulkStartBodySchema = z.object({
  comp_id: str.min(1),
  biz_id: z.literal('0'),
  memb_email: str.min(1),
  workflow_lib_id: str.min(1),
  workflow_name: z.literal(''),
  clientid: str.optional(),
  unset_player_list: z.array(unsetPlayerSchema).min(1),
  comment: str,
  enable_legal_agreement: strBool.optional(),
});
export type BulkStartBody = z.infer<typeof bulkStartBodySchema>;

export const bulkStartRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1410Q') }),
  body: bulkStartBodySchema,
});
export type BulkStartRequest = z.infer<typeof bulkStartRequestSchema>;

export const workflowResultSchema = z.object({
  workflow_id: str.default(''),
  unset_player_email: str,
  unset_player_name: str.default(''),
  result: str,
  description: str.default(''),
  workflow_name: str.default(''),
  token: str.default(''),
  lang: str.default(''),
  reg_date: str.default(''),
});
export type WorkflowResult = z.infer<typeof workflowResultSchema>;

export const bulkStartResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      workflow_list: z.array(workflowResultSchema).default([]),
      comp_id: str.optional(),
      biz_id: str.optional(),
      memb_email: str.optional(),
      workflow_lib_id: str.optional(),
    })
    .default({ workflow_list: [] }),
});
export type BulkStartResponse = z.infer<typeof bulkStartResponseSchema>;

// ---------------------------------------------------------------- 1001Q login

export const loginRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1001Q') }),
  body: z.object({
    comp_id: str.min(1),
    memb_email: str.min(1),
    memb_pwd: str.min(1),
    client_id: str.optional(),
  }),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      access_token: str,
      comp_id: str.default(''),
      device_id: str.default(''),
      expire_date: str.default(''),
      memb_email: str.default(''),
    })
    .optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

// ---------------------------------------------------------------- 1123Q templates

export const templateListRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1123Q') }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    memb_email: str.min(1),
    search_dir_id: z.enum(['all', 'my']),
    display_order_mode: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']),
  }),
});
export type TemplateListRequest = z.infer<typeof templateListRequestSchema>;

export const templateFileSchema = z.object({
  file_id: str.default(''),
  file_type: str.default(''),
  file_name: str.default(''),
  dir_type: str.default(''),
  create_memb_email: str.default(''),
  create_date: str.default(''),
  create_memb_name: str.default(''),
  file_workflow_count: str.default(''),
  file_workflow_type: str.default(''),
  file_workflow_library_id: str.default(''),
  last_modify_date: str.default(''),
});
export type TemplateFile = z.infer<typeof templateFileSchema>;

export const templateListResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z.object({ file_list: z.array(templateFileSchema).default([]) }).default({ file_list: [] }),
});

// ---------------------------------------------------------------- GET docs / workflows

export const docDetailResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      doc_id: str.default(''),
      doc_name: str.default(''),
      doc_type: str.default(''),
      workflow_library_id: str.default(''),
      file_workflow_count: str.default(''),
      field_list: z
        .array(z.object({ action_id: str.default(''), field_owner: str, email: str.default('') }))
        .default([]),
    })
    .optional(),
});
export type DocDetailResponse = z.infer<typeof docDetailResponseSchema>;

export const WORKFLOW_STATUSES = ['Complete', 'Canceled', 'Playing', 'Truncate', 'Disposal'] as const;

export const workflowDetailResponseSchema = z.object({
  header: responseHeaderSchema,
  body: z
    .object({
      workflow_id: str,
      workflow_name: str.default(''),
      workflow_status: str,
      last_modify_date: str.default(''),
      expiry_date: str.default(''),
      create_date: str.default(''),
      current_action_id: str.default(''),
      total_action_count: str.default(''),
      action_history_list: z
        .array(z.object({ step_code: str, action_date: str.default(''), email: str.default('') }).loose())
        .default([]),
      download_url: str.default(''),
      view_url: str.default(''),
    })
    .loose()
    .optional(),
});
export type WorkflowDetailResponse = z.infer<typeof workflowDetailResponseSchema>;

// ---------------------------------------------------------------- 1429Q remind / 1510Q cancel

export const remindRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1429Q') }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    memb_email: str.min(1),
    workflow_id: str.min(1),
  }),
});

export const cancelRequestSchema = z.object({
  header: requestHeaderSchema.extend({ request_code: z.literal('1510Q'), request_lang: str.optional() }),
  body: z.object({
    comp_id: str.min(1),
    biz_id: z.literal('0'),
    memb_email: str.min(1),
    workflow_id: str.min(1),
    command: z.enum(['cancel', 'disposal']),
    description: str.optional(),
    timezone_offset: z.string().regex(/^[+-]\d{2}:\d{2}$/).optional(),
  }),
});

/** A response whose body this project does not read. */
export const bareResponseSchema = z.object({ header: responseHeaderSchema }).loose();

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
