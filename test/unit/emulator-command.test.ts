/** `esignon-bulk emulator`: what it prints, its flags, and that it stops cleanly. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorCommand, faultsFromOptions, type EmulatorCommandOptions } from '../../src/commands/emulator.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { UsageError } from '../../src/errors.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';
import { sendOk, signer } from '../helpers/emulator-http.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

class Sink {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

interface Run {
  stdout: Sink;
  stderr: Sink;
  emulator: RunningEmulator;
  stop: () => void;
  done: Promise<number>;
}

const running: Run[] = [];

async function run(opts: EmulatorCommandOptions): Promise<Run> {
  const stdout = new Sink();
  const stderr = new Sink();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let ready!: (e: RunningEmulator) => void;
  const isReady = new Promise<RunningEmulator>((resolve) => (ready = resolve));
  const done = emulatorCommand(opts, { stdout, stderr, stop: stopped, onReady: ready });
  const emulator = await Promise.race([isReady, done.then(() => Promise.reject(new Error('ended early')))]);
  const r = { stdout, stderr, emulator, stop, done };
  running.push(r);
  return r;
}

afterEach(async () => {
  setLang('en');
  for (const r of running.splice(0)) {
    r.stop();
    await r.done;
  }
});

describe('emulatorCommand', () => {
  it('prints one JSON line with the URL on stdout, the account and settings on stderr, and stops with 0', async () => {
    setLang('en');
    const r = await run({ port: 0, seed: 1 });
    const lines = r.stdout.text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const { url } = JSON.parse(lines[0]!) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toBe(r.emulator.url);
    for (const needle of [
      `ESIGNON_API_URL=${url}`,
      `ESIGNON_COMP_ID=${SANDBOX.comp_id}`,
      `ESIGNON_MEMB_EMAIL=${SANDBOX.memb_email}`,
      `ESIGNON_WORKFLOW_LIB_ID=${SANDBOX.workflow_lib_id}`,
      `ESIGNON_DOC_ID=${SANDBOX.doc_id}`,
      `ESIGNON_TOKEN=${SANDBOX.token}`,
    ]) {
      expect(r.stderr.text).toContain(needle);
    }
    const res = await fetch(`${url}/api/v2/docs/${SANDBOX.doc_id}`, {
      headers: { 'User-Agent': 'esignonapi', Authorization: `esignon ${SANDBOX.token}` },
    });
    expect(((await res.json()) as { header: { result_code: string } }).header.result_code).toBe('00');

    running.splice(running.indexOf(r), 1);
    r.stop();
    expect(await r.done).toBe(0);
    expect(r.stderr.text).toContain('emulator stopped');
    await expect(fetch(`${url}/__emulator/state`)).rejects.toThrow();
  });

  it('prints in Korean when the language is Korean', async () => {
    setLang('ko');
    const r = await run({ port: 0 });
    expect(r.stderr.text).toContain('에뮬레이터');
  });

  it('switches on the faults of --faults and the shorthand flags, the flags winning', async () => {
    const r = await run({ port: 0, faults: '{"latency_ms": 1, "quota": 100, "http429": {"count": 2}}', latency: 3, failRate: 0.25 });
    const faults = r.emulator.state().faults;
    expect(faults).toMatchObject({ latency_ms: 3, quota: 100, fail_rate: 0.25, http429: { count: 2, retry_after: '1' } });
    expect(r.stderr.text).toContain('"quota":100');
  });

  it.each([
    ['an unknown fault', { faults: '{"latency": 5}' }, /latency/],
    ['a nested unknown key', { faults: '{"drop_before": {"cnt": 1}}' }, /drop_before.*cnt/],
    ['a wrong type', { faults: '{"expired": "yes"}' }, /faults\.expired/],
    ['a rate above 1', { faults: '{"fail_rate": 1.5}' }, /faults\.fail_rate/],
    ['not JSON', { faults: '{latency_ms: 5}' }, /JSON/],
    ['a JSON array', { faults: '[1]' }, /object/],
    ['a bad --fail-rate', { failRate: 2 }, /--fail-rate/],
    ['a bad --latency', { latency: -1 }, /--latency/],
    ['a bad --quota', { quota: 1.5 }, /--quota/],
  ] as const)('refuses %s with a UsageError naming it', (_name, opts, pattern) => {
    setLang('en');
    let error: unknown;
    try {
      faultsFromOptions(opts);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(pattern);
  });

  it('refuses a bad --port or --seed before starting anything', async () => {
    await expect(emulatorCommand({ port: 70000 }, { stdout: new Sink(), stderr: new Sink() })).rejects.toThrow(UsageError);
    await expect(emulatorCommand({ port: 1.5 }, { stdout: new Sink(), stderr: new Sink() })).rejects.toThrow(/--port/);
    await expect(emulatorCommand({ port: 0, seed: 0.5 }, { stdout: new Sink(), stderr: new Sink() })).rejects.toThrow(/--seed/);
  });

  it('names the 2단계 C sandbox template and every fault in its hints', async () => {
    setLang('en');
    const r = await run({ port: 0 });
    expect(r.stderr.text).toContain(SANDBOX.customer_b_workflow_lib_id);
    let error: unknown;
    try {
      faultsFromOptions({ faults: '{"reversed": true}' });
    } catch (err) {
      error = err;
    }
    const hints = (error as UsageError).details.join(' ');
    for (const name of ['reverse_order', 'undocumented_code', 'missing_header_fields', 'numbers_for_strings', 'search_cap', 'http500_after']) {
      expect(hints).toContain(name);
    }
  });

  it('--state keeps the documents in a file between runs', async () => {
    setLang('en');
    const dir = mkdtempSync(join(tmpdir(), 'emu-cmd-'));
    try {
      const file = join(dir, 'sandbox-state.json');
      const first = await run({ port: 0, state: file });
      expect(first.stderr.text).toContain(`documents kept in ${file}`);
      const [w] = await sendOk(first.emulator, [signer(1)]);
      running.splice(running.indexOf(first), 1);
      first.stop();
      await first.done;

      const second = await run({ port: 0, state: file });
      expect(second.emulator.state().documents.map((d) => d.workflow_id)).toEqual([w.workflow_id]);
      running.splice(running.indexOf(second), 1);
      second.stop();
      await second.done;

      writeFileSync(file, 'not a state file');
      let error: unknown;
      await emulatorCommand({ port: 0, state: file }, { stdout: new Sink(), stderr: new Sink() }).catch((err: unknown) => (error = err));
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(file);
      expect((error as UsageError).details.join(' ')).toContain('--state');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a port that is already in use', async () => {
    setLang('en');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const stdout = new Sink();
      await expect(emulatorCommand({ port }, { stdout, stderr: new Sink() })).rejects.toThrow(/already in use/);
      expect(stdout.text).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
