/**
 * A fast email check, shared by the CSV validator and the emulator. It is not RFC 5322
 * (no quoted local parts, comments or IP-literal domains: no one sends contracts to
 * those); it accepts internationalised addresses (`홍길동@example.co.kr`,
 * `user@한국.kr`) and rejects what is obviously not an address.
 *
 * Rules: exactly one `@`; a local part of 1–64 characters made of letters, digits,
 * ``!#$%&'*+-/=?^_`{|}~``, non-ASCII characters and dots, with no leading, trailing or
 * doubled dot; a domain of at least two dot-separated labels, each 1–63 characters of
 * letters, digits, `-` (not first or last) or non-ASCII characters; a last label of at
 * least two characters, not all digits; at most 254 characters in all. No whitespace,
 * control, zero-width or bidi-control characters anywhere.
 */

const LOCAL_ASCII = new Uint8Array(128);
const DOMAIN_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (alnum || "!#$%&'*+-/=?^_`{|}~".includes(String.fromCharCode(c))) LOCAL_ASCII[c] = 1;
  if (alnum || c === 45) DOMAIN_ASCII[c] = 1;
}

/** Non-ASCII characters that are invisible or spacing and never belong in an address. */
function isBadNonAscii(c: number): boolean {
  return (
    c <= 0xa0 || // C1 controls and no-break space
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200f) || // spaces, zero-width, LRM/RLM
    (c >= 0x2028 && c <= 0x202f) || // separators, bidi embeddings, narrow no-break space
    (c >= 0x205f && c <= 0x206f) ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0xff20 // full-width ＠, a common IME slip; never valid inside an address
  );
}

export function isValidEmail(s: string): boolean {
  const n = s.length;
  if (n < 6 || n > 254) return false;
  const at = s.indexOf('@');
  if (at <= 0 || at > 64) return false;

  // Local part: no leading, trailing or doubled dot.
  let prevDot = true;
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (prevDot) return false;
      prevDot = true;
      continue;
    }
    prevDot = false;
    if (c < 128 ? LOCAL_ASCII[c] === 0 : isBadNonAscii(c)) return false;
  }
  if (prevDot) return false;

  // Domain: labels separated by single dots; a second `@` fails here as a bad character.
  let labelStart = at + 1;
  let dots = 0;
  let allDigits = true;
  for (let i = at + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart || s.charCodeAt(i - 1) === 45) return false;
      dots++;
      labelStart = i + 1;
      allDigits = true;
      continue;
    }
    if (c < 128) {
      if (DOMAIN_ASCII[c] === 0) return false;
      if (c === 45 && i === labelStart) return false;
      if (c < 48 || c > 57) allDigits = false;
    } else {
      if (isBadNonAscii(c)) return false;
      allDigits = false;
    }
    if (i - labelStart >= 63) return false;
  }
  // The last label (the TLD): present, at least 2 characters, not ending in `-`, not numeric.
  if (dots === 0 || n - labelStart < 2 || s.charCodeAt(n - 1) === 45 || allDigits) return false;
  return true;
}
