import { afterEach, describe, expect, it } from 'vitest';
import { compileMapping, type CompiledMapping } from '../../src/core/mapping.js';
import { duplicateContactProblem, parseSignerRow } from '../../src/core/signer.js';
import { PROBLEM_CODES, type MappingConfig, type RowProblem, type Signer } from '../../src/core/signer-types.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';
import { formatRowProblem } from '../../src/ui/problems.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

const HEADER = [
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
  'field:D1:amount',
];
type Row = Partial<Record<(typeof HEADER)[number], string>>;

function mapping(over: Partial<MappingConfig> = {}, header = HEADER): CompiledMapping {
  const r = compileMapping(header, { columns: {}, fields: [], defaults: {}, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.mapping;
}

const M = mapping();

function rec(row: Row, header = HEADER, line = 14) {
  return { row: line - 1, line, cells: header.map((h) => row[h] ?? '') };
}

function parse(row: Row, m = M, senderEmail?: string) {
  return parseSignerRow(rec(row), m, { senderEmail });
}

function signer(row: Row, m = M, senderEmail?: string): Signer {
  const r = parse(row, m, senderEmail);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.signer;
}

function probs(row: Row, m = M, senderEmail?: string): RowProblem[] {
  const r = parse(row, m, senderEmail);
  if (r.ok) throw new Error(`expected problems for ${JSON.stringify(row)}`);
  return r.problems;
}

const base = { name: '홍길동', email: 'hong@example.com' };

afterEach(() => setLang('en'));

describe('parseSignerRow: a valid row', () => {
  it('normalises every property', () => {
    expect(
      signer({
        name: '  홍길동 ',
        email: ' hong@example.com ',
        memb_id_type: 'email',
        language: 'en',
        workflow_name: ' 근로계약서 ',
        enable_mobile_cert: 'Y',
        mobile_number: '010-1234-5678',
        enable_password_cert: 'yes',
        password_hint: ' 생일 ',
        password: ' s3cret ',
        'field:D1:amount': ' 3,000,000 ',
      }),
    ).toEqual({
      name: '홍길동',
      memb_id_type: 'EMail',
      contact: 'hong@example.com',
      language: 'en-US',
      workflow_name: '근로계약서',
      enable_mobile_cert: true,
      mobile_number: '01012345678',
      enable_password_cert: true,
      password_hint: '생일',
      password: ' s3cret ',
      fields: [{ doc_id: 'D1', field_name: 'amount', field_value: '3,000,000' }],
    });
  });

  it('applies defaults for empty cells', () => {
    expect(signer(base)).toEqual({
      name: '홍길동',
      memb_id_type: 'EMail',
      contact: 'hong@example.com',
      language: 'ko-KR',
      workflow_name: '',
      enable_mobile_cert: false,
      mobile_number: '',
      enable_password_cert: false,
      password_hint: '',
      password: '',
      fields: [],
    });
    const m = mapping({ defaults: { language: 'ja-JP', enable_mobile_cert: true, enable_password_cert: true } });
    const s = signer({ ...base, mobile_number: '01012345678', password: 'pw' }, m);
    expect([s.language, s.enable_mobile_cert, s.enable_password_cert]).toEqual(['ja-JP', true, true]);
    // A cell overrides the default.
    expect(signer({ ...base, enable_mobile_cert: 'n', enable_password_cert: '0' }, m).enable_mobile_cert).toBe(false);
  });
});

describe('parseSignerRow: memb_id_type and contact', () => {
  it.each([
    ['EMail', 'hong@example.com', 'EMail', 'hong@example.com'],
    ['EMAIL', 'hong@example.com', 'EMail', 'hong@example.com'],
    ['e-mail', 'hong@example.com', 'EMail', 'hong@example.com'],
    ['Mobile', '010-1234-5678', 'Mobile', '01012345678'],
    ['mobile', '+82 10 1234 5678', 'Mobile', '01012345678'],
    ['', 'Hong@Example.com', 'EMail', 'Hong@Example.com'], // inferred from @; sent as given
    ['', '홍길동@example.co.kr', 'EMail', '홍길동@example.co.kr'],
    ['', '010-1234-5678', 'Mobile', '01012345678'], // inferred: a Korean mobile number
    ['', '+821012345678', 'Mobile', '01012345678'],
  ])('type %j, contact %j → %s %s', (type, contact, expectedType, expectedContact) => {
    const s = signer({ name: 'a', email: contact, memb_id_type: type });
    expect([s.memb_id_type, s.contact]).toEqual([expectedType, expectedContact]);
  });

  it.each([
    ['', 'hong.example.com', 'invalid_email', 'email'],
    ['', 'hong@example', 'invalid_email', 'email'],
    ['', '010-12-5678', 'invalid_mobile', 'email'],
    ['', '02-123-4567', 'invalid_mobile', 'email'],
    ['EMail', '010-1234-5678', 'invalid_email', 'email'],
    ['Mobile', 'hong@example.com', 'invalid_mobile', 'email'],
    ['Fax', 'hong@example.com', 'invalid_memb_id_type', 'memb_id_type'],
    ['', '', 'missing_contact', 'email'],
  ])('type %j, contact %j → %s on column %s', (type, contact, code, column) => {
    const ps = probs({ name: 'a', email: contact, memb_id_type: type });
    expect(ps.map((p) => [p.code, p.column])).toEqual([[code, column]]);
  });

  it('uses defaults.memb_id_type for an empty cell instead of inferring', () => {
    const m = mapping({ defaults: { memb_id_type: 'Mobile' } });
    expect(signer({ name: 'a', email: '010 1234 5678' }, m).memb_id_type).toBe('Mobile');
    expect(probs({ name: 'a', email: 'hong@example.com' }, m).map((p) => p.code)).toEqual(['invalid_mobile']);
    // The row's cell still wins over the default.
    expect(signer({ name: 'a', email: 'hong@example.com', memb_id_type: 'EMail' }, m).memb_id_type).toBe('EMail');
  });

  it.each([
    ['hong@example.com', 'hong@example.com'],
    ['HONG@Example.COM', 'hong@example.com'],
    ['hong@example.com', 'HONG@EXAMPLE.COM'],
  ])('refuses the sender own address %s (sender %s)', (contact, sender) => {
    const ps = probs({ name: 'a', email: contact }, M, sender);
    expect(ps).toEqual([{ row: 13, line: 14, column: 'email', value: contact, code: 'sender_contact' }]);
  });

  it('accepts other contacts when a sender is set', () => {
    expect(signer(base, M, 'admin@example.com').contact).toBe('hong@example.com');
    expect(signer({ name: 'a', email: '01012345678' }, M, 'admin@example.com').contact).toBe('01012345678');
  });
});

describe('parseSignerRow: language and booleans', () => {
  it.each([
    ['ko-KR', 'ko-KR'],
    ['ko', 'ko-KR'],
    ['KO', 'ko-KR'],
    ['ko_KR', 'ko-KR'],
    ['ko-kr', 'ko-KR'],
    ['en-US', 'en-US'],
    ['en', 'en-US'],
    ['EN_us', 'en-US'],
    ['ja-JP', 'ja-JP'],
    ['ja', 'ja-JP'],
    ['Ja', 'ja-JP'],
    ['', 'ko-KR'],
  ])('language %j → %s', (cellValue, expected) => {
    expect(signer({ ...base, language: cellValue }).language).toBe(expected);
  });

  it.each(['jp', 'kr', 'zh-CN', 'english', 'ko-JP'])('rejects language %j', (v) => {
    expect(probs({ ...base, language: v })).toEqual([{ row: 13, line: 14, column: 'language', value: v, code: 'invalid_language' }]);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['yes', true],
    ['Y', true],
    ['1', true],
    ['o', true],
    ['O', true],
    ['예', true],
    ['false', false],
    ['No', false],
    ['n', false],
    ['0', false],
    ['x', false],
    ['X', false],
    ['아니오', false],
    ['아니요', false],
    [' yEs ', true],
  ])('boolean %j → %s', (v, expected) => {
    const s = signer({ ...base, enable_mobile_cert: v, mobile_number: '01012345678', enable_password_cert: v, password: 'p' });
    expect([s.enable_mobile_cert, s.enable_password_cert]).toEqual([expected, expected]);
  });

  it.each(['on', 'off', '2', 'ㅇ', 'truee'])('rejects boolean %j', (v) => {
    expect(probs({ ...base, enable_mobile_cert: v }).map((p) => [p.code, p.column, p.value])).toEqual([
      ['invalid_boolean', 'enable_mobile_cert', v],
    ]);
  });
});

describe('parseSignerRow: certifications', () => {
  it('requires a mobile number when mobile certification is on', () => {
    expect(probs({ ...base, enable_mobile_cert: 'true' }).map((p) => [p.code, p.column])).toEqual([['mobile_required', 'mobile_number']]);
  });

  it('validates a mobile number whenever given and sends digits', () => {
    expect(probs({ ...base, mobile_number: '010-12-5678' }).map((p) => [p.code, p.column, p.value])).toEqual([
      ['invalid_mobile', 'mobile_number', '010-12-5678'],
    ]);
    expect(signer({ ...base, mobile_number: '+82 10-9876-5432' }).mobile_number).toBe('01098765432');
  });

  it('requires a password when password certification is on (whitespace does not count)', () => {
    for (const pw of ['', '   ']) {
      const ps = probs({ ...base, enable_password_cert: 'o', password: pw });
      expect(ps.map((p) => [p.code, p.column, p.value])).toEqual([['password_required', 'password', '']]);
    }
  });

  it('reports a missing mobile_number column per row when a row turns certification on', () => {
    const header = ['name', 'email', 'enable_mobile_cert'];
    const m = mapping({}, header);
    const r = parseSignerRow(rec({ ...base, enable_mobile_cert: 'y' }, header), m, {});
    expect(r.ok ? [] : r.problems.map((p) => [p.code, p.column])).toEqual([['mobile_required', '']]);
  });
});

describe('parseSignerRow: fields', () => {
  const header = ['이름', '이메일', '계약금액', '비고', 'field:D2:memo'];
  const m = mapping(
    {
      columns: { name: '이름', email: '이메일' },
      doc_id: 'D0',
      fields: [
        { column: '계약금액', doc_id: 'D1', field_name: 'amount', required: true },
        { column: '비고', field_name: 'note' },
      ],
    },
    header,
  );
  const row = (cells: string[]) => parseSignerRow({ row: 1, line: 2, cells }, m, {});

  it('fills fields, trims values and leaves out empty optional ones', () => {
    const r = row(['홍길동', 'hong@example.com', ' 3000000 ', '', ' 메모\n둘째 줄 ']);
    // `field:` columns first (header order), then the config's `fields` (config order).
    expect(r.ok && r.signer.fields).toEqual([
      { doc_id: 'D2', field_name: 'memo', field_value: '메모\n둘째 줄' },
      { doc_id: 'D1', field_name: 'amount', field_value: '3000000' },
    ]);
  });

  it('reports an empty required field with its column', () => {
    const r = row(['홍길동', 'hong@example.com', '  ', 'x', '']);
    expect(r.ok ? [] : r.problems).toEqual([
      { row: 1, line: 2, column: '계약금액', value: '', code: 'field_required', detail: { field_name: 'amount', doc_id: 'D1' } },
    ]);
  });
});

describe('parseSignerRow: workflow_name', () => {
  const header = ['이름', 'email', '부서', 'workflow_name'];
  const m = mapping({ columns: { name: '이름' }, workflow_name: '근로계약서 - {이름} ({부서})' }, header);
  const title = (cells: string[]) => {
    const r = parseSignerRow({ row: 1, line: 2, cells }, m, {});
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.signer.workflow_name;
  };

  it.each([
    [['홍길동', 'a@b.co', '인사팀', ''], '근로계약서 - 홍길동 (인사팀)'],
    [[' 홍길동 ', 'a@b.co', ' 인사팀 ', '  '], '근로계약서 - 홍길동 (인사팀)'],
    [['홍길동', 'a@b.co', '', ''], '근로계약서 - 홍길동 ()'],
    [['홍길동', 'a@b.co', '인사팀', ' 특별 계약 '], '특별 계약'],
  ])('%j → %s', (cells, expected) => {
    expect(title(cells)).toBe(expected);
  });
});

describe('parseSignerRow: row-level rules', () => {
  it.each([
    [HEADER.length - 2, 'fewer'],
    [HEADER.length + 1, 'more'],
  ])('reports a cell count of %i (%s) alone', (n) => {
    const cells = Array.from({ length: n }, () => 'garbage');
    const r = parseSignerRow({ row: 3, line: 7, cells }, M, {});
    expect(r.ok ? [] : r.problems).toEqual([
      { row: 3, line: 7, column: '', value: '', code: 'cell_count', detail: { expected: HEADER.length, found: n } },
    ]);
  });

  it('reports every problem of the row at once', () => {
    const ps = probs({
      name: '  ',
      email: 'hong@@example.com',
      language: 'xx',
      enable_mobile_cert: 'maybe',
      mobile_number: '123',
      enable_password_cert: 'yes',
      password: '',
    });
    expect(ps.map((p) => [p.code, p.column])).toEqual([
      ['missing_name', 'name'],
      ['invalid_email', 'email'],
      ['invalid_language', 'language'],
      ['invalid_boolean', 'enable_mobile_cert'],
      ['invalid_mobile', 'mobile_number'],
      ['password_required', 'password'],
    ]);
    expect(ps.every((p) => p.line === 14 && p.row === 13)).toBe(true);
  });

  it('cleans control characters from values and truncates long ones', () => {
    const [p] = probs({ ...base, language: 'e\u001b[31mn\u0007-XX' });
    expect(p!.value).toBe('e[31mn-XX');
    const [q] = probs({ ...base, language: 'x'.repeat(200) });
    expect(q!.value).toHaveLength(60);
    expect(q!.value.endsWith('…')).toBe(true);
  });
});

describe('passwords never reach a problem', () => {
  const SECRET = 'Tops3cret!';
  // The password column is also (wrongly) mapped as the certification switch and as a
  // required field: any problem on that column must show the mask, never the value.
  const header = ['name', 'email', '암호', 'field:D1:x'];
  const m = mapping({ columns: { password: '암호', enable_password_cert: '암호' }, fields: [{ column: '암호', doc_id: 'D9', field_name: 'pw', required: true }] }, header);

  it('masks the value of the password column', () => {
    const r = parseSignerRow({ row: 1, line: 2, cells: ['a', 'hong@example.com', SECRET, ''] }, m, {});
    expect(r.ok ? [] : r.problems).toEqual([
      { row: 1, line: 2, column: '암호', value: '***', code: 'invalid_boolean' },
    ]);
  });

  it.each([
    [{ ...base, enable_password_cert: 'yes', password: SECRET, email: 'bad' }],
    [{ ...base, enable_password_cert: 'nope', password: SECRET }],
    [{ ...base, name: '', password: SECRET, language: 'zz' }],
    [{ ...base, password: SECRET, mobile_number: '12', enable_password_cert: '?', memb_id_type: 'x' }],
  ])('no problem text or formatted message contains the password (%#)', (row) => {
    const ps = probs(row);
    expect(ps.length).toBeGreaterThan(0);
    for (const lang of ['en', 'ko'] as const) {
      setLang(lang);
      const all = JSON.stringify(ps) + ps.map(formatRowProblem).join('\n');
      expect(all).not.toContain(SECRET);
    }
  });

});

describe('formatRowProblem', () => {
  const m = mapping({ columns: { name: '이름', email: '이메일', mobile_number: '휴대폰' } }, ['이름', '이메일', '휴대폰']);
  const [p] = (() => {
    const r = parseSignerRow({ row: 13, line: 14, cells: ['홍길동', 'hong@example.com', '010-12-5678'] }, m, {});
    return r.ok ? [] : r.problems;
  })();

  it('reads like the contract in English and Korean', () => {
    setLang('en');
    expect(formatRowProblem(p!)).toBe('line 14, column 휴대폰: "010-12-5678" is not a Korean mobile number');
    setLang('ko');
    expect(formatRowProblem(p!)).toBe('14행, 휴대폰 열: "010-12-5678"은(는) 올바른 휴대폰 번호가 아닙니다');
  });

  it('formats details (cell_count, duplicate) and row-wide problems', () => {
    setLang('en');
    const cc: RowProblem = { row: 1, line: 9, column: '', value: '', code: 'cell_count', detail: { expected: 3, found: 2 } };
    expect(formatRowProblem(cc)).toBe('line 9: the row has 2 cells but the header has 3 (a stray delimiter or quote?)');
    const dup = duplicateContactProblem({ row: 5, line: 6, cells: ['홍길동', ' hong@example.com '] }, m, 3);
    expect(dup).toEqual({ row: 5, line: 6, column: '이메일', value: 'hong@example.com', code: 'duplicate_contact', detail: { first_line: 3 } });
    // The cell as typed, not the number as compared.
    expect(duplicateContactProblem({ row: 7, line: 8, cells: ['홍길동', '010 1234 5678'] }, m, 3).value).toBe('010 1234 5678');
    expect(formatRowProblem(dup)).toContain('line 6, column 이메일: "hong@example.com" is also the contact on line 3');
    setLang('ko');
    expect(formatRowProblem(dup)).toContain('6행, 이메일 열: "hong@example.com"은(는) 3행의 연락처와 같습니다');
  });

  it.each(PROBLEM_CODES.map((c) => [c]))('has an English and a Korean message for %s', (code) => {
    const problem: RowProblem = {
      row: 1,
      line: 2,
      column: 'c',
      value: 'v',
      code,
      detail: { expected: 3, found: 2, first_line: 1, field_name: 'f', doc_id: 'D', placeholder: 'p' },
    };
    setLang('en');
    const e = formatRowProblem(problem);
    setLang('ko');
    const k = formatRowProblem(problem);
    expect(e).toMatch(/^line 2, column c: /);
    expect(k).toMatch(/^2행, c 열: /);
    expect(e).not.toBe(k);
    expect(e + k).not.toMatch(/undefined|\[object/);
  });
});
