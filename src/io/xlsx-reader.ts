/**
 * Reads one sheet of an Excel workbook (.xlsx) as the signers table: the same
 * `CsvFile` the CSV reader gives, so validation, sending and results do not know the
 * difference. Cells come out as Excel shows them (a phone number formatted
 * `000-0000-0000` stays `010-1234-5678`, a date is `2025-03-01`), a record's `line`
 * is its row number in the sheet, and the sheet is streamed: memory holds the shared
 * strings (the workbook's table of texts, which cells point into) and a few hundred
 * rows, never the sheet.
 *
 * Not exceljs's streaming WorkbookReader (we use exceljs to write workbooks): it
 * decodes each inflated chunk of XML on its own, so a Korean character that straddles
 * two chunks becomes two U+FFFD (exceljs issues #2063, #2316, open since 2022; about
 * one row in 600 of a Korean sheet). It also reads a phonetic guide (`<rPh>`) as the
 * text, drops the number format of the locale's built-in date formats (ids 27–58),
 * and reads a formula's TRUE or #N/A as 1 or NaN. Here: yauzl opens the zip by its
 * central directory (so the workbook, styles and shared strings are read first,
 * whatever order the zip holds them in), saxes parses the XML after a streaming
 * UTF-8 decoder, and numfmt applies number formats the way Excel does.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { format as formatNumber, getFormatInfo } from 'numfmt';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import type { CsvRecord } from '../core/signer-types.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { checkHeader, type CsvFile } from './csv-reader.js';

export interface XlsxReadOptions {
  /** The sheet to read (its tab name); default: the first visible worksheet. */
  sheet?: string | undefined;
  /** How messages name the file (default: the path). */
  label?: string | undefined;
  /**
   * 'display' (default): date cells as Excel shows them, normalised to `YYYY-MM-DD`
   * (`YYYY-MM-DD HH:MM` with a time part). 'iso': as ISO-8601 UTC with milliseconds,
   * `2025-03-01T09:30:00.000Z`, for reading back a results workbook this tool wrote.
   */
  dates?: 'display' | 'iso' | undefined;
}

export interface XlsxFile extends CsvFile {
  format: 'xlsx';
  /** The sheet read, and every worksheet of the workbook in tab order. */
  sheet: string;
  sheets: readonly string[];
  /** The sheet's column letter of a header name (`C`), for problems to name the column as Excel does; undefined for a name not in the header. */
  columnLetter(column: string): string | undefined;
}

/** What the first bytes say: a zip (an .xlsx, or .ods, .docx …) or an OLE2 compound file (.xls, an encrypted workbook). */
export function spreadsheetKind(head: Uint8Array): 'zip' | 'ole2' | undefined {
  if (startsWith(head, ZIP_MAGIC)) return 'zip';
  if (startsWith(head, OLE2_MAGIC)) return 'ole2';
  return undefined;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/** Spreadsheet column letters, 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** 'AA' → 26; -1 when `ref` does not start with letters. */
function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20; // upper case
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/**
 * Opens the workbook, picks the sheet, reads its header and checks that a data row
 * follows. Throws UsageError (exit 2) for an old or encrypted workbook, a zip that
 * is not one, an unknown sheet, and the CSV reader's header problems.
 */
export async function openXlsx(path: string, options: XlsxReadOptions = {}): Promise<XlsxFile> {
  const label = options.label ?? path;
  const head = await readMagic(path, label);
  if (spreadsheetKind(head) === 'ole2') {
    throw new UsageError((await isEncryptedPackage(path)) ? t('xlsx.encrypted', label) : t('xlsx.xls', label));
  }
  const book = await readWorkbook(path, label);
  const sheet = pickSheet(book, options.sheet, label);
  // Several sheets: messages say which one was read.
  const where = book.sheets.length > 1 ? `${label} [${sheet.name}]` : label;
  const dates = options.dates ?? 'display';

  let header: string[] | undefined;
  let headerLine = 0;
  let firstRow = false;
  let dimensionRows = 0;
  for await (const rows of scanSheet(path, where, book, sheet, dates, (lastRow) => (dimensionRows = lastRow))) {
    for (const r of rows) {
      if (header === undefined) {
        header = r.cells.map((name) => name.trim());
        headerLine = r.line;
        // Empty cells at the end are Excel's formatting, not columns.
        while (header.length > 0 && header[header.length - 1] === '') header.pop();
      } else {
        firstRow = true;
        break;
      }
    }
    if (firstRow) break;
  }
  if (header === undefined) throw new UsageError(t('csv.empty', where));
  if (!firstRow) throw new UsageError(t('csv.headerOnly', where, headerLine));
  checkHeader(header, headerLine, where);

  const width = header.length;
  const letters = new Map<string, string>();
  header.forEach((name, i) => {
    const key = name.normalize('NFC').toLowerCase();
    if (!letters.has(key)) letters.set(key, columnLetter(i));
  });
  return {
    format: 'xlsx',
    path,
    encoding: 'utf8',
    delimiter: ',',
    header,
    headerLine,
    estimatedRows: Math.max(0, dimensionRows - headerLine),
    sheet: sheet.name,
    sheets: book.sheets.map((s) => s.name),
    columnLetter: (column) => letters.get(column.trim().normalize('NFC').toLowerCase()),
    chunks: () => dataChunks(path, where, book, sheet, dates, headerLine, width),
  };
}

async function* dataChunks(path: string, where: string, book: Workbook, sheet: SheetRef, dates: 'display' | 'iso', headerLine: number, width: number): AsyncGenerator<CsvRecord[]> {
  let ordinal = 0;
  for await (const rows of scanSheet(path, where, book, sheet, dates)) {
    const out: CsvRecord[] = [];
    for (const r of rows) {
      if (r.line <= headerLine) continue;
      // Cells past the last one filled are not there; the header's width is the row's.
      while (r.cells.length < width) r.cells.push('');
      out.push({ row: ++ordinal, line: r.line, cells: r.cells });
    }
    if (out.length > 0) yield out;
  }
}

// ---------------------------------------------------------------------------
// The file as a whole

async function readMagic(path: string, label: string): Promise<Buffer> {
  const stream = createReadStream(path, { start: 0, end: 7 });
  try {
    const parts: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
    return Buffer.concat(parts);
  } catch (err) {
    throw new UsageError(t('csv.unreadable', label, (err as Error).message));
  } finally {
    stream.destroy();
  }
}

/**
 * An encrypted OOXML workbook is an OLE2 file holding the streams `EncryptionInfo`
 * and `EncryptedPackage`; their names are in the file's directory, in UTF-16LE.
 * Scanned for rather than parsed: the directory may be anywhere in the file.
 */
async function isEncryptedPackage(path: string): Promise<boolean> {
  const needle = Buffer.from('EncryptedPackage', 'utf16le');
  let tail = Buffer.alloc(0);
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = Buffer.concat([tail, chunk]);
      if (buf.includes(needle)) return true;
      tail = buf.subarray(Math.max(0, buf.length - needle.length + 1));
    }
    return false;
  } finally {
    stream.destroy();
  }
}

interface SheetRef {
  name: string;
  /** The part in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
  visible: boolean;
}

/** What every pass over a sheet needs from the rest of the workbook. Read once, when the file is opened. */
interface Workbook {
  /** Worksheets in tab order (chart and dialog sheets left out). */
  sheets: SheetRef[];
  date1904: boolean;
  /** Cell style (`s`, an index into cellXfs) → its number format id. */
  xfFormats: number[];
  /** Custom number formats of styles.xml, by id. */
  customFormats: Map<number, string>;
  sharedStrings: string[];
}

async function openZip(path: string, where: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (err) {
    throw new UsageError(t('xlsx.corrupt', where, (err as Error).message));
  }
}

async function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\/+/, ''), entry);
  return entries;
}

/** Reads the workbook's parts other than the sheets: sheet list, date system, styles, shared strings. */
async function readWorkbook(path: string, label: string): Promise<Workbook> {
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

function pickSheet(book: Workbook, wanted: string | undefined, label: string): SheetRef {
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

interface PartHandler {
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
async function* parseChunks(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string, handler: PartHandler): AsyncGenerator<void> {
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
class InlineText {
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
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

// ---------------------------------------------------------------------------
// The sheet

interface SheetRow {
  /** The row number in the sheet (Excel's, 1-based). */
  line: number;
  cells: string[];
}

/**
 * Every row of the sheet with a non-blank cell, in chunks (one per inflated chunk
 * of the sheet's XML). Cells are dense from column A to the last filled one.
 */
async function* scanSheet(
  path: string,
  where: string,
  book: Workbook,
  sheet: SheetRef,
  dates: 'display' | 'iso',
  onDimension?: (lastRow: number) => void,
): AsyncGenerator<SheetRow[]> {
  const zip = await openZip(path, where);
  try {
    const entries = await entriesOf(zip).catch((err: Error) => {
      throw new UsageError(t('xlsx.corrupt', where, err.message));
    });
    const entry = entries.get(sheet.part);
    if (entry === undefined) throw new UsageError(t('xlsx.corrupt', where, `${sheet.part} is missing`));
    const render = new CellRenderer(book, dates);
    const inline = new InlineText();
    let out: SheetRow[] = [];

    let rowNumber = 0;
    let cells: string[] = [];
    let blank = true;
    let inRow = false;
    // the cell being read
    let col = -1;
    let type = 'n';
    let style = 0;
    let value: string | undefined;
    let inValue = false;
    let inInline = false;

    const handler: PartHandler = {
      open(name, attrs) {
        switch (name) {
          case 'row':
            rowNumber = attrs.r !== undefined && Number(attrs.r) > 0 ? Number(attrs.r) : rowNumber + 1;
            cells = [];
            blank = true;
            inRow = true;
            col = -1;
            break;
          case 'c': {
            const at = attrs.r === undefined ? -1 : columnIndex(attrs.r);
            col = at >= 0 ? at : col + 1;
            type = attrs.t ?? 'n';
            style = attrs.s === undefined ? 0 : Number(attrs.s) || 0;
            value = undefined;
            break;
          }
          case 'v':
            inValue = true;
            value = '';
            break;
          case 'is':
            inInline = true;
            inline.start();
            break;
          case 'dimension':
            if (onDimension && attrs.ref) {
              const last = /(\d+)$/.exec(attrs.ref);
              if (last) onDimension(Number(last[1]));
            }
            break;
          default:
            if (inInline) inline.open(name);
        }
      },
      text(s) {
        if (inValue) value += s;
        else if (inInline) inline.text(s);
      },
      close(name) {
        switch (name) {
          case 'v':
            inValue = false;
            break;
          case 'is':
            inInline = false;
            value = inline.end();
            break;
          case 'c': {
            if (!inRow || col < 0) break;
            const text = render.cell(type, value, style);
            if (text !== '') {
              while (cells.length < col) cells.push('');
              cells[col] = text;
              if (blank && text.trim() !== '') blank = false;
            }
            break;
          }
          case 'row':
            inRow = false;
            // A row with no text (or only spaces) is not a record, as a blank CSV line is not.
            if (!blank) out.push({ line: rowNumber, cells });
            break;
          default:
            if (inInline) inline.close(name);
        }
      },
    };
    for await (const _ of parseChunks(zip, entry, where, handler)) {
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
  } finally {
    zip.close();
  }
}

// ---------------------------------------------------------------------------
// Cells as Excel shows them

/** How a number format shows a number. */
type FormatKind =
  | { kind: 'general' }
  | { kind: 'date'; pattern: string }
  | { kind: 'elapsed' | 'number'; pattern: string };

/** Built-in formats (ECMA-376 18.8.30) that files leave unwritten. Currency ids 5–8 lose their locale's symbol. */
const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '#,##0_);(#,##0)',
  6: '#,##0_);[Red](#,##0)',
  7: '#,##0.00_);(#,##0.00)',
  8: '#,##0.00_);[Red](#,##0.00)',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The East Asian locales' built-in ids 27–36 and 50–58 (unwritten, their pattern depends on the locale): Korean Excel's are dates, but 32 and 33 are times. */
function localeFormat(id: number): string | undefined {
  if (id === 32) return 'h:mm';
  if (id === 33) return 'h:mm:ss';
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'yyyy-mm-dd';
  return undefined;
}

/** The last day Excel can show as a date: 9999-12-31. */
const MAX_SERIAL = 2958466;
const UNIX_EPOCH_SERIAL = 25569;
const DAY_MS = 86_400_000;

class CellRenderer {
  private readonly kinds = new Map<number, FormatKind>();
  constructor(
    private readonly book: Workbook,
    private readonly dates: 'display' | 'iso',
  ) {}

  /** The cell's text as Excel shows it ('' for an empty cell). `raw` is the `<v>` text, or an inline string's text. */
  cell(type: string, raw: string | undefined, style: number): string {
    if (raw === undefined) return '';
    switch (type) {
      case 's':
        return this.book.sharedStrings[Number(raw)] ?? '';
      case 'inlineStr':
        return raw;
      case 'str': // a formula's text result
        return unescapeOoxml(raw);
      case 'b':
        return raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return raw;
      case 'd': {
        // An ISO 8601 date cell (strict OOXML, rare): shown as a date whatever its style.
        const ms = Date.parse(raw.includes('T') && !/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? `${raw}Z` : raw);
        if (Number.isNaN(ms)) return raw;
        return this.date(ms / DAY_MS + UNIX_EPOCH_SERIAL, this.kindOf(style), raw.includes('T'));
      }
      default: {
        if (raw.trim() === '') return '';
        const n = Number(raw);
        if (!Number.isFinite(n)) return raw;
        return this.number(n, style);
      }
    }
  }

  private number(n: number, style: number): string {
    const kind = this.kindOf(style);
    switch (kind.kind) {
      case 'general':
        return general(n);
      case 'date': {
        const serial = this.book.date1904 ? n + 1462 : n;
        return this.date(serial, kind, false);
      }
      default:
        try {
          return formatNumber(kind.pattern, n, { locale: 'en-US', dateErrorNumber: true });
        } catch {
          return general(n);
        }
    }
  }

  /**
   * A date as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM(:SS)` or `HH:MM(:SS)` by what the format
   * shows; whatever Excel's own pattern (`2025년 3월 1일`, `3/1/25`), the text is one
   * that reads the same everywhere. In 'iso' mode, ISO-8601 UTC.
   */
  private date(serial: number, kind: FormatKind, hasTime: boolean): string {
    if (!(serial >= 0 && serial < MAX_SERIAL)) return general(serial);
    if (this.dates === 'iso') return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS)).toISOString();
    const pattern = kind.kind === 'date' ? kind.pattern : hasTime ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd';
    return formatNumber(pattern, serial, { locale: 'en-US' });
  }

  private kindOf(style: number): FormatKind {
    let kind = this.kinds.get(style);
    if (kind === undefined) {
      kind = classify(this.formatOf(style));
      this.kinds.set(style, kind);
    }
    return kind;
  }

  private formatOf(style: number): string {
    const id = this.book.xfFormats[style] ?? 0;
    return this.book.customFormats.get(id) ?? BUILTIN_FORMATS[id] ?? localeFormat(id) ?? 'General';
  }
}

/** Our normalised patterns for Excel's date and time formats. */
function classify(pattern: string): FormatKind {
  if (/^general$/i.test(pattern.trim()) || pattern.trim() === '@' || pattern.trim() === '') return { kind: 'general' };
  let info;
  try {
    info = getFormatInfo(pattern);
  } catch {
    return { kind: 'general' };
  }
  if (info.type === 'error') return { kind: 'general' };
  if (info.type === 'date' || info.type === 'datetime' || info.type === 'time') {
    // Only the parts outside quotes and escapes say what the format shows.
    const bare = pattern.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, (m) => (/^\[(h+|m+|s+)\]$/i.test(m) ? m : ''));
    if (/\[(h+|m+|s+)\]/i.test(bare)) return { kind: 'elapsed', pattern }; // a duration: `[h]:mm` shows 36:00
    const seconds = /s/i.test(bare.replace(/AM\/PM|A\/P/gi, ''));
    const time = seconds ? 'hh:mm:ss' : 'hh:mm';
    if (info.type === 'date') return { kind: 'date', pattern: 'yyyy-mm-dd' };
    if (info.type === 'time') return { kind: 'date', pattern: time };
    return { kind: 'date', pattern: `yyyy-mm-dd ${time}` };
  }
  if (info.type === 'text') return { kind: 'general' };
  return { kind: 'number', pattern };
}

/**
 * Excel's General, except that whole numbers keep all their digits: Excel shows
 * 123456789012 as 1.23457E+11, but such a number in a signer list is an id or an
 * account number, and a scientific rendering of it would be sent as the value.
 */
function general(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return formatNumber('General', n, { locale: 'en-US' });
}
