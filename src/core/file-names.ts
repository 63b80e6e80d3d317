/**
 * The names `download` gives the signed PDFs: `<row>-<name>-<workflow_id>.pdf` and
 * `<row>-<name>-<workflow_id>-certificate.pdf`, safe to create on Windows, macOS and
 * Linux alike (a folder of contracts is copied to a file share sooner or later):
 *
 * - NFC, so a name typed on a Mac (decomposed Hangul) and the same name typed
 *   elsewhere are one name;
 * - no character a file system refuses or a shell trips on: `< > : " / \ | ? *`
 *   and control characters become `_`; zero-width and bidi controls go (a name must
 *   read as it sorts);
 * - no Windows device name (`CON`, `NUL`, `COM1` …) as the part before the first dot,
 *   no trailing dot or space;
 * - at most MAX_NAME_BYTES bytes of UTF-8, cut between characters as a reader sees
 *   them (Korean names kept whole where they fit): APFS and ext4 allow 255 bytes,
 *   and the temporary name of a download adds ~25;
 * - unique without regard to case (Windows and macOS do not tell `A` from `a`): a
 *   name met again gets `~2`, `~3` … in the order the rows come, so a re-run makes
 *   the same names.
 */

/** The longest file name made, in bytes of UTF-8. */
export const MAX_NAME_BYTES = 200;

export type FileKind = 'document' | 'certificate';

/** The two files of one document. */
export interface FilePair {
  document: string;
  certificate: string;
}

const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** A piece of a name: NFC, invisible characters removed, white space one space, forbidden characters `_`, no trailing dot. */
export function safePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .replace(FORBIDDEN, '_')
    .trim()
    .replace(/[. ]+$/u, '');
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

let segmenter: Intl.Segmenter | undefined;

/** The longest start of `text` within `maxBytes` of UTF-8, cut between graphemes. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8(text) <= maxBytes) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(text)) {
    const n = utf8(segment);
    if (bytes + n > maxBytes) break;
    out += segment;
    bytes += n;
  }
  return out;
}

/** A whole file name made safe as the last step: a device name before the first dot gets a `_` in front. */
export function guardDeviceName(fileName: string): string {
  const stem = fileName.split('.')[0]!.trimEnd();
  return DEVICE.test(stem) ? `_${fileName}` : fileName;
}

/** The pair of names of a document, `~k` added when `k` > 1; `name` is cut to fit. */
export function pairNames(row: string, name: string, workflowId: string, k = 1): FilePair {
  const r = safePart(row);
  const wid = safePart(workflowId);
  const suffix = k > 1 ? `~${k}` : '';
  const head = r === '' ? '' : `${r}-`;
  const tail = `-${wid}${suffix}-certificate.pdf`;
  const room = MAX_NAME_BYTES - utf8(head) - utf8(tail);
  // The name is cut first (it can be long); a row or id that alone overflows is cut after it.
  let part = safePart(name);
  part = room > 0 ? cutToBytes(part, room).replace(/[. ]+$/u, '') : '';
  // No leading dot: that would hide the file (and a temporary download starts with one).
  const stem = cutToBytes(`${head}${part === '' ? '' : `${part}-`}${wid}`, MAX_NAME_BYTES - utf8(`${suffix}-certificate.pdf`)).replace(/^[. ]+/u, '') || '_';
  return {
    document: guardDeviceName(`${stem}${suffix}.pdf`),
    certificate: guardDeviceName(`${stem}${suffix}-certificate.pdf`),
  };
}

/** Hands out pairs of names, each unique regardless of case and normalisation, in the order asked. */
export class FileNamer {
  private readonly taken = new Set<string>();

  /** `reserved`: names already used by something else in the folder (the manifest). */
  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(fold(name));
  }

  pair(row: string, name: string, workflowId: string): FilePair {
    for (let k = 1; ; k++) {
      const p = pairNames(row, name, workflowId, k);
      const a = fold(p.document);
      const b = fold(p.certificate);
      if (!this.taken.has(a) && !this.taken.has(b)) {
        this.taken.add(a);
        this.taken.add(b);
        return p;
      }
    }
  }
}

/** What two file systems that ignore case and normalisation see as the same name. */
function fold(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
