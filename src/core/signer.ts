/**
 * One CSV record → a validated Signer, or every problem of that record.
 *
 * This runs once per row on files of a million rows, so it is written for speed: no
 * zod, no regular expressions, no closures, lookups in precomputed tables, and the
 * problem list is only allocated when there is a problem. The rules are the
 * contract's per-row table; the choices it leaves open are noted where they are made.
 */
import { isValidEmail } from './email.js';
import type { CompiledMapping, TitlePart } from './mapping.js';
import { normalizeKoreanMobile } from './phone.js';
import { cleanForDisplay, maskValue } from './text.js';
import type { CsvRecord, Language, MembIdType, Person, PersonProperty, ProblemCode, RowParse, RowProblem, Signer } from './signer-types.js';

export interface RowContext {
  /** The sending account's memb_email; a row whose contact is this address is refused. */
  senderEmail?: string | undefined;
}

// ------------------------------------------------------------------ lookup tables

const BOOLEANS = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['1', true],
  ['0', false],
  ['o', true],
  ['x', false],
  ['예', true],
  ['아니오', false],
  ['아니요', false],
]);
// Exact spellings Excel and people produce, so most cells skip the toLowerCase().
for (const [k, v] of [...BOOLEANS]) {
  BOOLEANS.set(k.toUpperCase(), v);
  BOOLEANS.set(k[0]!.toUpperCase() + k.slice(1), v);
}

const LANGUAGES = new Map<string, Language>([
  ['ko-kr', 'ko-KR'],
  ['ko', 'ko-KR'],
  ['en-us', 'en-US'],
  ['en', 'en-US'],
  ['ja-jp', 'ja-JP'],
  ['ja', 'ja-JP'],
  ['ko-KR', 'ko-KR'],
  ['en-US', 'en-US'],
  ['ja-JP', 'ja-JP'],
]);

const MEMB_ID_TYPES = new Map<string, MembIdType>([
  ['EMail', 'EMail'],
  ['Mobile', 'Mobile'],
  ['email', 'EMail'],
  ['e-mail', 'EMail'],
  ['mobile', 'Mobile'],
]);

function parseBoolean(v: string): boolean | undefined {
  const b = BOOLEANS.get(v);
  return b !== undefined ? b : BOOLEANS.get(v.toLowerCase());
}

function parseLanguage(v: string): Language | undefined {
  const l = LANGUAGES.get(v);
  return l !== undefined ? l : LANGUAGES.get(v.toLowerCase().replace('_', '-'));
}

function parseMembIdType(v: string): MembIdType | undefined {
  const t = MEMB_ID_TYPES.get(v);
  return t !== undefined ? t : MEMB_ID_TYPES.get(v.toLowerCase());
}

/** True when the text has an ASCII letter: an un-inferable contact with letters was probably meant as an email. */
function hasLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

function cell(cells: readonly string[], i: number): string {
  return i < 0 ? '' : cells[i]!.trim();
}

function addProblem(
  list: RowProblem[] | undefined,
  rec: CsvRecord,
  m: CompiledMapping,
  col: number,
  value: string,
  code: ProblemCode,
  detail?: Record<string, string | number>,
): RowProblem[] {
  const p: RowProblem = {
    row: rec.row,
    line: rec.line,
    column: col >= 0 ? m.headers[col]! : '',
    // A password column (the signer's or customer B's) is masked whatever the problem; no secret reaches a message.
    value: col >= 0 && (col === m.index.password || col === m.customerB?.password) ? maskValue(value) : cleanForDisplay(value),
    code,
  };
  if (detail !== undefined) p.detail = detail;
  if (list === undefined) return [p];
  list.push(p);
  return list;
}

function buildTitle(parts: readonly TitlePart[], cells: readonly string[]): string {
  let s = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    s += typeof p === 'string' ? p : cells[p]!.trim();
  }
  return s.trim();
}

// ------------------------------------------------------------------ a person (the signer, customer B)

/** The problems of the row so far; a person's checks add to it. */
interface Found {
  problems: RowProblem[] | undefined;
}

/**
 * The person of a row whose columns are `ix` (the signer's, or customer B's), with the
 * config's defaults; its problems are added to `found`. `senderEmail` is checked only
 * when given (the signer's contact must not be the sending account).
 */
function parsePerson(rec: CsvRecord, m: CompiledMapping, ix: Readonly<Record<PersonProperty, number>>, found: Found, senderEmail: string | undefined): Person {
  const cells = rec.cells;
  const d = m.defaults;
  let problems = found.problems;

  const name = cell(cells, ix.name);
  if (name === '') problems = addProblem(problems, rec, m, ix.name, '', 'missing_name');

  // ---- contact and its type
  const rawContact = cell(cells, ix.contact);
  let type: MembIdType | undefined;
  const typeCell = cell(cells, ix.memb_id_type);
  if (typeCell !== '') {
    type = parseMembIdType(typeCell);
    if (type === undefined) problems = addProblem(problems, rec, m, ix.memb_id_type, typeCell, 'invalid_memb_id_type');
  } else type = d.memb_id_type;

  let contact = rawContact;
  if (rawContact === '') {
    problems = addProblem(problems, rec, m, ix.contact, '', 'missing_contact');
  } else if (type === 'EMail' || (type === undefined && typeCell === '' && rawContact.includes('@'))) {
    type = 'EMail';
    if (!isValidEmail(rawContact)) problems = addProblem(problems, rec, m, ix.contact, rawContact, 'invalid_email');
    else if (senderEmail !== undefined && senderEmail.length === rawContact.length && senderEmail.toLowerCase() === rawContact.toLowerCase()) {
      problems = addProblem(problems, rec, m, ix.contact, rawContact, 'sender_contact');
    }
  } else if (type === 'Mobile') {
    const digits = normalizeKoreanMobile(rawContact);
    if (digits === undefined) problems = addProblem(problems, rec, m, ix.contact, rawContact, 'invalid_mobile');
    else contact = digits;
  } else if (typeCell === '') {
    // Inference: no `@`, so a mobile number or nothing.
    const digits = normalizeKoreanMobile(rawContact);
    if (digits !== undefined) {
      type = 'Mobile';
      contact = digits;
    } else {
      problems = addProblem(problems, rec, m, ix.contact, rawContact, hasLetter(rawContact) ? 'invalid_email' : 'invalid_mobile');
    }
  }
  // (An invalid memb_id_type cell was reported above; its contact is not checked against a guess.)

  // ---- language
  let language: Language = d.language;
  const langCell = cell(cells, ix.language);
  if (langCell !== '') {
    const l = parseLanguage(langCell);
    if (l === undefined) problems = addProblem(problems, rec, m, ix.language, langCell, 'invalid_language');
    else language = l;
  }

  // ---- mobile certification
  let mobileCert = d.enable_mobile_cert;
  const mcCell = cell(cells, ix.enable_mobile_cert);
  if (mcCell !== '') {
    const b = parseBoolean(mcCell);
    if (b === undefined) problems = addProblem(problems, rec, m, ix.enable_mobile_cert, mcCell, 'invalid_boolean');
    else mobileCert = b;
  }
  let mobileNumber = cell(cells, ix.mobile_number);
  if (mobileNumber !== '') {
    const digits = normalizeKoreanMobile(mobileNumber);
    if (digits === undefined) problems = addProblem(problems, rec, m, ix.mobile_number, mobileNumber, 'invalid_mobile');
    else mobileNumber = digits;
  } else if (mobileCert) {
    problems = addProblem(problems, rec, m, ix.mobile_number, '', 'mobile_required');
  }

  // ---- password certification
  let passwordCert = d.enable_password_cert;
  const pcCell = cell(cells, ix.enable_password_cert);
  if (pcCell !== '') {
    const b = parseBoolean(pcCell);
    if (b === undefined) problems = addProblem(problems, rec, m, ix.enable_password_cert, pcCell, 'invalid_boolean');
    else passwordCert = b;
  }
  const password = ix.password < 0 ? '' : cells[ix.password]!;
  if (passwordCert && password.trim() === '') {
    problems = addProblem(problems, rec, m, ix.password, '', 'password_required');
  }

  found.problems = problems;
  return {
    name,
    memb_id_type: type!,
    contact,
    language,
    enable_mobile_cert: mobileCert,
    mobile_number: mobileNumber,
    enable_password_cert: passwordCert,
    password_hint: cell(cells, ix.password_hint),
    password,
  };
}

// ------------------------------------------------------------------ the row

/**
 * Validate and normalise one record. Every problem of the row is returned, except
 * that a record with the wrong number of cells is reported as that alone (its cells
 * cannot be trusted to be in their columns).
 *
 * Decisions beyond the contract's table:
 * - memb_id_type: the row's cell wins; else `defaults.memb_id_type`; else inferred from
 *   the contact (an `@` → EMail; a Korean mobile number → Mobile). A contact that is
 *   neither is reported as an invalid email when it has letters, else as an invalid
 *   mobile number. `e-mail` is accepted as EMail too.
 * - Every value is trimmed except `password`, which is sent exactly as given (but a
 *   whitespace-only password counts as missing). Field values are trimmed; empty
 *   optional fields are left out of `field_list` (so a template default is not
 *   overwritten with nothing).
 * - mobile_number is validated and sent as digits whenever given, even with mobile
 *   certification off.
 * - Booleans also accept `예` / `아니오` / `아니요`; languages also `ko_KR` etc.
 * - workflow_name: the row's cell if non-empty, else the config template filled from
 *   the row's (trimmed) cells, else ''.
 * - customer B (config `customer_b`, a "2단계 C" template): the same rules on its own
 *   columns, with the same defaults; its problems name its columns. It may be the
 *   sending account (a "2단계 C" template has no manager step).
 */
export function parseSignerRow(rec: CsvRecord, m: CompiledMapping, ctx: RowContext): RowParse {
  const cells = rec.cells;
  if (cells.length !== m.columnCount) {
    return {
      ok: false,
      problems: addProblem(undefined, rec, m, -1, '', 'cell_count', { expected: m.columnCount, found: cells.length }),
    };
  }
  const found: Found = { problems: undefined };
  const person = parsePerson(rec, m, m.index, found, ctx.senderEmail);
  const customerB = m.customerB === undefined ? undefined : parsePerson(rec, m, m.customerB, found, undefined);
  let problems = found.problems;

  // ---- template fields
  const mapped = m.fields;
  const fields: Signer['fields'] = [];
  for (let i = 0; i < mapped.length; i++) {
    const f = mapped[i]!;
    const v = cells[f.index]!.trim();
    if (v === '') {
      if (f.required) problems = addProblem(problems, rec, m, f.index, '', 'field_required', { field_name: f.field_name, doc_id: f.doc_id });
      continue;
    }
    fields.push({ doc_id: f.doc_id, field_name: f.field_name, field_value: v });
  }

  if (problems !== undefined) return { ok: false, problems };

  // ---- title
  let workflowName = cell(cells, m.index.workflow_name);
  if (workflowName === '' && m.workflowNameTemplate !== undefined) workflowName = buildTitle(m.workflowNameTemplate, cells);

  const signer = person as Signer;
  signer.workflow_name = workflowName;
  signer.fields = fields;
  if (customerB !== undefined) signer.customer_b = customerB;
  return { ok: true, signer };
}

/**
 * The problem for a row whose contact an earlier row (on `firstLine`) already has. It
 * shows the cell as typed (`010 1234 5678`), which the user can find in the file,
 * rather than the number as compared (`01012345678`).
 */
export function duplicateContactProblem(rec: CsvRecord, m: CompiledMapping, firstLine: number): RowProblem {
  const typed = (rec.cells[m.index.contact] ?? '').trim();
  return addProblem(undefined, rec, m, m.index.contact, typed, 'duplicate_contact', { first_line: firstLine })[0]!;
}
