/**
 * The HTTP side of every eSignon call, through got. It never retries on its own
 * (got's defaults would retry a timed-out POST, which for 1410Q may send contracts
 * twice); `post` retries only when the request certainly was not processed.
 */
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Got, RequestError } from 'got';

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
 * - `not_processed`: certainly nothing happened on the server: the connection was never made, the
 *   request never fully left us, or 429/503 (after the retries ran out)
 * - `auth_rejected`: 401/403, nothing happened
 * - `unknown`: the request may or may not have been processed: any other status once the request
 *   was written (3xx, other 4xx, 5xx: a proxy or a redirecting host may well have passed it on),
 *   a timeout or reset after it was written, an unreadable or oversized answer
 */
export type PostResult =
  | { kind: 'response'; status: number; body: unknown; attempts: number }
  | { kind: 'not_processed'; reason: string; status?: number | undefined; attempts: number }
  | { kind: 'auth_rejected'; status: number; attempts: number }
  | { kind: 'unknown'; reason: string; status?: number | undefined; attempts: number };

/** Error codes that mean the connection was never made, so the request never left. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const CONNECT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);

/**
 * The largest answer read. The largest answer there is, 1410A for 1000 signers, carries per
 * signer its email (≤ 254), name, workflow_name and description (Korean, up to ~600 bytes each
 * if every character is sent as a \uXXXX escape), token, ids and date: ~2.5 KB, so ~2.5 MB in
 * all at worst. 8 MiB leaves room thrice over; an answer beyond it is not the API's.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Every phase of a request is bounded, so is its whole life. From the two settings:
 * - lookup, connect, TLS handshake: `connect_timeout` each;
 * - send (connected → the whole request handed to the system): `response_timeout`. A server
 *   that does not read our request for that long is not going to answer it in time either;
 * - response (request written → the answer's first byte): `response_timeout`;
 * - read (first byte → the answer's end): `response_timeout`, a dripping answer included;
 * - the whole request: the sum of the above, 3 × connect + 3 × response, a net under them all.
 */
export function requestTimeouts(connectTimeout: number, responseTimeout: number) {
  return {
    lookup: connectTimeout,
    connect: connectTimeout,
    secureConnect: connectTimeout,
    send: responseTimeout,
    response: responseTimeout,
    read: responseTimeout,
    request: 3 * connectTimeout + 3 * responseTimeout,
  };
}

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

  /**
   * POST a JSON envelope; retries only requests that certainly were not processed.
   * `maxAnswerBytes`: a larger cap than MAX_ANSWER_BYTES, for a call whose answer grows with the account (a search).
   */
  async post(
    path: string,
    envelope: unknown,
    opts: { auth?: boolean; headers?: Record<string, string>; maxAnswerBytes?: number } = {},
  ): Promise<PostResult> {
    return this.request('POST', path, envelope, opts.auth ?? true, opts.headers, opts.maxAnswerBytes);
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
        timeout: requestTimeouts(this.options.connectTimeout, this.options.responseTimeout),
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
    maxAnswerBytes = MAX_ANSWER_BYTES,
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

    // What must never reach the log, whatever shape the server echoes it back in (--verbose only).
    let known: string[] | undefined;
    const mask = (text: string): string => maskSecrets(text, (known ??= secretValues(envelope, this.options.token)));

    for (let attempt = 1; ; attempt++) {
      this.log(() => `→ ${method} ${path}${body ? ' ' + mask(body.toString()) : ''}`);
      let retryReason: string;
      let retryAfterMs: number | undefined;
      let status: number | undefined;
      let tooLarge = false;
      try {
        const call = got(path.replace(/^\//, ''), { method, headers, body });
        // Stop reading past the cap (an endless answer would otherwise fill memory).
        const cap = (declared: number): void => {
          if (declared > maxAnswerBytes && !tooLarge) {
            tooLarge = true;
            call.cancel();
          }
        };
        // An announced length is known with the headers (got's own 'response' comes after the body).
        call.on('request', (req: http.ClientRequest) => req.once('response', (r) => cap(Number(r.headers['content-length'] ?? 0))));
        call.on('downloadProgress', (p: { transferred: number }) => cap(p.transferred));
        const res = await call;
        status = res.statusCode;
        this.log(() => `← ${status} ${mask(res.body).slice(0, 2000)}`);
        if (status === 429 || status === 503) {
          retryReason = `HTTP ${status}`;
          retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        } else if (status === 401 || status === 403) {
          return { kind: 'auth_rejected', status, attempts: attempt };
        } else if (status < 200 || status >= 300) {
          // The request was written and something answered: a redirect, a 404 or a 409 from a proxy
          // or another host may come after it passed the request on. 400 is the documentation's
          // "connection failure", which does not say either.
          return { kind: 'unknown', reason: `HTTP ${status}`, status, attempts: attempt };
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
        if (tooLarge) {
          this.log(() => `← answer larger than ${maxAnswerBytes} bytes: not read`);
          return { kind: 'unknown', reason: `answer larger than ${maxAnswerBytes / 1024 / 1024} MiB`, status, attempts: attempt };
        }
        this.log(() => `← ${code}${e.event ? ` (${e.event})` : ''}`);
        if (e.name === 'TimeoutError' && e.event === 'send') {
          // The server stopped reading our request: it cannot have the whole of it, and a retry
          // would only wait as long again.
          return { kind: 'not_processed', reason: 'timeout (the server did not read the request)', attempts: attempt };
        }
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

const SECRET_KEYS = /^(?:password|memb_pwd|access_token|token)$/;

/**
 * Masks secrets in a text for `--verbose`: the values of password-like keys in JSON, the
 * same in `key=value` form, an `Authorization` value, and every value in `known` (the
 * token, the passwords sent) wherever it appears: an HTML error page may echo the request.
 */
export function maskSecrets(text: string, known: readonly string[] = []): string {
  let out = text
    .replace(/("(?:password|memb_pwd|access_token|token)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (_m, key: string, value: string) => `${key}"${value === '' ? '' : '***'}"`)
    .replace(/\b((?:password|memb_pwd|access_token|token)=)[^\s&"'<>;,]+/gi, '$1***')
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n<>]+/gi, '$1***');
  // Shorter values cannot be told from ordinary text: masked only where a key names them (above).
  for (const secret of known.filter((k) => k.length >= 4)) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      if (form !== '') out = out.split(form).join('***');
    }
  }
  return out;
}

/** The secret values a request carries: the token and every password-like field of its body. */
export function secretValues(envelope: unknown, token: string | undefined): string[] {
  const found = new Set<string>();
  if (token) found.add(token);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (SECRET_KEYS.test(key) && typeof v === 'string' && v !== '') found.add(v);
        else walk(v);
      }
    }
  };
  walk(envelope);
  // Longest first: a secret that contains another is masked whole.
  return [...found].sort((a, b) => b.length - a.length);
}
