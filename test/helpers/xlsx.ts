/**
 * Workbooks for tests, made two ways: with exceljs (the library the tool writes
 * with), and by hand, as Excel itself writes the XML, zipped by the plain zip
 * writer below (so the reader is checked against bytes no library of ours made).
 * Also a plain zip reader, to look at the XML of a workbook the tool wrote.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

// ---------------------------------------------------------------------------
// A plain zip (PKZIP 2.0, deflate), as Excel's own writer lays it out

export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    locals.push(local, fileName, packed);
    offset += local.length + fileName.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Every file of a zip by its central directory (stored or deflated entries). */
export function unzip(buf: Buffer): Map<string, Buffer> {
  const endAt = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const packedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localAt = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const packed = buf.subarray(dataAt, dataAt + packedSize);
    out.set(name, method === 0 ? packed : inflateRawSync(packed));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Workbooks as Excel writes them

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface HandSheet {
  name: string;
  state?: 'hidden';
  /** The `<sheetData>` XML: rows and cells exactly as Excel writes them. */
  sheetData: string;
}

export interface HandWorkbook {
  sheets: HandSheet[];
  /** `<si>` bodies, in order (the cells' `t="s"` indexes). */
  sharedStrings?: string[];
  /** Custom formats: id → code. */
  numFmts?: Record<number, string>;
  /** cellXfs: each entry is a numFmtId; a cell's `s` is an index here. */
  cellXfs?: number[];
  date1904?: boolean;
}

/**
 * The parts and their order in the zip as Excel 2016+ saves a workbook: worksheets
 * before styles and shared strings (a streaming reader must cope with that).
 */
export function handWorkbook(book: HandWorkbook): Buffer {
  const sheetParts = book.sheets.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
  const files: Record<string, string> = {};
  files['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheetParts.map((p) => `<Override PartName="/${p}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  files['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  files['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook xmlns="${NS}" xmlns:r="${REL_NS}">` +
    `<workbookPr${book.date1904 ? ' date1904="1"' : ''} defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>` +
    book.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
    `</sheets><calcPr calcId="191029"/></workbook>`;
  const n = book.sheets.length;
  files['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="${PKG_REL_NS}">` +
    book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${REL_NS}/theme" Target="theme/theme1.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 3}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  book.sheets.forEach((s, i) => {
    files[sheetParts[i]!] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
      `<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="16.5" x14ac:dyDescent="0.3"/>` +
      `<sheetData>${s.sheetData}</sheetData><phoneticPr fontId="1" type="noConversion"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  });
  files['xl/theme/theme1.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 테마"/>`;
  const numFmts = Object.entries(book.numFmts ?? {});
  const xfs = book.cellXfs ?? [0];
  files['xl/styles.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet xmlns="${NS}">` +
    (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('')}</numFmts>` : '') +
    `<fonts count="2"><font><sz val="11"/><name val="맑은 고딕"/><family val="2"/><charset val="129"/></font><font><sz val="8"/><name val="맑은 고딕"/><family val="3"/><charset val="129"/></font></fonts>` +
    `<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    // cellStyleXfs holds xf elements too, which a reader must not take for cell styles.
    `<cellStyleXfs count="1"><xf numFmtId="49" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('')}</cellXfs>` +
    `<cellStyles count="1"><cellStyle name="표준" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
  const strings = book.sharedStrings ?? [];
  files['xl/sharedStrings.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((si) => `<si>${si}</si>`).join('') +
    `</sst>`;
  files['docProps/app.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`;
  return zip(files);
}

/** A shared string `<si>` body for plain text. */
export const si = (text: string): string => `<t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${esc(text)}</t>`;

// ---------------------------------------------------------------------------
// Workbooks made with exceljs

export type CellInput = string | number | boolean | Date | null | { value: ExcelJS.CellValue; numFmt?: string };

/** A workbook of one sheet (or several) from rows of cell values; `{ value, numFmt }` sets a cell's format. */
export async function exceljsWorkbook(path: string, sheets: Record<string, CellInput[][]>, options: { hidden?: string[] } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name, { state: options.hidden?.includes(name) ? 'hidden' : 'visible' });
    rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        if (cell === null) return;
        const target = ws.getCell(r + 1, c + 1);
        if (typeof cell === 'object' && !(cell instanceof Date)) {
          target.value = cell.value;
          if (cell.numFmt) target.numFmt = cell.numFmt;
        } else {
          target.value = cell;
        }
      });
    });
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** The same rows as CSV text (every cell as its text), to compare a workbook with its CSV twin. */
export function csvOf(rows: (string | null)[][]): string {
  const cell = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
