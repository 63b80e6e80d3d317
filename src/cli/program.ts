/**
 * The commander program. Each command's options come from the option table
 * (config/options.ts); actions normalise them and lazily import their command, so
 * `--help` and `--version` load nothing heavy.
 */
import { createRequire } from 'node:module';
import { stripVTControlCharacters } from 'node:util';
import type * as Commander from 'commander';
import type { ExitCode } from '../errors.js';
import { commandOptions } from '../config/commands.js';
import type { CommandName, OptionSpec } from '../config/options.js';
import type { CommandContext } from '../context.js';
import { t, getLang, loadMessages } from '../ui/i18n.js';
import { displayWidth } from '../ui/width.js';
import { FlagError, outputOptions, parseCount, parseNumber, settingFlags } from './flags.js';
import { commanderError, defaultText, TITLES_KO, withDetails } from './help-text.js';

// commander is CommonJS: require() spares every start the ESM loader's scan of its exports.
const { Command, CommanderError, Help, Option } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;
type Help = Commander.Help;
/** For main: the class of the errors commander has already printed. */
export { CommanderError, FlagError };

/** What an action hands back to main. */
export interface ProgramResult {
  exitCode: ExitCode;
}

export function buildProgram(ctx: CommandContext, version: string, result: ProgramResult): Command {
  const program = new Command('esignon-bulk');
  const korean = getLang() === 'ko';
  const title = (text: string) => (korean ? (TITLES_KO[text] ?? text) : text);

  /**
   * Subcommands are listed at once (name, arguments, description) but get their
   * options, example and action only when commander dispatches to one of them:
   * creating all ~150 options was a good part of `esignon-bulk --help`, which shows
   * none. The settings made on the program before the first `.command()` (help,
   * output, exitOverride, suggestions) are inherited by every subcommand.
   */
  const definitions = new Map<Command, () => void>();
  /** A command whose work is in subcommands, as the program's list shows it: `sandbox <sign|reset>`. */
  const groups = new Map<Command, string>();
  const defineLater = (cmd: Command, define: () => void): void => {
    definitions.set(cmd, define);
  };
  const defineNow = (cmd: Command): void => {
    const define = definitions.get(cmd);
    definitions.delete(cmd);
    define?.();
  };
  const optionsTerm = t('cli.help.options_term');

  program
    .configureHelp({
      styleTitle: title,
      sortOptions: false,
      // Korean takes two cells a character: wrap and align by cells, not characters.
      displayWidth: (text: string) => displayWidth(stripVTControlCharacters(text)),
      commandUsage(cmd: Command) {
        return Help.prototype.commandUsage.call(this, cmd).replace('[options]', optionsTerm).replace('[command]', t('cli.help.command_term'));
      },
      // The program's list of commands shows each as commander would once its options
      // are added (all have some), although they are not yet (see defineLater).
      subcommandTerm: (cmd: Command) =>
        groups.get(cmd) ??
        [cmd.name(), ...(definitions.has(cmd) || cmd.options.length > 0 ? [optionsTerm] : []), ...cmd.registeredArguments.map(argumentTerm)].join(' '),
      optionDescription: (option: Commander.Option) =>
        withDetails(option.description, option.argChoices, option.required || option.optional ? defaultText(option.defaultValue, option.defaultValueDescription) : undefined),
      argumentDescription: (arg: Commander.Argument) => withDetails(arg.description, arg.argChoices, defaultText(arg.defaultValue, arg.defaultValueDescription)),
      // `help <command>` formats a command's help without dispatching to it: define it first.
      formatHelp(cmd: Command, helper: Help) {
        defineNow(cmd);
        return Help.prototype.formatHelp.call(helper, cmd, helper);
      },
    } as Partial<Help>)
    .helpOption('-h, --help', t('cli.opt.help'))
    .description(t('cli.description'))
    .version(version, '-V, --version', t('cli.opt.version'))
    .helpCommand(`help [${t('cli.help.command_name')}]`, t('cli.help_command'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(commanderError(s).text),
    })
    .addHelpText('after', t('cli.help_after'))
    // The subcommand about to run, or to show its help.
    .hook('preSubcommand', (_program, sub) => defineNow(sub))
    // Only the texts of the command line are loaded up front (so --help stays quick);
    // the commands' own messages are loaded here, before any action runs.
    .hook('preAction', () => loadMessages());

  const set = (code: ExitCode) => {
    result.exitCode = code;
  };

  // ------------------------------------------------------------------ send / validate
  const send = program.command('send').argument('<csv>', t('cli.arg.csv')).description(t('cli.send.description'));
  defineLater(send, () => {
    addOptions(send, 'send', t('cli.send.example'));
    send.action(async (csv: string, o: Record<string, unknown>) => {
      if (o.preview && !o.dryRun) throw new FlagError(t('cli.preview_needs_dry_run'));
      const { sendCommand } = await import('../commands/send.js');
      const limit = o.limit === undefined ? undefined : parseCount('--limit', String(o.limit));
      set(
        await sendCommand(
          {
            input: csv,
            mode: o.dryRun ? 'validate' : 'send',
            out: o.out as string | undefined,
            yes: Boolean(o.yes),
            limit,
            skipInvalid: Boolean(o.skipInvalid),
            allowDuplicates: Boolean(o.allowDuplicates),
            resume: Boolean(o.resume),
            force: Boolean(o.force),
            again: Boolean(o.again),
            retryUnknown: Boolean(o.retryUnknown),
            retryFailed: Boolean(o.retryFailed),
            sandbox: Boolean(o.sandbox),
            bom: o.bom !== false,
            encoding: o.encoding as string | undefined,
            delimiter: o.delimiter as string | undefined,
            sheet: o.sheet as string | undefined,
            output: outputOptions(o),
            settings: settingFlags(o),
            preview: Boolean(o.preview),
            preflight: o.preflight !== false,
          },
          ctx,
        ),
      );
    });
  });

  const validate = program.command('validate').argument('<csv>', t('cli.arg.csv')).description(t('cli.validate.description'));
  defineLater(validate, () => {
    addOptions(validate, 'validate', t('cli.validate.example'));
    validate.action(async (csv: string, o: Record<string, unknown>) => {
      const { sendCommand } = await import('../commands/send.js');
      set(
        await sendCommand(
          {
            input: csv,
            mode: 'validate',
            yes: false,
            skipInvalid: false,
            allowDuplicates: Boolean(o.allowDuplicates),
            resume: false,
            force: false,
            again: false,
            retryUnknown: false,
            retryFailed: false,
            sandbox: Boolean(o.sandbox),
            bom: true,
            encoding: o.encoding as string | undefined,
            delimiter: o.delimiter as string | undefined,
            sheet: o.sheet as string | undefined,
            output: outputOptions(o),
            settings: settingFlags(o),
            online: Boolean(o.online),
            preview: Boolean(o.preview),
          },
          ctx,
        ),
      );
    });
  });

  // ------------------------------------------------------------------ init
  const init = program.command('init').argument('[dir]', t('cli.arg.dir'), '.').description(t('cli.init.description'));
  defineLater(init, () => {
    addOptions(init, 'init', t('cli.init.example'));
    init.action(async (dir: string, o: Record<string, unknown>) => {
      const { initCommand } = await import('../commands/init.js');
      const flags = { force: Boolean(o.force), xlsx: Boolean(o.xlsx), online: Boolean(o.online), sandbox: Boolean(o.sandbox) };
      set(await initCommand({ dir, ...flags, output: outputOptions(o), settings: settingFlags(o) }, ctx));
    });
  });

  // ------------------------------------------------------------------ emulator
  const emulator = program.command('emulator').description(t('cli.emulator.description'));
  defineLater(emulator, () => {
    addOptions(emulator, 'emulator', t('cli.emulator.example'));
    emulator.action(async (o: Record<string, unknown>) => {
      const { emulatorCommand } = await import('../commands/emulator.js');
      const num = (flag: string, v: unknown) => (v === undefined ? undefined : parseNumber(flag, String(v)));
      set(
        (await emulatorCommand({
          port: num('--port', o.port),
          latency: num('--latency', o.latency),
          failRate: num('--fail-rate', o.failRate),
          quota: num('--quota', o.quota),
          seed: num('--seed', o.seed),
          faults: o.faults as string | undefined,
          state: o.state as string | undefined,
        })) as ExitCode,
      );
    });
  });

  // ------------------------------------------------------------------ login / templates / status / remind / cancel / download
  {
    const login = program.command('login').description(t('cli.login.description'));
    defineLater(login, () => {
      addOptions(login, 'login', t('cli.login.example'));
      login.action(async (o: Record<string, unknown>) => {
        const { loginCommand } = await import('../commands/login.js');
        set(
          await loginCommand(
            { print: Boolean(o.print), passwordFile: o.passwordFile as string | undefined, output: outputOptions(o), settings: settingFlags(o) },
            ctx,
          ),
        );
      });
    });

    const templates = program.command('templates').description(t('cli.templates.description'));
    defineLater(templates, () => {
      addOptions(templates, 'templates', t('cli.templates.example'));
      templates.action(async (o: Record<string, unknown>) => {
        const { templatesCommand } = await import('../commands/templates.js');
        const flags = { all: Boolean(o.all), folder: String(o.folder), sandbox: Boolean(o.sandbox) };
        set(await templatesCommand({ ...flags, output: outputOptions(o), settings: settingFlags(o) }, ctx));
      });
    });

    /** status, remind and cancel: a results file; `define` adds the example and the action. */
    const followup = (name: 'status' | 'remind' | 'cancel', define: (cmd: Command) => void): void => {
      const cmd = program.command(name).argument('<results>', t('cli.arg.results')).description(t(`cli.${name}.description`));
      defineLater(cmd, () => {
        addOptions(cmd, name, t(`cli.${name}.example`));
        define(cmd);
      });
    };
    const common = (input: string, o: Record<string, unknown>) => ({
      input,
      out: o.out as string | undefined,
      bom: o.bom !== false,
      sandbox: Boolean(o.sandbox),
      output: outputOptions(o),
      settings: settingFlags(o),
    });

    followup('status', (status) => {
      status.action(async (input: string, o: Record<string, unknown>) => {
        const { statusCommand } = await import('../commands/status.js');
        set(await statusCommand(common(input, o), ctx));
      });
    });

    followup('remind', (remind) => {
      remind.action(async (input: string, o: Record<string, unknown>) => {
        const { remindCommand } = await import('../commands/remind.js');
        const limit = o.limit === undefined ? undefined : parseCount('--limit', String(o.limit));
        set(
          await remindCommand(
            { ...common(input, o), yes: Boolean(o.yes), olderThan: o.onlyOlderThan as string | undefined, limit, again: Boolean(o.again) },
            ctx,
          ),
        );
      });
    });

    followup('cancel', (cancel) => {
      cancel.action(async (input: string, o: Record<string, unknown>) => {
        const { cancelCommand } = await import('../commands/cancel.js');
        set(
          await cancelCommand(
            {
              ...common(input, o),
              yes: Boolean(o.yes),
              disposal: Boolean(o.disposal),
              delete: Boolean(o.delete),
              reason: o.reason as string | undefined,
              rows: o.rows as string | undefined,
              filters: (o.filter as string[] | undefined) ?? [],
            },
            ctx,
          ),
        );
      });
    });

    const download = program.command('download').argument('<results>', t('cli.arg.download_results')).description(t('cli.download.description'));
    defineLater(download, () => {
      addOptions(download, 'download', t('cli.download.example'));
      download.action(async (input: string, o: Record<string, unknown>) => {
        const { downloadCommand } = await import('../commands/download.js');
        const flags = { dir: o.dir as string | undefined, sandbox: Boolean(o.sandbox) };
        set(await downloadCommand({ input, ...flags, output: outputOptions(o), settings: settingFlags(o) }, ctx));
      });
    });
  }

  // ------------------------------------------------------------------ reconcile
  const reconcile = program.command('reconcile').argument('<results>', t('cli.arg.results')).description(t('cli.reconcile.description'));
  defineLater(reconcile, () => {
    addOptions(reconcile, 'reconcile', t('cli.reconcile.example'));
    reconcile.action(async (results: string, o: Record<string, unknown>) => {
      const { reconcileCommand } = await import('../commands/reconcile.js');
      const input = { input: o.input as string | undefined, sandbox: Boolean(o.sandbox), encoding: o.encoding as string | undefined, delimiter: o.delimiter as string | undefined, sheet: o.sheet as string | undefined };
      set(await reconcileCommand({ results, ...input, bom: o.bom !== false, output: outputOptions(o), settings: settingFlags(o) }, ctx));
    });
  });

  // ------------------------------------------------------------------ sandbox sign / reset
  const sandbox = program.command('sandbox').description(t('cli.sandbox.description')).helpCommand(false);
  groups.set(sandbox, 'sandbox <sign|reset>');
  defineLater(sandbox, () => {
    const sign = sandbox.command('sign').argument('<results>', t('cli.arg.sign_results')).description(t('cli.sandbox sign.description'));
    addOptions(sign, 'sandbox sign', t('cli.sandbox sign.example'));
    sign.action(async (input: string, o: Record<string, unknown>) => {
      const { sandboxSignCommand } = await import('../commands/sandbox.js');
      set(await sandboxSignCommand({ input, rows: o.rows as string | undefined, output: outputOptions(o) }, ctx));
    });
    const reset = sandbox.command('reset').description(t('cli.sandbox reset.description'));
    addOptions(reset, 'sandbox reset', t('cli.sandbox reset.example'));
    reset.action(async (o: Record<string, unknown>) => {
      const { sandboxResetCommand } = await import('../commands/sandbox.js');
      set(await sandboxResetCommand({ output: outputOptions(o) }, ctx));
    });
  });

  // ------------------------------------------------------------------ runs
  const runs = program.command('runs').description(t('cli.runs.description'));
  defineLater(runs, () => {
    addOptions(runs, 'runs', t('cli.runs.example'));
    runs.action(async (o: Record<string, unknown>) => {
      const { runsCommand } = await import('../commands/runs.js');
      set(await runsCommand({ output: outputOptions(o) }, ctx));
    });
  });

  return program;
}

/** `<name>` or `[name]`, as commander writes an argument in a usage line. */
function argumentTerm(arg: Commander.Argument): string {
  const name = arg.name() + (arg.variadic ? '...' : '');
  return arg.required ? `<${name}>` : `[${name}]`;
}

/**
 * The command's options, from the option table (config/options.ts), in the order of its
 * --help, and its example (also printed after a missing or extra argument, with the
 * usage line: what the user was about to type).
 */
function addOptions(cmd: Command, name: CommandName, example: string): void {
  for (const spec of commandOptions(name)) cmd.addOption(toOption(spec));
  cmd.addHelpText('after', example);
  const output = cmd.configureOutput();
  cmd.configureOutput({
    outputError: (s, write) => {
      const error = commanderError(s);
      write(error.text);
      if (error.arguments) {
        const helper = cmd.createHelp();
        write(`${helper.styleTitle('Usage:')} ${helper.commandUsage(cmd)}\n${example}\n${t('cli.help_more', { command: name })}\n`);
      }
    },
    writeErr: output.writeErr!,
  });
}

function toOption(spec: OptionSpec): Commander.Option {
  const option = new Option(spec.flags, t(spec.help));
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.repeatable) option.argParser(collect);
  return option;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
