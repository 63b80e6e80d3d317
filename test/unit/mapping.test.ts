import { describe, expect, it } from 'vitest';
import { compileMapping, HEADER_PROBLEM_CODES, type CompiledMapping, type HeaderProblem } from '../../src/core/mapping.js';
import { mappedProperty, type MappingConfig } from '../../src/core/signer-types.js';
import { formatHeaderProblem } from '../../src/ui/problems.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

function cfg(over: Partial<MappingConfig> = {}): MappingConfig {
  return { columns: {}, fields: [], defaults: {}, ...over };
}

function ok(header: string[], c: MappingConfig = cfg()): CompiledMapping {
  const r = compileMapping(header, c);
  if (!r.ok) throw new Error(`unexpected problems: ${JSON.stringify(r.problems)}`);
  return r.mapping;
}

function problems(header: string[], c: MappingConfig): HeaderProblem[] {
  const r = compileMapping(header, c);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('compileMapping: default columns', () => {
  it('matches default names case-insensitively after trimming, BOM and NFC', () => {
    const m = ok(['\uFEFFName', ' EMAIL ', 'Memb_Id_Type', 'language', 'extra']);
    expect(m.index.name).toBe(0);
    expect(m.index.contact).toBe(1);
    expect(m.index.memb_id_type).toBe(2);
    expect(m.index.language).toBe(3);
    expect(m.index.password).toBe(-1);
    expect(m.columnCount).toBe(5);
    expect(m.headers[0]).toBe('Name');
    expect(m.ignoredColumns).toEqual(['extra']);
  });

  it.each(['name', 'email', 'memb_id_type', 'language', 'workflow_name', 'enable_mobile_cert', 'mobile_number', 'enable_password_cert', 'password_hint', 'password'] as const)(
    'maps the default column %s',
    (prop) => {
      const header = ['name', 'email', prop === 'name' || prop === 'email' ? 'x' : prop];
      expect(ok(header).index[mappedProperty(prop)]).toBe(prop === 'name' ? 0 : prop === 'email' ? 1 : 2);
    },
  );

  it('resolves defaults', () => {
    expect(ok(['name', 'email']).defaults).toEqual({
      language: 'ko-KR',
      memb_id_type: undefined,
      enable_mobile_cert: false,
      enable_password_cert: false,
    });
    const m = ok(['name', 'email', 'password'], cfg({ defaults: { language: 'en-US', memb_id_type: 'EMail', enable_password_cert: true } }));
    expect(m.defaults).toEqual({ language: 'en-US', memb_id_type: 'EMail', enable_mobile_cert: false, enable_password_cert: true });
  });
});

describe('compileMapping: columns from the config', () => {
  it('maps Korean headers through columns and then ignores the default name', () => {
    const m = ok(['이름', '이메일', '휴대폰', 'email'], cfg({ columns: { name: '이름', email: ' 이메일 ', mobile_number: '휴대폰' } }));
    expect(m.index.name).toBe(0);
    expect(m.index.contact).toBe(1);
    expect(m.index.mobile_number).toBe(2);
    expect(m.ignoredColumns).toEqual(['email']);
  });

  it('matches a decomposed (NFD) Korean header to an NFC config name', () => {
    const m = ok(['이름'.normalize('NFD'), 'email'], cfg({ columns: { name: '이름' } }));
    expect(m.index.name).toBe(0);
  });

  it('lets two properties share one column (contact and mobile cert number)', () => {
    const m = ok(['name', '휴대폰'], cfg({ columns: { email: '휴대폰', mobile_number: '휴대폰' } }));
    expect(m.index.contact).toBe(1);
    expect(m.index.mobile_number).toBe(1);
  });
});

describe('compileMapping: template fields', () => {
  it.each([
    ['field:amount', 'D0', 'amount'],
    ['FIELD:amount', 'D0', 'amount'],
    ['Field: Amount ', 'D0', 'Amount'],
    ['field:D1:amount', 'D1', 'amount'],
    ['field: D1 : amount', 'D1', 'amount'],
    ['field::amount', 'D0', 'amount'],
    ['field:D1:a:b', 'D1', 'a:b'],
  ])('%s → doc %s, field %s', (column, docId, fieldName) => {
    const m = ok(['name', 'email', column], cfg({ doc_id: 'D0' }));
    expect(m.fields).toEqual([{ column: column.trim(), index: 2, doc_id: docId, field_name: fieldName, required: false }]);
  });

  it('maps fields entries with doc_id, default doc_id and required', () => {
    const m = ok(
      ['name', 'email', '계약금액', '입사일'],
      cfg({
        doc_id: 'D0',
        fields: [
          { column: '계약금액', doc_id: 'D1', field_name: 'amount', required: true },
          { column: '입사일', field_name: 'start_date' },
        ],
      }),
    );
    expect(m.fields).toEqual([
      { column: '계약금액', index: 2, doc_id: 'D1', field_name: 'amount', required: true },
      { column: '입사일', index: 3, doc_id: 'D0', field_name: 'start_date', required: false },
    ]);
    expect(m.ignoredColumns).toEqual([]);
  });

  it('keeps one entry when the same column is named twice for the same field', () => {
    const m = ok(['name', 'email', 'field:D1:amount'], cfg({ fields: [{ column: 'field:D1:amount', doc_id: 'D1', field_name: 'amount', required: true }] }));
    expect(m.fields).toEqual([{ column: 'field:D1:amount', index: 2, doc_id: 'D1', field_name: 'amount', required: true }]);
  });
});

describe('compileMapping: workflow_name template', () => {
  it('compiles placeholders to cell indexes, case-insensitively', () => {
    const m = ok(['이름', 'email', '부서'], cfg({ columns: { name: '이름' }, workflow_name: '근로계약서 - {이름} ({ 부서 }) {{x}}' }));
    expect(m.workflowNameTemplate).toEqual(['근로계약서 - ', 0, ' (', 2, ') {x}']);
    expect(m.ignoredColumns).toEqual([]);
  });

  it('lets {name} stand for the column mapped to name', () => {
    const m = ok(['이름', 'email'], cfg({ columns: { name: '이름' }, workflow_name: '계약 {NAME}' }));
    expect(m.workflowNameTemplate).toEqual(['계약 ', 0]);
  });

  it('keeps an unclosed brace as text', () => {
    expect(ok(['name', 'email'], cfg({ workflow_name: 'a {b' })).workflowNameTemplate).toEqual(['a {b']);
  });

  it('has no template when none is configured', () => {
    expect(ok(['name', 'email']).workflowNameTemplate).toBeUndefined();
  });
});

describe('compileMapping: header problems', () => {
  it('reports a missing name and contact column, listing the headers', () => {
    expect(problems(['이름', '연락처'], cfg())).toEqual([
      { code: 'missing_name_column', column: '', key: 'columns.name', detail: { headers: ['이름', '연락처'] } },
      { code: 'missing_contact_column', column: '', key: 'columns.email', detail: { headers: ['이름', '연락처'] } },
    ]);
  });

  it('reports a columns entry naming a header that is not in the file (not also as a missing column)', () => {
    expect(problems(['이름', 'mail'], cfg({ columns: { name: '이름', email: '이메일' } }))).toEqual([
      { code: 'unknown_column', column: '이메일', key: 'columns.email', detail: { headers: ['이름', 'mail'] } },
    ]);
  });

  it('reports every problem at once', () => {
    const ps = problems(
      ['name', 'field:amount', 'field:D1:x', 'dup', 'dup', 'field:D1:x '],
      cfg({
        columns: { email: '이메일', password: '암호' },
        fields: [{ column: '계약금액', field_name: 'amount' }, { column: 'DUP', field_name: 'y', doc_id: 'D1' }],
        workflow_name: '{부서} {name}',
      }),
    );
    expect(ps.map((p) => [p.code, p.key, p.column])).toEqual([
      ['unknown_column', 'columns.email', '이메일'],
      ['unknown_column', 'columns.password', '암호'],
      ['missing_doc_id', '', 'field:amount'],
      ['duplicate_field', '', 'field:D1:x'],
      ['missing_field_column', 'fields[0].column', '계약금액'],
      ['ambiguous_column', 'fields[1].column', 'dup'],
      ['unknown_placeholder', 'workflow_name', ''],
    ]);
    expect(ps.find((p) => p.code === 'duplicate_field')!.detail).toEqual({ doc_id: 'D1', field_name: 'x', other_column: 'field:D1:x' });
    expect(ps.find((p) => p.code === 'unknown_placeholder')!.detail!.placeholder).toBe('부서');
  });

  it('reports a fields entry with no doc_id available', () => {
    expect(problems(['name', 'email', '금액'], cfg({ fields: [{ column: '금액', field_name: 'amount' }] }))).toEqual([
      { code: 'missing_doc_id', column: '금액', key: 'fields[0]', detail: { field_name: 'amount' } },
    ]);
  });

  it('reports two columns filling the same field (field: column and fields entry)', () => {
    const ps = problems(['name', 'email', 'field:D1:amount', '금액'], cfg({ fields: [{ column: '금액', doc_id: 'D1', field_name: 'amount' }] }));
    expect(ps).toEqual([
      { code: 'duplicate_field', column: '금액', key: 'fields[0]', detail: { doc_id: 'D1', field_name: 'amount', other_column: 'field:D1:amount' } },
    ]);
  });

  it('reports a field: column with no field name', () => {
    expect(problems(['name', 'email', 'field:D1:'], cfg()).map((p) => p.code)).toEqual(['empty_field_name']);
  });

  it('reports two columns with the same name for a property', () => {
    expect(problems(['name', 'Email', 'email '], cfg())).toEqual([
      { code: 'ambiguous_column', column: 'Email', key: 'email', detail: { count: 2 } },
    ]);
  });

  it('reports certification defaults that every row would fail', () => {
    const ps = problems(['name', 'email'], cfg({ defaults: { enable_mobile_cert: true, enable_password_cert: true } }));
    expect(ps.map((p) => p.code)).toEqual(['missing_mobile_column', 'missing_password_column']);
    // With a per-row switch column the rows can turn it off: no header problem.
    expect(compileMapping(['name', 'email', 'enable_mobile_cert'], cfg({ defaults: { enable_mobile_cert: true } })).ok).toBe(true);
  });
});

describe('formatHeaderProblem', () => {
  it('names the config key, the column and the file headers, in English and Korean', () => {
    const [p] = problems(['이름', 'mail'], cfg({ columns: { name: '이름', email: '이메일' } }));
    setLang('en');
    expect(formatHeaderProblem(p!)).toBe('columns.email names the column "이메일", which is not in the file (its columns: 이름, mail)');
    setLang('ko');
    expect(formatHeaderProblem(p!)).toBe('columns.email에 지정한 "이메일" 열이 파일에 없습니다 (파일의 열: 이름, mail)');
    setLang('en');
  });

  it('has a message for every header problem code in both languages', () => {
    const ps = problems(
      ['x', 'field:a', 'field:D1:', 'd', 'd', 'field:D1:b', 'c'],
      cfg({
        columns: { password: 'pw' },
        fields: [{ column: 'nope', field_name: 'q' }, { column: 'd', field_name: 'r', doc_id: 'D' }, { column: 'c', doc_id: 'D1', field_name: 'b' }],
        workflow_name: '{zz}',
        defaults: { enable_mobile_cert: true },
      }),
    );
    ps.push(...problems(['name', 'email'], cfg({ defaults: { enable_password_cert: true } })));
    ps.push(
      ...problems(
        ['name', 'email', 'mobile_number', 'password', 'b', 'b email'],
        cfg({ customer_b: { name: 'b', email: 'b email' }, defaults: { enable_mobile_cert: true, enable_password_cert: true } }),
      ),
    );
    expect(new Set(ps.map((p) => p.code))).toEqual(new Set(HEADER_PROBLEM_CODES));
    for (const lang of ['en', 'ko'] as const) {
      setLang(lang);
      for (const p of ps) {
        const s = formatHeaderProblem(p);
        expect(s).not.toMatch(/undefined|\[object/);
        expect(s.length).toBeGreaterThan(10);
      }
    }
    setLang('en');
  });
});
