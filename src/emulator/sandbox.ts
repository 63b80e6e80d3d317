/**
 * The sandbox account and templates the emulator serves by default. `send
 * --sandbox`, `init`'s starter files and the tests all use these values, so they
 * live in one place.
 */

/** A template as the emulator keeps it; 1123Q, GET docs and 1410Q are answered from it. */
export interface EmulatorTemplate {
  /** What 1410Q's `workflow_lib_id` names (`file_workflow_library_id` in 1123Q). */
  workflow_lib_id: string;
  file_id: string;
  name: string;
  /** `BULK` templates can be sent with 1410Q; `WEBTYPE` ones cannot (result `10`). */
  type: 'BULK' | 'WEBTYPE';
  /** Signing steps (1 = the customer only; 2 = customer then the sending account). */
  steps: number;
  /** 1123Q `search_dir_id`: `my` lists only `my` templates, `all` lists every one. */
  folder: 'all' | 'my';
  /** `YYYY-MM-DD HH:mm:ss` */
  created: string;
  documents: { doc_id: string; doc_name: string; fields: string[] }[];
}

export const SANDBOX = Object.freeze({
  comp_id: 'sandbox',
  memb_email: 'sender@sandbox.esignon.test',
  password: 'sandbox-password',
  client_id: 'sandbox-client',
  token: 'sandbox-token',
  workflow_lib_id: 'SANDBOX-BULK-1',
  doc_id: 'SANDBOX-DOC-1',
  field_names: ['amount', 'start_date', 'department', 'position'],
});

export const SANDBOX_TEMPLATES: readonly EmulatorTemplate[] = Object.freeze([
  {
    workflow_lib_id: SANDBOX.workflow_lib_id,
    file_id: 'SANDBOX-FILE-1',
    name: '근로계약서 (샘플, 대량발송)',
    type: 'BULK',
    steps: 1,
    folder: 'all',
    created: '2025-01-02 09:00:00',
    documents: [{ doc_id: SANDBOX.doc_id, doc_name: '근로계약서', fields: [...SANDBOX.field_names] }],
  },
  {
    workflow_lib_id: 'SANDBOX-BULK-2',
    file_id: 'SANDBOX-FILE-2',
    name: '연봉계약서 (샘플, 대량발송 2단계)',
    type: 'BULK',
    steps: 2,
    folder: 'my',
    created: '2025-01-03 09:00:00',
    documents: [{ doc_id: 'SANDBOX-DOC-2', doc_name: '연봉계약서', fields: ['salary', 'start_date', 'end_date'] }],
  },
  {
    workflow_lib_id: 'SANDBOX-WEB-1',
    file_id: 'SANDBOX-FILE-3',
    name: '개인정보 동의서 (샘플, 웹서식)',
    type: 'WEBTYPE',
    steps: 1,
    folder: 'all',
    created: '2025-01-04 09:00:00',
    documents: [{ doc_id: 'SANDBOX-DOC-3', doc_name: '개인정보 동의서', fields: ['address'] }],
  },
]);
