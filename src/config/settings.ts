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
import { SIGNER_PROPERTIES, type MappingConfig } from '../core/signer-types.js';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';

export const DEFAULT_CONFIG_FILE = 'esignon-bulk.config.json';
export const DEFAULT_API_URL = 'https://docs.esignon.net';

const nonEmpty = z.string().trim().min(1);
const boolish = z.boolean();

/** The config file. Strict: an unknown key is an error, not silently ignored. */
export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  api_url: nonEmpty.optional(),
  comp_id: nonEmpty.optional(),
  memb_email: nonEmpty.optional(),
  client_id: nonEmpty.optional(),
  workflow_lib_id: nonEmpty.optional(),
  doc_id: nonEmpty.optional(),
  token_file: nonEmpty.optional(),
  batch_size: z.number().int().min(1).max(1000).optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
  api_version: nonEmpty.optional(),
  connect_timeout: z.number().positive().max(600).optional(),
  response_timeout: z.number().positive().max(3600).optional(),
  max_retries: z.number().int().min(0).max(20).optional(),
  workflow_name: z.string().optional(),
  comment: z.string().optional(),
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
  defaults: z
    .strictObject({
      language: z.enum(LANGUAGES).optional(),
      memb_id_type: z.enum(MEMB_ID_TYPES).optional(),
      enable_mobile_cert: boolish.optional(),
      enable_password_cert: boolish.optional(),
    })
    .optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

/** Settings that flags can set (commander's parsed options, still strings). */
export interface SettingFlags {
  config?: string | undefined;
  apiUrl?: string | undefined;
  compId?: string | undefined;
  membEmail?: string | undefined;
  clientId?: string | undefined;
  workflowLibId?: string | undefined;
  docId?: string | undefined;
  tokenFile?: string | undefined;
  batchSize?: string | undefined;
  concurrency?: string | undefined;
  connectTimeout?: string | undefined;
  responseTimeout?: string | undefined;
}

export interface Settings {
  api_url: string;
  comp_id?: string | undefined;
  memb_email?: string | undefined;
  client_id?: string | undefined;
  workflow_lib_id?: string | undefined;
  doc_id?: string | undefined;
  token_file?: string | undefined;
  batch_size: number;
  concurrency: number;
  api_version: string;
  /** seconds */
  connect_timeout: number;
  /** seconds */
  response_timeout: number;
  max_retries: number;
  comment: string;
  mapping: MappingConfig;
  /** The config file that was read, if any. */
  config_file?: string | undefined;
  /** setting key → where its value came from: `--comp-id`, `ESIGNON_COMP_ID`, `file.json:comp_id`, `default`. */
  sources: Record<string, string>;
}

type Scalar = 'api_url' | 'comp_id' | 'memb_email' | 'client_id' | 'workflow_lib_id' | 'doc_id' | 'token_file';
type Numeric = 'batch_size' | 'concurrency' | 'connect_timeout' | 'response_timeout';

/** The contract's settings table: key → flag, environment variable, default. */
const SCALARS: { key: Scalar; flag: keyof SettingFlags; option: string; env?: string }[] = [
  { key: 'api_url', flag: 'apiUrl', option: '--api-url', env: 'ESIGNON_API_URL' },
  { key: 'comp_id', flag: 'compId', option: '--comp-id', env: 'ESIGNON_COMP_ID' },
  { key: 'memb_email', flag: 'membEmail', option: '--memb-email', env: 'ESIGNON_MEMB_EMAIL' },
  { key: 'client_id', flag: 'clientId', option: '--client-id', env: 'ESIGNON_CLIENT_ID' },
  { key: 'workflow_lib_id', flag: 'workflowLibId', option: '--workflow-lib-id', env: 'ESIGNON_WORKFLOW_LIB_ID' },
  { key: 'doc_id', flag: 'docId', option: '--doc-id', env: 'ESIGNON_DOC_ID' },
  { key: 'token_file', flag: 'tokenFile', option: '--token-file' },
];

const NUMERICS: { key: Numeric; flag: keyof SettingFlags; option: string; min: number; max: number; integer: boolean; fallback: number }[] = [
  { key: 'batch_size', flag: 'batchSize', option: '--batch-size', min: 1, max: 1000, integer: true, fallback: 50 },
  { key: 'concurrency', flag: 'concurrency', option: '--concurrency', min: 1, max: 16, integer: true, fallback: 2 },
  { key: 'connect_timeout', flag: 'connectTimeout', option: '--connect-timeout', min: 0.001, max: 600, integer: false, fallback: 10 },
  { key: 'response_timeout', flag: 'responseTimeout', option: '--response-timeout', min: 0.001, max: 3600, integer: false, fallback: 120 },
];

export async function loadSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<Settings> {
  const { file, path } = await readConfigFile(flags.config, cwd);
  const fileLabel = path ? displayPath(path, cwd) : '';
  const sources: Record<string, string> = {};
  const pick = <K extends keyof ConfigFile>(key: K) => {
    if (file[key] !== undefined) sources[key] = `${fileLabel}:${key}`;
    return file[key];
  };

  const settings: Settings = {
    api_url: DEFAULT_API_URL,
    batch_size: 50,
    concurrency: 2,
    api_version: pick('api_version') ?? '1.1.57',
    connect_timeout: 10,
    response_timeout: 120,
    max_retries: pick('max_retries') ?? 5,
    comment: pick('comment') ?? '',
    mapping: {
      columns: pick('columns') ?? {},
      fields: pick('fields') ?? [],
      workflow_name: pick('workflow_name'),
      defaults: pick('defaults') ?? {},
      doc_id: undefined,
    },
    config_file: path,
    sources,
  };
  sources.api_url = 'default';

  for (const s of SCALARS) {
    const fromFlag = flags[s.flag];
    const fromEnv = s.env ? env[s.env] : undefined;
    if (fromFlag !== undefined && fromFlag.trim() !== '') {
      settings[s.key] = fromFlag.trim();
      sources[s.key] = s.option;
    } else if (fromEnv !== undefined && fromEnv.trim() !== '') {
      settings[s.key] = fromEnv.trim();
      sources[s.key] = s.env!;
    } else if (file[s.key] !== undefined) {
      settings[s.key] = file[s.key]!;
      sources[s.key] = `${fileLabel}:${s.key}`;
    }
  }
  for (const n of NUMERICS) {
    const fromFlag = flags[n.flag];
    if (fromFlag !== undefined) {
      settings[n.key] = parseNumberFlag(n.option, fromFlag, n);
      sources[n.key] = n.option;
    } else if (file[n.key] !== undefined) {
      settings[n.key] = file[n.key]!;
      sources[n.key] = `${fileLabel}:${n.key}`;
    } else {
      settings[n.key] = n.fallback;
    }
  }
  settings.mapping.doc_id = settings.doc_id;
  if (settings.token_file && flags.tokenFile === undefined && path) {
    // A token_file in the config file is relative to the config file, not the cwd.
    settings.token_file = resolve(path, '..', settings.token_file);
  }

  settings.api_url = checkApiUrl(settings.api_url, sources.api_url ?? 'default');
  if (settings.memb_email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(settings.memb_email)) {
    throw new UsageError(t('settings.invalid_email', { source: sources.memb_email ?? '', value: settings.memb_email }));
  }
  return settings;
}

/** Settings a command cannot do without, reported together. */
export function requireSettings(
  settings: Settings,
  keys: readonly ('comp_id' | 'memb_email' | 'workflow_lib_id')[],
): asserts settings is Settings & { comp_id: string; memb_email: string; workflow_lib_id: string } {
  const missing = keys.filter((k) => settings[k] === undefined);
  if (missing.length === 0) return;
  const lines = missing.map((k) => {
    const s = SCALARS.find((x) => x.key === k)!;
    return t('settings.missing_one', { key: k, flag: s.option, env: s.env ?? '', file: DEFAULT_CONFIG_FILE });
  });
  throw new UsageError(t('settings.missing', { count: missing.length }), lines);
}

async function readConfigFile(explicit: string | undefined, cwd: string): Promise<{ file: ConfigFile; path?: string }> {
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
  return { file: parsed.data, path };
}

function describeIssue(label: string, issue: z.core.$ZodIssue): string {
  const key = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `${key}.` : '';
    return t('settings.unknown_keys', { keys: issue.keys.map((k) => `${label}:${where}${k}`).join(', ') });
  }
  return `${label}:${key || '(root)'}: ${issue.message}`;
}

function parseNumberFlag(option: string, raw: string, n: { min: number; max: number; integer: boolean }): number {
  const value = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(value) && (!n.integer || Number.isInteger(value)) && value >= n.min && value <= n.max;
  if (!ok) throw new UsageError(t('settings.bad_number', { option, value: raw, min: n.min, max: n.max }));
  return value;
}

/** `https://` always; `http://` only for loopback (the emulator). Returns the URL without a trailing slash. */
export function checkApiUrl(raw: string, source: string): string {
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
