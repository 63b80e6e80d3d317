/**
 * The input changed while a send reads it (the contract's "Never twice, across
 * everything": the input is read once as the user meant it). The file is rewritten in
 * place, replaced by a rename (as Excel saves) or appended to while batches are going
 * out: every row still gets its own person's id, nobody gets a second contract, and
 * the results file describes the file as it was when the send started. What a resume
 * does afterwards is the fingerprint's business: a changed input is refused.
 */
import { appendFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, runCli, spawnCli, tempDir, until, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { readResults, signerEmail, signersCsv } from '../helpers/signers.js';
import { exceljsWorkbook } from '../helpers/xlsx.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };
let tmp: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
  tmp = tempDir('esb-tmpdir-');
});

afterEach(async () => {
  await emu.close();
  dir.remove();
  tmp.remove();
});

const N = 300;
const opts = (): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, { TMPDIR: tmp.path }) });

/** Other people, and the same people in another order: what a second contract or a wrong id would come from. */
function otherCsv(): string {
  const lines = ['name,email,language,field:amount'];
  for (let i = N; i >= 1; i--) lines.push(`다른사람,${i % 3 === 0 ? `other${i}@example.com` : signerEmail(i)},ko,${9000 + i}`);
  return lines.join('\n') + '\n';
}

/**
 * Every row of the results is the original file's row, sent with the id the emulator
 * made for that very contact; every document is someone's of the original file, made
 * once; and the private copy of the input is gone.
 */
function everyoneOnceWithTheirOwnId(resultsFile: string): void {
  const rows = readResults(join(dir.path, resultsFile)).rows;
  expect(rows).toHaveLength(N);
  const state = emu.state();
  const byContact = new Map(state.documents.map((d) => [d.contact, d]));
  rows.forEach((row, i) => {
    expect(row.contact).toBe(signerEmail(i + 1));
    expect(row.status).toBe('sent');
    expect(row.workflow_id, row.contact).toBe(byContact.get(row.contact)?.workflow_id);
  });
  expect(state.documents).toHaveLength(N);
  for (const [contact, count] of Object.entries(state.per_contact)) expect(count, contact).toBe(1);
  expect(readdirSync(tmp.path)).toEqual([]);
}

/** Starts a slow send and runs `change` once a few batches have been answered. */
async function sendWhile(input: string, change: () => void, extra: string[] = []) {
  emu.setFaults({ latency_ms: 40 });
  const child = spawnCli(['send', input, '--yes', '--batch-size', '10', '--concurrency', '1', ...extra], opts());
  const done = finished(child);
  // Three batches answered (one at a time): the fourth is on its way.
  await until(() => bulkRequests(emu) >= 4);
  change();
  const r = await done;
  expect(bulkRequests(emu)).toBeLessThan(N / 10 + 1); // it was still sending when the file changed
  return r;
}

describe('the input changes during a send', () => {
  it('rewritten in place: every row keeps its own person; a resume then refuses the changed file', async () => {
    const input = join(dir.path, 'signers.csv');
    writeFileSync(input, signersCsv(N));
    const r = await sendWhile('signers.csv', () => writeFileSync(input, otherCsv()));
    expect(r.code, r.stderr).toBe(0);
    everyoneOnceWithTheirOwnId('signers.results.csv');

    const requests = bulkRequests(emu);
    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/input file is not the one this run started with/);
    expect(bulkRequests(emu)).toBe(requests);
  });

  it('replaced by a rename (as Excel saves): every row keeps its own person', async () => {
    const input = join(dir.path, 'signers.csv');
    writeFileSync(input, signersCsv(N));
    const r = await sendWhile('signers.csv', () => {
      writeFileSync(join(dir.path, 'signers.csv.new'), otherCsv());
      renameSync(join(dir.path, 'signers.csv.new'), input);
    });
    expect(r.code, r.stderr).toBe(0);
    everyoneOnceWithTheirOwnId('signers.results.csv');
  });

  it('appended to: the rows the send started with are sent, no crash; a resume refuses the longer file', async () => {
    const input = join(dir.path, 'signers.csv');
    writeFileSync(input, signersCsv(N));
    const r = await sendWhile('signers.csv', () => appendFileSync(input, `새사람,late@example.com,ko,1\n`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/This is a bug|doneOffset/);
    everyoneOnceWithTheirOwnId('signers.results.csv');
    expect(emu.state().per_contact['late@example.com']).toBeUndefined();

    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts());
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/input file is not the one/);
  });

  it('an .xlsx replaced by a rename: every row keeps its own person', async () => {
    const sheet = (rows: string[]) => [['name', 'email', 'language', 'field:amount'], ...rows.map((line) => line.split(','))];
    const original = signersCsv(N).trim().split('\n').slice(1);
    const other = otherCsv().trim().split('\n').slice(1);
    await exceljsWorkbook(join(dir.path, 'signers.xlsx'), { Sheet1: sheet(original) });
    await exceljsWorkbook(join(dir.path, 'other.xlsx'), { Sheet1: sheet(other) });
    const r = await sendWhile('signers.xlsx', () => renameSync(join(dir.path, 'other.xlsx'), join(dir.path, 'signers.xlsx')), ['--out', 'signers.results.csv']);
    expect(r.code, r.stderr).toBe(0);
    everyoneOnceWithTheirOwnId('signers.results.csv');
  });

  it('standard input is copied the same way, and the copy is gone afterwards', async () => {
    const r = await runCli(['send', '-', '--yes', '--out', 'from-stdin.csv'], { ...opts(), input: signersCsv(N) });
    expect(r.code, r.stderr).toBe(0);
    everyoneOnceWithTheirOwnId('from-stdin.csv');
  });
});
