/**
 * The option table: every setting with its flag, environment variable, config file
 * key, default, bounds and help text (each command's other flags are in
 * ./commands.ts). Nothing else spells these out: program.ts makes commander's options
 * from them, settings.ts resolves the settings and checks the config file by this
 * table, the types of both are derived from it, and a test holds every `--help` and
 * the README's settings table to it. A new setting is one row in SETTINGS plus its
 * help text in ui/messages/cli.ts; a new flag of one command is a line in COMMANDS.
 *
 * Plain data: program.ts loads it for `--help`, so it imports nothing at run time.
 */
import type { en as cliMessages } from '../ui/messages/cli.js';

/** A help text: a key of the command line's own catalogue. */
type HelpKey = Extract<keyof typeof cliMessages, `cli.opt.${string}`>;

/** Each command, and the subcommands of `sandbox` as their command line names them. */
export type CommandName =
  | 'send'
  | 'validate'
  | 'init'
  | 'emulator'
  | 'login'
  | 'templates'
  | 'status'
  | 'remind'
  | 'cancel'
  | 'download'
  | 'reconcile'
  | 'runs'
  | 'sandbox sign'
  | 'sandbox reset';

/** An option as commander takes it. */
export interface OptionSpec {
  /** `-o, --out <file>` */
  readonly flags: string;
  readonly help: HelpKey;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** May be given more than once; the values are collected in order. */
  readonly repeatable?: boolean;
}

interface SettingBase {
  /** The config file key and the property of `Settings`. */
  readonly key: string;
  /** As commander takes it; none for a setting that only the config file or the environment sets. */
  readonly flags?: string;
  readonly help?: HelpKey;
  /** The commands that take the flag. */
  readonly on?: readonly CommandName[];
  /** Commands whose help says something else (another default). */
  readonly helpOn?: Partial<Record<CommandName, HelpKey>>;
  readonly env?: string;
  /**
   * For the README's settings table: the setting's name; its default in words when
   * it has no value here; a note after the default.
   */
  readonly doc: { readonly name: string; readonly default?: string; readonly note?: string };
}

/** A string: the flag (unless blank) > the environment (unless blank) > the config file > the default. */
export interface TextSetting extends SettingBase {
  readonly kind: 'text';
  readonly default?: string;
  /** Free text: taken as written, empty allowed. Else trimmed and not empty. */
  readonly asWritten?: boolean;
  /** A path that, in the config file, is relative to the config file. */
  readonly relativeToConfig?: boolean;
}

/** A number within bounds: the flag > the config file > the default. */
export interface NumberSetting extends SettingBase {
  readonly kind: 'number';
  /** None yet: loadSettings reads no number from the environment. */
  readonly env?: never;
  readonly default: number;
  readonly integer: boolean;
  /** The flag's lowest value. A fraction in the config file only has to be positive. */
  readonly min: number;
  readonly max: number;
}

/** A yes or no, from the config file only (`true`/`false`): the config file > the default. */
export interface BooleanSetting extends SettingBase {
  readonly kind: 'boolean';
  readonly flags?: never;
  readonly env?: never;
  readonly default: boolean;
}

/** `--config`: where the other settings are read from. */
interface ConfigSetting extends SettingBase {
  readonly kind: 'config';
}

/**
 * A secret: never a flag's value (shell history, process lists) nor a config key.
 * Read where it is used (config/token.ts, commands/login.ts), not by loadSettings.
 */
interface SecretSetting extends SettingBase {
  readonly kind: 'secret';
}

export type Setting = TextSetting | NumberSetting | BooleanSetting | ConfigSetting | SecretSetting;

const SENDING = ['send', 'validate'] as const;
const FOLLOWUPS = ['status', 'remind', 'cancel', 'download', 'reconcile'] as const;
/** Every command that talks to the API (`init` with `--online`). */
const ACCOUNT = [...SENDING, 'login', 'templates', ...FOLLOWUPS, 'init'] as const;
/** The commands that take `--sandbox`: every one that talks to the API but `login`. */
export const SANDBOXED = [...SENDING, 'templates', ...FOLLOWUPS, 'init'] as const;

/**
 * What `--sandbox` replaces (jobs/sandbox.ts), whatever the flags, environment or
 * config file say: the API URL (the sandbox's emulator), the account, the template
 * and its document, and the token (a real one is never read, let alone sent).
 */
export const SANDBOX_REPLACES = ['api_url', 'comp_id', 'memb_email', 'client_id', 'workflow_lib_id', 'doc_id', 'token', 'token_file'] as const;

/** reference_field: filled by the send, searched by `send --resume` and `reconcile` (jobs/settle/). */
const REFERENCE_NOTE = "a field of the template's document that the tool fills with `<run>-<row>`, to settle rows whose answer was lost";
/**
 * Every setting, in the order of `--help` and of the README's table. The order of
 * the config keys is also the order in which the config file's mistakes are listed.
 */
export const SETTINGS = [
  {
    key: 'config_file',
    kind: 'config',
    flags: '-c, --config <file>',
    help: 'cli.opt.config',
    on: ACCOUNT,
    doc: { name: 'config file', default: '`esignon-bulk.config.json` in the current folder' },
  },
  {
    key: 'api_url',
    kind: 'text',
    flags: '--api-url <url>',
    help: 'cli.opt.api_url',
    on: ACCOUNT,
    env: 'ESIGNON_API_URL',
    default: 'https://docs.esignon.net',
    doc: { name: 'API base URL' },
  },
  {
    key: 'comp_id',
    kind: 'text',
    flags: '--comp-id <id>',
    help: 'cli.opt.comp_id',
    on: ACCOUNT,
    env: 'ESIGNON_COMP_ID',
    doc: { name: 'company ID', default: 'required to send' },
  },
  {
    key: 'memb_email',
    kind: 'text',
    flags: '--memb-email <email>',
    help: 'cli.opt.memb_email',
    on: ACCOUNT,
    env: 'ESIGNON_MEMB_EMAIL',
    doc: { name: 'sender email', default: 'required to send' },
  },
  {
    key: 'client_id',
    kind: 'text',
    flags: '--client-id <id>',
    help: 'cli.opt.client_id',
    on: ACCOUNT,
    env: 'ESIGNON_CLIENT_ID',
    doc: { name: 'client ID', default: 'none (sent by `login` only when set)' },
  },
  {
    key: 'workflow_lib_id',
    kind: 'text',
    flags: '--workflow-lib-id <id>',
    help: 'cli.opt.workflow_lib_id',
    on: [...SENDING, 'status', 'reconcile', 'init'], // status and reconcile read the template's documents through the search
    helpOn: { status: 'cli.opt.status_workflow_lib_id', reconcile: 'cli.opt.reconcile_workflow_lib_id' },
    env: 'ESIGNON_WORKFLOW_LIB_ID',
    doc: { name: 'bulk template', default: 'required to send' },
  },
  {
    key: 'doc_id',
    kind: 'text',
    flags: '--doc-id <id>',
    help: 'cli.opt.doc_id',
    on: [...SENDING, 'init'],
    env: 'ESIGNON_DOC_ID',
    doc: { name: 'default template document', default: 'none (then `field:` columns must name their `doc_id`)' },
  },
  { key: 'reference_field', kind: 'text', doc: { name: 'reference field', default: 'none', note: REFERENCE_NOTE } },
  {
    key: 'token',
    kind: 'secret',
    env: 'ESIGNON_TOKEN',
    doc: { name: 'access token', default: 'read from the token file' },
  },
  {
    key: 'token_file',
    kind: 'text',
    flags: '--token-file <file>',
    help: 'cli.opt.token_file',
    on: [...SENDING, 'templates', ...FOLLOWUPS, 'init'],
    relativeToConfig: true,
    doc: { name: 'access token file', default: 'the file `login` stored' },
  },
  {
    key: 'batch_size',
    kind: 'number',
    flags: '--batch-size <n>',
    help: 'cli.opt.batch_size',
    on: SENDING,
    default: 50,
    integer: true,
    min: 1,
    max: 1000,
    doc: { name: 'signers per request' },
  },
  {
    key: 'concurrency',
    kind: 'number',
    flags: '--concurrency <n>',
    help: 'cli.opt.concurrency',
    on: [...SENDING, ...FOLLOWUPS],
    // status, remind, cancel, download and reconcile use 4 unless the setting is given (jobs/followup.ts, jobs/download/job.ts, jobs/settle/).
    helpOn: Object.fromEntries(FOLLOWUPS.map((c) => [c, 'cli.opt.followup_concurrency'])),
    default: 2,
    integer: true,
    min: 1,
    max: 16,
    doc: { name: 'requests in flight', note: '4 for `status`, `remind`, `cancel`, `download`, `reconcile`' },
  },
  { key: 'api_version', kind: 'text', default: '1.1.57', doc: { name: 'API version string' } },
  {
    key: 'connect_timeout',
    kind: 'number',
    flags: '--connect-timeout <seconds>',
    help: 'cli.opt.connect_timeout',
    on: ACCOUNT,
    default: 10,
    integer: false,
    min: 0.001,
    max: 600,
    doc: { name: 'connect timeout, s' },
  },
  {
    key: 'response_timeout',
    kind: 'number',
    flags: '--response-timeout <seconds>',
    help: 'cli.opt.response_timeout',
    on: ACCOUNT,
    default: 120,
    integer: false,
    min: 0.001,
    max: 3600,
    doc: { name: 'response timeout, s' },
  },
  { key: 'max_retries', kind: 'number', default: 5, integer: true, min: 0, max: 20, doc: { name: 'retries when certainly not processed' } },
  { key: 'comment', kind: 'text', default: '', asWritten: true, doc: { name: 'message sent with the documents' } },
  { key: 'legal_agreement', kind: 'boolean', default: false, doc: { name: 'legal agreement step', note: "1410Q's `enable_legal_agreement`" } },
  {
    key: 'password',
    kind: 'secret',
    flags: '--password-file <file>',
    help: 'cli.opt.password_file',
    on: ['login'],
    env: 'ESIGNON_PASSWORD',
    doc: { name: 'password for `login`', default: 'asked on a terminal' },
  },
] as const satisfies readonly Setting[];

/** Each row of SETTINGS by its key. */
export const SETTING = Object.fromEntries(SETTINGS.map((s) => [s.key, s])) as unknown as { readonly [R in Row as R['key']]: R };

/** `--comp-id` of `--comp-id <id>`: how a source or an error names the flag. */
export function longFlag(flags: string): string {
  return /--[\w-]+/.exec(flags)![0];
}

/** `compId` of `--comp-id <id>`: where commander puts the flag's value (as its `attributeName()`). */
export function attributeName(flags: string): string {
  return longFlag(flags)
    .slice(2)
    .replace(/^no-/, '')
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

type Row = (typeof SETTINGS)[number];
export type { FileSetting, SettingFlags, SettingValues } from './option-types.js';
