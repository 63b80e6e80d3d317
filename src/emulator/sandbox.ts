/**
 * The sandbox account and templates the emulator serves by default. `send
 * --sandbox`, `init`'s starter files and the tests all use these values, so they
 * live in one place.
 */

/** One document of a template: its id (the pages' "서식 ID") and its fields. */
interface EmulatorTemplateDocument {
  doc_id: string;
  doc_name: string;
  /** Fields of the first step (the customer's); 1410Q may pre-fill any field of the document. */
  fields: string[];
  /** Fields of later steps, by step number (`{"2": ["manager_note"]}`). */
  later_fields?: Record<string, string[]>;
}

/** A template as the emulator keeps it; 1123Q, GET docs and 1410Q are answered from it. */
export interface EmulatorTemplate {
  /** What 1410Q's `workflow_lib_id` names (`file_workflow_library_id` in 1123Q). */
  workflow_lib_id: string;
  /** 1123Q `file_id` (the "서식 ID"): the id of the template's first document. */
  file_id: string;
  name: string;
  /** `BULK` templates can be sent with 1410Q; `WEBTYPE` ones cannot (result `10`). */
  type: 'BULK' | 'WEBTYPE';
  /** Signing steps (1 = the customer only; 2 = customer then the sending account). */
  steps: number;
  /**
   * Who signs each step when it is not "customer, then the sending account": a
   * "2단계 C" template is `['customer', 'customer_b']` — the signer of
   * `unset_player_list`, then customer B of `customer_list`, and no manager step.
   */
  signers?: ('customer' | 'customer_b' | 'manager')[];
  /** 1123Q `search_dir_id` `my` / `shared` (`all` lists every template). */
  folder: 'shared' | 'my';
  /** `YYYY-MM-DD HH:mm:ss`, Korean time */
  created: string;
  documents: EmulatorTemplateDocument[];
}

/** Who signs each step of a template. */
export function stepSigners(t: EmulatorTemplate): ('customer' | 'customer_b' | 'manager')[] {
  return t.signers ?? Array.from({ length: t.steps }, (_, i) => (i === 0 ? 'customer' : 'manager'));
}

/** A "2단계 C" template: 1410Q needs its customer B in `customer_list`. */
export function needsCustomerB(t: EmulatorTemplate): boolean {
  return stepSigners(t).includes('customer_b');
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
  /** A "2단계 C" template: the signer, then customer B (`customer_list`), no manager step. */
  customer_b_workflow_lib_id: 'SANDBOX-BULK-C',
  customer_b_doc_id: 'SANDBOX-DOC-C',
  customer_b_field_names: ['amount', 'due_date'],
});

export const SANDBOX_TEMPLATES: readonly EmulatorTemplate[] = Object.freeze([
  {
    workflow_lib_id: SANDBOX.workflow_lib_id,
    file_id: SANDBOX.doc_id,
    name: '근로계약서 (샘플, 대량발송)',
    type: 'BULK',
    steps: 1,
    folder: 'shared',
    created: '2025-01-02 09:00:00',
    documents: [{ doc_id: SANDBOX.doc_id, doc_name: '근로계약서', fields: [...SANDBOX.field_names] }],
  },
  {
    workflow_lib_id: 'SANDBOX-BULK-2',
    file_id: 'SANDBOX-DOC-2',
    name: '연봉계약서 (샘플, 대량발송 2단계)',
    type: 'BULK',
    steps: 2,
    folder: 'my',
    created: '2025-01-03 09:00:00',
    documents: [
      { doc_id: 'SANDBOX-DOC-2', doc_name: '연봉계약서', fields: ['salary', 'start_date', 'end_date'], later_fields: { '2': ['manager_note'] } },
    ],
  },
  {
    workflow_lib_id: 'SANDBOX-WEB-1',
    file_id: 'SANDBOX-DOC-3',
    name: '개인정보 동의서 (샘플, 웹서식)',
    type: 'WEBTYPE',
    steps: 1,
    folder: 'shared',
    created: '2025-01-04 09:00:00',
    documents: [{ doc_id: 'SANDBOX-DOC-3', doc_name: '개인정보 동의서', fields: ['address'] }],
  },
  {
    workflow_lib_id: SANDBOX.customer_b_workflow_lib_id,
    file_id: SANDBOX.customer_b_doc_id,
    name: '보증계약서 (샘플, 대량발송 2단계 C)',
    type: 'BULK',
    steps: 2,
    signers: ['customer', 'customer_b'],
    folder: 'shared',
    created: '2025-01-05 09:00:00',
    documents: [
      {
        doc_id: SANDBOX.customer_b_doc_id,
        doc_name: '보증계약서',
        fields: [...SANDBOX.customer_b_field_names],
        later_fields: { '2': ['guarantor_address'] },
      },
    ],
  },
]);
