/** What may be shown of a text from the CSV or the server, and of a secret (src/core/text.ts). */
import { describe, expect, it } from 'vitest';
import { cleanForDisplay, CONTROL_CLASS, maskValue } from '../../src/core/text.js';

describe('cleanForDisplay', () => {
  it.each([
    ['plain', 'plain'],
    ['a\r\nb\tc', 'a  b c'],
    ['\u001b]0;title\u0007x', ']0;titlex'],
    ['right\u202eleft', 'rightleft'],
    ['zero\u200bwidth\ufeff', 'zerowidth'],
    ['\u0085c1', 'c1'],
    ['홍길동', '홍길동'],
  ])('%j → %j', (input, expected) => {
    expect(cleanForDisplay(input)).toBe(expected);
  });

  it('truncates without splitting a surrogate pair', () => {
    const s = `${'a'.repeat(8)}😀😀`;
    expect(cleanForDisplay(s, 10)).toBe(`${'a'.repeat(8)}…`);
    expect(cleanForDisplay('abcdef', 4)).toBe('abc…');
    expect(cleanForDisplay('abcd', 4)).toBe('abcd');
  });
});

describe('maskValue', () => {
  it('hides everything but emptiness', () => {
    expect(maskValue('a')).toBe('***');
    expect(maskValue('a very long password indeed')).toBe('***');
    expect(maskValue('')).toBe('');
  });
});

describe('CONTROL_CLASS', () => {
  it('names exactly the characters cleanForDisplay removes or turns into a space (the results writers test with it)', () => {
    const re = new RegExp(`^[${CONTROL_CLASS}]$`);
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 && c <= 0xdfff) continue; // lone surrogates
      expect(re.test(ch), `U+${c.toString(16)}`).toBe(cleanForDisplay(ch, Infinity) !== ch);
    }
  });
});
