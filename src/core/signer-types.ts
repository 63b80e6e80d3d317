/**
 * The shapes that flow from a CSV record to a 1410Q signer entry. Implementations
 * live in mapping.ts (header → columns), signer.ts (row → Signer or problems) and
 * contacts.ts (duplicate detection); the CSV reader lives in io/csv-reader.ts.
 */
/** The languages a signer's notices can be in (the wire's `language` values). */
export const LANGUAGES = ['ko-KR', 'en-US', 'ja-JP'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a signer is reached: by email, or by mobile number (the wire's `memb_id_type` values). */
export const MEMB_ID_TYPES = ['EMail', 'Mobile'] as const;
export type MembIdType = (typeof MEMB_ID_TYPES)[number];

/**
 * Signer properties that a CSV column can map to, as users name them: the contract's
 * default column names and the config's `columns.<property>` keys. `email` is the
 * contact column, an email address or a mobile number: users keep that name, the
 * compiled mapping calls it `contact` (MappedProperty).
 */
export const SIGNER_PROPERTIES = [
  'name',
  'email',
  'memb_id_type',
  'language',
  'workflow_name',
  'enable_mobile_cert',
  'mobile_number',
  'enable_password_cert',
  'password_hint',
  'password',
] as const;
export type SignerProperty = (typeof SIGNER_PROPERTIES)[number];

/** A signer property as the compiled mapping indexes it: the contact column is `contact`. */
export type MappedProperty = Exclude<SignerProperty, 'email'> | 'contact';

/**
 * The properties of customer B, the second customer of a "2단계 C" template (1410Q
 * `customer_list`): a signer's, without a title of its own. The config maps them under
 * `customer_b`; `name` and `email` are required there.
 */
export const CUSTOMER_B_PROPERTIES = [
  'name',
  'email',
  'memb_id_type',
  'language',
  'enable_mobile_cert',
  'mobile_number',
  'enable_password_cert',
  'password_hint',
  'password',
] as const satisfies readonly SignerProperty[];
export type CustomerBProperty = (typeof CUSTOMER_B_PROPERTIES)[number];
/** The properties a person (a signer or customer B) is read from. */
export type PersonProperty = Exclude<MappedProperty, 'workflow_name'>;

export function mappedProperty(property: SignerProperty): MappedProperty {
  return property === 'email' ? 'contact' : property;
}

/** One `fields` entry of the config: a CSV column that fills a template field. */
interface FieldMappingConfig {
  column: string;
  doc_id?: string | undefined;
  field_name: string;
  required?: boolean | undefined;
}

interface SignerDefaults {
  language?: Language | undefined;
  memb_id_type?: MembIdType | undefined;
  enable_mobile_cert?: boolean | undefined;
  enable_password_cert?: boolean | undefined;
}

/** The parts of the settings that decide how a CSV row becomes a signer. */
export interface MappingConfig {
  /** property → the sheet's header name, e.g. { name: '이름' } */
  columns: Partial<Record<SignerProperty, string>>;
  fields: FieldMappingConfig[];
  /** Title template with {column} placeholders; a `workflow_name` column wins over it. */
  workflow_name?: string | undefined;
  defaults: SignerDefaults;
  /** Default template document for `field:<name>` columns and `fields` entries. */
  doc_id?: string | undefined;
  /** Customer B's columns, for a "2단계 C" template: property → the sheet's header name. */
  customer_b?: Partial<Record<CustomerBProperty, string>> | undefined;
}

/** One input record as the CSV reader yields it. */
export interface CsvRecord {
  /** 1-based ordinal among data records; blank lines are not records. */
  row: number;
  /** Physical line in the file where the record starts (the header is line 1 unless blank lines precede it). */
  line: number;
  cells: string[];
}

/** Someone a document goes to, validated and normalised: a signer, or customer B. */
export interface Person {
  name: string;
  memb_id_type: MembIdType;
  /** The email address, or the mobile number as digits (`010…`) when `Mobile`. */
  contact: string;
  language: Language;
  enable_mobile_cert: boolean;
  /** Digits, `010…`; '' when mobile cert is off and no number was given. */
  mobile_number: string;
  enable_password_cert: boolean;
  password_hint: string;
  password: string;
}

/** A validated, normalised signer: everything needed to build its `unset_player_list` entry. */
export interface Signer extends Person {
  workflow_name: string;
  fields: { doc_id: string; field_name: string; field_value: string }[];
  /** The row's customer B, when the config maps `customer_b` (a "2단계 C" template). */
  customer_b?: Person | undefined;
}

/** Language-neutral problem codes; `--json` prints these. */
export const PROBLEM_CODES = [
  'cell_count',
  'missing_name',
  'missing_contact',
  'invalid_memb_id_type',
  'invalid_email',
  'invalid_mobile',
  'invalid_language',
  'invalid_boolean',
  'mobile_required',
  'password_required',
  'field_required',
  'missing_doc_id',
  'unknown_placeholder',
  'duplicate_contact',
  'sender_contact',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface RowProblem {
  row: number;
  line: number;
  /** The CSV header name the problem is about ('' when it is about the whole row). */
  column: string;
  /** The offending value, with secrets masked and control characters removed; '' when none. */
  value: string;
  code: ProblemCode;
  /** Extra facts for the message, e.g. { expected: 11, found: 9 } or { first_line: 4 }. */
  detail?: Record<string, string | number> | undefined;
}

export type RowParse = { ok: true; signer: Signer } | { ok: false; problems: RowProblem[] };
