/**
 * Where settings come from, highest first: command-line flags, environment
 * variables, the config file (`--config FILE`, else `esignon-bulk.config.json` in the
 * current folder), defaults. Every value remembers its source so that an error can
 * say which flag, variable or file key to fix.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { LANGUAGES, MEMB_ID_TYPES } from '../api/schemas.js';
import { CUSTOMER_B_PROPERTIES, SIGNER_PROPERTIES, type CustomerBProperty, type MappingConfig } from '../core/signer-types.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import {
  SETTING,
  SETTINGS,
  attributeName,
  longFlag,
  type BooleanSetting,
  type FileSetting,
  type NumberSetting,
  type Setting,
  type SettingFlags,
  type SettingValues,
  type TextSetting,
} from './options.js';

export type { SettingFlags } from './options.js';

export const DEFAULT_CONFIG_FILE = 'esignon-bulk.config.json';

const nonEmpty = z.string().trim().min(1);
const boolish = z.boolean();

/** The settings a config file may hold, in the option table's order. */
const FILE_SETTINGS = (SETTINGS as readonly Setting[]).filter(
  (s): s is TextSetting | NumberSetting | BooleanSetting => s.kind === 'text' || s.kind === 'number' || s.kind === 'boolean',
);

/** A setting's value in the config file, with the option table's bounds. */
function fileSchema(s: TextSetting | NumberSetting | BooleanSetting): z.ZodString | z.ZodNumber | z.ZodBoolean {
  if (s.kind === 'boolean') return z.boolean();
  if (s.kind === 'text') return s.asWritten ? z.string() : nonEmpty;
  // A flag is typed by hand and must be at least `min`; a fraction in the file has only to be positive.
  return s.integer ? z.number().int().min(s.min).max(s.max) : z.number().positive().max(s.max);
}
type SettingsShape = {
  [R in FileSetting as R['key']]: z.ZodOptional<R extends { kind: 'number' } ? z.ZodNumber : R extends { kind: 'boolean' } ? z.ZodBoolean : z.ZodString>;
};
const settingsShape = Object.fromEntries(FILE_SETTINGS.map((s) => [s.key, fileSchema(s).optional()])) as SettingsShape;

/** The config file: the settings, then the mapping. Strict: an unknown key is an error, not silently ignored. */
const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  ...settingsShape,
  workflow_name: z.string().optional(),
  columns: z.partialRecord(z.enum(SIGNER_PROPERTIES), nonEmpty).optional(),
  fields: z
    .array(
      z.strictObject({
        column: nonEmpty,
        doc_id: nonEmpty.optional(),
        field_name: nonEmpty,
        required: z.boolean().optional(),
      }),
    )
    .optional(),
  // Customer B of a "2단계 C" template: its columns, as `columns` names the signer's; name and email required.
  customer_b: z
    .strictObject({
      name: nonEmpty,
      email: nonEmpty,
      ...Object.fromEntries(CUSTOMER_B_PROPERTIES.filter((p) => p !== 'name' && p !== 'email').map((p) => [p, nonEmpty.optional()])),
    } as Record<'name' | 'email', typeof nonEmpty> & Record<Exclude<CustomerBProperty, 'name' | 'email'>, z.ZodOptional<typeof nonEmpty>>)
    .optional(),
  defaults: z
    .strictObject({
      language: z.enum(LANGUAGES).optional(),
      memb_id_type: z.enum(MEMB_ID_TYPES).optional(),
      enable_mobile_cert: boolish.optional(),
      enable_password_cert: boolish.optional(),
    })
    .optional(),
});
type ConfigFile = z.infer<typeof configFileSchema>;

/** Each setting of the option table (api_url, comp_id, batch_size, …, config_file), the mapping, and where each came from. */
export interface Settings extends SettingValues {
  mapping: MappingConfig;
  /** setting key → where its value came from: `--comp-id`, `ESIGNON_COMP_ID`, `file.json:comp_id`; none for a default. */
  sources: Record<string, string>;
  /** setting key → where an example value of `init`'s starter config was given: `file.json:2` (its line), or the flag or variable. */
  placeholders: Partial<Record<PlaceholderKey, string>>;
  /** Set by `--sandbox` (jobs/sandbox.ts), with the settings it replaced: the sandbox's token, used in place of any other. */
  sandbox?: { token: string } | undefined;
}

/**
 * The example values `init` writes (templates/esignon-bulk.config.json and its Korean
 * twin; a test holds this list to them). Sent as they are, they would reach eSignon
 * as a company, sender or template that does not exist.
 */
export const PLACEHOLDERS = {
  comp_id: ['your-company-id', '회사-ID를-넣으세요'],
  memb_email: ['you@your-company.example'],
  workflow_lib_id: ['your-bulk-template-id', '대량발송-서식-ID를-넣으세요'],
  doc_id: ['your-template-doc-id', '서식-문서-ID를-넣으세요'],
} as const satisfies Record<string, readonly string[]>;
export type PlaceholderKey = keyof typeof PLACEHOLDERS;

const MAPPING_KEYS = ['workflow_name', 'columns', 'fields', 'customer_b', 'defaults'] as const;

export async function loadSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<Settings> {
  const { file, path, text } = await readConfigFile(flags.config, cwd);
  const fileLabel = path ? displayPath(path, cwd) : '';
  const fromFlags = flags as Record<string, string | undefined>;
  const values: Record<string, string | number | boolean | undefined> = {};
  const sources: Record<string, string> = {};

  for (const s of FILE_SETTINGS) {
    const flag = s.flags === undefined ? undefined : fromFlags[attributeName(s.flags)];
    const fromEnv = s.env === undefined ? undefined : env[s.env];
    const fromFile = file[s.key as keyof ConfigFile] as string | number | boolean | undefined;
    const take = (value: string | number | boolean, source: string): void => {
      values[s.key] = value;
      sources[s.key] = source;
    };
    if (s.kind === 'boolean') {
      if (fromFile !== undefined) take(fromFile, `${fileLabel}:${s.key}`);
      else values[s.key] = s.default;
    } else if (s.kind === 'number') {
      // A number flag is never passed over: an empty one is a mistake to report.
      if (flag !== undefined) take(parseNumberFlag(longFlag(s.flags!), flag, s), longFlag(s.flags!));
      else if (fromFile !== undefined) take(fromFile, `${fileLabel}:${s.key}`);
      else values[s.key] = s.default;
    } else if (flag?.trim()) take(flag.trim(), longFlag(s.flags!));
    else if (fromEnv?.trim()) take(fromEnv.trim(), s.env!);
    // A path in the config file is relative to the config file, not the cwd.
    else if (fromFile !== undefined) take(s.relativeToConfig && path ? resolve(path, '..', String(fromFile)) : fromFile, `${fileLabel}:${s.key}`);
    else values[s.key] = s.default;
  }
  for (const key of MAPPING_KEYS) if (file[key] !== undefined) sources[key] = `${fileLabel}:${key}`;

  const settings = {
    ...(values as SettingValues),
    mapping: {
      columns: file.columns ?? {},
      fields: file.fields ?? [],
      workflow_name: file.workflow_name,
      defaults: file.defaults ?? {},
      doc_id: values.doc_id as string | undefined,
      customer_b: file.customer_b,
    },
    config_file: path,
    sources,
    placeholders: {} as Settings['placeholders'],
  } satisfies Settings;

  for (const key of Object.keys(PLACEHOLDERS) as PlaceholderKey[]) {
    const value = settings[key];
    if (value === undefined || !(PLACEHOLDERS[key] as readonly string[]).includes(value)) continue;
    const source = sources[key] ?? '';
    settings.placeholders[key] = source === `${fileLabel}:${key}` ? `${fileLabel}:${lineOfKey(text ?? '', key)}` : source;
  }

  settings.api_url = checkApiUrl(settings.api_url, sources.api_url ?? 'default');
  if (settings.memb_email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(settings.memb_email)) {
    throw new UsageError(t('settings.invalid_email', { source: sources.memb_email ?? '', value: settings.memb_email }));
  }
  return settings;
}

/** Settings a command cannot do without, reported together; an example value of `init`'s is refused as well. */
export function requireSettings<K extends 'comp_id' | 'memb_email' | 'client_id' | 'workflow_lib_id'>(
  settings: Settings,
  keys: readonly K[],
): asserts settings is Settings & { comp_id: string; memb_email: string; workflow_lib_id: string } & Record<K, string> {
  const missing = keys.filter((k) => settings[k] === undefined);
  const examples = placeholderLines(settings, keys.filter((k): k is K & PlaceholderKey => k in PLACEHOLDERS));
  if (missing.length === 0) {
    if (examples.length > 0) throw new UsageError(t('settings.placeholders', { count: examples.length }), examples);
    return;
  }
  const lines = missing.map((k) => {
    const s = SETTING[k];
    return t('settings.missing_one', { key: k, flag: longFlag(s.flags), env: s.env, file: DEFAULT_CONFIG_FILE });
  });
  // Both at once: the user edits the file once.
  if (examples.length > 0) lines.push(t('settings.placeholders', { count: examples.length }), ...examples.map((line) => `  ${line}`));
  throw new UsageError(t('settings.missing', { count: missing.length }), lines);
}

/**
 * Refuses the settings among `keys` that still hold an example value of `init`'s, naming
 * the file and line to edit. A value replaced since (by `--sandbox`) is not refused.
 */
export function refusePlaceholders(settings: Settings, keys: readonly PlaceholderKey[]): void {
  const lines = placeholderLines(settings, keys);
  if (lines.length > 0) throw new UsageError(t('settings.placeholders', { count: lines.length }), lines);
}

function placeholderLines(settings: Settings, keys: readonly PlaceholderKey[]): string[] {
  return keys.flatMap((k) => {
    const value = settings[k];
    const where = settings.placeholders[k];
    if (where === undefined || value === undefined || !(PLACEHOLDERS[k] as readonly string[]).includes(value)) return [];
    return [t('settings.placeholder_one', { where, key: k, value, hint: t(`settings.placeholder_hint.${k}`) })];
  });
}

/** The line of the config file where `"key":` is (1 if it cannot be found). */
function lineOfKey(text: string, key: string): number {
  const at = text.search(new RegExp(`"${key}"\\s*:`));
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

async function readConfigFile(explicit: string | undefined, cwd: string): Promise<{ file: ConfigFile; path?: string; text?: string }> {
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && explicit === undefined) return { file: {} };
    if (code === 'ENOENT') throw new UsageError(t('settings.config_missing', { path: explicit! }));
    throw new UsageError(t('settings.config_unreadable', { path: displayPath(path, cwd), reason: code ?? String(err) }));
  }
  const label = displayPath(path, cwd);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(t('settings.config_not_json', { path: label, reason: (err as Error).message }));
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(
      t('settings.config_invalid', { path: label }),
      parsed.error.issues.map((issue) => describeIssue(label, issue)),
    );
  }
  return { file: parsed.data, path, text };
}

function describeIssue(label: string, issue: z.core.$ZodIssue): string {
  const key = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `${key}.` : '';
    return t('settings.unknown_keys', { keys: issue.keys.map((k) => `${label}:${where}${k}`).join(', ') });
  }
  return `${label}:${key || '(root)'}: ${issue.message}`;
}

function parseNumberFlag(option: string, raw: string, n: NumberSetting): number {
  const value = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(value) && (!n.integer || Number.isInteger(value)) && value >= n.min && value <= n.max;
  if (!ok) throw new UsageError(t('settings.bad_number', { option, value: raw, min: n.min, max: n.max }));
  return value;
}

/** `https://` always; `http://` only for loopback (the emulator). Returns the URL without a trailing slash. */
function checkApiUrl(raw: string, source: string): string {
  // Whatever is wrong, a password in the URL is never repeated back.
  const value = raw.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(t('settings.bad_url', { source, value }));
  }
  // `https://user:pass@host` would be printed in previews and sent as Basic auth in place of the token.
  if (url.username !== '' || url.password !== '') throw new UsageError(t('settings.url_credentials', { source, value }));
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) throw new UsageError(t('settings.http_refused', { source, value }));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(t('settings.bad_url', { source, value }));
  return url.toString().replace(/\/+$/, '');
}

function displayPath(path: string, cwd: string): string {
  const rel = path.startsWith(cwd + '/') ? path.slice(cwd.length + 1) : path;
  return isAbsolute(rel) ? path : rel;
}
