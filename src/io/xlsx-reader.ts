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
import type { CsvRecord } from '../core/signer-types.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { checkHeader, type CsvFile } from './csv-reader.js';
import { CellRenderer } from './xlsx-cells.js';
import { entriesOf, InlineText, openZip, parseChunks, pickSheet, readWorkbook, type PartHandler, type SheetRef, type Workbook } from './xlsx-package.js';

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
function spreadsheetKind(head: Uint8Array): 'zip' | 'ole2' | undefined {
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
