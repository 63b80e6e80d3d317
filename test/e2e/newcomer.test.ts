/**
 * A newcomer's path through the built command line: `init`'s example values refused
 * with the line to edit, the pilot and the next steps a send prints, the follow-ups.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulator, emulatorEnv } from '../helpers/emulator.js';

let dir: { path: string; remove(): void };
let emu: RunningEmulator;
beforeEach(async () => {
  dir = tempDir();
  emu = await emulator();
});
afterEach(async () => {
  await emu.close();
  dir.remove();
});

/** `esignon-bulk init` in `lang`; returns the folder. */
async function init(lang: string, name = 'my-send'): Promise<string> {
  const r = await runCli(['init', name], { cwd: dir.path, env: { LANG: lang } });
  expect(r.code, r.stderr).toBe(0);
  return join(dir.path, name);
}

describe("init's example values", () => {
  it.each(['C', 'ko_KR.UTF-8'])('are refused by validate, send, login and templates with the line to edit; --sandbox replaces them (LANG=%s)', async (lang) => {
    const folder = await init(lang);
    const env = { LANG: lang, ESIGNON_API_URL: emu.url, ESIGNON_TOKEN: 'sandbox-token', ESIGNON_PASSWORD: 'secret' };
    const lines = (stderr: string) => stderr.split('\n').filter((l) => /^ {2,}esignon-bulk\.config\.json:\d+: /.test(l)).map((l) => l.trim().replace(/ ".*$/, ''));
    const all = ['esignon-bulk.config.json:2: comp_id', 'esignon-bulk.config.json:3: memb_email', 'esignon-bulk.config.json:4: workflow_lib_id', 'esignon-bulk.config.json:5: doc_id'];

    for (const args of [['validate', 'signers.csv'], ['validate', 'signers.csv', '--online'], ['send', 'signers.csv', '--yes'], ['send', 'signers.csv', '--dry-run']]) {
      const r = await runCli(args, { cwd: folder, env });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toEqual(all);
    }
    for (const args of [['templates'], ['login', '--client-id', 'x']]) {
      const r = await runCli(args, { cwd: folder, env });
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toEqual(all.slice(0, 2));
    }
    expect(emu.state().requests.total ?? 0).toBe(0);

    // The pointer is right: with the four lines edited, the send goes through.
    const sandbox = await runCli(['send', 'signers.csv', '--sandbox'], { cwd: folder, env });
    expect(sandbox.code, sandbox.stderr).toBe(0);
    const remind = await runCli(['remind', 'signers.results.csv', '--yes'], { cwd: folder, env });
    expect(remind.code, remind.stderr).toBe(2);
    expect(lines(remind.stderr)).toEqual(all.slice(0, 2));

    const config = join(folder, 'esignon-bulk.config.json');
    const edited = readFileSync(config, 'utf8')
      .split('\n')
      .map((line, i) =>
        i === 1 ? line.replace(/: ".*"/, ': "sandbox"')
        : i === 2 ? line.replace(/: ".*"/, ': "sender@sandbox.esignon.test"')
        : i === 3 ? line.replace(/: ".*"/, ': "SANDBOX-BULK-1"')
        : i === 4 ? line.replace(/: ".*"/, ': "SANDBOX-DOC-1"')
        : line,
      )
      .join('\n');
    writeFileSync(config, edited);
    const sent = await runCli(['send', 'signers.csv', '--yes', '--out', 'real.results.csv'], { cwd: folder, env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(emu.state().documents).toHaveLength(5);
  });
});
