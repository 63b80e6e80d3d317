/**
 * The commander program (src/cli/program.ts). `--help` must work with only the
 * command line's own messages loaded, and must list each subcommand as commander
 * would although its options are added only when it runs; a command's action gets
 * every message.
 */
import { Help } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { CommandContext } from '../../src/context.js';
import { setLang, t, type Lang } from '../../src/ui/i18n.js';

/** A stream that keeps what is written to it. */
class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'esignon-program-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function program(lang: Lang) {
  setLang(lang);
  const stdout = new Sink();
  const stderr = new Sink();
  const exitNow = (): never => {
    throw new Error('a run left at once');
  };
  const ctx: CommandContext = { stdout, stderr, stdin: process.stdin, env: { HOME: dir, XDG_CONFIG_HOME: dir }, cwd: dir, argv: [], exitNow };
  return { program: buildProgram(ctx, '0.0.0', { exitCode: 0 }), stdout, stderr };
}

const SUBCOMMANDS = ['send', 'validate', 'init', 'emulator', 'login', 'templates', 'status', 'remind', 'cancel'];

// In this order: nothing in this file has loaded the commands' messages before the last test.
describe.each(['en', 'ko'] as const)('--help in %s, with only the start-up messages', (lang) => {
  it('the program', async () => {
    const { program: p, stdout } = program(lang);
    await expect(p.parseAsync(['--help'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    const options = lang === 'ko' ? '옵션' : 'options';
    for (const name of SUBCOMMANDS) expect(stdout.text).toMatch(new RegExp(`^  ${name} \\[${options}\\]`, 'm'));
  });

  it.each(SUBCOMMANDS)('%s, and its line in the list of commands is commander\'s own', async (name) => {
    const { program: p, stdout } = program(lang);
    await expect(p.parseAsync([name, '--help'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    expect(stdout.text).toContain('-h, --help');
    // Now that the subcommand has its options, commander's default term is the one to match (its words translated).
    const sub = p.commands.find((c) => c.name() === name)!;
    expect(p.createHelp().subcommandTerm(sub)).toBe(new Help().subcommandTerm(sub).replace('[options]', t('cli.help.options_term')));
  });
});

describe('a command', () => {
  it('runs with every message loaded', async () => {
    setLang('en');
    expect(() => t('csv.notFound', 'x.csv')).toThrow(/internal error/);
    const { program: p } = program('en');
    await expect(p.parseAsync(['validate', join(dir, 'missing.csv')], { from: 'user' })).rejects.toThrow(/missing\.csv: no such file/);
    expect(t('csv.notFound', 'x.csv')).toContain('no such file');
  });
});
