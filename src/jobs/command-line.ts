/** The command lines the hints print: what was typed, quoted for a POSIX shell. */
import { SETTINGS, type Setting } from '../config/options.js';

/** The command line to run to continue a follow-up: what was typed. */
export function continueCommand(argv: readonly string[]): string {
  return commandLine(argv);
}

/** The command line to run to resume a send: what was typed, with --resume and without --force. */
export function resumeCommand(argv: readonly string[]): string {
  const args = argv.filter((a) => a !== '--force' && a !== '--resume' && a !== '-y' && a !== '--yes');
  return `${commandLine(args)} --resume`;
}

/** After a `--limit` pilot: the command that sends the rest (what was typed, with --resume, without --limit). */
export function restCommand(argv: readonly string[]): string {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') i++;
    else if (!argv[i]!.startsWith('--limit=')) args.push(argv[i]!);
  }
  return resumeCommand(args);
}

/**
 * `esignon-bulk status <results>` after a send: with the results file as the send named
 * it, and the settings flags of the send that `status` takes too (`--config`,
 * `--api-url`, …), so that it asks the same account.
 */
export function followupCommand(command: 'status', results: string, argv: readonly string[]): string {
  const takes = new Set(
    (SETTINGS as readonly Setting[]).flatMap((s) => (s.flags !== undefined && s.on?.includes(command) ? s.flags.replace(/ <.*$/, '').split(', ') : [])),
  );
  takes.add('--lang');
  const carried = carriedFlags(argv.slice(1), [...takes]);
  return commandLine([command, results, ...carried]);
}

/**
 * A sandbox command to run next: `args`, `--sandbox`, and the `--config` and `--lang`
 * of what was typed (the config is read by every command, the language is the user's).
 */
export function sandboxCommand(args: readonly string[], argv: readonly string[]): string {
  return commandLine([...args, '--sandbox', ...carriedFlags(argv)]);
}

/** These flags of a command line (by default `--config` and `--lang`), with their values. */
function carriedFlags(argv: readonly string[], flags: readonly string[] = ['--config', '-c', '--lang']): string[] {
  const carried: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag] = argv[i]!.split('=', 1);
    if (!flags.includes(flag!)) continue;
    carried.push(argv[i]!);
    if (!argv[i]!.includes('=') && i + 1 < argv.length) carried.push(argv[++i]!);
  }
  return carried;
}

/** `esignon-bulk sandbox sign <results> --rows <row>`, with the `--lang` of what was typed (it reads no config). */
export function sandboxSignCommand(results: string, row: string, argv: readonly string[]): string {
  return commandLine(['sandbox', 'sign', results, '--rows', row, ...carriedFlags(argv, ['--lang'])]);
}

/** `esignon-bulk` and these arguments, quoted for a POSIX shell. */
export function shellCommand(args: readonly string[]): string {
  return commandLine(args);
}

function commandLine(args: readonly string[]): string {
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['esignon-bulk', ...quoted].join(' ');
}
