/**
 * Korean mobile numbers. The one normaliser of the project: the CSV validator and the
 * emulator both import it, so what we send and what the emulator accepts cannot drift.
 *
 * Accepted, after removing separators (space, `-`, `.`, `/`, `(`, `)`, no-break and
 * ideographic spaces, Unicode dashes; full-width digits count as digits):
 * - national: `010-1234-5678`, `01012345678`, `(010) 1234-5678`, `011-123-4567`;
 * - international: `+82 10 1234 5678`, `+82-10-1234-5678`, `+821012345678`, also
 *   with the trunk zero kept (`+82 010 …`, `+82 (0)10 …`), without the `+` (`82 10 …`:
 *   no national number starts with 8, so this is unambiguous) and with the `00`
 *   international prefix (`0082 10 …`);
 * - without the leading 0 (`1012345678`): what Excel leaves of `01012345678` when the
 *   column was typed as a number.
 * The prefix must be 010 (then 8 more digits) or one of the old 011, 016, 017, 018, 019
 * (then 7 or 8 more digits). A `+` is only allowed first; letters, extensions and any
 * other character make the input invalid.
 */

/** Digits of the input, reused between calls: the function runs once or twice per CSV row. */
const buf = new Uint8Array(16);

function isSeparator(c: number): boolean {
  return (
    c === 0x20 || // space
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x28 || // (
    c === 0x29 || // )
    c === 0xa0 || // no-break space
    c === 0x3000 || // ideographic space
    (c >= 0x2010 && c <= 0x2015) || // Unicode hyphens and dashes
    c === 0x2212 || // minus sign
    c === 0xff0d // full-width hyphen-minus
  );
}

/**
 * The national digits (`010…`) of a Korean mobile number in any of the accepted
 * spellings, or undefined when `input` is not one.
 */
export function normalizeKoreanMobile(input: string): string | undefined {
  const n = input.length;
  if (n < 9 || n > 32) return undefined;
  let nd = 0;
  let plus = false;
  let seenAny = false;
  let wide = false;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 0xff10 && c <= 0xff19) {
      d = c - 0xff10;
      wide = true;
    }
    else if (c === 0x2b /* + */ && !seenAny) {
      plus = true;
      seenAny = true;
      continue;
    } else if (isSeparator(c)) {
      seenAny = true;
      continue;
    } else return undefined;
    seenAny = true;
    if (nd === 15) return undefined;
    buf[nd++] = d;
  }
  // Skip the country code (+82, 82, 0082), then the trunk 0 if present.
  let s = 0;
  if (plus) {
    if (nd < 2 || buf[0] !== 8 || buf[1] !== 2) return undefined;
    s = 2;
  } else if (nd >= 2 && buf[0] === 8 && buf[1] === 2) s = 2;
  else if (nd >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 8 && buf[3] === 2) s = 4;
  if (nd > s && buf[s] === 0) s++;
  if (nd - s < 9 || buf[s] !== 1) return undefined;
  const p = buf[s + 1];
  const rest = nd - s - 2;
  if (p === 0) {
    if (rest !== 8) return undefined;
  } else if (p === 1 || p === 6 || p === 7 || p === 8 || p === 9) {
    if (rest !== 7 && rest !== 8) return undefined;
  } else return undefined;
  // Already canonical (ASCII digits only, trunk 0, no country code): no new string.
  if (s === 1 && nd === n && !wide) return input;
  // After the prefix skip the first digit is 1, so the number's decimal form loses no
  // leading zero; 10–11 digits are exact in a double. Faster than appending digits.
  let v = 0;
  for (let i = s; i < nd; i++) v = v * 10 + buf[i]!;
  return `0${v}`;
}
