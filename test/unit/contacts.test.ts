import { describe, expect, it } from 'vitest';
import { ContactSet, KeyTable, keyWord, normalizeContact, signerKey } from '../../src/core/contacts.js';
import type { Signer } from '../../src/core/signer-types.js';

describe('ContactSet', () => {
  it.each([
    ['hong@example.com', 'hong@example.com'],
    ['hong@example.com', 'HONG@Example.COM'],
    ['홍길동@example.co.kr', '홍길동@EXAMPLE.co.kr'],
    ['Ärger@example.de', 'ärger@example.de'],
    ['01012345678', '01012345678'],
  ])('%s and %s are the same contact', (a, b) => {
    const set = new ContactSet();
    expect(set.add(a, 2)).toBeUndefined();
    expect(set.add(b, 5)).toBe(2);
    expect(set.size).toBe(1);
  });

  it.each([
    ['hong@example.com', 'hong@example.co'],
    ['hong@example.com', 'hong2@example.com'],
    ['01012345678', '01012345679'],
    ['01012345678', '0101234567'],
    ['a', 'b'],
    ['', 'a'],
  ])('%s and %s are different contacts', (a, b) => {
    const set = new ContactSet();
    expect(set.add(a, 2)).toBeUndefined();
    expect(set.add(b, 3)).toBeUndefined();
    expect(set.size).toBe(2);
  });

  it('keeps the first line, not the latest', () => {
    const set = new ContactSet();
    set.add('a@b.co', 4);
    expect(set.add('a@b.co', 9)).toBe(4);
    expect(set.add('A@B.CO', 12)).toBe(4);
    expect(set.firstLine('a@b.co')).toBe(4);
    expect(set.firstLine('nobody@b.co')).toBeUndefined();
  });

  it('handles line 0 and large line numbers', () => {
    const set = new ContactSet();
    set.add('x@y.co', 0);
    set.add('z@y.co', 2_000_000_000);
    expect(set.add('x@y.co', 1)).toBe(0);
    expect(set.add('z@y.co', 1)).toBe(2_000_000_000);
  });

  it('finds no false duplicates among 200,000 distinct contacts, then finds every real one with its first line', () => {
    const set = new ContactSet();
    const N = 200_000;
    const email = (i: number) => `user${i}@example${i % 97}.co.kr`;
    const mobile = (i: number) => `010${String(10_000_000 + i).slice(-8)}`;
    let falseDup = 0;
    for (let i = 0; i < N; i++) {
      const line = i + 2;
      if (set.add(i % 2 === 0 ? email(i) : mobile(i), line) !== undefined) falseDup++;
    }
    expect(falseDup).toBe(0);
    expect(set.size).toBe(N);
    // The table grew by doubling and stayed within the 70 % load factor.
    expect(set.byteLength).toBe(2 ** 19 * 12);

    let wrong = 0;
    for (let i = 0; i < N; i += 7) {
      const contact = i % 2 === 0 ? email(i).toUpperCase() : mobile(i);
      if (set.add(contact, N + 10 + i) !== i + 2) wrong++;
    }
    expect(wrong).toBe(0);
    expect(set.size).toBe(N);
  });

  it('can be sized up front, to the slot (no power of two: a million contacts take 14 MiB, not 24)', () => {
    expect(new ContactSet(1_000_000).byteLength).toBe(1_250_000 * 12);
    expect(new ContactSet().byteLength).toBe(1024 * 12);
  });

  it('a table sized up front finds duplicates and grows like any other', () => {
    const set = new ContactSet(1000); // 1,250 slots, 90 % full at 1,125 contacts, then doubled
    for (let i = 0; i < 5000; i++) expect(set.add(`c${i}@example.com`, i + 2)).toBeUndefined();
    for (let i = 0; i < 5000; i += 3) expect(set.add(`C${i}@EXAMPLE.com`, 9999)).toBe(i + 2);
    expect(set.size).toBe(5000);
    expect(set.byteLength).toBe(1250 * 8 * 12);
  });

  it('normalises contacts: emails trimmed and lower case, mobile numbers as national digits (one rule for duplicates and 1410A matching)', () => {
    expect(normalizeContact('Hong@Example.COM')).toBe('hong@example.com');
    expect(normalizeContact(' Hong@Example.com ')).toBe('hong@example.com');
    expect(normalizeContact('01012345678')).toBe('01012345678');
    expect(normalizeContact('010-1234-5678')).toBe('01012345678');
    expect(normalizeContact('+82 10 1234 5678')).toBe('01012345678');
  });

  it('ContactSet folds case as normalizeContact does: two contacts with one key are one', () => {
    const set = new ContactSet();
    for (const [a, b] of [
      ['Kim@Example.COM', 'kim@example.com'],
      ['ÉLODIE@example.fr', 'élodie@example.fr'],
    ] as const) {
      expect(normalizeContact(a)).toBe(normalizeContact(b));
      set.add(a, 2);
      expect(set.firstLine(b)).toBe(2);
    }
  });
});

describe('row keys', () => {
  const signer: Signer = {
    name: '홍길동',
    memb_id_type: 'EMail',
    contact: 'hong@example.com',
    language: 'ko-KR',
    workflow_name: '근로계약서 - 홍길동',
    enable_mobile_cert: false,
    mobile_number: '',
    enable_password_cert: true,
    password_hint: 'birthday',
    password: 'secret-1',
    fields: [{ doc_id: 'D', field_name: 'amount', field_value: '1000' }],
  };
  // The two halves of a row's key: its contact's, and its values' (here of a name).
  const contactKey = (contact: string): string => signerKey({ ...signer, contact }).slice(0, 16);
  const textKey = (name: string): string => signerKey({ ...signer, name }).slice(16);

  it('a contact key is the duplicate check’s: case-insensitive, 16 hex digits, never the contact', () => {
    expect(contactKey('Hong@Example.COM')).toBe(contactKey('hong@example.com'));
    expect(contactKey('홍길동@EXAMPLE.co.kr')).toBe(contactKey('홍길동@example.co.kr'));
    expect(contactKey('hong@example.com')).not.toBe(contactKey('hong2@example.com'));
    expect(contactKey('01012345678')).toMatch(/^[0-9a-f]{16}$/);
    // The same hashes the ContactSet keeps.
    const set = new KeyTable();
    const key = contactKey('hong@example.com');
    set.add(keyWord(key, 0), keyWord(key, 1), 7);
    expect(set.get(keyWord(contactKey('HONG@example.com'), 0), keyWord(contactKey('HONG@example.com'), 1))).toBe(7);
  });

  it('a values key minds case', () => {
    expect(textKey('Kim')).not.toBe(textKey('kim'));
    expect(textKey('Kim')).toBe(textKey('Kim'));
  });

  it('a signer’s key: its contact’s key, then its values’ (all but the password)', () => {
    const key = signerKey(signer);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(signerKey({ ...signer, contact: 'kim@example.com' }).slice(0, 16)).not.toBe(key.slice(0, 16));
    expect(signerKey({ ...signer, contact: 'HONG@example.com' }).slice(0, 16)).toBe(key.slice(0, 16));
    expect(signerKey({ ...signer, password: 'another' })).toBe(key);
    for (const changed of [
      { name: '홍길순' },
      { language: 'en-US' as const },
      { enable_password_cert: false },
      { password_hint: 'pet' },
      { fields: [{ doc_id: 'D', field_name: 'amount', field_value: '2000' }] },
      { fields: [...signer.fields, { doc_id: 'D', field_name: 'start', field_value: '' }] },
    ]) {
      const other = signerKey({ ...signer, ...changed });
      expect(other.slice(0, 16)).toBe(key.slice(0, 16));
      expect(other.slice(16)).not.toBe(key.slice(16));
    }
    // Values are separated: moving text from one value to the next is another key.
    expect(signerKey({ ...signer, name: 'a', workflow_name: 'bc' })).not.toBe(signerKey({ ...signer, name: 'ab', workflow_name: 'c' }));
  });

  it('a key table keeps the first value under a key, and grows', () => {
    const table = new KeyTable();
    for (let i = 1; i <= 5000; i++) {
      const k = textKey(`row ${i}`);
      expect(table.add(keyWord(k, 0), keyWord(k, 1), i)).toBeUndefined();
    }
    for (let i = 1; i <= 5000; i += 7) {
      const k = textKey(`row ${i}`);
      expect(table.add(keyWord(k, 0), keyWord(k, 1), 0)).toBe(i);
      expect(table.get(keyWord(k, 0), keyWord(k, 1))).toBe(i);
    }
    const absent = textKey('nobody');
    expect(table.get(keyWord(absent, 0), keyWord(absent, 1))).toBeUndefined();
    expect(table.size).toBe(5000);
  });
});
