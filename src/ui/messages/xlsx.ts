import type { Translation } from '../i18n.js';

const SAVE_XLSX_EN = 'In Excel, use File > Save As > "Excel Workbook (*.xlsx)" (or "CSV UTF-8 (Comma delimited) (*.csv)").';
const SAVE_XLSX_KO = "엑셀에서 파일 > 다른 이름으로 저장 > 'Excel 통합 문서(*.xlsx)'(또는 'CSV UTF-8(쉼표로 분리)(*.csv)')로 저장하세요.";

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

export const en = {
  'xlsx.xls': (file: string) =>
    `${file} is an Excel 97-2003 workbook (.xls) or another old Office document, which is not read. ${SAVE_XLSX_EN}`,
  'xlsx.encrypted': (file: string) =>
    `${file} is a password-protected (encrypted) workbook, which cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear the password), and save it again.`,
  'xlsx.xlsb': (file: string) =>
    `${file} is an Excel binary workbook (.xlsb), which is not read. ${SAVE_XLSX_EN}`,
  'xlsx.notWorkbook': (file: string) =>
    `${file} is a zip file but not an Excel workbook (.xlsx): perhaps an OpenDocument (.ods), Numbers or Word file. Save the signer list as an Excel workbook (.xlsx) or as CSV UTF-8.`,
  'xlsx.corrupt': (file: string, reason: string) =>
    `${file} could not be read as an Excel workbook (${reason}). Open it in Excel and save it again as "Excel Workbook (*.xlsx)".`,
  'xlsx.noSheet': (file: string) => `${file} has no worksheet with cells (only chart sheets?).`,
  'xlsx.unknownSheet': (file: string, sheet: string, sheets: readonly string[]) =>
    `${file} has no sheet named "${sheet}". Its sheets: ${quoted(sheets)}.`,
  'xlsx.sheetForCsv': (file: string) =>
    `--sheet is for Excel workbooks (.xlsx), and ${file} is a CSV file. Leave out --sheet.`,
} as const;

export const ko: Translation<typeof en> = {
  'xlsx.xls': (file) =>
    `${file}은(는) 엑셀 97-2003 통합 문서(.xls) 또는 오래된 오피스 문서라서 읽을 수 없습니다. ${SAVE_XLSX_KO}`,
  'xlsx.encrypted': (file) =>
    `${file}은(는) 암호가 걸린(암호화된) 통합 문서라서 읽을 수 없습니다. 엑셀에서 열어 암호를 지우고(파일 > 정보 > 통합 문서 보호 > 암호 설정에서 암호를 비움) 다시 저장하세요.`,
  'xlsx.xlsb': (file) => `${file}은(는) 엑셀 바이너리 통합 문서(.xlsb)라서 읽을 수 없습니다. ${SAVE_XLSX_KO}`,
  'xlsx.notWorkbook': (file) =>
    `${file}은(는) zip 파일이지만 엑셀 통합 문서(.xlsx)가 아닙니다(OpenDocument(.ods), Numbers, 워드 파일일 수 있습니다). 서명자 목록을 엑셀 통합 문서(.xlsx)나 'CSV UTF-8'로 저장하세요.`,
  'xlsx.corrupt': (file, reason) =>
    `${file}을(를) 엑셀 통합 문서로 읽을 수 없습니다(${reason}). 엑셀에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장하세요.`,
  'xlsx.noSheet': (file) => `${file}에 셀이 있는 워크시트가 없습니다(차트 시트만 있나요?).`,
  'xlsx.unknownSheet': (file, sheet, sheets) =>
    `${file}에 "${sheet}" 시트가 없습니다. 있는 시트: ${quoted(sheets)}.`,
  'xlsx.sheetForCsv': (file) =>
    `--sheet는 엑셀 통합 문서(.xlsx)에 쓰는 옵션인데 ${file}은(는) CSV 파일입니다. --sheet를 빼고 실행하세요.`,
};
