/**
 * Header → columns. Everything that depends only on the header line and the config is
 * decided here, once, so that parsing a row is a few array reads.
 *
 * Header names and configured names are compared after removing a BOM, Unicode NFC
 * normalisation (macOS writes Korean decomposed), trimming and lowercasing.
 */
import {
  CUSTOMER_B_PROPERTIES,
  mappedProperty,
  SIGNER_PROPERTIES,
  type Language,
  type MappedProperty,
  type MappingConfig,
  type MembIdType,
  type PersonProperty,
  type SignerProperty,
} from './signer-types.js';

export const HEADER_PROBLEM_CODES = [
  /** No column maps to `name`. */
  'missing_name_column',
  /** No column maps to the contact (`email`). */
  'missing_contact_column',
  /** A `columns.<property>` entry names a header that is not in the file. */
  'unknown_column',
  /** A `fields[i].column` is not in the file. */
  'missing_field_column',
  /** A template field has no doc_id: neither the column, the `fields` entry nor the config gives one. */
  'missing_doc_id',
  /** `workflow_name` uses a `{placeholder}` that is not a column of the file. */
  'unknown_placeholder',
  /** Two columns fill the same template field (doc_id + field_name). */
  'duplicate_field',
  /** The file has several columns with the same (normalised) name that something needs. */
  'ambiguous_column',
  /** A `field:` column (or a `fields` entry) with no field name. */
  'empty_field_name',
  /** `defaults.enable_mobile_cert` is true but the file has neither a mobile_number nor an enable_mobile_cert column. */
  'missing_mobile_column',
  /** `defaults.enable_password_cert` is true but the file has neither a password nor an enable_password_cert column. */
  'missing_password_column',
  /** `defaults.enable_mobile_cert` is true but `customer_b` maps neither mobile_number nor enable_mobile_cert. */
  'missing_customer_b_mobile_column',
  /** `defaults.enable_password_cert` is true but `customer_b` maps neither password nor enable_password_cert. */
  'missing_customer_b_password_column',
] as const;
type HeaderProblemCode = (typeof HEADER_PROBLEM_CODES)[number];

interface HeaderProblemDetail {
  /** The file's header names, for "not in the file" problems. */
  headers?: string[];
  placeholder?: string;
  doc_id?: string;
  field_name?: string;
  /** The other column of a duplicate_field. */
  other_column?: string;
  /** How many columns share the name, for ambiguous_column. */
  count?: number;
}

export interface HeaderProblem {
  code: HeaderProblemCode;
  /** The header name (or configured column name) involved; '' when none. */
  column: string;
  /** The config key involved, e.g. `columns.email`, `fields[2].column`, `workflow_name`; '' when none. */
  key: string;
  detail?: HeaderProblemDetail | undefined;
}

/** A column that fills a template field. */
export interface MappedField {
  /** The header name as in the file (trimmed). */
  column: string;
  /** Cell index of that column. */
  index: number;
  doc_id: string;
  field_name: string;
  required: boolean;
}

/** `workflow_name` template, compiled: strings are literal text, numbers are cell indexes. */
export type TitlePart = string | number;

interface ResolvedDefaults {
  language: Language;
  /** When set, used for rows whose memb_id_type cell is empty or absent (inference is then off). */
  memb_id_type: MembIdType | undefined;
  enable_mobile_cert: boolean;
  enable_password_cert: boolean;
}

export interface CompiledMapping {
  /** Number of header cells; every record must have exactly this many. */
  columnCount: number;
  /** Header names as in the file (BOM removed, trimmed), for messages. */
  headers: readonly string[];
  /** Cell index of each signer property (the contact column's is `contact`); -1 when no column maps to it. */
  index: Readonly<Record<MappedProperty, number>>;
  /** Customer B's cell indexes, when the config maps `customer_b`; -1 for a property it does not map. */
  customerB: Readonly<Record<PersonProperty, number>> | undefined;
  /** Mapped template fields, in header order then `fields` order. */
  fields: readonly MappedField[];
  /** Compiled `workflow_name` template from the config; undefined when none. */
  workflowNameTemplate: readonly TitlePart[] | undefined;
  defaults: ResolvedDefaults;
  /** Non-empty header names that nothing uses (worth a hint: a typo in a header?). */
  ignoredColumns: readonly string[];
}

export type MappingResult = { ok: true; mapping: CompiledMapping } | { ok: false; problems: HeaderProblem[] };

const BOM = /^\uFEFF/;
const FIELD_PREFIX = 'field:';

/** The form header names are compared in. */
function headerKey(name: string): string {
  return name.replace(BOM, '').normalize('NFC').trim().toLowerCase();
}

export function compileMapping(header: readonly string[], cfg: MappingConfig): MappingResult {
  const problems: HeaderProblem[] = [];
  const headers = header.map((h) => h.replace(BOM, '').trim());
  const keys = header.map(headerKey);
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === '') return;
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const used = new Uint8Array(header.length);
  const fileHeaders = (): string[] => headers.filter((h) => h !== '');

  /** The one cell index for `name`, or -1 (reporting `ambiguous_column` when there are several). */
  const lookup = (name: string, key: string): number | undefined => {
    const list = byKey.get(headerKey(name));
    if (!list) return undefined;
    if (list.length > 1) {
      problems.push({ code: 'ambiguous_column', column: headers[list[0]!]!, key, detail: { count: list.length } });
      return -1;
    }
    return list[0]!;
  };

  // ---- properties
  const index = {} as Record<MappedProperty, number>;
  const reported = new Set<SignerProperty>();
  for (const prop of SIGNER_PROPERTIES) {
    const configured = cfg.columns[prop];
    let i: number | undefined;
    if (configured !== undefined) {
      i = lookup(configured, `columns.${prop}`);
      if (i === undefined) {
        problems.push({ code: 'unknown_column', column: configured, key: `columns.${prop}`, detail: { headers: fileHeaders() } });
      }
      reported.add(prop);
    } else {
      i = lookup(prop, prop);
      if (i === -1) reported.add(prop);
    }
    index[mappedProperty(prop)] = i ?? -1;
    if (i !== undefined && i >= 0) used[i] = 1;
  }
  if (index.name < 0 && !reported.has('name')) {
    problems.push({ code: 'missing_name_column', column: '', key: 'columns.name', detail: { headers: fileHeaders() } });
  }
  if (index.contact < 0 && !reported.has('email')) {
    problems.push({ code: 'missing_contact_column', column: '', key: 'columns.email', detail: { headers: fileHeaders() } });
  }

  // ---- customer B ("2단계 C"): only the columns the config names, no default names
  let customerB: Record<PersonProperty, number> | undefined;
  if (cfg.customer_b !== undefined) {
    customerB = {} as Record<PersonProperty, number>;
    for (const prop of CUSTOMER_B_PROPERTIES) {
      const configured = cfg.customer_b[prop];
      let i: number | undefined;
      if (configured !== undefined) {
        i = lookup(configured, `customer_b.${prop}`);
        if (i === undefined) {
          problems.push({ code: 'unknown_column', column: configured, key: `customer_b.${prop}`, detail: { headers: fileHeaders() } });
        }
      }
      customerB[mappedProperty(prop) as PersonProperty] = i ?? -1;
      if (i !== undefined && i >= 0) used[i] = 1;
    }
  }

  // ---- template fields: `field:` columns, then the config's `fields`
  const fields: MappedField[] = [];
  const byField = new Map<string, MappedField>();
  const defaultDocId = cfg.doc_id?.trim() || undefined;
  const addField = (f: Omit<MappedField, 'doc_id'> & { doc_id: string | undefined }, key: string): void => {
    used[f.index] = 1;
    if (f.field_name === '') {
      problems.push({ code: 'empty_field_name', column: f.column, key });
      return;
    }
    if (f.doc_id === undefined) {
      problems.push({ code: 'missing_doc_id', column: f.column, key, detail: { field_name: f.field_name } });
      return;
    }
    const mapped: MappedField = { ...f, doc_id: f.doc_id };
    const id = `${mapped.doc_id}\u0000${mapped.field_name}`;
    const other = byField.get(id);
    if (other) {
      if (other.index === mapped.index) {
        // The same column named twice for the same field: one entry, required if either says so.
        other.required ||= mapped.required;
        return;
      }
      problems.push({
        code: 'duplicate_field',
        column: mapped.column,
        key,
        detail: { doc_id: mapped.doc_id, field_name: mapped.field_name, other_column: other.column },
      });
      return;
    }
    byField.set(id, mapped);
    fields.push(mapped);
  };

  keys.forEach((k, i) => {
    if (!k.startsWith(FIELD_PREFIX)) return;
    // Field names and doc ids keep their case: only the prefix is case-insensitive.
    const rest = headers[i]!.slice(FIELD_PREFIX.length);
    const colon = rest.indexOf(':');
    const docId = colon >= 0 ? rest.slice(0, colon).trim() : '';
    const fieldName = (colon >= 0 ? rest.slice(colon + 1) : rest).trim();
    addField({ column: headers[i]!, index: i, doc_id: docId || defaultDocId, field_name: fieldName, required: false }, '');
  });

  cfg.fields.forEach((entry, n) => {
    const key = `fields[${n}]`;
    const i = lookup(entry.column, `${key}.column`);
    if (i === undefined) {
      problems.push({ code: 'missing_field_column', column: entry.column, key: `${key}.column`, detail: { headers: fileHeaders() } });
      return;
    }
    if (i < 0) return;
    addField(
      {
        column: headers[i]!,
        index: i,
        doc_id: entry.doc_id?.trim() || defaultDocId,
        field_name: entry.field_name.trim(),
        required: entry.required ?? false,
      },
      key,
    );
  });

  // ---- workflow_name template
  let workflowNameTemplate: TitlePart[] | undefined;
  if (cfg.workflow_name !== undefined && cfg.workflow_name !== '') {
    workflowNameTemplate = compileTitle(cfg.workflow_name, (name) => {
      let i = lookup(name, 'workflow_name');
      // A property name ({name}) stands for the column mapped to it (e.g. 이름 through columns.name).
      if (i === undefined) {
        const prop = SIGNER_PROPERTIES.find((p) => p === name.trim().toLowerCase());
        if (prop && index[mappedProperty(prop)] >= 0) i = index[mappedProperty(prop)];
      }
      if (i === undefined) {
        problems.push({
          code: 'unknown_placeholder',
          column: '',
          key: 'workflow_name',
          detail: { placeholder: name, headers: fileHeaders() },
        });
        return -1;
      }
      if (i >= 0) used[i] = 1;
      return i;
    });
  }

  // ---- certifications that every row would fail
  const defaults: ResolvedDefaults = {
    language: cfg.defaults.language ?? 'ko-KR',
    memb_id_type: cfg.defaults.memb_id_type,
    enable_mobile_cert: cfg.defaults.enable_mobile_cert ?? false,
    enable_password_cert: cfg.defaults.enable_password_cert ?? false,
  };
  if (defaults.enable_mobile_cert && index.enable_mobile_cert < 0 && index.mobile_number < 0 && !reported.has('mobile_number')) {
    problems.push({ code: 'missing_mobile_column', column: 'mobile_number', key: 'defaults.enable_mobile_cert' });
  }
  if (defaults.enable_password_cert && index.enable_password_cert < 0 && index.password < 0 && !reported.has('password')) {
    problems.push({ code: 'missing_password_column', column: 'password', key: 'defaults.enable_password_cert' });
  }
  // The same defaults hold for customer B, whose columns are only those the config names.
  const b = cfg.customer_b;
  if (customerB !== undefined && b !== undefined) {
    if (defaults.enable_mobile_cert && b.enable_mobile_cert === undefined && b.mobile_number === undefined) {
      problems.push({ code: 'missing_customer_b_mobile_column', column: '', key: 'customer_b.mobile_number' });
    }
    if (defaults.enable_password_cert && b.enable_password_cert === undefined && b.password === undefined) {
      problems.push({ code: 'missing_customer_b_password_column', column: '', key: 'customer_b.password' });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    mapping: {
      columnCount: header.length,
      headers,
      index,
      customerB,
      fields,
      workflowNameTemplate,
      defaults,
      ignoredColumns: headers.filter((h, i) => h !== '' && used[i] === 0),
    },
  };
}

/**
 * `{column}` placeholders become cell indexes; `{{` and `}}` are literal braces; a `{`
 * with no closing `}` is literal text. `resolve` returns -1 for a placeholder it reported.
 */
function compileTitle(template: string, resolve: (name: string) => number): TitlePart[] {
  const parts: TitlePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c;
      i++;
      continue;
    }
    if (c === '{') {
      const end = template.indexOf('}', i + 1);
      if (end > i) {
        if (text !== '') parts.push(text);
        text = '';
        const idx = resolve(template.slice(i + 1, end));
        if (idx >= 0) parts.push(idx);
        i = end;
        continue;
      }
    }
    text += c;
  }
  if (text !== '') parts.push(text);
  return parts;
}
