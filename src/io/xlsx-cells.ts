/**
 * A cell's text as Excel shows it: shared and inline strings, booleans, errors, and
 * numbers through their number format (numfmt), with dates as `YYYY-MM-DD` (or ISO
 * 8601 UTC when results are read back). Used by xlsx-reader.ts for every cell.
 */
import { format as formatNumber, getFormatInfo } from 'numfmt';
import { unescapeOoxml, type Workbook } from './xlsx-package.js';

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

export class CellRenderer {
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
