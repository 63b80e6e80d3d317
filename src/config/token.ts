/**
 * Where the access token comes from: the sandbox's with `--sandbox`, else
 * ESIGNON_TOKEN, else --token-file / token_file, else the file `login` stored in the
 * user's config folder. The token is a secret: it is never printed, logged or
 * written anywhere but that file.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { SETTING } from './options.js';
import type { Settings } from './settings.js';

export interface StoredCredentials {
  token: string;
  /** as the server gave it, e.g. `2026-12-29 10:00:00` */
  expire_date: string;
  comp_id: string;
  memb_email: string;
  api_url: string;
  saved_at: string;
}

export interface ResolvedToken {
  token: string;
  source: 'ESIGNON_TOKEN' | 'token_file' | 'login' | 'sandbox';
  /** Only for a token stored by `login`. */
  stored?: StoredCredentials | undefined;
}

/** `$XDG_CONFIG_HOME/esignon-bulk/`, else `~/.config/esignon-bulk/`. */
export function configDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'esignon-bulk');
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'credentials.json');
}

async function readStoredCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | undefined> {
  try {
    const parsed = JSON.parse(await readFile(credentialsPath(env), 'utf8')) as Partial<StoredCredentials>;
    return typeof parsed.token === 'string' && parsed.token !== '' ? (parsed as StoredCredentials) : undefined;
  } catch {
    return undefined;
  }
}

export async function resolveToken(settings: Settings, env: NodeJS.ProcessEnv): Promise<ResolvedToken> {
  // The sandbox's own token: a real one is not even read.
  if (settings.sandbox) return { token: settings.sandbox.token, source: 'sandbox' };
  const envName = SETTING.token.env!;
  const fromEnv = env[envName]?.trim();
  if (fromEnv) return { token: checkToken(fromEnv, envName, [t('settings.token_fix_env')]), source: envName };
  if (settings.token_file) {
    const path = settings.token_file;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UsageError(t('settings.token_file_unreadable', { path, reason }));
    }
    // A byte-order mark (a file saved by Notepad) is never part of a token.
    const token = text.replace(/^\uFEFF/, '').trim();
    if (!token) throw new UsageError(t('settings.token_file_empty', { path }));
    const field = jsonTokenField(token);
    const fix = field ? t('settings.token_fix_json_field', { path, field }) : t('settings.token_fix_file', { path });
    return { token: checkToken(token, `${settings.sources.token_file ?? '--token-file'} ${path}`, [fix]), source: 'token_file' };
  }
  const stored = await readStoredCredentials(env);
  if (stored) {
    const token = checkToken(stored.token, credentialsPath(env), [t('settings.token_fix_login')]);
    return { token, source: 'login', stored };
  }
  throw new UsageError(t('settings.token_missing'));
}

/**
 * A token goes into the `Authorization` header as is: one run of visible ASCII. Anything
 * else (a JSON file, a second line, a space, a control or non-ASCII character) would be
 * refused by Node at every request, or sent as a different token: said now, with what to do.
 */
function checkToken(token: string, source: string, fix: readonly string[]): string {
  const problem = tokenProblem(token);
  if (problem) throw new UsageError(t('settings.token_bad', { source, problem }), fix);
  return token;
}

function tokenProblem(token: string): string | undefined {
  if (/^[[{]/.test(token) && jsonParses(token)) return t('settings.token_is_json');
  if (/^[\x21-\x7e]+$/.test(token)) return undefined;
  const lines = token.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '').length;
  if (lines > 1) return t('settings.token_lines', { lines });
  const chars = Array.from(token);
  const at = chars.findIndex((c) => !/[\x21-\x7e]/.test(c));
  const c = chars[at]!;
  if (c === ' ' || c === '\t') return t('settings.token_space', { position: at + 1 });
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return t('settings.token_char', { position: at + 1, code });
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The field of a JSON document that holds a token (`token` in login's file, `access_token` in 1001A). */
function jsonTokenField(text: string): string | undefined {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return ['access_token', 'token'].find((key) => typeof value?.[key] === 'string' && value[key] !== '');
  } catch {
    return undefined;
  }
}
