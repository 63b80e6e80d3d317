/**
 * The columns a results file keeps when send writes it again (src/io/results-keep.ts):
 * which old row's cells a new row gets, when rows stayed, moved, went, or changed hands.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeptColumns } from '../../src/io/results-keep.js';
import { writeResultsFile, type ResultRow } from '../../src/io/results-writer.js';
import { loadMessages } from '../../src/ui/i18n.js';

await loadMessages();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'results-keep-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'row,line,name,contact,status,workflow_id,token,result,result_code,message,batch,session_id,sent_at';

/** A results file: [contact, workflow_id, reminded_at, note] per row. */
function results(rows: [string, string, string, string][]): string {
  const path = join(dir, 'r.csv');
  const lines = [`\uFEFF${HEADER},reminded_at,Note`];
  rows.forEach(([contact, wid, reminded, note], i) =>
    lines.push(`${i + 1},${i + 2},n,${contact},${wid ? 'sent' : 'not_sent'},${wid},,,,,,,,${reminded},${note}`),
  );
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

async function keep(path: string, rows: [string, string][]): Promise<string[][]> {
  const kept = (await KeptColumns.open(path))!;
  try {
    await kept.ready(rows.length);
    return rows.map(([contact, wid]) => kept.take(contact, wid));
  } finally {
    await kept.close();
  }
}

describe('the columns kept from the results file replaced', () => {
  it('are the columns send does not write, in their order and spelling', async () => {
    const kept = await KeptColumns.open(results([['a@x.co', 'W1', 't1', 'x']]));
    expect(kept!.names).toEqual(['reminded_at', 'Note']);
    await kept!.close();
    const path = join(dir, 'plain.csv');
    writeFileSync(path, `${HEADER}\r\n1,2,n,a@x.co,sent,W1,,,,,,,\r\n`);
    expect(await KeptColumns.open(path)).toBeUndefined();
  });

  it('rows in place keep their cells; rows sent since keep their own notes', async () => {
    const path = results([
      ['a@x.co', 'W1', 't1', 'note a'],
      ['b@x.co', '', '', 'note b'],
      ['c@x.co', 'W3', 't3', "'=formula"],
    ]);
    expect(await keep(path, [['A@X.co', 'W1'], ['b@x.co', 'W2'], ['c@x.co', 'W3']])).toEqual([
      ['t1', 'note a'],
      ['', 'note b'],
      ['t3', "'=formula"],
    ]);
  });

  it('a row inserted or removed: the others find theirs in the window', async () => {
    const path = results([
      ['a@x.co', 'W1', 't1', 'a'],
      ['b@x.co', 'W2', 't2', 'b'],
      ['c@x.co', 'W3', 't3', 'c'],
    ]);
    expect(await keep(path, [['new@x.co', 'W9'], ['a@x.co', 'W1'], ['c@x.co', 'W3']])).toEqual([
      ['', ''],
      ['t1', 'a'],
      ['t3', 'c'],
    ]);
  });

  it('a row whose contact or document changed gets nothing of another’s', async () => {
    const path = results([
      ['a@x.co', 'W1', 't1', 'a'],
      ['b@x.co', 'W2', 't2', 'b'],
    ]);
    expect(await keep(path, [['a@x.co', 'W1'], ['z@x.co', 'W7']])).toEqual([
      ['t1', 'a'],
      ['', ''],
    ]);
    expect(await keep(path, [['a@x.co', 'W5'], ['b@x.co', '']])).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('a file that is not a results file cannot be opened (send then keeps it aside)', async () => {
    const path = join(dir, 'junk.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(KeptColumns.open(path)).rejects.toThrow(/row, status, workflow_id/);
  });

  it('are written back as they were read, control characters removed as from every cell (CSV and .xlsx)', async () => {
    const hostile = '\u202Eevil\u001b[31m red\u0007';
    const path = results([['a@x.co', 'W1', 't1', 'x']]);
    const [kept] = await keep(path, [['a@x.co', 'W1']]);
    expect(kept).toEqual(['t1', 'x']);
    const row: ResultRow = {
      row: 1,
      line: 2,
      name: 'n',
      contact: 'a@x.co',
      outcome: { status: 'sent', workflow_id: 'W1', token: 'T', result: 'OK', result_code: '00', message: '', batch: 1, session_id: 's', sent_at: '' },
      kept: [hostile, "'=1+1"],
    };
    await writeResultsFile(join(dir, 'out.csv'), [[row]], { bom: false, kept: ['reminded_at', 'Note'] });
    const line = readFileSync(join(dir, 'out.csv'), 'utf8').split('\r\n')[1]!;
    // The note's protective quote stays as it was read (not doubled); the escape and the bidi override are gone.
    expect(line.endsWith(",evil[31m red,'=1+1")).toBe(true);

    await writeResultsFile(join(dir, 'out.xlsx'), [[row]], { bom: false, kept: ['reminded_at', 'Note'] });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'out.xlsx'));
    const cells = (book.worksheets[0]!.getRow(2).values as ExcelJS.CellValue[]).slice(-2);
    // In a workbook a text cell is never a formula: the note is the text itself.
    expect(cells).toEqual(['evil[31m red', '=1+1']);
  });
});
