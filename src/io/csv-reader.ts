/**
 * Reads a signers CSV the way Excel writes it: detects the encoding (UTF-8 with or
 * without BOM, CP949, UTF-16 with BOM) and the delimiter (./csv-format.ts), rejects
 * files that are not CSV text, and streams the records with the physical line each
 * one starts on. An Excel workbook (.xlsx) is recognised by its content and read by
 * xlsx-reader.ts into the same shape.
 */
import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvError, Parser, type Options as ParseOptions } from 'csv-parse';
import type { CsvRecord } from '../core/signer-types.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import type { HeaderClash } from '../ui/messages/csv.js';
import {
  chooseEncoding,
  decodeHead,
  detectDelimiter,
  makeDecoder,
  parseDelimiterOption,
  parseEncodingOption,
  sepDirective,
  type Decoded,
  type EncodingName,
} from './csv-format.js';

export interface CsvReadOptions {
  /** forced by --encoding: 'utf8' | 'cp949' | 'euc-kr' (euc-kr is read as cp949, a superset) */
  encoding?: string | undefined;
  /** forced by --delimiter: ',' ';' '\t' (also accept the words 'comma','semicolon','tab') */
  delimiter?: string | undefined;
  /** How messages name the file (default: the path), e.g. t('csv.stdinLabel') for a spooled stdin. */
  label?: string | undefined;
  /** An Excel workbook's sheet to read (by --sheet); default: the first. Refused for a CSV. */
  sheet?: string | undefined;
  /** How a workbook's date cells read: as shown ('display', default) or ISO-8601 UTC ('iso', results read back). See xlsx-reader.ts. */
  workbookDates?: 'display' | 'iso' | undefined;
}

export interface CsvFile {
  path: string;
  encoding: EncodingName;
  delimiter: string;
  /** header names exactly as in the file but trimmed, BOM removed */
  header: string[];
  /** physical line of the header (1 unless blank lines precede it) */
  headerLine: number;
  /**
   * About how many data records the file holds, from its size and the line length in
   * its first 64 KB: for sizing tables up front, never for anything that must be exact.
   */
  estimatedRows: number;
  /** Streams the data records. Each call is a new pass over the file (send makes three: validate, send, write results).
   *  Yields arrays of records (chunks, e.g. a few hundred each) to keep per-record async overhead low. */
  chunks(): AsyncIterable<CsvRecord[]>;
  /** A workbook's only (xlsx-reader.ts): the sheet's column letter of a header name, for problems (ui/problems.ts rowProblemFormatter). */
  columnLetter?: ((column: string) => string | undefined) | undefined;
}

const HEAD_BYTES = 64 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;

/** What openCsv learned about the file; enough to parse it again from the start. */
interface Layout {
  path: string;
  label: string;
  encoding: EncodingName;
  /** bytes skipped at the start of the file */
  bomLength: number;
  delimiter: string;
  /** the physical line parsing starts at: after a `sep=` line, or at the header */
  fromLine: number;
}

/** Opens and sniffs the file (head only), validates the header. Throws UsageError (exit 2, from src/errors.ts) with a localised message for file-level problems. */
export async function openCsv(path: string, options: CsvReadOptions = {}): Promise<CsvFile> {
  const label = options.label ?? path;
  const forcedEncoding = parseEncodingOption(options.encoding);
  const forcedDelimiter = parseDelimiterOption(options.delimiter);

  const { head, whole, size } = await readHead(path, label);
  if (head.length === 0) throw new UsageError(t('csv.empty', label));
  // An Excel workbook (or an old or encrypted one, to be refused) is the workbook reader's; loaded only then.
  if (WORKBOOK_SIGNATURES.some((magic) => magic.every((byte, i) => head[i] === byte))) {
    const { openXlsx } = await import('./xlsx-reader.js');
    return openXlsx(path, { label, sheet: options.sheet, dates: options.workbookDates });
  }
  if (options.sheet !== undefined && options.sheet !== '') throw new UsageError(t('xlsx.sheetForCsv', label));
  rejectNonCsv(head, label);
  const { encoding, bomLength } = chooseEncoding(head, whole, forcedEncoding, label);
  const text = decodeHead(head.subarray(bomLength), encoding, whole);

  const sep = sepDirective(text);
  const layout: Layout = {
    path,
    label,
    encoding,
    bomLength,
    delimiter: forcedDelimiter ?? sep ?? detectDelimiter(text),
    fromLine: sep === undefined ? 1 : 2,
  };

  // The header and the first data record, if there is one.
  const first: CsvRecord[] = [];
  for await (const records of scan(layout)) {
    first.push(...records.slice(0, 2 - first.length));
    if (first.length === 2) break;
  }
  const [headerRecord, firstRow] = first;
  if (headerRecord === undefined) throw new UsageError(t('csv.empty', label));
  if (firstRow === undefined) throw new UsageError(t('csv.headerOnly', label, headerRecord.line));
  const header = headerRecord.cells.map((name) => name.trim());
  checkHeader(header, headerRecord.line, label);

  const dataLayout: Layout = { ...layout, fromLine: headerRecord.line };
  return {
    path,
    encoding,
    delimiter: layout.delimiter,
    header,
    headerLine: headerRecord.line,
    estimatedRows: estimateRows(head, whole, size),
    chunks: () => dataChunks(dataLayout),
  };
}

async function* dataChunks(layout: Layout): AsyncGenerator<CsvRecord[]> {
  let sawHeader = false;
  for await (const records of scan(layout)) {
    if (!sawHeader) {
      sawHeader = true;
      records.shift();
      if (records.length === 0) continue;
    }
    yield records;
  }
}

// ---------------------------------------------------------------------------
// Sniffing the head of the file

async function readHead(path: string, label: string): Promise<{ head: Buffer; whole: boolean; size: number }> {
  let handle;
  try {
    // Not blocking: a FIFO with no writer would make open() wait forever (it is refused below).
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fileError(err, label);
  }
  try {
    // A pipe or device cannot be read a second time, and a send reads the file three times.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UsageError(t('csv.notAFile', label));
    const head = Buffer.alloc(HEAD_BYTES);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(head, filled, HEAD_BYTES - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === HEAD_BYTES) break;
    }
    return { head: head.subarray(0, filled), whole: filled < HEAD_BYTES, size: stat.size };
  } catch (err) {
    throw err instanceof UsageError ? err : fileError(err, label);
  } finally {
    await handle.close();
  }
}

/** LF line breaks in the head, scaled to the whole file, less the header (0 for a CR-only file: tables then just grow). */
function estimateRows(head: Buffer, whole: boolean, size: number): number {
  let breaks = 0;
  for (let at = head.indexOf(0x0a); at >= 0; at = head.indexOf(0x0a, at + 1)) breaks++;
  const lines = whole ? breaks + 1 : Math.ceil((size * breaks) / head.length);
  return Math.max(0, lines - 1);
}

function fileError(err: unknown, label: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new UsageError(t('csv.notFound', label));
  if (code === 'EISDIR') return new UsageError(t('csv.notAFile', label));
  if (code !== undefined) return new UsageError(t('csv.unreadable', label, (err as Error).message));
  return err as Error;
}

/** A zip (.xlsx, or .ods …) and an OLE2 compound file (.xls, an encrypted .xlsx). */
const WORKBOOK_SIGNATURES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
];

const SIGNATURES: readonly { magic: readonly number[]; reject: (label: string) => string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], reject: (f) => t('csv.pdf', f) }, // %PDF-
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], reject: (f) => t('csv.image', f, 'PNG') },
  { magic: [0xff, 0xd8, 0xff], reject: (f) => t('csv.image', f, 'JPEG') },
  { magic: [0x47, 0x49, 0x46, 0x38], reject: (f) => t('csv.image', f, 'GIF') }, // GIF8
];

function rejectNonCsv(head: Buffer, label: string): void {
  for (const { magic, reject } of SIGNATURES) {
    if (magic.every((byte, i) => head[i] === byte)) throw new UsageError(reject(label));
  }
}

/** Empty and duplicate header names (also a workbook's header: xlsx-reader.ts). */
export function checkHeader(header: string[], line: number, label: string): void {
  const problems: string[] = [];
  const empty = header.flatMap((name, i) => (name === '' ? [i + 1] : []));
  if (empty.length > 0) problems.push(t('csv.emptyHeader', label, line, empty));

  const byKey = new Map<string, HeaderClash>();
  header.forEach((name, i) => {
    if (name === '') return;
    const key = name.normalize('NFC').toLowerCase();
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { name, positions: [i + 1] });
    else seen.positions.push(i + 1);
  });
  const clashes = [...byKey.values()].filter((c) => c.positions.length > 1);
  if (clashes.length > 0) problems.push(t('csv.duplicateHeader', label, line, clashes));

  const [message, ...details] = problems;
  if (message !== undefined) throw new UsageError(message, details);
}

// ---------------------------------------------------------------------------
// Parsing

/** csv-parse's push-based core, which its stream `Parser` wraps. */
interface ParserCore {
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * We drive csv-parse's core directly rather than through its Transform stream: the
 * stream destroys itself on a parse error and drops the records already parsed (so
 * the line where the broken record starts would be lost), and an object-mode push
 * per record costs throughput we do not have to pay.
 */
function parserCore(layout: Layout): ParserCore {
  const options: ParseOptions = {
    delimiter: layout.delimiter,
    // All three, so that a file mixing line endings still splits into lines.
    record_delimiter: ['\r\n', '\n', '\r'],
    // Ragged rows are the row validator's to report, with their line numbers.
    relax_column_count: true,
    // Blank lines must reach us to keep the line count right; we drop them.
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
    from_line: layout.fromLine,
    bom: false,
  };
  const core = (new Parser(options) as unknown as { api?: ParserCore }).api;
  if (typeof core?.parse !== 'function') throw new Error('csv-parse: Parser.api is missing (unsupported csv-parse version)');
  return core;
}

/**
 * Every non-blank record from `layout.fromLine` on, in chunks of one file read
 * each; `row` counts from 0, so the header (the first record) is row 0.
 */
async function* scan(layout: Layout): AsyncGenerator<CsvRecord[]> {
  const core = parserCore(layout);
  const decoder = makeDecoder(layout.encoding);
  let line = layout.fromLine; // where the next record starts
  let row = 0;
  let out: CsvRecord[] = [];

  const push = (cells: string[]): void => {
    const start = line;
    line += 1;
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.length === 0) continue;
      if (blank && cell.trim() !== '') blank = false;
      // A quoted value with line breaks spans more physical lines (CRLF, LF or CR each end one).
      for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line++;
      for (let at = cell.indexOf('\r'); at >= 0; at = cell.indexOf('\r', at + 1)) {
        if (cell.charCodeAt(at + 1) !== 0x0a) line++;
      }
    }
    // A blank line, or Excel's `,,,,` for an empty row: not a record, but a line.
    if (!blank) out.push({ row: row++, line: start, cells });
  };
  const feed = (decoded: Decoded | undefined): void => {
    const err = core.parse(decoded?.bytes, decoded === undefined, push, () => {});
    if (err !== undefined) throw parseError(err, line, layout);
  };

  const stream = createReadStream(layout.path, { start: layout.bomLength });
  try {
    let decoded: Decoded = { bytes: Buffer.alloc(0), bad: false };
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      decoded = decoder.write(chunk);
      // The head was checked for NUL bytes (csv-format.ts); the rest is, here. CSV text never holds one.
      if (decoded.bytes.includes(0)) throw new UsageError(t('csv.nulByte', layout.label, await lineOfFirst(layout, 'nul')));
      feed(decoded);
      if (decoded.bad) break;
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
    if (!decoded.bad) {
      decoded = decoder.end();
      feed(decoded);
    }
    if (decoded.bad) {
      throw new UsageError(t('csv.badBytes', layout.label, layout.encoding, await lineOfFirst(layout, 'bad')));
    }
    feed(undefined);
    if (out.length > 0) yield out;
  } catch (err) {
    throw err instanceof UsageError ? err : fileError(err, layout.label);
  } finally {
    stream.destroy();
  }
}

/** The physical line of the first undecodable byte, or NUL byte (found again from the start: a rare, failing path). */
async function lineOfFirst(layout: Layout, what: 'bad' | 'nul'): Promise<number> {
  const decoder = makeDecoder(layout.encoding);
  let breaks = 0;
  let afterCr = false;
  const count = ({ bytes, bad }: Decoded): boolean => {
    for (const byte of bytes) {
      if (byte === 0 && what === 'nul') return true;
      if (byte === 0x0d || (byte === 0x0a && !afterCr)) breaks++;
      afterCr = byte === 0x0d;
    }
    return bad && what === 'bad';
  };
  const stream = createReadStream(layout.path, { start: layout.bomLength });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (count(decoder.write(chunk))) return breaks + 1;
    }
    count(decoder.end());
    return breaks + 1;
  } finally {
    stream.destroy();
  }
}

/**
 * `recordLine` is where the broken record starts. csv-parse's own `lines` is not
 * used: it counts a CRLF inside a quoted value as two lines.
 */
function parseError(err: Error, recordLine: number, layout: Layout): Error {
  if (!(err instanceof CsvError)) return err;
  const { label } = layout;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new UsageError(t('csv.quoteNotClosed', label, recordLine));
    case 'CSV_MAX_RECORD_SIZE':
      return new UsageError(t('csv.recordTooLarge', label, recordLine, layout.delimiter));
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new UsageError(t('csv.badClosingQuote', label, recordLine));
    case 'INVALID_OPENING_QUOTE':
      return new UsageError(t('csv.badOpeningQuote', label, recordLine));
    default:
      return new UsageError(t('csv.parseFailed', label, recordLine, err.message));
  }
}
