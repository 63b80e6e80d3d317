/**
 * The parts of an .xlsx package that every pass over a sheet needs: the zip (yauzl,
 * opened by its central directory), the workbook's sheet list and date system, the
 * styles' number formats and the shared strings, and the streaming XML parse (saxes
 * after one UTF-8 decoder per part, so a character split across chunks survives).
 * xlsx-reader.ts reads the sheet itself with these.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';

export interface SheetRef {
  name: string;
  /** The part in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
  visible: boolean;
}

/** What every pass over a sheet needs from the rest of the workbook. Read once, when the file is opened. */
export interface Workbook {
  /** Worksheets in tab order (chart and dialog sheets left out). */
  sheets: SheetRef[];
  date1904: boolean;
  /** Cell style (`s`, an index into cellXfs) → its number format id. */
  xfFormats: number[];
  /** Custom number formats of styles.xml, by id. */
  customFormats: Map<number, string>;
  sharedStrings: string[];
}

export async function openZip(path: string, where: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (err) {
    throw new UsageError(t('xlsx.corrupt', where, (err as Error).message));
  }
}

export async function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\/+/, ''), entry);
  return entries;
}

/** Reads the workbook's parts other than the sheets: sheet list, date system, styles, shared strings. */
export async function readWorkbook(path: string, label: string): Promise<Workbook> {
  const zip = await openZip(path, label);
  try {
    const entries = await entriesOf(zip).catch((err: Error) => {
      throw new UsageError(t('xlsx.corrupt', label, err.message));
    });
    const bookPart = await mainPart(zip, entries);
    if (bookPart === undefined) throw new UsageError(t('xlsx.notWorkbook', label));
    if (bookPart.endsWith('.bin')) throw new UsageError(t('xlsx.xlsb', label));
    const bookEntry = entries.get(bookPart);
    if (bookEntry === undefined) throw new UsageError(t('xlsx.notWorkbook', label));

    const rels = await readRels(zip, entries, relsPathOf(bookPart), dirOf(bookPart));
    const book: Workbook = { sheets: [], date1904: false, xfFormats: [], customFormats: new Map(), sharedStrings: [] };
    const listed: { name: string; rid: string; visible: boolean }[] = [];
    await parsePart(zip, bookEntry, label, {
      open(name, attrs) {
        if (name === 'sheet') {
          const rid = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
          listed.push({ name: attrs.name ?? '', rid, visible: (attrs.state ?? 'visible') === 'visible' });
        } else if (name === 'workbookPr') {
          book.date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
        }
      },
    });
    for (const s of listed) {
      const rel = rels.get(s.rid);
      if (rel === undefined || !rel.type.endsWith('/worksheet')) continue; // a chart or dialog sheet
      book.sheets.push({ name: s.name, part: rel.target, visible: s.visible });
    }

    const stylesPart = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target;
    const stylesEntry = stylesPart === undefined ? undefined : entries.get(stylesPart);
    if (stylesEntry) await readStyles(zip, stylesEntry, label, book);

    const stringsPart = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const stringsEntry = stringsPart === undefined ? undefined : entries.get(stringsPart);
    if (stringsEntry) await readSharedStrings(zip, stringsEntry, label, book.sharedStrings);

    book.sheets = book.sheets.filter((s) => entries.has(s.part));
    return book;
  } finally {
    zip.close();
  }
}

/** The workbook part named by the package's relationships (`xl/workbook.xml` in every file Excel writes). */
async function mainPart(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>): Promise<string | undefined> {
  if (!entries.has('[Content_Types].xml')) return undefined;
  const rels = await readRels(zip, entries, '_rels/.rels', '');
  const main = [...rels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target;
  if (main !== undefined) return /(^|\/)workbook\.(xml|bin)$/.test(main) ? main : undefined;
  return entries.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined;
}

function dirOf(part: string): string {
  const at = part.lastIndexOf('/');
  return at < 0 ? '' : part.slice(0, at + 1);
}

function relsPathOf(part: string): string {
  const at = part.lastIndexOf('/');
  return `${part.slice(0, at + 1)}_rels/${part.slice(at + 1)}.rels`;
}

/** A relationship target relative to `base` (a folder ending in `/`), or absolute from the package root. */
function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

async function readRels(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, relsPath: string, base: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const entry = entries.get(relsPath);
  if (entry === undefined) return rels;
  await parsePart(zip, entry, relsPath, {
    open(name, attrs) {
      if (name === 'Relationship' && attrs.Id && attrs.Target && attrs.TargetMode !== 'External') {
        rels.set(attrs.Id, { type: attrs.Type ?? '', target: resolvePart(base, attrs.Target) });
      }
    },
  });
  return rels;
}

export function pickSheet(book: Workbook, wanted: string | undefined, label: string): SheetRef {
  if (book.sheets.length === 0) throw new UsageError(t('xlsx.noSheet', label));
  if (wanted === undefined || wanted === '') return book.sheets.find((s) => s.visible) ?? book.sheets[0]!;
  const exact = book.sheets.find((s) => s.name === wanted);
  if (exact) return exact;
  // Excel itself does not allow two sheet names that differ only in case.
  const key = wanted.trim().normalize('NFC').toLowerCase();
  const loose = book.sheets.find((s) => s.name.trim().normalize('NFC').toLowerCase() === key);
  if (loose) return loose;
  throw new UsageError(t('xlsx.unknownSheet', label, wanted, book.sheets.map((s) => s.name)));
}

// ---------------------------------------------------------------------------
// XML parts

export interface PartHandler {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** The local name of an element: `x:row` → `row` (some writers prefix the SpreadsheetML namespace). */
function local(name: string): string {
  const at = name.indexOf(':');
  return at < 0 ? name : name.slice(at + 1);
}

async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  try {
    return (await zip.openReadStreamPromise(entry)) as NodeJS.ReadableStream & { destroy(): void };
  } catch (err) {
    throw new UsageError(t('xlsx.corrupt', where, (err as Error).message));
  }
}

/** Parses one XML part of the zip to the end, feeding `handler`. */
async function parsePart(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string, handler: PartHandler): Promise<void> {
  for await (const _ of parseChunks(zip, entry, where, handler)) {
    // parsing happens in the handler
  }
}

/**
 * Parses a part chunk by chunk, yielding after each one so a caller can hand on what
 * the handler collected. The bytes go through one StringDecoder for the whole part:
 * a character split between chunks is joined again.
 */
export async function* parseChunks(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string, handler: PartHandler): AsyncGenerator<void> {
  const parser = new SaxesParser();
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  if (handler.open) {
    const open = handler.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open(local(tag.name), tag.attributes as Record<string, string>));
  }
  if (handler.text) {
    parser.on('text', handler.text);
    parser.on('cdata', handler.text);
  }
  if (handler.close) {
    const close = handler.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  const stream = await openEntry(zip, entry, where);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.write(chunk));
      if (failure) break;
      yield;
    }
    if (!failure) {
      parser.write(decoder.end());
      parser.close();
    }
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError(t('xlsx.corrupt', where, (err as Error).message));
  } finally {
    stream.destroy();
  }
  if (failure) throw new UsageError(t('xlsx.corrupt', where, failure.message));
  yield;
}

async function readStyles(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string, book: Workbook): Promise<void> {
  let inCellXfs = false;
  await parsePart(zip, entry, where, {
    open(name, attrs) {
      if (name === 'numFmt' && attrs.numFmtId !== undefined && attrs.formatCode !== undefined) {
        book.customFormats.set(Number(attrs.numFmtId), attrs.formatCode);
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs) {
        book.xfFormats.push(Number(attrs.numFmtId ?? 0) || 0);
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
}

/** Each `<si>`'s text: its runs (`<r><t>`) or its `<t>`, without phonetic guides (`<rPh>`). */
async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string, out: string[]): Promise<void> {
  const text = new InlineText();
  await parsePart(zip, entry, where, {
    open(name) {
      if (name === 'si') text.start();
      else text.open(name);
    },
    text: (s) => text.text(s),
    close(name) {
      if (name === 'si') out.push(text.end());
      else text.close(name);
    },
  });
}

/** Collects the text of a string item (`<si>` or an inline `<is>`): `<t>` elements outside `<rPh>`. */
export class InlineText {
  private parts: string[] = [];
  private inT = false;
  private inPhonetic = false;
  start(): void {
    this.parts = [];
    this.inT = false;
    this.inPhonetic = false;
  }
  open(name: string): void {
    if (name === 't') this.inT = !this.inPhonetic;
    else if (name === 'rPh') this.inPhonetic = true;
  }
  text(s: string): void {
    if (this.inT) this.parts.push(s);
  }
  close(name: string): void {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.inPhonetic = false;
  }
  end(): string {
    const s = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    return unescapeOoxml(s);
  }
}

/** Excel writes characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`), and a literal `_x` as `_x005F_x`. */
export function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

// ---------------------------------------------------------------------------
// The sheet
