/** Generated signer CSVs and a reader for the results file, for end-to-end tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];
const GIVEN = ['민준', '서연', '도윤', '하은', '지호', '서윤', '예준', '지우', '주원', '똠이'];

export function koreanName(i: number): string {
  return FAMILY[i % FAMILY.length]! + GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]!;
}

export function signerEmail(i: number): string {
  return `signer${i}@example.com`;
}

/** n valid rows: name,email,field:amount. */
export function signersCsv(n: number, extraRows: string[] = []): string {
  const lines = ['name,email,language,field:amount'];
  for (let i = 1; i <= n; i++) lines.push(`${koreanName(i)},${signerEmail(i)},ko,${1000 + i}`);
  return lines.concat(extraRows).join('\n') + '\n';
}

export function writeSigners(path: string, n: number, extraRows: string[] = []): void {
  writeFileSync(path, signersCsv(n, extraRows));
}

export type ResultRecord = Record<
  'row' | 'line' | 'name' | 'contact' | 'status' | 'workflow_id' | 'token' | 'result' | 'result_code' | 'message' | 'batch' | 'session_id' | 'sent_at',
  string
>;

export function readResults(path: string): { bom: boolean; header: string[]; rows: ResultRecord[] } {
  const text = readFileSync(path, 'utf8');
  const bom = text.startsWith('\uFEFF');
  const records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
  const header = records[0]!;
  const rows = records.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) as ResultRecord);
  return { bom, header, rows };
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
