/**
 * Messages for row problems (`row.<ProblemCode>`) and header/mapping problems
 * (`mapping.<HeaderProblemCode>`). Every message of one kind takes the same argument
 * shape, so a code can be looked up generically; values arrive already cleaned and
 * masked. Formatting lives in ../problems.ts (importing i18n from here would be a cycle).
 */
import type { Translation } from '../i18n.js';

/** Arguments of every `row.*` message: the problem's value and column, and its detail flattened. */
export interface RowMessageArgs {
  value: string;
  column: string;
  /** detail.expected / detail.found (cell_count), detail.first_line (duplicate_contact), … */
  [detail: string]: string | number;
}

/** Arguments of every `mapping.*` message. */
export interface MappingMessageArgs {
  column: string;
  key: string;
  /** The file's header names, joined with ", ". */
  headers: string;
  placeholder: string;
  doc_id: string;
  field_name: string;
  other_column: string;
  count: number;
}

type RowMsg = (p: RowMessageArgs) => string;
type MapMsg = (p: MappingMessageArgs) => string;

const s = (x: string | number | undefined): string => (x === undefined ? '' : String(x));

export const en = {
  'row.at_line': (p: { line: number }) => `line ${p.line}`,
  'row.at_line_column': (p: { line: number; column: string }) => `line ${p.line}, column ${p.column}`,
  // A workbook's rows and columns, as Excel names them: `row 14, column C (휴대폰)`.
  'row.at_sheet_row': (p: { line: number }) => `row ${p.line}`,
  'row.at_sheet_row_column': (p: { line: number; letter: string; column: string }) => `row ${p.line}, column ${p.letter} (${p.column})`,

  'row.cell_count': ((p) => `the row has ${s(p.found)} cells but the header has ${s(p.expected)} (a stray delimiter or quote?)`) as RowMsg,
  'row.missing_name': (() => 'the name is empty') as RowMsg,
  'row.missing_contact': (() => 'the contact (email address or mobile number) is empty') as RowMsg,
  'row.invalid_memb_id_type': ((p) => `"${p.value}" is not a contact type: use EMail or Mobile`) as RowMsg,
  'row.invalid_email': ((p) => `"${p.value}" is not a valid email address`) as RowMsg,
  'row.invalid_mobile': ((p) => `"${p.value}" is not a Korean mobile number`) as RowMsg,
  'row.invalid_language': ((p) => `"${p.value}" is not a supported language: use ko-KR, en-US, ja-JP (or ko, en, ja)`) as RowMsg,
  'row.invalid_boolean': ((p) => `"${p.value}" is not yes or no: use true/false, yes/no, y/n, 1/0 or o/x`) as RowMsg,
  'row.mobile_required': (() => 'a mobile number (mobile_number) is required because mobile certification is on') as RowMsg,
  'row.password_required': (() => 'a password is required because password certification is on') as RowMsg,
  'row.field_required': ((p) => `the template field "${s(p.field_name)}" is required but empty`) as RowMsg,
  'row.missing_doc_id': ((p) =>
    `the template field "${s(p.field_name)}" has no doc_id: set "doc_id" in the config or name the column field:<doc_id>:${s(p.field_name)}`) as RowMsg,
  'row.unknown_placeholder': ((p) => `workflow_name uses {${s(p.placeholder)}}, which is not a column of the file`) as RowMsg,
  'row.duplicate_contact': ((p) => `"${p.value}" is also the contact on line ${s(p.first_line)} (use --allow-duplicates if that is intended)`) as RowMsg,
  'row.sender_contact': ((p) =>
    `"${p.value}" is the sending account's own address (memb_email); the sender already takes part as the template's manager`) as RowMsg,

  'mapping.missing_name_column': ((p) =>
    `no column holds the signer's name: add a "name" column or set columns.name in the config to the header to use (its columns: ${p.headers})`) as MapMsg,
  'mapping.missing_contact_column': ((p) =>
    `no column holds the contact (email or mobile number): add an "email" column or set columns.email in the config to the header to use (its columns: ${p.headers})`) as MapMsg,
  'mapping.unknown_column': ((p) => `${p.key} names the column "${p.column}", which is not in the file (its columns: ${p.headers})`) as MapMsg,
  'mapping.missing_field_column': ((p) => `${p.key} names the column "${p.column}", which is not in the file (its columns: ${p.headers})`) as MapMsg,
  'mapping.missing_doc_id': ((p) =>
    `column "${p.column}" fills the template field "${p.field_name}" but no doc_id is known: set "doc_id" in the config or name the column field:<doc_id>:${p.field_name}`) as MapMsg,
  'mapping.unknown_placeholder': ((p) => `workflow_name uses {${p.placeholder}}, which is not a column of the file (its columns: ${p.headers})`) as MapMsg,
  'mapping.duplicate_field': ((p) => `columns "${p.other_column}" and "${p.column}" both fill the template field ${p.doc_id}:${p.field_name}`) as MapMsg,
  'mapping.ambiguous_column': ((p) => `the file has ${p.count} columns named "${p.column}", so ${p.key} cannot tell which one to use`) as MapMsg,
  'mapping.empty_field_name': ((p) => `column "${p.column}" names no template field: use field:<field_name> or field:<doc_id>:<field_name>`) as MapMsg,
  'mapping.missing_mobile_column': (() =>
    'defaults.enable_mobile_cert is true but the file has no mobile_number column: every row would fail') as MapMsg,
  'mapping.missing_password_column': (() =>
    'defaults.enable_password_cert is true but the file has no password column: every row would fail') as MapMsg,
  'mapping.missing_customer_b_mobile_column': (() =>
    'defaults.enable_mobile_cert is true but customer_b maps no mobile_number column: every row would fail (map customer_b.mobile_number, or customer_b.enable_mobile_cert to a column that switches it off)') as MapMsg,
  'mapping.missing_customer_b_password_column': (() =>
    'defaults.enable_password_cert is true but customer_b maps no password column: every row would fail (map customer_b.password, or customer_b.enable_password_cert to a column that switches it off)') as MapMsg,
};

export const ko: Translation<typeof en> = {
  'row.at_line': (p) => `${p.line}행`,
  'row.at_line_column': (p) => `${p.line}행, ${p.column} 열`,
  'row.at_sheet_row': (p) => `${p.line}행`,
  'row.at_sheet_row_column': (p) => `${p.line}행, ${p.letter}열(${p.column})`,

  'row.cell_count': (p) => `이 행의 칸 수(${s(p.found)})가 머리글의 칸 수(${s(p.expected)})와 다릅니다 (구분자나 따옴표가 잘못 들어갔을 수 있습니다)`,
  'row.missing_name': () => '이름이 비어 있습니다',
  'row.missing_contact': () => '연락처(이메일 주소 또는 휴대폰 번호)가 비어 있습니다',
  'row.invalid_memb_id_type': (p) => `"${p.value}"은(는) 올바른 연락처 종류가 아닙니다: EMail 또는 Mobile을 쓰세요`,
  'row.invalid_email': (p) => `"${p.value}"은(는) 올바른 이메일 주소가 아닙니다`,
  'row.invalid_mobile': (p) => `"${p.value}"은(는) 올바른 휴대폰 번호가 아닙니다`,
  'row.invalid_language': (p) => `"${p.value}"은(는) 지원하지 않는 언어입니다: ko-KR, en-US, ja-JP(또는 ko, en, ja)를 쓰세요`,
  'row.invalid_boolean': (p) => `"${p.value}"은(는) 예/아니오 값이 아닙니다: true/false, yes/no, y/n, 1/0, o/x를 쓰세요`,
  'row.mobile_required': () => '휴대폰 본인인증을 사용하므로 휴대폰 번호(mobile_number)가 필요합니다',
  'row.password_required': () => '문서 암호 인증을 사용하므로 암호가 필요합니다',
  'row.field_required': (p) => `필수 템플릿 필드 "${s(p.field_name)}"이(가) 비어 있습니다`,
  'row.missing_doc_id': (p) =>
    `템플릿 필드 "${s(p.field_name)}"의 doc_id를 알 수 없습니다: 설정에 "doc_id"를 지정하거나 열 이름을 field:<doc_id>:${s(p.field_name)} 형식으로 쓰세요`,
  'row.unknown_placeholder': (p) => `workflow_name의 {${s(p.placeholder)}}은(는) 파일에 없는 열입니다`,
  'row.duplicate_contact': (p) => `"${p.value}"은(는) ${s(p.first_line)}행의 연락처와 같습니다 (의도한 것이면 --allow-duplicates를 쓰세요)`,
  'row.sender_contact': (p) =>
    `"${p.value}"은(는) 발송 계정 자신의 주소(memb_email)입니다: 발송자는 이미 템플릿의 관리자 단계로 참여합니다`,

  'mapping.missing_name_column': (p) =>
    `서명자 이름 열이 없습니다: "name" 열을 추가하거나 설정의 columns.name에 사용할 머리글을 지정하세요 (파일의 열: ${p.headers})`,
  'mapping.missing_contact_column': (p) =>
    `연락처(이메일 또는 휴대폰 번호) 열이 없습니다: "email" 열을 추가하거나 설정의 columns.email에 사용할 머리글을 지정하세요 (파일의 열: ${p.headers})`,
  'mapping.unknown_column': (p) => `${p.key}에 지정한 "${p.column}" 열이 파일에 없습니다 (파일의 열: ${p.headers})`,
  'mapping.missing_field_column': (p) => `${p.key}에 지정한 "${p.column}" 열이 파일에 없습니다 (파일의 열: ${p.headers})`,
  'mapping.missing_doc_id': (p) =>
    `"${p.column}" 열이 채우는 템플릿 필드 "${p.field_name}"의 doc_id를 알 수 없습니다: 설정에 "doc_id"를 지정하거나 열 이름을 field:<doc_id>:${p.field_name} 형식으로 쓰세요`,
  'mapping.unknown_placeholder': (p) => `workflow_name의 {${p.placeholder}}은(는) 파일에 없는 열입니다 (파일의 열: ${p.headers})`,
  'mapping.duplicate_field': (p) => `"${p.other_column}" 열과 "${p.column}" 열이 같은 템플릿 필드 ${p.doc_id}:${p.field_name}을(를) 채웁니다`,
  'mapping.ambiguous_column': (p) => `파일에 "${p.column}" 열이 ${p.count}개 있어 ${p.key}에 어느 열을 쓸지 알 수 없습니다`,
  'mapping.empty_field_name': (p) => `"${p.column}" 열에 템플릿 필드 이름이 없습니다: field:<필드이름> 또는 field:<doc_id>:<필드이름> 형식으로 쓰세요`,
  'mapping.missing_mobile_column': () =>
    'defaults.enable_mobile_cert가 true인데 파일에 mobile_number 열이 없습니다: 모든 행이 실패합니다',
  'mapping.missing_password_column': () =>
    'defaults.enable_password_cert가 true인데 파일에 password 열이 없습니다: 모든 행이 실패합니다',
  'mapping.missing_customer_b_mobile_column': () =>
    'defaults.enable_mobile_cert가 true인데 customer_b에 mobile_number 열이 없습니다: 모든 행이 실패합니다 (customer_b.mobile_number를 지정하거나, 끌 수 있는 열을 customer_b.enable_mobile_cert로 지정하세요)',
  'mapping.missing_customer_b_password_column': () =>
    'defaults.enable_password_cert가 true인데 customer_b에 password 열이 없습니다: 모든 행이 실패합니다 (customer_b.password를 지정하거나, 끌 수 있는 열을 customer_b.enable_password_cert로 지정하세요)',
};
