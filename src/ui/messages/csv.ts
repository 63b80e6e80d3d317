import type { Translation } from '../i18n.js';

/** A header name and the 1-based positions of the columns that carry it. */
export interface HeaderClash {
  name: string;
  positions: number[];
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
function letter(position: number): string {
  let out = '';
  for (let n = position; n > 0; n = Math.floor((n - 1) / 26)) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  }
  return out;
}

const enColumn = (p: number): string => `${p} (${letter(p)})`;
const koColumn = (p: number): string => `${p}번째(${letter(p)}열)`;

/** A header full of clashes is usually a data row or a wrong delimiter: the first few say enough. */
function some<T>(items: T[], format: (item: T) => string, separator: string): string {
  const shown = items.slice(0, 5).map(format).join(separator);
  return items.length > 5 ? `${shown}${separator}…` : shown;
}

const enDelimiter = (d: string): string =>
  d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : JSON.stringify(d);
const koDelimiter = (d: string): string =>
  d === ',' ? '쉼표' : d === ';' ? '세미콜론' : d === '\t' ? '탭' : JSON.stringify(d);

const SAVE_AS_EN = 'In Excel, use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)".';
const SAVE_AS_KO = "엑셀에서 파일 > 다른 이름으로 저장 > 'CSV UTF-8(쉼표로 분리)(*.csv)'로 저장하세요.";

export const en = {
  'csv.stdinLabel': 'standard input',
  'csv.notFound': (file: string) => `${file}: no such file. Check the path.`,
  'csv.notAFile': (file: string) =>
    `${file} is not a regular file. To read a CSV from a pipe, pass - and send it to standard input.`,
  'csv.unreadable': (file: string, reason: string) => `${file} could not be read: ${reason}`,
  'csv.empty': (file: string) =>
    `${file} is empty. It needs a header line and then one line per signer.`,
  'csv.headerOnly': (file: string, line: number) =>
    `${file} has a header (line ${line}) but no signer rows. Add one line per signer below the header.`,
  'csv.pdf': (file: string) =>
    `${file} is a PDF document, not a CSV file. Give the signer list exported from the spreadsheet as CSV UTF-8.`,
  'csv.image': (file: string, kind: string) =>
    `${file} is an image (${kind}), not a CSV file. Give the signer list exported from the spreadsheet as CSV UTF-8.`,
  'csv.binary': (file: string) =>
    `${file} is a binary file, not CSV text. ${SAVE_AS_EN}`,
  'csv.nulByte': (file: string, line: number) =>
    `Line ${line} of ${file} holds a NUL byte (a binary zero), which CSV text never does: the file is damaged, or not CSV text. Fix that line or export the list again. ${SAVE_AS_EN}`,
  'csv.undecodable': (file: string) =>
    `${file} is neither UTF-8 nor CP949 (EUC-KR) text. ${SAVE_AS_EN}`,
  'csv.badBytes': (file: string, encoding: string, line: number) =>
    encoding === 'utf8'
      ? `Line ${line} of ${file} has bytes that are not valid UTF-8. If the file was saved as plain "CSV" on Korean Windows, run again with --encoding cp949; otherwise fix that line or save the file again as CSV UTF-8.`
      : `Line ${line} of ${file} has bytes that are not valid ${encoding.toUpperCase()}. Fix that line, or save the file again as CSV UTF-8. ${SAVE_AS_EN}`,
  'csv.bomConflict': (file: string, forced: string, bom: string) =>
    `--encoding ${forced} was given, but ${file} starts with a ${bom} byte order mark, so it is ${bom} text. Leave out --encoding.`,
  'csv.unknownEncoding': (value: string) =>
    `Unknown --encoding "${value}". Use utf8, cp949 or euc-kr (euc-kr is read as cp949).`,
  'csv.unknownDelimiter': (value: string) =>
    `Unknown --delimiter "${value}". Use , ; or tab (or the words comma, semicolon, tab).`,
  'csv.emptyHeader': (file: string, line: number, positions: number[]) =>
    `The header (line ${line}) of ${file} has no name for column ${some(positions, enColumn, ', ')}. Give every column a name, or delete the empty columns.`,
  'csv.duplicateHeader': (file: string, line: number, clashes: HeaderClash[]) =>
    `The header (line ${line}) of ${file} names a column more than once: ${some(
      clashes,
      (c) => `"${c.name}" (columns ${some(c.positions, enColumn, ', ')})`,
      '; ',
    )}. Column names must be unique (upper/lower case does not count); rename or delete the extra columns.`,
  'csv.quoteNotClosed': (file: string, line: number) =>
    `${file}: a quoted value in the row starting at line ${line} is never closed, so the rest of the file would become one value. Add the missing closing quote ("), or write a quote inside a value as two quotes ("").`,
  'csv.recordTooLarge': (file: string, line: number, delimiter: string) =>
    `${file}: the row starting at line ${line} is larger than 1 MiB. Probably a quote (") on that line is never closed, or the delimiter is wrong (it was read as ${enDelimiter(delimiter)}; use --delimiter to choose another).`,
  'csv.badClosingQuote': (file: string, line: number) =>
    `${file}, in the row starting at line ${line}: a quoted value is followed by more text before the next delimiter (like "abc"def). Inside a quoted value, write a quote as two quotes ("").`,
  'csv.badOpeningQuote': (file: string, line: number) =>
    `${file}, in the row starting at line ${line}: a quote (") appears in the middle of a value that is not quoted, or after a space. Put the whole value in quotes and double the quotes inside it ("John ""Johnny"" Kim"), or remove the space before the quote.`,
  'csv.parseFailed': (file: string, line: number, reason: string) =>
    `${file}, in the row starting at line ${line}: this is not valid CSV (${reason}).`,
} as const;

export const ko: Translation<typeof en> = {
  'csv.stdinLabel': '표준 입력',
  'csv.notFound': (file) => `${file}: 파일이 없습니다. 경로를 확인하세요.`,
  'csv.notAFile': (file) =>
    `${file}은(는) 일반 파일이 아닙니다. 파이프로 CSV를 넘기려면 파일 이름 대신 -를 쓰고 표준 입력으로 보내세요.`,
  'csv.unreadable': (file, reason) => `${file}을(를) 읽을 수 없습니다: ${reason}`,
  'csv.empty': (file) =>
    `${file}이(가) 비어 있습니다. 첫 줄에 머리글(열 이름)이 있고, 그 아래에 서명자마다 한 줄씩 있어야 합니다.`,
  'csv.headerOnly': (file, line) =>
    `${file}에 머리글(${line}번째 줄)만 있고 서명자 행이 없습니다. 머리글 아래에 서명자마다 한 줄씩 추가하세요.`,
  'csv.pdf': (file) =>
    `${file}은(는) CSV가 아니라 PDF 문서입니다. 스프레드시트에서 서명자 목록을 'CSV UTF-8'로 저장해 지정하세요.`,
  'csv.image': (file, kind) =>
    `${file}은(는) CSV가 아니라 이미지(${kind})입니다. 스프레드시트에서 서명자 목록을 'CSV UTF-8'로 저장해 지정하세요.`,
  'csv.binary': (file) => `${file}은(는) 텍스트가 아닌 바이너리 파일입니다. ${SAVE_AS_KO}`,
  'csv.nulByte': (file, line) =>
    `${file}의 ${line}번째 줄에 NUL 바이트(이진 0)가 있습니다. CSV 텍스트에는 없는 값입니다: 파일이 손상되었거나 CSV 텍스트가 아닙니다. 그 줄을 고치거나 목록을 다시 내보내세요. ${SAVE_AS_KO}`,
  'csv.undecodable': (file) =>
    `${file}은(는) UTF-8도 CP949(EUC-KR)도 아닌 텍스트입니다. ${SAVE_AS_KO}`,
  'csv.badBytes': (file, encoding, line) =>
    encoding === 'utf8'
      ? `${file}의 ${line}번째 줄에 UTF-8로 읽을 수 없는 바이트가 있습니다. 한국어 Windows에서 그냥 'CSV'로 저장한 파일이라면 --encoding cp949를 붙여 다시 실행하고, 아니면 그 줄을 고치거나 'CSV UTF-8'로 다시 저장하세요.`
      : `${file}의 ${line}번째 줄에 ${encoding.toUpperCase()}로 읽을 수 없는 바이트가 있습니다. 그 줄을 고치거나 'CSV UTF-8'로 다시 저장하세요. ${SAVE_AS_KO}`,
  'csv.bomConflict': (file, forced, bom) =>
    `--encoding ${forced}을(를) 지정했지만 ${file}은(는) ${bom} 바이트 순서 표시(BOM)로 시작하는 ${bom} 파일입니다. --encoding을 빼고 실행하세요.`,
  'csv.unknownEncoding': (value) =>
    `알 수 없는 --encoding 값 "${value}"입니다. utf8, cp949, euc-kr 중 하나를 쓰세요(euc-kr은 cp949로 읽습니다).`,
  'csv.unknownDelimiter': (value) =>
    `알 수 없는 --delimiter 값 "${value}"입니다. , ; tab 중 하나(또는 comma, semicolon, tab)를 쓰세요.`,
  'csv.emptyHeader': (file, line, positions) =>
    `${file}의 머리글(${line}번째 줄)에서 ${some(positions, koColumn, ', ')} 열에 이름이 없습니다. 모든 열에 이름을 붙이거나 빈 열을 삭제하세요.`,
  'csv.duplicateHeader': (file, line, clashes) =>
    `${file}의 머리글(${line}번째 줄)에 같은 열 이름이 두 번 이상 있습니다: ${some(
      clashes,
      (c) => `"${c.name}"(${some(c.positions, koColumn, ', ')} 열)`,
      '; ',
    )}. 열 이름은 대소문자 구분 없이 서로 달라야 합니다. 겹치는 열의 이름을 바꾸거나 삭제하세요.`,
  'csv.quoteNotClosed': (file, line) =>
    `${file}: ${line}번째 줄에서 시작하는 행에 닫히지 않은 따옴표가 있어 파일의 나머지가 한 값으로 읽힙니다. 빠진 닫는 따옴표(")를 넣거나, 값 안의 따옴표는 두 개("")로 쓰세요.`,
  'csv.recordTooLarge': (file, line, delimiter) =>
    `${file}: ${line}번째 줄에서 시작하는 행이 1MiB보다 큽니다. 그 줄의 따옴표(")가 닫히지 않았거나 구분자가 잘못되었을 수 있습니다(${koDelimiter(delimiter)}로 읽었습니다. 다른 구분자는 --delimiter로 지정하세요).`,
  'csv.badClosingQuote': (file, line) =>
    `${file}: ${line}번째 줄에서 시작하는 행에서 따옴표로 감싼 값 뒤에 구분자 없이 다른 글자가 이어집니다("abc"def처럼). 따옴표로 감싼 값 안의 따옴표는 두 개("")로 쓰세요.`,
  'csv.badOpeningQuote': (file, line) =>
    `${file}: ${line}번째 줄에서 시작하는 행에서 따옴표로 감싸지 않은 값의 중간이나 공백 뒤에 따옴표(")가 있습니다. 값 전체를 따옴표로 감싸고 안의 따옴표는 두 개로 쓰거나("홍 ""길동"" 님"), 따옴표 앞의 공백을 지우세요.`,
  'csv.parseFailed': (file, line, reason) =>
    `${file}: ${line}번째 줄에서 시작하는 행이 올바른 CSV가 아닙니다(${reason}).`,
};
