import { describe, expect, it } from 'vitest';
import { cutToBytes, FileNamer, guardDeviceName, MAX_NAME_BYTES, pairNames, safePart } from '../../src/core/file-names.js';

describe('safePart', () => {
  it.each([
    ['홍길동', '홍길동'],
    ['a/b\\c', 'a_b_c'],
    ['x<y>z:"q"|w?e*', 'x_y_z__q__w_e_'],
    ['  tab\there\nnew  line ', 'tab here new line'],
    ['bell\u0007', 'bell_'],
    ['rtl\u202eevil\u200b', 'rtlevil'],
    ['ends with dots...', 'ends with dots'],
    ['dot. . ', 'dot'],
    ['\u1112\u1161\u11ab', '한'], // decomposed Hangul (as typed on a Mac) → one syllable
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(safePart(input)).toBe(expected);
  });
});

describe('cutToBytes', () => {
  it('keeps whole characters within the byte budget', () => {
    expect(cutToBytes('가나다', 7)).toBe('가나');
    expect(cutToBytes('가나다', 9)).toBe('가나다');
    expect(cutToBytes('ab👍🏽c', 6)).toBe('ab'); // an emoji with its skin tone is one grapheme (8 bytes)
    expect(cutToBytes('e\u0301x', 2)).toBe(''); // é as e + accent is not split
  });
});

describe('guardDeviceName', () => {
  it.each([
    ['CON.pdf', '_CON.pdf'],
    ['con.x.pdf', '_con.x.pdf'],
    ['NUL .pdf', '_NUL .pdf'],
    ['COM1.pdf', '_COM1.pdf'],
    ['lpt¹.pdf', '_lpt¹.pdf'],
    ['CONSOLE.pdf', 'CONSOLE.pdf'],
    ['1-CON-5.pdf', '1-CON-5.pdf'],
  ])('%s → %s', (input, expected) => {
    expect(guardDeviceName(input)).toBe(expected);
  });
});

describe('pairNames', () => {
  it('row-name-id, and the certificate beside it', () => {
    expect(pairNames('12', '홍길동', '2000000123')).toEqual({ document: '12-홍길동-2000000123.pdf', certificate: '12-홍길동-2000000123-certificate.pdf' });
    expect(pairNames('3', '', '77')).toEqual({ document: '3-77.pdf', certificate: '3-77-certificate.pdf' });
    expect(pairNames('3', 'a', '77', 2)).toEqual({ document: '3-a-77~2.pdf', certificate: '3-a-77~2-certificate.pdf' });
  });

  it('cuts a long name so that the longer of the two names fits, the id kept whole', () => {
    const p = pairNames('1000000', '가'.repeat(200), '2000000123', 12);
    expect(Buffer.byteLength(p.certificate)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(Buffer.byteLength(p.certificate)).toBeGreaterThan(MAX_NAME_BYTES - 3);
    expect(p.document).toMatch(/^1000000-가+-2000000123~12\.pdf$/);
    expect(p.certificate).toBe(p.document.replace(/\.pdf$/, '-certificate.pdf'));
  });

  it('never starts with a dot, never is a device name', () => {
    expect(pairNames('', '...hidden', '5').document).toBe('hidden-5.pdf');
    expect(pairNames('', 'CON', '5').document).toBe('CON-5.pdf');
    expect(pairNames('', '', 'AUX').document).toBe('_AUX.pdf');
    expect(pairNames('', '', '').document).toBe('_.pdf');
  });
});

describe('FileNamer', () => {
  it('makes names unique regardless of case and normalisation, in the order asked', () => {
    const namer = new FileNamer(['manifest.csv']);
    expect(namer.pair('1', 'Kim', '9').document).toBe('1-Kim-9.pdf');
    expect(namer.pair('1', 'KIM', '9').document).toBe('1-KIM-9~2.pdf');
    expect(namer.pair('1', 'kim', '9').document).toBe('1-kim-9~3.pdf');
    expect(namer.pair('2', '\u1112\u1161\u11ab', '9').document).toBe('2-한-9.pdf');
    expect(namer.pair('2', '한', '9').document).toBe('2-한-9~2.pdf');
  });

  it('a document name that equals another certificate name moves both of its names', () => {
    const namer = new FileNamer();
    namer.pair('1', 'a', '9');
    // `1-a-9-certificate.pdf` is taken: this pair becomes ~2 as a whole.
    expect(namer.pair('1', 'a', '9-certificate')).toEqual({ document: '1-a-9-certificate~2.pdf', certificate: '1-a-9-certificate~2-certificate.pdf' });
  });
});
