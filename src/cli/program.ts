/**
 * The commander program. Actions normalise their options and lazily import their
 * command, so `--help` and `--version` load nothing heavy.
 */
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import type { ExitCode } from '../errors.js';
import type { SettingFlags } from '../config/settings.js';
import type { CommandContext } from '../commands/context.js';
import type { OutputOptions } from '../ui/reporter.js';
import { t, getLang, loadMessages } from '../ui/i18n.js';

// commander is CommonJS: require() spares every start the ESM loader's scan of its exports.
const { Command, CommanderError, Option } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;
type Help = Commander.Help;
/** For main: the class of the errors commander has already printed. */
export { CommanderError };

/** What an action hands back to main. */
export interface ProgramResult {
  exitCode: ExitCode;
}

const TITLES_KO: Record<string, string> = {
  'Usage:': '사용법:',
  'Arguments:': '인자:',
  'Options:': '옵션:',
  'Commands:': '명령:',
  'Global Options:': '공통 옵션:',
};

export function buildProgram(ctx: CommandContext, version: string, result: ProgramResult): Command {
  const program = new Command('esignon-bulk');
  const korean = getLang() === 'ko';

  /**
   * Subcommands are listed at once (name, arguments, description) but get their
   * options, example and action only when commander dispatches to one of them:
   * creating all ~150 options was a good part of `esignon-bulk --help`, which shows
   * none. The settings made on the program before the first `.command()` (help,
   * output, exitOverride, suggestions) are inherited by every subcommand.
   */
  const definitions = new Map<Command, () => void>();
  const defineLater = (cmd: Command, define: () => void): void => {
    definitions.set(cmd, define);
  };

  program
    .configureHelp({
      styleTitle: (title: string) => (korean ? (TITLES_KO[title] ?? title) : title),
      sortOptions: false,
      // The program's list of commands shows each as commander would once its options
      // are added (all have some), although they are not yet (see defineLater).
      subcommandTerm: (cmd: Command) => [cmd.name(), '[options]', ...cmd.registeredArguments.map(argumentTerm)].join(' '),
    } as Partial<Help>)
    .helpOption('-h, --help', t('cli.opt.help'))
    .description(t('cli.description'))
    .version(version, '-V, --version', t('cli.opt.version'))
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .addHelpText('after', t('cli.help_after'))
    // The subcommand about to run, or to show its help.
    .hook('preSubcommand', (_program, sub) => {
      definitions.get(sub)?.();
      definitions.delete(sub);
    })
    // Only the texts of the command line are loaded up front (so --help stays quick);
    // the commands' own messages are loaded here, before any action runs.
    .hook('preAction', () => loadMessages());

  const set = (code: ExitCode) => {
    result.exitCode = code;
  };

  // ------------------------------------------------------------------ send / validate
  const send = program.command('send').argument('<csv>', t('cli.arg.csv')).description(t('cli.send.description'));
  defineLater(send, () => {
    addSettingOptions(send);
    send
      .option('-o, --out <file>', t('cli.opt.out'))
      .option('-y, --yes', t('cli.opt.yes'))
      .option('--dry-run', t('cli.opt.dry_run'))
      .option('--sandbox', t('cli.opt.sandbox'))
      .option('--limit <n>', t('cli.opt.limit'))
      .option('--skip-invalid', t('cli.opt.skip_invalid'))
      .option('--allow-duplicates', t('cli.opt.allow_duplicates'))
      .option('--resume', t('cli.opt.resume'))
      .option('--retry-unknown', t('cli.opt.retry_unknown'))
      .option('--retry-failed', t('cli.opt.retry_failed'))
      .option('--force', t('cli.opt.force'))
      .option('--no-bom', t('cli.opt.no_bom'))
      .option('--no-preflight', t('cli.opt.no_preflight'));
    addInputOptions(send);
    addOutputOptions(send);
    send.addHelpText('after', t('cli.send.example')).action(async (csv: string, o: Record<string, unknown>) => {
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
            retryUnknown: Boolean(o.retryUnknown),
            retryFailed: Boolean(o.retryFailed),
            sandbox: Boolean(o.sandbox),
            bom: o.bom !== false,
            encoding: o.encoding as string | undefined,
            delimiter: o.delimiter as string | undefined,
            output: outputOptions(o),
            settings: settingFlags(o),
            preflight: o.preflight !== false,
          },
          ctx,
        ),
      );
    });
  });

  const validate = program.command('validate').argument('<csv>', t('cli.arg.csv')).description(t('cli.validate.description'));
  defineLater(validate, () => {
    addSettingOptions(validate);
    validate.option('--allow-duplicates', t('cli.opt.allow_duplicates')).option('--online', t('cli.opt.online'));
    addInputOptions(validate);
    addOutputOptions(validate);
    validate.addHelpText('after', t('cli.validate.example')).action(async (csv: string, o: Record<string, unknown>) => {
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
            retryUnknown: false,
            retryFailed: false,
            sandbox: false,
            bom: true,
            encoding: o.encoding as string | undefined,
            delimiter: o.delimiter as string | undefined,
            output: outputOptions(o),
            settings: settingFlags(o),
            online: Boolean(o.online),
          },
          ctx,
        ),
      );
    });
  });

  // ------------------------------------------------------------------ init
  const init = program.command('init').argument('[dir]', t('cli.arg.dir'), '.').description(t('cli.init.description'));
  defineLater(init, () => {
    init.option('--force', t('cli.opt.init_force'));
    addOutputOptions(init);
    init.addHelpText('after', t('cli.init.example')).action(async (dir: string, o: Record<string, unknown>) => {
      const { initCommand } = await import('../commands/init.js');
      set(await initCommand({ dir, force: Boolean(o.force), output: outputOptions(o) }, ctx));
    });
  });

  // ------------------------------------------------------------------ emulator
  const emulator = program.command('emulator').description(t('cli.emulator.description'));
  defineLater(emulator, () => {
    emulator
      .option('--port <n>', t('cli.opt.port'))
      .option('--latency <ms>', t('cli.opt.latency'))
      .option('--fail-rate <rate>', t('cli.opt.fail_rate'))
      .option('--quota <n>', t('cli.opt.quota'))
      .option('--seed <n>', t('cli.opt.seed'))
      .option('--faults <json>', t('cli.opt.faults'))
      .option('--state <file>', t('cli.opt.emulator_state'));
    addOutputOptions(emulator);
    emulator.addHelpText('after', t('cli.emulator.example')).action(async (o: Record<string, unknown>) => {
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

  // ------------------------------------------------------------------ login / templates / status / remind / cancel
  {
    /** The account settings a command needs (a subset of addSettingOptions: same flags, same texts). */
    const accountOptions = (cmd: Command, extra: { token: boolean; concurrency: boolean }): void => {
      cmd
        .option('-c, --config <file>', t('cli.opt.config'))
        .option('--api-url <url>', t('cli.opt.api_url'))
        .option('--comp-id <id>', t('cli.opt.comp_id'))
        .option('--memb-email <email>', t('cli.opt.memb_email'))
        .option('--client-id <id>', t('cli.opt.client_id'));
      if (extra.token) cmd.option('--token-file <file>', t('cli.opt.token_file'));
      if (extra.concurrency) cmd.option('--concurrency <n>', t('cli.opt.followup_concurrency'));
      cmd.option('--connect-timeout <seconds>', t('cli.opt.connect_timeout')).option('--response-timeout <seconds>', t('cli.opt.response_timeout'));
    };
    const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

    const login = program.command('login').description(t('cli.login.description'));
    defineLater(login, () => {
      accountOptions(login, { token: false, concurrency: false });
      login.option('--password-file <file>', t('cli.opt.password_file')).option('--print', t('cli.opt.print'));
      addOutputOptions(login);
      login.addHelpText('after', t('cli.login.example')).action(async (o: Record<string, unknown>) => {
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
      accountOptions(templates, { token: true, concurrency: false });
      templates.option('--all', t('cli.opt.all')).addOption(new Option('--folder <folder>', t('cli.opt.folder')).choices(['all', 'my']).default('all'));
      addOutputOptions(templates);
      templates.addHelpText('after', t('cli.templates.example')).action(async (o: Record<string, unknown>) => {
        const { templatesCommand } = await import('../commands/templates.js');
        set(await templatesCommand({ all: Boolean(o.all), folder: String(o.folder), output: outputOptions(o), settings: settingFlags(o) }, ctx));
      });
    });

    /** status, remind and cancel: a results file, the account, and where to write; `define` adds the rest. */
    const followup = (name: 'status' | 'remind' | 'cancel', define: (cmd: Command) => void): void => {
      const cmd = program.command(name).argument('<results>', t('cli.arg.results')).description(t(`cli.${name}.description`));
      defineLater(cmd, () => {
        accountOptions(cmd, { token: true, concurrency: true });
        cmd.option('-o, --out <file>', t('cli.opt.results_out')).option('--no-bom', t('cli.opt.no_bom'));
        define(cmd);
      });
    };
    const common = (input: string, o: Record<string, unknown>) => ({
      input,
      out: o.out as string | undefined,
      bom: o.bom !== false,
      output: outputOptions(o),
      settings: settingFlags(o),
    });

    followup('status', (status) => {
      addOutputOptions(status);
      status.addHelpText('after', t('cli.status.example')).action(async (input: string, o: Record<string, unknown>) => {
        const { statusCommand } = await import('../commands/status.js');
        set(await statusCommand(common(input, o), ctx));
      });
    });

    followup('remind', (remind) => {
      remind
        .option('-y, --yes', t('cli.opt.yes_followup'))
        .option('--only-older-than <age>', t('cli.opt.older_than'))
        .option('--limit <n>', t('cli.opt.remind_limit'))
        .option('--again', t('cli.opt.again'));
      addOutputOptions(remind);
      remind.addHelpText('after', t('cli.remind.example')).action(async (input: string, o: Record<string, unknown>) => {
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
      cancel
        .option('-y, --yes', t('cli.opt.yes_followup'))
        .option('--rows <list>', t('cli.opt.rows'))
        .option('--filter <column=value>', t('cli.opt.filter'), collect)
        .option('--disposal', t('cli.opt.disposal'))
        .option('--reason <text>', t('cli.opt.reason'));
      addOutputOptions(cancel);
      cancel.addHelpText('after', t('cli.cancel.example')).action(async (input: string, o: Record<string, unknown>) => {
        const { cancelCommand } = await import('../commands/cancel.js');
        set(
          await cancelCommand(
            {
              ...common(input, o),
              yes: Boolean(o.yes),
              disposal: Boolean(o.disposal),
              reason: o.reason as string | undefined,
              rows: o.rows as string | undefined,
              filters: (o.filter as string[] | undefined) ?? [],
            },
            ctx,
          ),
        );
      });
    });
  }

  return program;
}

/** `<name>` or `[name]`, as commander writes an argument in a usage line. */
function argumentTerm(arg: Commander.Argument): string {
  const name = arg.name() + (arg.variadic ? '...' : '');
  return arg.required ? `<${name}>` : `[${name}]`;
}

function addSettingOptions(cmd: Command): void {
  cmd
    .option('-c, --config <file>', t('cli.opt.config'))
    .option('--api-url <url>', t('cli.opt.api_url'))
    .option('--comp-id <id>', t('cli.opt.comp_id'))
    .option('--memb-email <email>', t('cli.opt.memb_email'))
    .option('--client-id <id>', t('cli.opt.client_id'))
    .option('--workflow-lib-id <id>', t('cli.opt.workflow_lib_id'))
    .option('--doc-id <id>', t('cli.opt.doc_id'))
    .option('--token-file <file>', t('cli.opt.token_file'))
    .option('--batch-size <n>', t('cli.opt.batch_size'))
    .option('--concurrency <n>', t('cli.opt.concurrency'))
    .option('--connect-timeout <seconds>', t('cli.opt.connect_timeout'))
    .option('--response-timeout <seconds>', t('cli.opt.response_timeout'));
}

function addInputOptions(cmd: Command): void {
  cmd
    .addOption(new Option('--encoding <name>', t('cli.opt.encoding')).choices(['utf8', 'cp949', 'euc-kr']))
    .option('--delimiter <char>', t('cli.opt.delimiter'));
}

export function addOutputOptions(cmd: Command): void {
  cmd
    .option('--json', t('cli.opt.json'))
    .option('-q, --quiet', t('cli.opt.quiet'))
    .option('--verbose', t('cli.opt.verbose'))
    .option('--no-color', t('cli.opt.no_color'))
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(['ko', 'en']));
}

export function outputOptions(o: Record<string, unknown>): OutputOptions {
  return { json: Boolean(o.json), quiet: Boolean(o.quiet), verbose: Boolean(o.verbose), color: o.color !== false };
}

export function settingFlags(o: Record<string, unknown>): SettingFlags {
  const s = (k: string) => (o[k] === undefined ? undefined : String(o[k]));
  return {
    config: s('config'),
    apiUrl: s('apiUrl'),
    compId: s('compId'),
    membEmail: s('membEmail'),
    clientId: s('clientId'),
    workflowLibId: s('workflowLibId'),
    docId: s('docId'),
    tokenFile: s('tokenFile'),
    batchSize: s('batchSize'),
    concurrency: s('concurrency'),
    connectTimeout: s('connectTimeout'),
    responseTimeout: s('responseTimeout'),
  };
}

/** A usage error from a flag value; main turns it into exit 2. */
export class FlagError extends Error {}

export function parseCount(flag: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new FlagError(t('cli.bad_count', { flag, value: raw }));
  return n;
}

function parseNumber(flag: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new FlagError(t('cli.bad_number', { flag, value: raw }));
  return n;
}
