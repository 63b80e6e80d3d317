/** What the first pass keeps for the later ones, and the CSV reader's row estimate that sizes it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateLines, RowClass, RowClasses } from '../../src/core/rows.js';
import { openCsv } from '../../src/io/csv-reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rows-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DuplicateLines', () => {
  it('answers the first line of each duplicate row, and nothing for the others', () => {
    const d = new DuplicateLines();
    expect(d.firstLine(1)).toBeUndefined();
    // More than the initial capacity, in ascending row order as the first pass adds them.
    for (let row = 3; row < 300; row += 3) d.push(row, row - 1);
    for (let row = 1; row < 300; row++) expect(d.firstLine(row)).toBe(row % 3 === 0 ? row - 1 : undefined);
  });
});

describe('RowClasses', () => {
  it('keeps a class a row and grows past its first kilobyte', () => {
    const c = new RowClasses();
    c.push(1, RowClass.Valid);
    c.push(5000, RowClass.Duplicate);
    expect(c.get(1)).toBe(RowClass.Valid);
    expect(c.get(5000)).toBe(RowClass.Duplicate);
    expect(c.get(2)).toBe(0);
  });
});

describe('CsvFile.estimatedRows', () => {
  it('counts the rows of a small file, less the header', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, 'name,email\n' + Array.from({ length: 10 }, (_, i) => `김${i},s${i}@example.com\n`).join(''));
    expect((await openCsv(path)).estimatedRows).toBeGreaterThanOrEqual(10);
    expect((await openCsv(path)).estimatedRows).toBeLessThanOrEqual(11);
  });

  it('scales the first 64 KB to the whole of a large file (here within 10 %: later rows are longer)', async () => {
    const path = join(dir, 'large.csv');
    const n = 20_000;
    await writeFile(path, 'name,email\n' + Array.from({ length: n }, (_, i) => `홍길동${i},signer${i}@example.com\n`).join(''));
    const estimate = (await openCsv(path)).estimatedRows;
    expect(Math.abs(estimate - n) / n).toBeLessThan(0.1);
  });
});
