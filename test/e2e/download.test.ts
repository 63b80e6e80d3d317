/**
 * `download` end to end: the built CLI against the emulator, no terminal. Documents
 * are made by a 1410Q written by hand (test/helpers/documents.ts) and signed through
 * the emulator, so these tests depend on the `download` command only. Each test checks
 * the exit code, the files and their bytes (against the emulator's own, emulatorPdf),
 * the manifest, and how often the emulator served each file.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatorPdf, type RunningEmulator } from '../../src/emulator/server.js';
import { finished, runCli, spawnCli, tempDir, waitForStderr } from '../helpers/cli.js';
import { makeDocuments, writeResultsFile, type MadeDocument } from '../helpers/documents.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';
import { common, post, COMMON } from '../helpers/emulator-http.js';
import { koreanName } from '../helpers/signers.js';
import { parse } from 'csv-parse/sync';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir('esb-download-');
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const OUT = () => join(dir.path, 'pdf');

const download = (args: string[] = [], env: Record<string, string | undefined> = {}) =>
  runCli(['download', 'signers.results.csv', '--dir', 'pdf', ...args], { cwd: dir.path, env: emulatorEnv(emu, env), timeoutMs: 120_000 });

/** `n` documents, signed when `signed(i)` (default all), and their results file. */
async function prepare(names: readonly string[], signed: (i: number) => boolean = () => true): Promise<MadeDocument[]> {
  const docs = await makeDocuments(emu, names);
  docs.forEach((d, i) => {
    if (signed(i + 1)) expect(emu.sign(d.workflow_id)).toBe(true);
  });
  writeResultsFile(join(dir.path, 'signers.results.csv'), docs.map((d) => ({ row: d.row, name: d.name, contact: d.contact, workflow_id: d.workflow_id })));
  return docs;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface ManifestLine {
  row: string;
  workflow_id: string;
  file: string;
  bytes: string;
  sha256: string;
  downloaded_at: string;
}

function manifest(): ManifestLine[] {
  const text = readFileSync(join(OUT(), 'manifest.csv'), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const records = parse(text.slice(1)) as string[][];
  expect(records[0]).toEqual(['row', 'workflow_id', 'file', 'bytes', 'sha256', 'downloaded_at']);
  return records.slice(1).map((c) => ({ row: c[0]!, workflow_id: c[1]!, file: c[2]!, bytes: c[3]!, sha256: c[4]!, downloaded_at: c[5]! }));
}

/** Every file of these documents is in the folder with the emulator's bytes, and the manifest says so. */
function expectAllSaved(docs: readonly MadeDocument[], name: (d: MadeDocument) => string = (d) => `${d.row}-${d.name}-${d.workflow_id}`): void {
  const lines = new Map(manifest().map((l) => [l.file, l]));
  for (const d of docs) {
    for (const kind of ['document', 'certificate'] as const) {
      const file = `${name(d)}${kind === 'certificate' ? '-certificate' : ''}.pdf`;
      const bytes = readFileSync(join(OUT(), file));
      const expected = emulatorPdf(d.workflow_id, kind);
      expect(bytes.equals(expected), file).toBe(true);
      expect(lines.get(file), file).toMatchObject({ row: String(d.row), workflow_id: d.workflow_id, bytes: String(expected.length), sha256: sha256(expected) });
    }
  }
}

/** What is in the folder besides the PDFs and the manifest (temporary files, the lock). */
function leftovers(): string[] {
  return readdirSync(OUT()).filter((f) => !f.endsWith('.pdf') && f !== 'manifest.csv');
}

const served = (): Record<string, number> => emu.state().requests.files;
const sumServed = (): number => Object.values(served()).reduce((a, b) => a + b, 0);

describe('download', () => {
  it('without a terminal, progress is a line at the start, one every five seconds and one at the end, not one a document', async () => {
    await prepare(Array.from({ length: 300 }, (_, i) => koreanName(i + 1)));
    emu.setFaults({ latency_ms: 10 });
    const started = Date.now();
    const r = await download();
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => /^documents \d+\/300,/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 1);
    expect(lines.at(-1)).toBe('documents 300/300, 600 files saved');
    expect(r.stderr.split('\n').length).toBeLessThan(20);
  });

  it('1,000 completed documents: 2,000 files with the emulator bytes and a manifest; a second run fetches nothing', async () => {
    const docs = await prepare(Array.from({ length: 1000 }, (_, i) => koreanName(i + 1)));
    const r = await download(['--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ command: 'download', exit_code: 0, documents: 1000, complete: 1000, files_downloaded: 2000, files_present: 0, failed: 0, skipped: {} });
    expect(readdirSync(OUT()).filter((f) => f.endsWith('.pdf'))).toHaveLength(2000);
    expect(leftovers()).toEqual([]);
    expectAllSaved(docs);
    const lines = manifest();
    expect(lines).toHaveLength(2000);
    expect(lines.map((l) => Number(l.row))).toEqual(docs.flatMap((d) => [d.row, d.row])); // in row order
    for (const l of lines) expect(l.downloaded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.values(served()).every((n) => n === 1)).toBe(true);
    expect(Object.keys(served())).toHaveLength(2000);
    expect(emu.state().requests.by_code.workflows).toBe(1000);

    const again = await download();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 files downloaded now, 2000 already there');
    expect(sumServed()).toBe(2000);
    expect(emu.state().requests.by_code.workflows).toBe(1000); // nothing to fetch: nothing looked up
  }, 180_000);

  it('kill -9 midway, then again: no file fetched twice, no partial file under a final name, every file right', async () => {
    const docs = await prepare(Array.from({ length: 400 }, (_, i) => koreanName(i + 1)));
    emu.setFaults({ latency_ms: 5 });
    const child = spawnCli(['download', 'signers.results.csv', '--dir', 'pdf', '--concurrency', '4'], { cwd: dir.path, env: emulatorEnv(emu) });
    child.stdin!.end();
    const done = finished(child, 120_000);
    const manifestPath = join(OUT(), 'manifest.csv');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8').split('\n').length < 150)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    // Every name in the folder holds a whole PDF; a download cut short is a .part file.
    const pdfs = readdirSync(OUT()).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    expect(pdfs.length).toBeLessThan(800);
    const byName = new Map(docs.flatMap((d) => [[`${d.row}-${d.name}-${d.workflow_id}.pdf`, emulatorPdf(d.workflow_id, 'document')], [`${d.row}-${d.name}-${d.workflow_id}-certificate.pdf`, emulatorPdf(d.workflow_id, 'certificate')]]));
    for (const f of pdfs) expect(readFileSync(join(OUT(), f)).equals(byName.get(f)!), f).toBe(true);
    expect(leftovers().every((f) => f.endsWith('.part') || f === 'manifest.csv.lock')).toBe(true);
    const before = served();

    emu.setFaults({ latency_ms: 0 });
    const r = await download();
    expect(r.code).toBe(0);
    expectAllSaved(docs);
    expect(leftovers()).toEqual([]);
    const after = served();
    // A file whose name was in the folder was not fetched again; every file was fetched at most once more.
    for (const d of docs) {
      for (const kind of ['document', 'certificate'] as const) {
        const key = `${d.workflow_id}/${kind}`;
        const name = `${d.row}-${d.name}-${d.workflow_id}${kind === 'certificate' ? '-certificate' : ''}.pdf`;
        const again = (after[key] ?? 0) - (before[key] ?? 0);
        if (pdfs.includes(name)) expect(again, name).toBe(0);
        else expect(again, name).toBeLessThanOrEqual(1);
      }
    }
    expect(sumServed() - Object.values(before).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(800 - pdfs.length);
  }, 180_000);

  it('skips documents that are not Complete and counts them by state; rows without a document are counted apart', async () => {
    const docs = await prepare(['가', '나', '다', '라', '마', '바'], (i) => i === 1 || i === 6);
    // Rows 2, 3: Playing. Row 4: cancelled (1510Q by hand). Row 5: the results file says Disposal.
    const cancel = await post(emu, COMMON, common('1510Q', { workflow_id: docs[3]!.workflow_id, command: 'CANCEL' }));
    expect(cancel.json.header.result_code).toBe('00');
    writeResultsFile(
      join(dir.path, 'signers.results.csv'),
      [
        ...docs.map((d) => ({ row: d.row, name: d.name, workflow_id: d.workflow_id, extra: { workflow_status: d.row === 5 ? 'Disposal' : d.row === 1 ? 'Playing' : '' } })),
        { row: 7, name: '사', status: 'failed', workflow_id: '' },
      ],
      ['workflow_status'],
    );
    const r = await download(['--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    // Row 1 says Playing in the file but was signed since: looked up, downloaded.
    expect(summary).toMatchObject({ documents: 6, complete: 2, files_downloaded: 4, skipped: { Playing: 2, Canceled: 1, Disposal: 1 }, rows_without_document: 1, failed: 0 });
    expectAllSaved([docs[0]!, docs[5]!]);
    expect(readdirSync(OUT()).filter((f) => f.endsWith('.pdf')).sort()).toHaveLength(4);
    expect(emu.state().requests.by_code.workflows).toBe(5); // the Disposal row was not looked up
    expect(r.stderr).toMatch(/not complete, skipped — Playing \(waiting for a signature\): 2/);

    // Signed later: the next run fetches just that one.
    expect(emu.sign(docs[1]!.workflow_id)).toBe(true);
    const again = await download(['--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ complete: 3, files_downloaded: 2, files_present: 4, skipped: { Playing: 1, Canceled: 1, Disposal: 1 } });
    expect(sumServed()).toBe(6);
  });

  it('names: Korean kept, NFC, slashes and reserved characters replaced, device names, long names cut by bytes, no collisions', async () => {
    const long = '가'.repeat(120); // 360 bytes of UTF-8
    const names = ['홍길동', 'a/b\\c:d*e?f"g<h>i|j', 'CON', 'nul.txt', '한\u1100\u1161'.normalize('NFD') + '글', long, 'Dot. ', '  spaced\tname  ', '홍길동'];
    const docs = await prepare(names);
    // The last row repeats the first row's number: its names would collide.
    writeResultsFile(
      join(dir.path, 'signers.results.csv'),
      docs.map((d, i) => ({ row: i === 8 ? 1 : d.row, name: d.name, workflow_id: i === 8 ? docs[0]!.workflow_id : d.workflow_id })).concat([{ row: 10, name: 'x', workflow_id: docs[8]!.workflow_id }]),
    );
    const r = await download(['--json']);
    expect(r.code).toBe(0);
    const files = readdirSync(OUT()).filter((f) => f.endsWith('.pdf') && !f.endsWith('-certificate.pdf'));
    const w = (i: number) => docs[i]!.workflow_id;
    expect(new Set(files)).toEqual(
      new Set([
        `1-홍길동-${w(0)}.pdf`, // row 9 names the same document again: once
        `2-a_b_c_d_e_f_g_h_i_j-${w(1)}.pdf`,
        `3-CON-${w(2)}.pdf`,
        `4-nul.txt-${w(3)}.pdf`,
        `5-${'한가글'.normalize('NFC')}-${w(4)}.pdf`,
        expect.stringMatching(new RegExp(`^6-가+-${w(5)}\\.pdf$`)),
        `7-Dot-${w(6)}.pdf`,
        `8-spaced name-${w(7)}.pdf`,
        `10-x-${w(8)}.pdf`,
      ]),
    );
    for (const f of readdirSync(OUT())) {
      expect(Buffer.byteLength(f), f).toBeLessThanOrEqual(200);
      expect(f).toBe(f.normalize('NFC'));
      expect(f).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]|[. ]$/);
    }
    const longName = files.find((f) => f.startsWith('6-'))!;
    expect(existsSync(join(OUT(), longName.replace(/\.pdf$/, '-certificate.pdf')))).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ documents: 9, complete: 9, files_downloaded: 18 });
  });

  it('retries what a GET may retry: a cut, a dropped connection, HTML instead of a PDF, 500, 503; an expired link is renewed', async () => {
    const docs = await prepare(['가', '나', '다']);
    // The file GETs are served in order: document then certificate of each document (one at a time).
    emu.setFaults({ file_fault: { mode: 'cut', requests: [1] } });
    const cut = await download(['--concurrency', '1', '--json']);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.stdout)).toMatchObject({ files_downloaded: 6, failed: 0 });
    expectAllSaved(docs);
    expect(emu.state().requests.by_code.files).toBe(7);

    for (const mode of ['drop', 'not_pdf', 'http500', 'http503', 'expired'] as const) {
      const before = emu.state().requests;
      emu.setFaults({ file_fault: { mode, count: 2 } });
      // Each run fetches row 1's two files again after they are spoiled on disk.
      writeFileSync(join(OUT(), `1-가-${docs[0]!.workflow_id}.pdf`), 'not what was downloaded');
      writeFileSync(join(OUT(), `1-가-${docs[0]!.workflow_id}-certificate.pdf`), '');
      const r = await download(['--concurrency', '1', '--json']);
      expect(r.code, `${mode}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout), mode).toMatchObject({ files_downloaded: 2, files_present: 4, failed: 0 });
      expectAllSaved(docs);
      const after = emu.state().requests;
      expect(after.by_code.files! - before.by_code.files!, mode).toBe(4);
      // Only an expired link asks for new ones (POST /workflow/download), once per refusal.
      expect((after.by_code.download ?? 0) - (before.by_code.download ?? 0), mode).toBe(mode === 'expired' ? 2 : 0);
    }
    expect(leftovers()).toEqual([]);
  });

  it('gives up on a file within a bound: exit 1, the row named, and the next run fetches only what is missing', async () => {
    const docs = await prepare(['가', '나']);
    // One retry: the first file's two tries both meet a 500.
    writeFileSync(join(dir.path, 'esignon-bulk.config.json'), JSON.stringify({ max_retries: 1 }));
    emu.setFaults({ file_fault: { mode: 'http500', requests: [1, 2] } });
    const r = await download(['--concurrency', '1', '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ complete: 1, failed: 1, files_downloaded: 3 });
    expect(summary.failures).toEqual([{ row: '1', workflow_id: docs[0]!.workflow_id, reason: 'the document did not download (HTTP 500)' }]);
    expect(r.stderr).toContain(`row 1 (${docs[0]!.workflow_id}): the document did not download (HTTP 500)`);
    expect(leftovers()).toEqual([]);

    const again = await download(['--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ complete: 2, files_downloaded: 1, files_present: 3 });
    expectAllSaved(docs);
  });

  it('a .part left by a crash after its manifest line is put in place; other .part files are removed', async () => {
    const docs = await prepare(['가', '나']);
    expect((await download()).code).toBe(0);
    const name = `1-가-${docs[0]!.workflow_id}.pdf`;
    const bytes = readFileSync(join(OUT(), name));
    // As if killed between the manifest line and the rename: the file is still a .part.
    writeFileSync(join(OUT(), `.${name}.4242-0123abcd.part`), bytes);
    writeFileSync(join(OUT(), `.2-나-${docs[1]!.workflow_id}.pdf.4243-89abcdef.part`), bytes.subarray(0, 100));
    rmSync(join(OUT(), name));
    const r = await download(['--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files_downloaded: 0, files_recovered: 1, files_present: 4 });
    expect(sumServed()).toBe(4);
    expectAllSaved(docs);
    expect(leftovers()).toEqual([]);
  });

  it('Ctrl-C: downloads in flight finish, exit 130 with the command to continue; SIGHUP the same; the next run completes', async () => {
    const docs = await prepare(Array.from({ length: 60 }, (_, i) => koreanName(i + 1)));
    emu.setFaults({ latency_ms: 60 });
    for (const signal of ['SIGINT', 'SIGHUP'] as const) {
      const base = sumServed();
      const child = spawnCli(['download', 'signers.results.csv', '--dir', 'pdf', '--concurrency', '2'], { cwd: dir.path, env: emulatorEnv(emu) });
      child.stdin!.end();
      const done = finished(child, 60_000);
      const deadline = Date.now() + 30_000;
      // Signalled once it is downloading (its handlers are in place by then).
      while (Date.now() < deadline && sumServed() < base + 10) await new Promise((r) => setTimeout(r, 10));
      const warned = waitForStderr(child, (text) => /no new download will start/.test(text));
      child.kill(signal);
      await warned;
      const r = await done;
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('esignon-bulk download signers.results.csv --dir pdf --concurrency 2');
      expect(leftovers()).toEqual([]); // the downloads in flight finished
      // Each document started was finished: both its files are there.
      const pdfs = readdirSync(OUT()).filter((f) => f.endsWith('.pdf'));
      expect(pdfs.length % 2).toBe(0);
      expect(pdfs.length).toBeLessThan(120);
    }
    emu.setFaults({ latency_ms: 0 });
    const r = await download();
    expect(r.code).toBe(0);
    expectAllSaved(docs);
    expect(Object.values(served()).every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('a refused token stops the run with exit 4; a folder that cannot be written, exit 5', async () => {
    await prepare(['가']);
    const refused = await download(['--json'], { ESIGNON_TOKEN: 'not-a-token' });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused the token/);
    expect(JSON.parse(refused.stdout)).toMatchObject({ exit_code: 4, failed: 0, complete: 0 }); // not done, not failed: the next run does it
    expect(sumServed()).toBe(0);

    if (process.getuid?.() !== 0) {
      // (root writes anywhere: the permission case only means something for other users)
      chmodSync(OUT(), 0o500);
      const denied = await download();
      chmodSync(OUT(), 0o700);
      expect(denied.code).toBe(5);
    }
    const full = await runCli(['download', 'signers.results.csv', '--dir', 'pdf'], { cwd: dir.path, env: emulatorEnv(emu), wrapper: ['prlimit', '--fsize=600'] });
    expect(full.code).toBe(5);
    expect(full.stderr).toMatch(/cannot write/);
    expect(leftovers().filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(readdirSync(OUT()).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });

  it('speaks Korean in a Korean locale, and --help has an example', async () => {
    await prepare(['홍길동'], () => false);
    const r = await download([], { LANG: 'ko_KR.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('완료되지 않아 건너뜀 — Playing (서명 대기 중): 1');
    const help = await runCli(['download', '--help'], { cwd: dir.path });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('esignon-bulk download signers.results.csv');
    expect(help.stdout).toContain('--dir <dir>');
    expect(help.stdout).toContain('--concurrency <n>');
  });

  it('reads a results workbook (.xlsx) as well, and the default folder is beside it', async () => {
    const docs = await makeDocuments(emu, ['가']);
    emu.sign(docs[0]!.workflow_id);
    const { writeResultsTable } = await import('../../src/io/xlsx-results.js');
    const { RESULT_COLUMNS } = await import('../../src/io/results-writer.js');
    const cells = ['1', '2', '가', docs[0]!.contact, 'sent', docs[0]!.workflow_id, '', 'OK', '00', '', '1', 's', '2026-01-02T03:04:05.000Z'];
    async function* rows() {
      yield [cells];
    }
    await writeResultsTable(join(dir.path, 'run.results.xlsx'), [...RESULT_COLUMNS], rows());
    const r = await runCli(['download', 'run.results.xlsx'], { cwd: dir.path, env: emulatorEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    const folder = join(dir.path, 'run.results-pdf');
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(readFileSync(join(folder, `1-가-${docs[0]!.workflow_id}.pdf`)).equals(emulatorPdf(docs[0]!.workflow_id, 'document'))).toBe(true);
  });
});
