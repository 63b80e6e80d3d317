/**
 * The commander program. Actions normalise their options and lazily import their
 * command, so `--help` and `--version` load nothing heavy.
 */
import { Command, Option, type Help } from 'commander';
import type { ExitCode } from '../errors.js';
import type { SettingFlags } from '../config/settings.js';
import type { CommandContext } from '../commands/context.js';
import type { OutputOptions } from '../ui/reporter.js';
import { t, getLang } from '../ui/i18n.js';

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
  const configure = (cmd: Command): Command =>
    cmd
      .configureHelp({
        styleTitle: (title: string) => (korean ? (TITLES_KO[title] ?? title) : title),
        sortOptions: false,
      } as Partial<Help>)
      .helpOption('-h, --help', t('cli.opt.help'));

  configure(program)
    .description(t('cli.description'))
    .version(version, '-V, --version', t('cli.opt.version'))
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .addHelpText('after', t('cli.help_after'));

  const set = (code: ExitCode) => {
    result.exitCode = code;
  };

  // ------------------------------------------------------------------ send / validate
  const send = configure(program.command('send').argument('<csv>', t('cli.arg.csv')).description(t('cli.send.description')));
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
    .option('--no-preflight', t('preflight.opt.no_preflight'));
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

  const validate = configure(program.command('validate').argument('<csv>', t('cli.arg.csv')).description(t('cli.validate.description')));
  addSettingOptions(validate);
  validate.option('--allow-duplicates', t('cli.opt.allow_duplicates')).option('--online', t('preflight.opt.online'));
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

  // ------------------------------------------------------------------ init
  const init = configure(program.command('init').argument('[dir]', t('cli.arg.dir'), '.').description(t('cli.init.description')));
  init.option('--force', t('cli.opt.init_force'));
  addOutputOptions(init);
  init.addHelpText('after', t('cli.init.example')).action(async (dir: string, o: Record<string, unknown>) => {
    const { initCommand } = await import('../commands/init.js');
    set(await initCommand({ dir, force: Boolean(o.force), output: outputOptions(o) }, ctx));
  });

  // ------------------------------------------------------------------ emulator
  const emulator = configure(program.command('emulator').description(t('cli.emulator.description')));
  emulator
    .option('--port <n>', t('cli.opt.port'))
    .option('--latency <ms>', t('cli.opt.latency'))
    .option('--fail-rate <rate>', t('cli.opt.fail_rate'))
    .option('--quota <n>', t('cli.opt.quota'))
    .option('--seed <n>', t('cli.opt.seed'))
    .option('--faults <json>', t('cli.opt.faults'));
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
      })) as ExitCode,
    );
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
      if (extra.concurrency) cmd.option('--concurrency <n>', t('account.opt.followup_concurrency'));
      cmd.option('--connect-timeout <seconds>', t('cli.opt.connect_timeout')).option('--response-timeout <seconds>', t('cli.opt.response_timeout'));
    };
    const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

    const login = configure(program.command('login').description(t('login.cli.description')));
    accountOptions(login, { token: false, concurrency: false });
    login.option('--password-file <file>', t('account.opt.password_file')).option('--print', t('account.opt.print'));
    addOutputOptions(login);
    login.addHelpText('after', t('login.cli.example')).action(async (o: Record<string, unknown>) => {
      const { loginCommand } = await import('../commands/login.js');
      set(
        await loginCommand(
          { print: Boolean(o.print), passwordFile: o.passwordFile as string | undefined, output: outputOptions(o), settings: settingFlags(o) },
          ctx,
        ),
      );
    });

    const templates = configure(program.command('templates').description(t('templates.cli.description')));
    accountOptions(templates, { token: true, concurrency: false });
    templates.option('--all', t('account.opt.all')).addOption(new Option('--folder <folder>', t('account.opt.folder')).choices(['all', 'my']).default('all'));
    addOutputOptions(templates);
    templates.addHelpText('after', t('templates.cli.example')).action(async (o: Record<string, unknown>) => {
      const { templatesCommand } = await import('../commands/templates.js');
      set(await templatesCommand({ all: Boolean(o.all), folder: String(o.folder), output: outputOptions(o), settings: settingFlags(o) }, ctx));
    });

    const followup = (name: 'status' | 'remind' | 'cancel') => {
      const cmd = configure(program.command(name).argument('<results>', t('account.arg.results')).description(t(`${name}.cli.description`)));
      accountOptions(cmd, { token: true, concurrency: true });
      cmd.option('-o, --out <file>', t('account.opt.results_out')).option('--no-bom', t('cli.opt.no_bom'));
      return cmd;
    };
    const common = (input: string, o: Record<string, unknown>) => ({
      input,
      out: o.out as string | undefined,
      bom: o.bom !== false,
      output: outputOptions(o),
      settings: settingFlags(o),
    });

    const status = followup('status');
    addOutputOptions(status);
    status.addHelpText('after', t('status.cli.example')).action(async (input: string, o: Record<string, unknown>) => {
      const { statusCommand } = await import('../commands/status.js');
      set(await statusCommand(common(input, o), ctx));
    });

    const remind = followup('remind');
    remind
      .option('-y, --yes', t('account.opt.yes_followup'))
      .option('--only-older-than <age>', t('account.opt.older_than'))
      .option('--limit <n>', t('account.opt.remind_limit'))
      .option('--again', t('account.opt.again'));
    addOutputOptions(remind);
    remind.addHelpText('after', t('remind.cli.example')).action(async (input: string, o: Record<string, unknown>) => {
      const { remindCommand } = await import('../commands/remind.js');
      const limit = o.limit === undefined ? undefined : parseCount('--limit', String(o.limit));
      set(
        await remindCommand(
          { ...common(input, o), yes: Boolean(o.yes), olderThan: o.onlyOlderThan as string | undefined, limit, again: Boolean(o.again) },
          ctx,
        ),
      );
    });

    const cancel = followup('cancel');
    cancel
      .option('-y, --yes', t('account.opt.yes_followup'))
      .option('--rows <list>', t('account.opt.rows'))
      .option('--filter <column=value>', t('account.opt.filter'), collect)
      .option('--disposal', t('account.opt.disposal'))
      .option('--reason <text>', t('account.opt.reason'));
    addOutputOptions(cancel);
    cancel.addHelpText('after', t('cancel.cli.example')).action(async (input: string, o: Record<string, unknown>) => {
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
  }

  return program;
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
