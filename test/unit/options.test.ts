/**
 * The option table (src/config/options.ts) is the one place that spells out flags,
 * environment variables, config keys, defaults and bounds. These tests hold to it
 * what users read: every command's `--help`, the help texts, and the README (its
 * settings table row for row, and every flag and ESIGNON_ variable it mentions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { CommandContext } from '../../src/context.js';
import { commandOptions } from '../../src/config/commands.js';
import { SANDBOX_REPLACES, SETTINGS, type CommandName, type Setting } from '../../src/config/options.js';
import { DEFAULT_CONFIG_FILE } from '../../src/config/settings.js';
import { setLang, t, type Lang } from '../../src/ui/i18n.js';
import { ROOT } from '../helpers/cli.js';

const COMMANDS: CommandName[] = ['send', 'validate', 'init', 'emulator', 'login', 'templates', 'status', 'remind', 'cancel', 'download', 'reconcile', 'runs', 'sandbox sign', 'sandbox reset'];
const ROWS = SETTINGS as readonly Setting[];
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** `-c`, `--config` of `-c, --config <file>`. */
const flagNames = (flags: string): string[] => flags.replace(/[<[].*$/, '').match(/-{1,2}[\w-]+/g) ?? [];

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** What `esignon-bulk <command> --help` prints. */
async function help(command: CommandName, lang: Lang): Promise<string> {
  setLang(lang);
  const stdout = new Sink();
  const ctx: CommandContext = { stdout, stderr: new Sink(), stdin: process.stdin, env: {}, cwd: ROOT, argv: [], exitNow: () => process.exit(130) };
  const program = buildProgram(ctx, '0.0.0', { exitCode: 0 });
  await expect(program.parseAsync([...command.split(' '), '--help'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
  return stdout.text;
}

/** The flags of the options list of a `--help`, in order. */
function helpFlags(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^ {2}(-\S.*?)(?: {2,}|$)/.exec(line)?.[1])
    .filter((term) => term !== undefined)
    .flatMap(flagNames);
}

describe('--help', () => {
  it.each(COMMANDS.flatMap((c) => [[c, 'en'] as const, [c, 'ko'] as const]))('%s in %s lists exactly the table\'s options, in its order', async (command, lang) => {
    const expected = [...commandOptions(command).flatMap((o) => flagNames(o.flags)), '-h', '--help'];
    expect(helpFlags(await help(command, lang))).toEqual(expected);
  });

  it('each command takes the settings it took before the table: send and validate all, the others the account ones', () => {
    const settingFlags = (command: CommandName) =>
      ROWS.filter((s) => s.on?.includes(command)).map((s) => flagNames(s.flags!).at(-1));
    const account = ['--config', '--api-url', '--comp-id', '--memb-email', '--client-id'];
    const timeouts = ['--connect-timeout', '--response-timeout'];
    expect(settingFlags('send')).toEqual([...account, '--workflow-lib-id', '--doc-id', '--token-file', '--batch-size', '--concurrency', ...timeouts]);
    expect(settingFlags('validate')).toEqual(settingFlags('send'));
    expect(settingFlags('login')).toEqual([...account, ...timeouts, '--password-file']);
    expect(settingFlags('templates')).toEqual([...account, '--token-file', ...timeouts]);
    expect(settingFlags('status')).toEqual([...account, '--workflow-lib-id', '--token-file', '--concurrency', ...timeouts]);
    for (const c of ['remind', 'cancel'] as const) expect(settingFlags(c)).toEqual([...account, '--token-file', '--concurrency', ...timeouts]);
    expect(settingFlags('reconcile')).toEqual(settingFlags('status'));
    // init --online reads the template's fields: the account, the template and its document.
    expect(settingFlags('init')).toEqual([...account, '--workflow-lib-id', '--doc-id', '--token-file', ...timeouts]);
    expect(settingFlags('emulator')).toEqual([]);
    expect(settingFlags('sandbox sign')).toEqual([]);
  });

  it('--sandbox is one option of every command that talks to the API but login, with the same help', () => {
    const takes = (command: CommandName) => commandOptions(command).find((o) => o.flags === '--sandbox');
    for (const c of ['send', 'validate', 'templates', 'status', 'remind', 'cancel', 'download', 'reconcile'] as const) expect(takes(c)?.help, c).toBe('cli.opt.sandbox');
    expect(takes('init')?.help).toBe('cli.opt.init_sandbox');
    for (const c of ['login', 'emulator', 'runs', 'sandbox sign', 'sandbox reset'] as const) expect(takes(c), c).toBeUndefined();
  });
});

describe('help texts', () => {
  it.each(['en', 'ko'] as const)('in %s, name the environment variable and the default the table has', (lang) => {
    setLang(lang);
    for (const s of ROWS) {
      if (s.help === undefined) continue;
      const text = t(s.help);
      if (s.env) expect(text, s.key).toContain(s.env);
      if (s.kind === 'text' && s.default) expect(text, s.key).toContain(s.default);
      if (s.kind === 'number') expect(text, s.key).toMatch(new RegExp(`\\b${s.default}\\b`));
      if (s.kind === 'config') expect(text, s.key).toContain(DEFAULT_CONFIG_FILE);
    }
  });
});

describe('README', () => {
  /** The README settings table's row for a setting, as the table says it. */
  function row(s: Setting): string[] {
    const code = (x: string) => `\`${x}\``;
    const key =
      s.kind === 'text' || s.kind === 'number' || s.kind === 'boolean' ? code(s.key) + (s.kind === 'text' && s.relativeToConfig ? ' (relative to the config file)' : '') : '';
    let value: string | undefined;
    if (s.kind === 'number') value = s.integer ? `${s.default} (${s.min}–${s.max})` : `${s.default} (at most ${s.max})`;
    else if (s.kind === 'boolean') value = code(String(s.default));
    else if (s.kind === 'text' && s.default !== undefined) value = s.default === '' ? 'empty' : code(s.default);
    // A default in words only where the table has no value to show.
    expect(value === undefined || s.doc.default === undefined, `${s.key}: a value and a default in words`).toBe(true);
    const dflt = [value ?? s.doc.default ?? '', ...(s.doc.note ? [s.doc.note] : [])].join('; ');
    return [s.doc.name, s.flags ? flagNames(s.flags).map(code).join(', ') : '', s.env ? code(s.env) : '', key, dflt];
  }

  const section = README.slice(README.indexOf('\n## Settings\n'), README.indexOf('\n## ', README.indexOf('\n## Settings\n') + 1));
  const readmeRows = section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2) // the header and its rule
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

  it('its settings table is the option table, row for row', () => {
    expect(section).toContain('| setting | flag | environment | config key | default |');
    expect(readmeRows).toEqual(ROWS.map(row));
  });

  it('every flag it mentions is in the table, but --help, --version, a V8 flag and npm link --ignore-scripts', () => {
    const known = new Set([...COMMANDS.flatMap((c) => commandOptions(c).flatMap((o) => flagNames(o.flags))), '--help', '--version', '--heap-growing-percent', '--ignore-scripts']);
    const mentioned = new Set(README.match(/(?<![\w-])--[a-z][\w-]*/g));
    expect(mentioned.size).toBeGreaterThan(40);
    expect([...mentioned].filter((f) => !known.has(f))).toEqual([]);
  });

  it('its sandbox section names every setting --sandbox replaces (SANDBOX_REPLACES)', () => {
    const sandbox = README.slice(README.indexOf('\n### The sandbox\n'), README.indexOf('\n## ', README.indexOf('\n### The sandbox\n')));
    const named = (key: string) => (key === 'api_url' ? sandbox.includes('API URL') : key === 'token' ? sandbox.includes('ESIGNON_TOKEN') : sandbox.includes(`\`${key}\``));
    expect(SANDBOX_REPLACES.filter((key) => !named(key))).toEqual([]);
  });

  it('every ESIGNON_ variable it mentions is in the table, and every variable of the table is in its settings table', () => {
    const envs = ROWS.flatMap((s) => (s.env ? [s.env] : []));
    expect([...new Set(README.match(/ESIGNON_\w+/g))].filter((v) => !envs.includes(v))).toEqual([]);
    expect(envs.filter((v) => !section.includes(`\`${v}\``))).toEqual([]);
  });
});

describe('the examples of --help', () => {
  const KEYS = ['cli.help_after', ...COMMANDS.map((c) => `cli.${c}.example` as const)] as const;

  it.each(['en', 'ko'] as const)('in %s, run commands that exist with flags they take, and nothing elided', (lang) => {
    setLang(lang);
    let commands = 0;
    for (const key of KEYS) {
      // A command line may continue on the next ones (a trailing backslash).
      const text = t(key as Parameters<typeof t>[0]).replace(/\\\n\s*/g, '');
      expect(text, key).not.toContain('…');
      for (const line of text.split('\n')) {
        for (const part of line.split(/&&|\||;/)) {
          const words = part.trim().split(/\s+/);
          const at = words.indexOf('esignon-bulk');
          if (at < 0 || /^#/.test(words[0] ?? '')) continue;
          // `sandbox sign` and `sandbox reset`: a command of two words
          const span = words[at + 1] === 'sandbox' ? 2 : 1;
          const command = words.slice(at + 1, at + 1 + span).join(' ') as CommandName;
          expect(COMMANDS, `${key}: ${line}`).toContain(command);
          const flags = new Set([...commandOptions(command).flatMap((o) => flagNames(o.flags)), '--help']);
          for (const word of words.slice(at + 1 + span)) if (/^--?[a-z]/i.test(word)) expect(flags, `${key}: ${word} in ${line}`).toContain(word);
          commands++;
        }
      }
    }
    expect(commands).toBeGreaterThan(20);
  });
});
