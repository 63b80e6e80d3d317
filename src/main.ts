/**
 * The entry point, and the one place that decides the exit code: commands return
 * one or throw a CliError; anything else is a bug and says so.
 */
import { CliError, UsageError } from './errors.js';
import { detectLang, setLang, t } from './ui/i18n.js';
import type { CommandContext } from './commands/context.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  setLang(detectLang(process.env, langFlag(argv)));
  const ctx: CommandContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    argv,
  };
  const [{ buildProgram, FlagError }, { toolVersion }] = await Promise.all([import('./cli/program.js'), import('./commands/context.js')]);
  const result = { exitCode: 0 as CliError['exitCode'] };
  const program = buildProgram(ctx, toolVersion(), result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    process.exitCode = result.exitCode;
  } catch (err) {
    const { CommanderError } = await import('commander');
    if (err instanceof CommanderError) {
      // commander has printed its message (or the help) already.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof CliError) {
      printError(err.message, err.details);
      process.exitCode = err.exitCode;
      await printJsonError(argv, err.exitCode, err.message, err.details);
    } else if (err instanceof FlagError) {
      printError(err.message, []);
      process.exitCode = new UsageError('').exitCode;
      await printJsonError(argv, 2, err.message, []);
    } else {
      printError(err instanceof Error ? err.message : String(err), []);
      process.stderr.write(`${err instanceof Error ? err.stack : ''}\n${t('error.bug')}\n`);
      process.exitCode = 1;
    }
  }
}

function printError(message: string, details: readonly string[]): void {
  process.stderr.write(`${t('error.prefix')}: ${message}\n`);
  for (const line of details) process.stderr.write(`  ${line}\n`);
}

/** With --json, an error still leaves one JSON document on stdout, unless the command printed its own. */
async function printJsonError(argv: readonly string[], exitCode: number, message: string, details: readonly string[]): Promise<void> {
  if (!argv.includes('--json')) return;
  const { jsonWasPrinted } = await import('./ui/reporter.js');
  if (jsonWasPrinted()) return;
  const command = argv.find((a) => !a.startsWith('-'));
  process.stdout.write(JSON.stringify({ command, exit_code: exitCode, error: { message, details } }, null, 2) + '\n');
}

/** `--lang ko` / `--lang=ko`, read before commander so that `--help` is in the right language. */
function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

await main();
