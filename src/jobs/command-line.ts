/** The command lines the hints print: what was typed, quoted for a POSIX shell. */

/** The command line to run to continue a follow-up: what was typed. */
export function continueCommand(argv: readonly string[]): string {
  return commandLine(argv);
}

/** The command line to run to resume a send: what was typed, with --resume and without --force. */
export function resumeCommand(argv: readonly string[]): string {
  const args = argv.filter((a) => a !== '--force' && a !== '--resume' && a !== '-y' && a !== '--yes');
  return `${commandLine(args)} --resume`;
}

/** `esignon-bulk` and these arguments, quoted for a POSIX shell. */
export function shellCommand(args: readonly string[]): string {
  return commandLine(args);
}

function commandLine(args: readonly string[]): string {
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['esignon-bulk', ...quoted].join(' ');
}
