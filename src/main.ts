/**
 * The entry point, and the one place that decides the exit code: commands return
 * one or throw a CliError; anything else is a bug and says so.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { CliError } from './errors.js';
import { toolVersion, type CommandContext } from './context.js';

/** Loaded once `--version` is ruled out: the message catalogues are a good part of start-up. */
let t: (typeof import('./ui/i18n.js'))['t'];

async function main(): Promise<void> {
  // A reader that went away (`esignon-bulk --help | head`; the terminal of a dropped SSH
  // session, EIO after SIGHUP) is not an error of ours: what is left to print is lost, but
  // the command goes on, so that a send still records its batches and writes its results.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'EIO') return;
      throw err;
    });
  }
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // What scripts ask, alone: answered as commander would, without loading it or the messages.
    process.stdout.write(`${toolVersion()}\n`);
    return;
  }
  // Requested together, so that their files are read and compiled in one go.
  const [i18n, { buildProgram, CommanderError, FlagError }] = await Promise.all([import('./ui/i18n.js'), import('./cli/program.js')]);
  i18n.setLang(i18n.detectLang(process.env, langFlag(argv)));
  t = i18n.t;
  const ctx: CommandContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    // Made on first use: creating the stream costs every start, and only a few commands read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    argv,
    // The one exit besides this function's own: a second Ctrl-C (or SIGTERM, SIGHUP) during a run
    // leaves without waiting for the requests in flight (see context.ts).
    exitNow: (code) => {
      letGoOfDeadTerminal();
      return process.exit(code);
    },
  };
  const result = { exitCode: 0 as CliError['exitCode'] };
  const program = buildProgram(ctx, toolVersion(), result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    process.exitCode = result.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its message (or the help) already.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    // Not needed by --help and commander's own errors; a command that threw one has loaded it already.
    const errors = await import('./errors.js');
    if (err instanceof errors.CliError) {
      printError(err.message, err.details);
      process.exitCode = err.exitCode;
      await printJsonError(argv, err.exitCode, err.message, err.details);
    } else if (err instanceof FlagError) {
      printError(err.message, []);
      process.exitCode = new errors.UsageError('').exitCode;
      await printJsonError(argv, 2, err.message, []);
    } else {
      printError(err instanceof Error ? err.message : String(err), []);
      process.stderr.write(`${err instanceof Error ? err.stack : ''}\n${t('error.bug')}\n`);
      process.exitCode = 1;
    }
  } finally {
    letGoOfDeadTerminal();
  }
}

/**
 * Node 20 restores the terminal's settings as it exits and aborts (SIGABRT) when that
 * fails, as it does once the terminal has hung up (EIO): a send that outlived a dropped
 * SSH session and wrote its results would still end in a crash. Node leaves alone a
 * descriptor that is no longer the file it saw at start, so a terminal that went away
 * (a character device that is no terminal any more) is swapped for /dev/null first.
 * Called when nothing else opens files: the command has ended.
 */
function letGoOfDeadTerminal(): void {
  for (const fd of [0, 1, 2]) {
    try {
      if (!fstatSync(fd).isCharacterDevice() || isatty(fd)) continue;
      closeSync(fd);
      const reopened = openSync('/dev/null', fd === 0 ? 'r' : 'w');
      if (reopened !== fd) closeSync(reopened);
    } catch {
      /* best effort: the descriptor is closed, or /dev/null is missing */
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
