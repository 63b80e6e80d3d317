/**
 * Which characters of a text from the CSV or the server may be shown, and what a secret
 * is shown as. The one definition: the row parser makes its problems' values safe where
 * it makes them (so that no message, `--json` document or results cell can carry a
 * terminal escape or a password), and ui/ cleans everything else it prints with it.
 */

/** What a secret is shown as. Fixed length, so it does not reveal the secret's length. */
const MASK = '***';

/** A secret as it may be shown: '' stays '' (so "is empty" reads right), anything else is MASK. */
export function maskValue(value: string): string {
  return value === '' ? '' : MASK;
}

/**
 * The characters cleanForDisplay removes (or, for tabs and line breaks, turns into a space), as the body of a regular expression's class,
 * for a hot path that must tell a clean text in one test (the results writers). Kept
 * in step with isControl by test/unit/text.test.ts.
 */
export const CONTROL_CLASS = '\\x00-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';

function isControl(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0x200b && c <= 0x200f) || // zero-width, LRM/RLM
    (c >= 0x202a && c <= 0x202e) || // bidi embeddings and overrides
    (c >= 0x2066 && c <= 0x2069) || // bidi isolates
    c === 0xfeff
  );
}

/**
 * Text from the CSV or the server, made safe to print: control, zero-width and
 * bidi-control characters removed (tabs and line breaks become a space) (no terminal escapes, no reordered text), then cut to
 * `max` characters with `…` (never splitting a surrogate pair).
 */
export function cleanForDisplay(text: string, max = 60): string {
  let clean = true;
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) {
      clean = false;
      break;
    }
  }
  let s = text;
  if (!clean) {
    s = '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // A tab or a line break between two words stays a gap between them ("홍\t길동" is not "홍길동").
      if (c >= 0x09 && c <= 0x0d) s += ' ';
      else if (!isControl(c)) s += text[i];
    }
  }
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}
