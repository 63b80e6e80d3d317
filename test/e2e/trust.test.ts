/**
 * Never send twice, never lose a result: kills, interrupts, every emulator fault,
 * and resumes, through the built CLI. After each story the same invariants are
 * checked against the emulator's own record of what it created.
 */
import { appendFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { answeredBatches, finished, runCli, spawnCli, tempDir, until, waitForStderr, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv } from '../helpers/emulator.js';
import { countBy, readResults, writeSigners, type ResultRecord } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const opts = (extra: Record<string, string | undefined> = {}): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, extra) });
const send = (...args: string[]) => runCli(['send', 'signers.csv', '--yes', ...args], opts());
const results = (): ResultRecord[] => readResults(join(dir.path, 'signers.results.csv')).rows;

/**
 * The exactly-once invariants: no contact has two documents; every document the
 * server made is in the results file as `sent` with its id — or, when the answer
 * never reached us, as `unknown`; every row has a final status.
 */
function checkInvariants(n: number): { rows: ResultRecord[]; unknownWithDocument: number } {
  const rows = results();
  expect(rows).toHaveLength(n);
  const state = emu.state();
  for (const [contact, count] of Object.entries(state.per_contact)) expect(count, contact).toBeLessThanOrEqual(1);
  const byContact = new Map(rows.map((r) => [r.contact, r]));
  let unknownWithDocument = 0;
  for (const doc of state.documents) {
    const row = byContact.get(doc.contact);
    expect(row, `document ${doc.workflow_id} for ${doc.contact}`).toBeDefined();
    if (row!.status === 'unknown') unknownWithDocument++;
    else {
      expect(row!.status).toBe('sent');
      expect(row!.workflow_id).toBe(doc.workflow_id);
    }
  }
  for (const row of rows) {
    expect(['sent', 'failed', 'unknown', 'not_sent', 'invalid', 'skipped_duplicate']).toContain(row.status);
    if (row.status === 'sent') expect(state.per_contact[row.contact]).toBe(1);
    if (row.status !== 'sent') expect(row.message).not.toBe('');
  }
  return { rows, unknownWithDocument };
}

/** How many batches the send's journal records as answered. */
function doneBatches(): number {
  return answeredBatches(join(dir.path, 'signers.results.csv.journal'));
}

function everyoneExactlyOnce(n: number): void {
  const { rows } = checkInvariants(n);
  expect(countBy(rows, (r) => r.status)).toEqual({ sent: n });
  expect(emu.state().documents).toHaveLength(n);
}

describe('crashes and interrupts', () => {
  it('kill -9 mid-run, then --resume: nothing twice, no result lost', async () => {
    const n = 400;
    writeSigners(join(dir.path, 'signers.csv'), n);
    // Slow enough that the kill lands before the next batches are answered, although the
    // journal is polled (no progress line a batch without a terminal to wait for).
    emu.setFaults({ latency_ms: 400 });
    const child = spawnCli(['send', 'signers.csv', '--yes', '--batch-size', '20', '--concurrency', '2'], opts());
    const done = finished(child);
    await until(() => doneBatches() >= 4);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const before = emu.state().documents.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(n);

    emu.setFaults({ latency_ms: 0 });
    const resumed = await send('--resume', '--batch-size', '20');
    expect([0, 1]).toContain(resumed.code);
    const { rows, unknownWithDocument } = checkInvariants(n);
    expect(unknownWithDocument).toBe(0); // the emulator drops a request whose client died before it was processed
    const unknown = rows.filter((r) => r.status === 'unknown');
    expect(resumed.code).toBe(unknown.length > 0 ? 1 : 0);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'unknown')).toEqual([]);
    for (const row of unknown) expect(emu.state().per_contact[row.contact]).toBeUndefined();

    // Having checked eSignon (here: the emulator) that the unknown rows have no document, re-send them.
    const retried = await send('--resume', '--retry-unknown');
    expect(retried.code).toBe(0);
    everyoneExactlyOnce(n);
  });

  it('Ctrl-C: batches in flight finish, exit 130 with the resume command; resume completes exactly once', async () => {
    const n = 300;
    writeSigners(join(dir.path, 'signers.csv'), n);
    emu.setFaults({ latency_ms: 100 });
    const child = spawnCli(['send', 'signers.csv', '--yes', '--batch-size', '20'], opts());
    const done = finished(child);
    // Without a terminal, progress is one line every few seconds: watch the emulator instead.
    await until(() => emu.state().documents.length >= 40);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('esignon-bulk send signers.csv --batch-size 20 --resume');
    const rows = results();
    const counts = countBy(rows, (x) => x.status);
    expect(counts.unknown).toBeUndefined(); // in-flight batches were waited for
    expect(counts.sent).toBeGreaterThan(0);
    expect(counts.not_sent).toBeGreaterThan(0);
    expect(emu.state().documents).toHaveLength(counts.sent!);

    emu.setFaults({ latency_ms: 0 });
    const resumed = await send('--resume');
    expect(resumed.code).toBe(0);
    everyoneExactlyOnce(n);
  });

  it('kill -HUP (a dropped session) is an interrupt like SIGTERM: batches in flight finish, results written, exit 130', async () => {
    const n = 200;
    writeSigners(join(dir.path, 'signers.csv'), n);
    emu.setFaults({ latency_ms: 100 });
    const child = spawnCli(['send', 'signers.csv', '--yes', '--batch-size', '10', '--concurrency', '2'], opts());
    const done = finished(child);
    await until(() => doneBatches() >= 3);
    child.kill('SIGHUP');
    const r = await done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGHUP: no new batch will start/);
    const counts = countBy(results(), (x) => x.status);
    expect(counts.unknown).toBeUndefined();
    expect(counts.not_sent).toBeGreaterThan(0);
    expect(emu.state().documents).toHaveLength(counts.sent!);

    emu.setFaults({ latency_ms: 0 });
    expect((await send('--resume')).code).toBe(0);
    everyoneExactlyOnce(n);
  });

  it('SIGHUP while the results file is written: it is still written whole, exit 130', async () => {
    const n = 60_000;
    writeSigners(join(dir.path, 'signers.csv'), n);
    const child = spawnCli(['send', 'signers.csv', '--yes', '--limit', '10', '--no-preflight'], opts());
    const done = finished(child);
    await waitForStderr(child, (text) => /batch 1\/1/.test(text));
    child.kill('SIGHUP');
    const r = await done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGHUP: no batch is in flight; writing the results file first/);
    expect(countBy(results(), (x) => x.status)).toEqual({ sent: 10, not_sent: n - 10 });
  });

  it('a second Ctrl-C leaves at once: exit 130, the batch in flight unknown; no one is sent twice', async () => {
    const n = 40;
    writeSigners(join(dir.path, 'signers.csv'), n);
    emu.setFaults({ latency_ms: 20_000 });
    const child = spawnCli(['send', 'signers.csv', '--yes', '--batch-size', '20', '--concurrency', '1', '--no-preflight'], opts());
    child.stdin!.end();
    const done = finished(child);
    const deadline = Date.now() + 20_000;
    while (bulkRequests(emu) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const interrupted = Date.now();
    const warned = waitForStderr(child, (text) => /no new batch will start/.test(text));
    child.kill('SIGINT');
    await warned;
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(Date.now() - interrupted).toBeLessThan(15_000); // it did not wait for the batch in flight
    expect(r.stderr).toContain('stopped at once');
    expect(r.stderr).toContain('esignon-bulk send signers.csv --batch-size 20 --concurrency 1 --no-preflight --resume');
    expect(emu.state().documents).toHaveLength(0);

    emu.setFaults({ latency_ms: 0 });
    const resumed = await send('--resume', '--no-preflight');
    expect(resumed.code).toBe(1); // the batch that was in flight may have been processed: unknown
    expect(countBy(results(), (x) => x.status)).toEqual({ unknown: 20, sent: 20 });
    const retried = await send('--resume', '--retry-unknown', '--no-preflight');
    expect(retried.code).toBe(0);
    everyoneExactlyOnce(n);
  });

  it('a torn journal line from a crash is tolerated on resume', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 60);
    expect((await send('--limit', '20')).code).toBe(0);
    appendFileSync(join(dir.path, 'signers.results.csv.journal'), '{"t":"inflight","b":9,"si');
    const r = await send('--resume');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cut short/);
    everyoneExactlyOnce(60);
  });
});

describe('faults', () => {
  it('11 on one request: that batch fails; plain resume sends nothing; --retry-failed completes', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 150);
    emu.setFaults({ fail_requests: [2] });
    expect((await send('--concurrency', '1')).code).toBe(1);
    expect(countBy(results(), (r) => r.status)).toEqual({ sent: 100, failed: 50 });
    const requests = bulkRequests(emu);
    const plain = await send('--resume');
    expect(plain.code).toBe(1);
    expect(bulkRequests(emu)).toBe(requests);
    expect((await send('--resume', '--retry-failed')).code).toBe(0);
    everyoneExactlyOnce(150);
  });

  it.each([
    { name: 'quota then 13', fault: { quota: 120 }, clear: { quota: null }, code: '13' },
    { name: 'expired 14', fault: { expired: true }, clear: { expired: false }, code: '14' },
    { name: 'storage 12', fault: { storage_full: true }, clear: { storage_full: false }, code: '12' },
    { name: 'token rejected 401', fault: { reject_tokens: true }, clear: { reject_tokens: false }, code: 'http_401' },
  ])('$name stops the run (exit 4); after the cause is fixed, resume completes exactly once', async ({ fault, clear, code }) => {
    writeSigners(join(dir.path, 'signers.csv'), 200);
    emu.setFaults(fault);
    // Without the pre-flight, so that the fault meets the run mid-way, as it would in real life.
    const r = await send('--concurrency', '1', '--no-preflight');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toContain('--resume');
    const rows = checkInvariants(200).rows;
    expect(rows.every((x) => x.status === 'sent' || x.status === 'not_sent')).toBe(true);
    emu.setFaults(clear);
    expect((await send('--resume')).code).toBe(0);
    everyoneExactlyOnce(200);
  });

  it('401 says how to renew the token', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    emu.setFaults({ reject_tokens: true });
    const r = await send();
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('esignon-bulk login');
    expect(bulkRequests(emu)).toBe(0); // the pre-flight found out before anything was sent
    const midRun = await send('--no-preflight');
    expect(midRun.code).toBe(4);
    expect(midRun.stderr).toContain('esignon-bulk login');
  });

  it.each([
    { name: '429', fault: { http429: { count: 2, retry_after: '1' } } },
    { name: '503', fault: { http503: { count: 2, retry_after: '0' } } },
  ])('$name with Retry-After is retried automatically: everything sent once', async ({ fault }) => {
    writeSigners(join(dir.path, 'signers.csv'), 100);
    emu.setFaults(fault);
    const r = await send('--concurrency', '1');
    expect(r.code).toBe(0);
    expect(bulkRequests(emu)).toBe(2 + 2);
    everyoneExactlyOnce(100);
  });

  it.each([
    { name: 'dropped before processing', fault: { drop_before: { count: 1 } }, made: false },
    { name: 'dropped after processing', fault: { drop_after: { count: 1 } }, made: true },
    { name: 'HTTP 500 after processing', fault: { http500_after: { count: 1 } }, made: true },
  ])('$name: the batch is unknown, never re-sent by a plain resume', async ({ fault, made }) => {
    writeSigners(join(dir.path, 'signers.csv'), 100);
    emu.setFaults(fault);
    const r = await send('--concurrency', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--retry-unknown');
    const first = checkInvariants(100);
    expect(countBy(first.rows, (x) => x.status)).toEqual({ unknown: 50, sent: 50 });
    expect(first.unknownWithDocument).toBe(made ? 50 : 0);
    const requests = bulkRequests(emu);
    const again = await send('--resume');
    expect(again.code).toBe(1);
    expect(bulkRequests(emu)).toBe(requests);
    checkInvariants(100);
  });

  it('a response timeout makes the batch unknown and is not retried', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 10);
    emu.setFaults({ latency_ms: 1500 });
    const r = await send('--response-timeout', '0.3');
    expect(r.code).toBe(1);
    expect(bulkRequests(emu)).toBe(1);
    expect(countBy(results(), (x) => x.status)).toEqual({ unknown: 10 });
    expect(results()[0]!.message).toMatch(/timeout/);
  });

  it.each([
    { concurrency: 1, batches: 3 },
    { concurrency: 4, batches: 4 },
  ])('a server that never answers (concurrency $concurrency): the run stops after $batches batches without an answer, the rest not_sent, exit 4', async ({ concurrency, batches }) => {
    writeSigners(join(dir.path, 'signers.csv'), 200);
    emu.setFaults({ latency_ms: 60_000 });
    const started = Date.now();
    const r = await send('--batch-size', '10', '--concurrency', String(concurrency), '--response-timeout', '0.3', '--no-preflight');
    expect(r.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(20_000);
    // Only the batches that reached the server are unknown; none left after the streak.
    expect(bulkRequests(emu)).toBe(batches);
    expect(countBy(results(), (x) => x.status)).toEqual({ unknown: batches * 10, not_sent: 200 - batches * 10 });
    expect(results().find((x) => x.status === 'not_sent')!.message).toMatch(/no answer to \d+ batches in a row/);
    expect(r.stderr).toMatch(/the run stopped: no answer to \d+ batches in a row/);
    expect(r.stderr).toMatch(/stopped answering.*--resume sends the rest/);
    expect(r.stderr).toMatch(/to continue: esignon-bulk send signers.csv --batch-size 10 .*--resume/);

    // Once the server answers again, --resume sends the rest and leaves the unknown rows alone.
    emu.setFaults({ latency_ms: 0 });
    const resumed = await send('--resume', '--batch-size', '10');
    expect(resumed.code).toBe(1);
    expect(countBy(results(), (x) => x.status)).toEqual({ unknown: batches * 10, sent: 200 - batches * 10 });
  });

  it('one batch without an answer among answered ones does not stop the run', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 100);
    emu.setFaults({ drop_after: { count: 2 } });
    const r = await send('--batch-size', '10', '--concurrency', '1');
    expect(r.code).toBe(1);
    expect(countBy(results(), (x) => x.status)).toEqual({ unknown: 20, sent: 80 });
  });

  it('an unreachable server: retried, then the run stops with not_sent (exit 4); resume later sends', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 30);
    writeFileSync(join(dir.path, 'esignon-bulk.config.json'), JSON.stringify({ max_retries: 1 }));
    const closed = await emulator();
    const deadUrl = closed.url;
    await closed.close();
    const r = await runCli(['send', 'signers.csv', '--yes', '--api-url', deadUrl], opts());
    expect(r.code).toBe(4);
    expect(countBy(results(), (x) => x.status)).toEqual({ not_sent: 30 });
    expect((await send('--resume')).code).toBe(0);
    everyoneExactlyOnce(30);
  });
});

describe('resume guards', () => {
  it('refuses to resume when the input changed (exit 2), unless --force', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 40);
    expect((await send('--limit', '10')).code).toBe(0);
    writeSigners(join(dir.path, 'signers.csv'), 41);
    const r = await send('--resume');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input file/);
    expect(bulkRequests(emu)).toBe(1);
    const forced = await send('--resume', '--force');
    expect(forced.code).toBe(0);
    everyoneExactlyOnce(41);
  });

  it('refuses to resume when the template changed', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 20);
    expect((await send('--limit', '5')).code).toBe(0);
    const r = await runCli(['send', 'signers.csv', '--yes', '--resume', '--no-preflight', '--workflow-lib-id', 'SANDBOX-BULK-2'], opts());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/template/);
  });

  it('refuses a second process on the same results file', async () => {
    // 50 batches at 150 ms: the first run is still sending when the second one has
    // started and done its own pre-flight (1123Q, company, docs, 150 ms each), even on a
    // busy machine (200 rows left a 1.5 s window, which a loaded 2-core machine missed).
    writeSigners(join(dir.path, 'signers.csv'), 1000);
    emu.setFaults({ latency_ms: 150 });
    const first = spawnCli(['send', 'signers.csv', '--yes', '--batch-size', '20', '--concurrency', '1'], opts());
    const firstDone = finished(first);
    await until(() => doneBatches() >= 1);
    const second = await send('--resume');
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/PID \d+/);
    emu.setFaults({ latency_ms: 0 });
    expect((await firstDone).code).toBe(0);
    everyoneExactlyOnce(1000);
  });

  it('takes over a stale lock left by a dead process', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    writeFileSync(join(dir.path, 'signers.results.csv.lock'), '999999\n');
    expect((await send()).code).toBe(0);
    expect(existsSync(join(dir.path, 'signers.results.csv.lock'))).toBe(false);
  });

  it('--resume on a first run just starts; on a finished run it sends nothing', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 25);
    expect((await send('--resume')).code).toBe(0);
    expect((await send('--resume')).code).toBe(0);
    expect(bulkRequests(emu)).toBe(1);
    everyoneExactlyOnce(25);
  });

  it('a results file without its journal cannot be resumed', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    writeFileSync(join(dir.path, 'signers.results.csv'), 'row\n');
    const r = await send('--resume');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/journal/);
  });
});

describe('progress that cannot be recorded', () => {
  it('a full disk stops the run at once with exit 5, the ids received are printed and saved; resume afterwards completes exactly once', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 400);
    const state = join(dir.path, 'state');
    const inputSize = statSync(join(dir.path, 'signers.csv')).size;
    // RLIMIT_FSIZE: a write past the limit fails with EFBIG, as on a full disk. The private copy
    // of the input fits; the journal outgrows it after a few batches, the results file at once.
    const r = await runCli(['send', 'signers.csv', '--yes', '--batch-size', '20', '--concurrency', '1'], {
      ...opts({ XDG_STATE_HOME: state }),
      wrapper: ['prlimit', `--fsize=${inputSize + 3000}`],
    });
    expect(r.stderr).toMatch(/cannot record progress/);
    expect(r.code).toBe(5);
    // The results file could not be written either: it is absent, never torn.
    expect(existsSync(join(dir.path, 'signers.results.csv'))).toBe(false);
    const made = emu.state().documents;
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThan(400);
    // No batch left after the failure: at most the one whose outcome could not be written.
    expect(bulkRequests(emu)).toBeLessThanOrEqual(made.length / 20 + 1);
    // The ids of the batch whose outcome the journal could not take are on standard error.
    const printed = [...r.stderr.matchAll(/row (\d+) \((\S+)\): workflow_id (\d+)/g)];
    expect(printed.length).toBeGreaterThan(0);
    for (const [, , contact, wid] of printed) expect(made.find((d) => d.contact === contact)?.workflow_id).toBe(wid);
    expect(r.stderr).toMatch(/saved to .*rescue\.ndjson/);

    const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts({ XDG_STATE_HOME: state }));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/restored from/);
    everyoneExactlyOnce(400);
    expect(readdirSync(join(state, 'esignon-bulk', 'rescued'))).toEqual([]);
  });
});
