/**
 * Each command's own options (those that are not settings), and `commandOptions`:
 * everything a command's `--help` lists — its settings from the option table
 * (./options.ts), then these. Plain data, like the option table.
 */
import { longFlag, SANDBOXED, SETTINGS, type CommandName, type OptionSpec, type Setting } from './options.js';

/** The options that are not settings, shared by several commands. */
const INPUT: readonly OptionSpec[] = [
  { flags: '--encoding <name>', help: 'cli.opt.encoding', choices: ['utf8', 'cp949', 'euc-kr'] },
  { flags: '--delimiter <char>', help: 'cli.opt.delimiter' },
  { flags: '--sheet <name>', help: 'cli.opt.sheet' },
];
const OUTPUT: readonly OptionSpec[] = [
  { flags: '--json', help: 'cli.opt.json' },
  { flags: '-q, --quiet', help: 'cli.opt.quiet' },
  { flags: '--verbose', help: 'cli.opt.verbose' },
  { flags: '--no-color', help: 'cli.opt.no_color' },
  { flags: '--lang <lang>', help: 'cli.opt.lang', choices: ['ko', 'en'] },
];
const FOLLOWUP: readonly OptionSpec[] = [
  { flags: '-o, --out <file>', help: 'cli.opt.results_out' },
  { flags: '--no-bom', help: 'cli.opt.no_bom' },
];
const YES_FOLLOWUP: OptionSpec = { flags: '-y, --yes', help: 'cli.opt.yes_followup' };

/** `--sandbox`, first of the own options of every command of SANDBOXED. */
const SANDBOX_OPTION = (command: CommandName): OptionSpec => ({ flags: '--sandbox', help: command === 'init' ? 'cli.opt.init_sandbox' : 'cli.opt.sandbox' });

/** An output option by its long flag. */
type OutputFlag = '--json' | '--quiet' | '--verbose' | '--no-color' | '--lang';

/**
 * Each command's own options. `--help` lists a command's settings first (SETTINGS
 * whose `on` names it), then these, then the input options if `input`, then the
 * output options: all of them, or those of `output` for a command where the others
 * would do nothing (init logs no request and prints nothing in colour; runs logs no request).
 */
const COMMANDS: Record<CommandName, { readonly options: readonly OptionSpec[]; readonly input?: boolean; readonly output?: readonly OutputFlag[] }> = {
  send: {
    options: [
      { flags: '-o, --out <file>', help: 'cli.opt.out' },
      { flags: '-y, --yes', help: 'cli.opt.yes' },
      { flags: '--dry-run', help: 'cli.opt.dry_run' },
      { flags: '--preview', help: 'cli.opt.preview_dry_run' },
      { flags: '--limit <n>', help: 'cli.opt.limit' },
      { flags: '--skip-invalid', help: 'cli.opt.skip_invalid' },
      { flags: '--allow-duplicates', help: 'cli.opt.allow_duplicates' },
      { flags: '--resume', help: 'cli.opt.resume' },
      { flags: '--retry-unknown', help: 'cli.opt.retry_unknown' },
      { flags: '--retry-failed', help: 'cli.opt.retry_failed' },
      { flags: '--force', help: 'cli.opt.force' },
      { flags: '--again', help: 'cli.opt.send_again' },
      { flags: '--no-bom', help: 'cli.opt.no_bom' },
      { flags: '--no-preflight', help: 'cli.opt.no_preflight' },
    ],
    input: true,
  },
  validate: {
    options: [
      { flags: '--allow-duplicates', help: 'cli.opt.allow_duplicates' },
      { flags: '--online', help: 'cli.opt.online' },
      { flags: '--preview', help: 'cli.opt.preview' },
    ],
    input: true,
  },
  init: {
    options: [
      { flags: '--force', help: 'cli.opt.init_force' },
      { flags: '--xlsx', help: 'cli.opt.init_xlsx' },
      { flags: '--online', help: 'cli.opt.init_online' },
    ],
    output: ['--json', '--quiet', '--lang'],
  },
  emulator: {
    options: [
      { flags: '--port <n>', help: 'cli.opt.port' },
      { flags: '--latency <ms>', help: 'cli.opt.latency' },
      { flags: '--fail-rate <rate>', help: 'cli.opt.fail_rate' },
      { flags: '--quota <n>', help: 'cli.opt.quota' },
      { flags: '--seed <n>', help: 'cli.opt.seed' },
      { flags: '--faults <json>', help: 'cli.opt.faults' },
      { flags: '--state <file>', help: 'cli.opt.emulator_state' },
    ],
    // It prints its banner and a JSON line for scripts whatever is asked.
    output: ['--lang'],
  },
  login: { options: [{ flags: '--print', help: 'cli.opt.print' }] },
  templates: {
    options: [
      { flags: '--all', help: 'cli.opt.all' },
      { flags: '--folder <folder>', help: 'cli.opt.folder', choices: ['all', 'shared', 'my'], default: 'all' },
    ],
  },
  status: { options: FOLLOWUP },
  runs: { options: [], output: ['--json', '--quiet', '--no-color', '--lang'] },
  remind: {
    options: [
      ...FOLLOWUP,
      YES_FOLLOWUP,
      { flags: '--only-older-than <age>', help: 'cli.opt.older_than' },
      { flags: '--limit <n>', help: 'cli.opt.remind_limit' },
      { flags: '--again', help: 'cli.opt.again' },
    ],
  },
  cancel: {
    options: [
      ...FOLLOWUP,
      YES_FOLLOWUP,
      { flags: '--rows <list>', help: 'cli.opt.rows' },
      { flags: '--filter <column=value>', help: 'cli.opt.filter', repeatable: true },
      { flags: '--disposal', help: 'cli.opt.disposal' },
      { flags: '--delete', help: 'cli.opt.delete' },
      { flags: '--reason <text>', help: 'cli.opt.reason' },
    ],
  },
  download: { options: [{ flags: '--dir <dir>', help: 'cli.opt.download_dir' }] },
  'sandbox sign': { options: [{ flags: '--rows <list>', help: 'cli.opt.sign_rows' }] },
  'sandbox reset': { options: [] },
  reconcile: {
    options: [
      { flags: '--input <file>', help: 'cli.opt.reconcile_input' },
      { flags: '--no-bom', help: 'cli.opt.no_bom' },
    ],
    input: true,
  },
};

/** The options `command` takes, in the order its `--help` lists them. */
export function commandOptions(command: CommandName): OptionSpec[] {
  const settings = (SETTINGS as readonly Setting[]).flatMap((s): OptionSpec[] =>
    s.flags !== undefined && s.help !== undefined && s.on?.includes(command) ? [{ flags: s.flags, help: s.helpOn?.[command] ?? s.help }] : [],
  );
  const { options, input, output } = COMMANDS[command];
  const outputs = output === undefined ? OUTPUT : OUTPUT.filter((o) => output.includes(longFlag(o.flags) as OutputFlag));
  const sandbox = (SANDBOXED as readonly CommandName[]).includes(command) ? [SANDBOX_OPTION(command)] : [];
  return [...settings, ...sandbox, ...options, ...(input ? INPUT : []), ...outputs];
}
