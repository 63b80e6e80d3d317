/**
 * The one place an ApiClient is made from the settings: the URL, version, timeouts
 * (seconds in the settings, milliseconds in the client), retries and sockets, and the
 * `--verbose` log.
 */
import type { Reporter } from '../ui/reporter.js';
import { ApiClient } from './client.js';

/** What a client is made of (config's Settings has all of it). */
export interface ClientSettings {
  api_url: string;
  api_version: string;
  /** seconds */
  connect_timeout: number;
  /** seconds */
  response_timeout: number;
  max_retries: number;
  concurrency: number;
}

export interface ClientOptions {
  /** the access token; none for 1001Q login */
  token?: string | undefined;
  /** where `--verbose` lines go (only when the reporter is verbose) */
  ui: Pick<Reporter, 'options' | 'verbose'>;
  /** sockets kept open; default: the settings' concurrency */
  maxSockets?: number | undefined;
  /** a cap on the response timeout, seconds (the pre-flight's lookups need not wait long) */
  maxResponseTimeout?: number | undefined;
}

export function makeClient(settings: ClientSettings, options: ClientOptions): ApiClient {
  const { ui } = options;
  const responseTimeout = Math.min(settings.response_timeout, options.maxResponseTimeout ?? Infinity);
  return new ApiClient({
    apiUrl: settings.api_url,
    token: options.token,
    apiVersion: settings.api_version,
    connectTimeout: settings.connect_timeout * 1000,
    responseTimeout: responseTimeout * 1000,
    maxRetries: settings.max_retries,
    maxSockets: options.maxSockets ?? settings.concurrency,
    log: ui.options.verbose ? (line) => ui.verbose(line) : undefined,
  });
}
