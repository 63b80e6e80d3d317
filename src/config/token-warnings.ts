/**
 * What a command says about its token before and after using it: a stored token that
 * expires soon or has expired, a stored token that belongs to another API URL, and
 * how to renew a token the server refused. The token itself never appears.
 */
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import type { Reporter } from '../ui/reporter.js';
import type { Settings } from './settings.js';
import type { ResolvedToken } from './token.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A stored token expiring within this is worth a warning. */
const EXPIRY_WARNING_MS = 3 * DAY_MS;

/**
 * `expire_date` as eSignon writes it (`2026-12-29 10:00:00`, Korean time), or any
 * date `Date.parse` reads with its own zone. Undefined when unreadable.
 */
export function parseExpireDate(text: string): number | undefined {
  const s = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(s);
  if (m) {
    const time = m[4] === undefined ? '23:59:59' : `${m[4]}:${m[5]}:${m[6] ?? '00'}`;
    const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${time}+09:00`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `2 days` / `5 hours` / `10 minutes`, in the current language. */
function formatDuration(ms: number): string {
  if (ms >= DAY_MS) return t('account.days', { n: Math.floor(ms / DAY_MS) });
  if (ms >= HOUR_MS) return t('account.hours', { n: Math.floor(ms / HOUR_MS) });
  return t('account.minutes', { n: Math.max(1, Math.floor(ms / 60_000)) });
}

/**
 * Warnings for a token stored by `esignon-bulk login`: it expires within 3 days, or
 * has expired (then: run `esignon-bulk login`). With `settings`, a stored token that
 * was issued by another API URL is refused (it would be sent to a server that did not
 * issue it), and one for another account is warned about. Tokens from ESIGNON_TOKEN
 * or a token file carry no expiry and pass silently.
 */
export function checkStoredToken(
  resolved: ResolvedToken,
  ui: Reporter,
  settings?: Pick<Settings, 'api_url' | 'comp_id' | 'memb_email'>,
  now: number = Date.now(),
): void {
  const stored = resolved.stored;
  if (resolved.source !== 'login' || !stored) return;
  if (settings) {
    if (stored.api_url && stored.api_url.replace(/\/+$/, '') !== settings.api_url) {
      throw new UsageError(t('account.token_other_url', { stored: stored.api_url, api_url: settings.api_url }));
    }
    const otherCompany = settings.comp_id !== undefined && stored.comp_id && stored.comp_id !== settings.comp_id;
    const otherSender = settings.memb_email !== undefined && stored.memb_email && stored.memb_email.toLowerCase() !== settings.memb_email.toLowerCase();
    if (otherCompany || otherSender) {
      ui.warn(
        t('account.token_other_account', {
          stored: `${stored.memb_email} (${stored.comp_id})`,
          configured: `${settings.memb_email ?? '?'} (${settings.comp_id ?? '?'})`,
        }),
      );
    }
  }
  const expires = parseExpireDate(stored.expire_date ?? '');
  if (expires === undefined) return;
  if (expires <= now) {
    ui.error(t('account.token_expired', { date: stored.expire_date }));
  } else if (expires - now <= EXPIRY_WARNING_MS) {
    ui.warn(t('account.token_expiring', { date: stored.expire_date, left: formatDuration(expires - now) }));
  }
}

/**
 * The message for a token the server refused (HTTP 401/403, or 1510Q's `94`): which
 * token it was and how to get a new one.
 */
export function tokenRejectedMessage(resolved: Pick<ResolvedToken, 'source'>, why: string, tokenFile?: string): string {
  switch (resolved.source) {
    case 'ESIGNON_TOKEN':
      return t('account.rejected_env', { why });
    case 'token_file':
      return t('account.rejected_file', { why, path: tokenFile ?? '--token-file' });
    case 'login':
      return t('account.rejected_login', { why });
    case 'sandbox':
      return t('account.rejected_other', { why });
  }
}
