/**
 * The account a command talks to: the token resolved (with a warning when a stored one
 * expires soon), a client made with it, and the error that stops a command when a
 * call did not succeed.
 */
import type { ApiClient } from '../api/client.js';
import { makeClient } from '../api/client-factory.js';
import type { CallFailure } from '../api/requests.js';
import type { Settings } from '../config/settings.js';
import { resolveToken, type ResolvedToken } from '../config/token.js';
import { checkStoredToken, tokenRejectedMessage } from '../config/token-warnings.js';
import type { CommandContext } from '../context.js';
import { ApiStopError, type CliError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { explainResultCode } from '../ui/messages/api.js';
import { clean, type Reporter } from '../ui/reporter.js';

export interface AccountSession {
  client: ApiClient;
  resolved: ResolvedToken;
  tokenFile?: string | undefined;
}

/** Resolves the token (warning about a stored one that expires soon) and makes a client with it. */
export async function openAccount(settings: Settings, ctx: CommandContext, ui: Reporter, maxSockets?: number): Promise<AccountSession> {
  const resolved = await resolveToken(settings, ctx.env);
  checkStoredToken(resolved, ui, settings);
  const client = makeClient(settings, { token: resolved.token, ui, maxSockets });
  return { client, resolved, tokenFile: settings.token_file };
}

/** The error that stops a command when a call did not succeed as a whole. */
export function callFailure(failure: CallFailure, session: Pick<AccountSession, 'resolved' | 'tokenFile'>, apiUrl: string): CliError {
  switch (failure.kind) {
    case 'auth_rejected':
      return new ApiStopError(tokenRejectedMessage(session.resolved, `HTTP ${failure.status}`, session.tokenFile));
    case 'result': {
      if (failure.code === '94') return new ApiStopError(tokenRejectedMessage(session.resolved, '94', session.tokenFile));
      const explanation = explainResultCode(failure.code);
      return new ApiStopError(t('account.result', { code: failure.code, message: clean(failure.message) }), explanation ? [explanation] : []);
    }
    case 'unreachable':
      return new ApiStopError(t('account.unreachable', { url: apiUrl, reason: clean(failure.reason) }));
    case 'unknown':
      return new ApiStopError(t('account.no_answer', { reason: clean(failure.reason) }));
  }
}
