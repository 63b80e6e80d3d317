import { describe, expect, it } from 'vitest';
import { normalizeKoreanMobile } from '../../src/core/phone.js';
import { isValidEmail } from '../../src/core/email.js';

describe('normalizeKoreanMobile', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['010 1234 5678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    ['01012345678', '01012345678'],
    ['010.1234.5678', '01012345678'],
    ['+82 10 1234 5678', '01012345678'],
    ['+82-10-1234-5678', '01012345678'],
    ['+821012345678', '01012345678'],
    ['+82 010 1234 5678', '01012345678'],
    ['+82 (0)10-1234-5678', '01012345678'],
    ['82 10 1234 5678', '01012345678'],
    ['821012345678', '01012345678'],
    ['0082 10 1234 5678', '01012345678'],
    ['1012345678', '01012345678'], // Excel dropped the leading zero
    ['010\u20131234\u20135678', '01012345678'], // en dashes
    ['０１０-１２３４-５６７８', '01012345678'], // full-width digits
    ['０１０１２３４５６７８', '01012345678'], // full-width digits, no separators
    ['010\u00a01234\u00a05678', '01012345678'],
    ['011-123-4567', '0111234567'],
    ['011-1234-5678', '01112345678'],
    ['016-123-4567', '0161234567'],
    ['017 1234 5678', '01712345678'],
    ['018-123-4567', '0181234567'],
    ['019-9876-5432', '01998765432'],
    ['+82 11 123 4567', '0111234567'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeKoreanMobile(input)).toBe(expected);
  });

  it.each([
    ['010-12-5678', 'too short'],
    ['010-1234-567', '010 needs 8 more digits'],
    ['010-123-4567', '010 needs 8 more digits, not 7'],
    ['010-1234-56789', 'too long'],
    ['011-12-4567', 'old prefix, too short'],
    ['011-12345-6789', 'old prefix, too long'],
    ['012-1234-5678', 'not a mobile prefix'],
    ['015-1234-5678', 'not a mobile prefix'],
    ['02-1234-5678', 'Seoul landline'],
    ['031-123-4567', 'landline'],
    ['070-1234-5678', 'internet phone'],
    ['+1 010 1234 5678', 'another country'],
    ['+81 10 1234 5678', 'Japan'],
    ['010-1234-5678 ext 1', 'letters'],
    ['010-1234-567a', 'letters'],
    ['10-1234-5678+', 'plus not first'],
    ['0+1012345678', 'plus not first'],
    ['', 'empty'],
    ['---------------', 'separators only'],
    ['hong@example.com', 'an email'],
    ['010\n1234\n5678', 'control characters'],
    ['8212345678', '82 then not a mobile'],
  ])('%s is rejected (%s)', (input) => {
    expect(normalizeKoreanMobile(input)).toBeUndefined();
  });

  it('does not leak digits from one call into the next', () => {
    expect(normalizeKoreanMobile('010-1234-5678-9999')).toBeUndefined();
    expect(normalizeKoreanMobile('010-1234')).toBeUndefined();
    expect(normalizeKoreanMobile('+82 1')).toBeUndefined();
  });

  it('returns canonical input unchanged, as its own fixed point', () => {
    for (const s of ['01012345678', '0111234567', '01998765432']) {
      expect(normalizeKoreanMobile(s)).toBe(s);
      expect(normalizeKoreanMobile(normalizeKoreanMobile(s)!)).toBe(s);
    }
  });
});

describe('isValidEmail', () => {
  it.each([
    'hong@example.com',
    'Hong.Gil-Dong@Example.CO.KR',
    '홍길동@example.co.kr',
    'user@한국.kr',
    'a@b.cd',
    'first.last+tag@sub.domain.example',
    "o'brien@example.ie",
    'user_name@my-company.com',
    'x@xn--3e0b707e.kr',
    '山田@example.jp',
  ])('accepts %s', (s) => {
    expect(isValidEmail(s)).toBe(true);
  });

  it.each([
    ['hong.example.com', 'no @'],
    ['hong@example', 'no dot in the domain'],
    ['hong@@example.com', 'two @'],
    ['hong@exa@mple.com', 'two @'],
    ['@example.com', 'empty local part'],
    ['hong@', 'empty domain'],
    ['hong @example.com', 'space'],
    ['hong@exam ple.com', 'space in the domain'],
    ['.hong@example.com', 'leading dot'],
    ['hong.@example.com', 'trailing dot in the local part'],
    ['ho..ng@example.com', 'consecutive dots'],
    ['hong@example..com', 'consecutive dots in the domain'],
    ['hong@.example.com', 'leading dot in the domain'],
    ['hong@example.com.', 'trailing dot'],
    ['hong@-example.com', 'label starts with a hyphen'],
    ['hong@example-.com', 'label ends with a hyphen'],
    ['hong@example.c', 'one-letter TLD'],
    ['hong@example.123', 'numeric TLD'],
    ['hong@exa_mple.com', 'underscore in the domain'],
    ['hong(at)@example.com', 'parenthesis'],
    ['hong,kim@example.com', 'comma'],
    ['hong\u200b@example.com', 'zero-width space'],
    ['hong\t@example.com', 'tab'],
    ['hong＠example.com', 'full-width at sign'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64'],
    [`a@${'b'.repeat(64)}.com`, 'label over 63'],
    [`a@${'b.'.repeat(130)}com`, 'over 254'],
    ['', 'empty'],
  ])('rejects %s (%s)', (s) => {
    expect(isValidEmail(s)).toBe(false);
  });
});
