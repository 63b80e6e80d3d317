/**
 * A CSV's format: its text encoding — UTF-8 (with or without BOM), CP949 (EUC-KR is
 * read as it, a superset), UTF-16 with BOM — and its delimiter, each chosen from the
 * head of the file or forced (--encoding, --delimiter); and the decoders that turn
 * every encoding into UTF-8 bytes for the parser.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';

export type EncodingName = 'utf8' | 'cp949' | 'utf16le' | 'utf16be';

// ---------------------------------------------------------------------------
// Choosing: forced by an option, or sniffed from the head of the file

export function parseEncodingOption(value: string | undefined): EncodingName | undefined {
  if (value === undefined || value === '') return undefined;
  switch (value.toLowerCase().replace(/[-_]/g, '')) {
    case 'utf8':
      return 'utf8';
    case 'cp949':
    case 'euckr':
    case 'ms949':
      return 'cp949';
    case 'utf16le':
      return 'utf16le';
    case 'utf16be':
      return 'utf16be';
    default:
      throw new UsageError(t('csv.unknownEncoding', value));
  }
}

const DELIMITER_WORDS: Readonly<Record<string, string>> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  '\t': '\t',
  '\\t': '\t', // what `--delimiter '\t'` gives in a shell
  tab: '\t',
};

export function parseDelimiterOption(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const delimiter = Object.hasOwn(DELIMITER_WORDS, value.toLowerCase())
    ? DELIMITER_WORDS[value.toLowerCase()]
    : undefined;
  if (delimiter === undefined) throw new UsageError(t('csv.unknownDelimiter', value));
  return delimiter;
}

const BOMS: readonly { encoding: EncodingName; bytes: readonly number[]; name: string }[] = [
  { encoding: 'utf8', bytes: [0xef, 0xbb, 0xbf], name: 'UTF-8' },
  { encoding: 'utf16le', bytes: [0xff, 0xfe], name: 'UTF-16LE' },
  { encoding: 'utf16be', bytes: [0xfe, 0xff], name: 'UTF-16BE' },
];

export function chooseEncoding(
  head: Buffer,
  whole: boolean,
  forced: EncodingName | undefined,
  label: string,
): { encoding: EncodingName; bomLength: number } {
  const bom = BOMS.find(({ bytes }) => bytes.every((byte, i) => head[i] === byte));
  if (bom !== undefined) {
    if (forced !== undefined && forced !== bom.encoding) {
      throw new UsageError(t('csv.bomConflict', label, forced, bom.name));
    }
    return { encoding: bom.encoding, bomLength: bom.bytes.length };
  }
  if (forced === 'utf16le' || forced === 'utf16be') return { encoding: forced, bomLength: 0 };
  if (head.includes(0)) throw new UsageError(t('csv.binary', label));
  if (forced !== undefined) return { encoding: forced, bomLength: 0 };

  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !whole });
    return { encoding: 'utf8', bomLength: 0 };
  } catch {
    // not strictly UTF-8: see below
  }
  // A UTF-8 file with a few damaged bytes also decodes as CP949, into nonsense. Keep
  // calling it UTF-8 when most of its non-ASCII text is valid UTF-8 and CP949 reads no
  // more Korean out of it: reading it then stops at the damaged line with a message
  // that names it. (A short CP949 file — one Korean name — can be "mostly valid"
  // UTF-8 by chance, as Latin letters and a stray ideograph: 홍길동 is ȫ�浿.)
  const asUtf8 = decoded(head.toString('utf8'));
  const asCp949 = decoded(iconv.getDecoder('cp949').write(head));
  if (asUtf8.good > asUtf8.bad && asUtf8.hangul >= asCp949.hangul) return { encoding: 'utf8', bomLength: 0 };
  if (asCp949.good > asCp949.bad) return { encoding: 'cp949', bomLength: 0 };
  throw new UsageError(t('csv.undecodable', label));
}

/** Of a decoded text: its non-ASCII characters (good), Hangul syllables among them, and replacement characters (bad). */
function decoded(text: string): { good: number; hangul: number; bad: number } {
  let good = 0;
  let hangul = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) bad++;
    else if (code > 0x7f) {
      good++;
      if (code >= 0xac00 && code <= 0xd7a3) hangul++;
    }
  }
  return { good, hangul, bad };
}

export function decodeHead(bytes: Buffer, encoding: EncodingName, whole: boolean): string {
  const decoder = makeDecoder(encoding);
  const parts = [decoder.write(bytes).bytes];
  if (whole) parts.push(decoder.end().bytes);
  return Buffer.concat(parts).toString('utf8');
}

/** Excel's `sep=;` first line names the delimiter; the header follows it. */
export function sepDirective(text: string): string | undefined {
  return /^sep=([^\r\n])[ \t]*(\r\n|\n|\r|$)/i.exec(text)?.[1];
}

const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;

/** The most frequent of `,` `;` tab outside quotes in the first line with content; `,` on a tie. */
export function detectDelimiter(text: string): string {
  const line = firstContentLine(text);
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of CANDIDATE_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** From the first line that is not blank (or only delimiters) to its end outside quotes. */
function firstContentLine(text: string): string {
  const start = text.search(/[^\s,;"]/);
  if (start < 0) return '';
  const lineStart = Math.max(text.lastIndexOf('\n', start), text.lastIndexOf('\r', start)) + 1;
  let quoted = false;
  for (let i = lineStart; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return text.slice(lineStart, i);
  }
  return text.slice(lineStart);
}

// ---------------------------------------------------------------------------
// Decoding: every encoding becomes UTF-8 bytes for the parser

export interface Decoded {
  /** UTF-8 bytes to parse; when `bad`, only those before the first undecodable byte. */
  bytes: Buffer;
  bad: boolean;
}

interface Decoder {
  write(chunk: Buffer): Decoded;
  end(): Decoded;
}

const EMPTY: Buffer = Buffer.alloc(0);

export function makeDecoder(encoding: EncodingName): Decoder {
  return encoding === 'utf8' ? utf8Validator() : iconvDecoder(encoding);
}

/** UTF-8 passes through untouched, but checked: a damaged byte must not become U+FFFD in a name. */
function utf8Validator(): Decoder {
  let carry = EMPTY; // the start of a character split across chunks
  return {
    write(chunk) {
      const buf = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const complete = completeUtf8Length(buf);
      carry = buf.subarray(complete);
      return checkUtf8(buf.subarray(0, complete));
    },
    end() {
      const truncated = carry.length > 0;
      carry = EMPTY;
      return { bytes: EMPTY, bad: truncated };
    },
  };
}

/** The length of `buf` without a trailing incomplete character. */
function completeUtf8Length(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - 4; i--) {
    const byte = buf[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + size > buf.length ? i : buf.length;
  }
  return buf.length;
}

function checkUtf8(bytes: Buffer): Decoded {
  if (isUtf8(bytes)) return { bytes, bad: false };
  // Find the first invalid byte: the first U+FFFD that is not a real, encoded U+FFFD.
  const text = bytes.toString('utf8');
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    const at = Buffer.byteLength(text.slice(0, i));
    if (!(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) {
      return { bytes: bytes.subarray(0, at), bad: true };
    }
  }
  return { bytes: EMPTY, bad: true }; // unreachable: isUtf8 said there is a bad byte
}

function iconvDecoder(encoding: Exclude<EncodingName, 'utf8'>): Decoder {
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  // CP949 cannot encode U+FFFD, so one in the output marks a byte it could not decode.
  const checked = encoding === 'cp949';
  const toUtf8 = (text: string): Decoded => {
    const bad = checked ? text.indexOf('\ufffd') : -1;
    return bad < 0
      ? { bytes: Buffer.from(text, 'utf8'), bad: false }
      : { bytes: Buffer.from(text.slice(0, bad), 'utf8'), bad: true };
  };
  return {
    write: (chunk) => toUtf8(decoder.write(chunk)),
    end: () => toUtf8(decoder.end() ?? ''),
  };
}
