/**
 * Where the access token comes from: ESIGNON_TOKEN, else --token-file / token_file,
 * else the file `login` stored in the user's config folder. The token is a secret:
 * it is never printed, logged or written anywhere but that file.
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

export async function readStoredCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | undefined> {
  try {
    const parsed = JSON.parse(await readFile(credentialsPath(env), 'utf8')) as Partial<StoredCredentials>;
    return typeof parsed.token === 'string' && parsed.token !== '' ? (parsed as StoredCredentials) : undefined;
  } catch {
    return undefined;
  }
}

export async function resolveToken(settings: Settings, env: NodeJS.ProcessEnv): Promise<ResolvedToken> {
  const fromEnv = env[SETTING.token.env]?.trim();
  if (fromEnv) return { token: fromEnv, source: SETTING.token.env };
  if (settings.token_file) {
    let text: string;
    try {
      text = await readFile(settings.token_file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UsageError(t('settings.token_file_unreadable', { path: settings.token_file, reason }));
    }
    const token = text.trim();
    if (!token) throw new UsageError(t('settings.token_file_empty', { path: settings.token_file }));
    return { token, source: 'token_file' };
  }
  const stored = await readStoredCredentials(env);
  if (stored) return { token: stored.token, source: 'login', stored };
  throw new UsageError(t('settings.token_missing'));
}
