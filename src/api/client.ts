/**
 * The HTTP side of every eSignon call, through got. It never retries on its own
 * (got's defaults would retry a timed-out POST, which for 1410Q may send contracts
 * twice); `post` retries only when the request certainly was not processed.
 */
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Got, RequestError } from 'got';
import type { RequestHeader } from './schemas.js';

export interface ApiClientOptions {
  apiUrl: string;
  token?: string | undefined;
  apiVersion: string;
  /** milliseconds */
  connectTimeout: number;
  /** milliseconds: from the request written to the response's first byte */
  responseTimeout: number;
  /** retries for requests that certainly were not processed */
  maxRetries: number;
  /** cap on the total time spent waiting between retries of one request, ms */
  maxRetryWait?: number;
  /** sockets kept open (the send's concurrency) */
  maxSockets?: number;
  /** one line per request and response, secrets masked (`--verbose`) */
  log?: ((line: string) => void) | undefined;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * How a request ended, from the point of view of "was it processed?".
 * - `response`: the server answered 2xx with a JSON body (its result_code decides the rest)
 * - `not_processed`: certainly nothing happened on the server (connection refused, 429/503 after the
 *   retries ran out, another 4xx that refuses the request)
 * - `auth_rejected`: 401/403, nothing happened
 * - `unknown`: the request may or may not have been processed (timeout, reset after the request was
 *   written, 5xx other than 503, unreadable body)
 */
export type PostResult =
  | { kind: 'response'; status: number; body: unknown; attempts: number }
  | { kind: 'not_processed'; reason: string; status?: number | undefined; attempts: number }
  | { kind: 'auth_rejected'; status: number; attempts: number }
  | { kind: 'unknown'; reason: string; status?: number | undefined; attempts: number };

/** Error codes that mean the connection was never made, so the request never left. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const CONNECT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);

export class ApiClient {
  readonly options: ApiClientOptions;
  private gotInstance?: Got;
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(options: ApiClientOptions) {
    this.options = options;
    const maxSockets = options.maxSockets ?? 4;
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets }),
      https: new https.Agent({ keepAlive: true, maxSockets }),
    };
  }

  /** The envelope header every call carries. `session_id` is unique per request. */
  header(requestCode: string, requestMsg: string, sessionId: string = newSessionId()): RequestHeader {
    return { request_code: requestCode, request_msg: requestMsg, session_id: sessionId, version: this.options.apiVersion };
  }

  /** POST a JSON envelope; retries only requests that certainly were not processed. */
  async post(path: string, envelope: unknown, opts: { auth?: boolean; headers?: Record<string, string> } = {}): Promise<PostResult> {
    return this.request('POST', path, envelope, opts.auth ?? true, opts.headers);
  }

  /** GET (idempotent: lookups). Retried like a POST; a GET could be retried more, but need not be. */
  async get(path: string): Promise<PostResult> {
    return this.request('GET', path, undefined, true);
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async client(): Promise<Got> {
    if (!this.gotInstance) {
      const { got } = await import('got');
      this.gotInstance = got.extend({
        prefixUrl: this.options.apiUrl,
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: 'text',
        agent: this.agents,
        timeout: {
          lookup: this.options.connectTimeout,
          connect: this.options.connectTimeout,
          secureConnect: this.options.connectTimeout,
          response: this.options.responseTimeout,
        },
      });
    }
    return this.gotInstance;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    envelope: unknown,
    auth: boolean,
    extraHeaders: Record<string, string> = {},
  ): Promise<PostResult> {
    const got = await this.client();
    const headers: Record<string, string> = { 'user-agent': 'esignonapi', ...extraHeaders };
    if (method === 'POST') headers['content-type'] = 'application/json';
    if (auth && this.options.token !== undefined) headers.authorization = `esignon ${this.options.token}`;
    // Bytes with their length, not a string: got would otherwise encode the whole body
    // once more just to count its bytes, for every request (and every retry).
    const body = envelope === undefined ? undefined : Buffer.from(JSON.stringify(envelope));
    if (body !== undefined) headers['content-length'] = String(body.length);
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const random = this.options.random ?? Math.random;
    const maxWait = this.options.maxRetryWait ?? 120_000;
    let waited = 0;

    for (let attempt = 1; ; attempt++) {
      this.log(() => `→ ${method} ${path}${body ? ' ' + maskSecrets(body.toString()) : ''}`);
      let retryReason: string;
      let retryAfterMs: number | undefined;
      let status: number | undefined;
      try {
        const res = await got(path.replace(/^\//, ''), { method, headers, body });
        status = res.statusCode;
        this.log(() => `← ${status} ${maskSecrets(res.body).slice(0, 2000)}`);
        if (status === 429 || status === 503) {
          retryReason = `HTTP ${status}`;
          retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        } else if (status === 401 || status === 403) {
          return { kind: 'auth_rejected', status, attempts: attempt };
        } else if (status >= 500 || status === 400) {
          // 400 is the documentation's "connection failure": whether it was processed is not said.
          return { kind: 'unknown', reason: `HTTP ${status}`, status, attempts: attempt };
        } else if (status >= 300) {
          return { kind: 'not_processed', reason: `HTTP ${status}`, status, attempts: attempt };
        } else {
          try {
            return { kind: 'response', status, body: JSON.parse(res.body), attempts: attempt };
          } catch {
            return { kind: 'unknown', reason: 'unreadable response body', status, attempts: attempt };
          }
        }
      } catch (err) {
        const e = err as RequestError & { event?: string };
        const code = e.code ?? 'ERROR';
        const uploaded = e.timings?.upload !== undefined;
        this.log(() => `← ${code}${e.event ? ` (${e.event})` : ''}`);
        const neverSent =
          NEVER_CONNECTED.has(code) ||
          (e.name === 'TimeoutError' && CONNECT_PHASES.has(e.event ?? '')) ||
          // The body never fully left us: the server cannot have a request to process.
          (!uploaded && (code === 'ECONNRESET' || code === 'EPIPE'));
        if (!neverSent) {
          const reason = e.name === 'TimeoutError' ? `timeout (${e.event ?? 'response'})` : code;
          return { kind: 'unknown', reason, attempts: attempt };
        }
        retryReason = code;
      }
      if (attempt > this.options.maxRetries) {
        return { kind: 'not_processed', reason: retryReason, status, attempts: attempt };
      }
      const backoff = Math.min(30_000, 250 * 2 ** (attempt - 1));
      const delay = retryAfterMs ?? Math.round(backoff / 2 + random() * (backoff / 2));
      if (waited + delay > maxWait) {
        return { kind: 'not_processed', reason: retryReason, status, attempts: attempt };
      }
      waited += delay;
      this.log(() => `  retry ${attempt}/${this.options.maxRetries} in ${delay} ms (${retryReason})`);
      await sleep(delay);
    }
  }

  /** The line is built (and its secrets masked) only when there is a `--verbose` log. */
  private log(line: () => string): void {
    this.options.log?.(line());
  }
}

export function newSessionId(): string {
  return `eb-${randomUUID()}`;
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Masks every password-like value and token in a JSON text (for `--verbose`). */
export function maskSecrets(text: string): string {
  return text.replace(
    /("(?:password|memb_pwd|access_token|token)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (_m, key: string, value: string) => `${key}"${value === '' ? '' : '***'}"`,
  );
}
