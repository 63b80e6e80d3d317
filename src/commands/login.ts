/**
 * `login`: 1001Q for a token (the current page's request: the account email and
 * password; the client ID only when one is configured), stored for later commands in the user's config folder
 * (folder 0700, file 0600), or printed with `--print` for a CI secret store. The
 * password comes from `--password-file`, ESIGNON_PASSWORD or a hidden prompt on a
 * terminal, never from a flag value; it is never printed or logged.
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { makeClient } from '../api/client-factory.js';
import { login } from '../api/requests.js';
import { loadSettings, requireSettings, type SettingFlags } from '../config/settings.js';
import { configDir, credentialsPath, type StoredCredentials } from '../config/token.js';
import { ApiStopError, CliError, JournalError, UsageError, type ExitCode } from '../errors.js';
import { t } from '../ui/i18n.js';
import { clean, Reporter, type OutputOptions } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';
import { writeFileAtomic } from '../io/atomic-file.js';

export interface LoginOptions {
  print: boolean;
  /** `-` for standard input */
  passwordFile?: string | undefined;
  output: OutputOptions;
  settings: SettingFlags;
}

class Interrupted extends CliError {
  readonly exitCode = 130 as const;
}

export async function loginCommand(opts: LoginOptions, ctx: CommandContext): Promise<ExitCode> {
  const ui = new Reporter(opts.output, ctx);
  const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
  requireSettings(settings, ['comp_id', 'memb_email']);
  const comp_id = settings.comp_id;
  const memb_email = settings.memb_email;
  const password = await readPassword(opts, ctx);

  const client = makeClient(settings, { ui });
  let answer;
  try {
    answer = await login(client, { comp_id, memb_email, memb_pwd: password, client_id: settings.client_id });
  } finally {
    client.close();
  }

  switch (answer.kind) {
    case 'ok':
      break;
    case 'result':
      if (answer.code === '10') {
        throw new ApiStopError(t('login.failed', { comp_id, memb_email, url: settings.api_url }), [
          t('login.failed_hint', {
            comp_id: settings.sources.comp_id ?? '',
            memb_email: settings.sources.memb_email ?? '',
            client_id: settings.sources.client_id ?? '',
            password: passwordSource(opts, ctx),
          }),
        ]);
      }
      throw new ApiStopError(t('login.refused', { code: answer.code, message: clean(answer.message) }));
    case 'auth_rejected':
      throw new ApiStopError(t('login.failed', { comp_id, memb_email, url: settings.api_url }), [t('login.http', { status: answer.status })]);
    case 'unreachable':
      throw new ApiStopError(t('account.unreachable', { url: settings.api_url, reason: clean(answer.reason) }));
    case 'unknown':
      throw new ApiStopError(t('login.no_answer', { reason: clean(answer.reason) }));
  }

  const { access_token, expire_date } = answer.value;
  if (opts.print) {
    if (opts.output.json) {
      ui.json({ command: 'login', exit_code: 0, comp_id, memb_email, expire_date, access_token });
    } else {
      ui.stdout(access_token);
    }
    ui.info(t('login.printed', { date: expire_date || '?' }));
    return 0;
  }

  const credentials: StoredCredentials = {
    token: access_token,
    expire_date,
    comp_id: answer.value.comp_id || comp_id,
    memb_email: answer.value.memb_email || memb_email,
    api_url: settings.api_url,
    saved_at: new Date().toISOString(),
  };
  const path = await storeCredentials(ctx.env, credentials);
  if (opts.output.json) ui.json({ command: 'login', exit_code: 0, comp_id, memb_email, expire_date, stored: path });
  ui.info(t('login.stored', { comp_id, memb_email, path, date: expire_date || '?' }));
  return 0;
}

function passwordSource(opts: LoginOptions, ctx: CommandContext): string {
  if (opts.passwordFile !== undefined) return `--password-file ${opts.passwordFile}`;
  if (ctx.env.ESIGNON_PASSWORD) return 'ESIGNON_PASSWORD';
  return t('login.prompt_source');
}

/** `--password-file` (or `-` for standard input), else ESIGNON_PASSWORD, else a hidden prompt on a terminal. */
async function readPassword(opts: LoginOptions, ctx: CommandContext): Promise<string> {
  let password: string;
  if (opts.passwordFile !== undefined) {
    const file = opts.passwordFile;
    try {
      password = file === '-' ? await readStream(ctx.stdin) : await readFile(resolve(ctx.cwd, file), 'utf8');
    } catch (err) {
      throw new UsageError(t('login.password_file_unreadable', { path: file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
    }
    // One trailing line break is the file's, not the password's.
    password = password.replace(/\r?\n$/, '');
    if (password === '') throw new UsageError(t('login.password_empty', { source: `--password-file ${file}` }));
    return password;
  }
  const fromEnv = ctx.env.ESIGNON_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (ctx.stdin.isTTY !== true || typeof (ctx.stdin as NodeJS.ReadStream).setRawMode !== 'function') {
    throw new UsageError(t('login.no_password'));
  }
  password = await promptHidden(t('login.prompt'), ctx);
  if (password === '') throw new UsageError(t('login.password_empty', { source: t('login.prompt_source') }));
  return password;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string, ctx: CommandContext): Promise<string> {
  const stdin = ctx.stdin as NodeJS.ReadStream;
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = stdin.isRaw;
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      ctx.stderr.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Interrupted(t('login.prompt_interrupted')));
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          value = Array.from(value).slice(0, -1).join('');
          continue;
        }
        if (ch < ' ') continue;
        value += ch;
      }
    };
    // Echo off before the question appears: what is typed as soon as it shows is not echoed.
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
    ctx.stderr.write(question);
  });
}

/** Writes the credentials file atomically: folder 0700, file 0600 (set explicitly: umask does not decide). */
async function storeCredentials(env: NodeJS.ProcessEnv, credentials: StoredCredentials): Promise<string> {
  const dir = configDir(env);
  const path = credentialsPath(env);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await writeFileAtomic(path, (write) => write(JSON.stringify(credentials, null, 2) + '\n'), 0o600);
  } catch (err) {
    throw new JournalError(t('login.store_failed', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  return path;
}
