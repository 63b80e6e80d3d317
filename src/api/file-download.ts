/**
 * Fetching a signed PDF from the link GET workflows (or POST /workflow/download)
 * gave. A GET changes nothing on the server, so unlike the API calls it is retried
 * whenever it did not bring a whole PDF: connection failures, timeouts, 429/503 (as
 * long as `Retry-After` asks), other 5xx, an answer cut short or that is not a PDF —
 * within `maxRetries` and a cap on the waiting. A link that is refused (401, 403, 404,
 * 410: expired after its five minutes, or revoked) is not retried: the caller asks for
 * a new one.
 *
 * The bytes go to a sink as they come (a download is never held whole in memory); a
 * new attempt restarts the sink. What came is a PDF when it starts with `%PDF-` and
 * has the announced length (without one, when `%%EOF` is in its last 1024 bytes,
 * where readers look for it). The token is sent only to the API's own origin: a
 * link to a storage host is signed by itself and must not learn it.
 */
import http from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from './client.js';

export interface FileSink {
  /** Forget what an earlier attempt wrote. */
  restart(): Promise<void>;
  write(chunk: Buffer): Promise<void>;
}

export interface FileFetchOptions {
  /** ms */
  connectTimeout: number;
  /** ms: the longest wait for the answer, and for each next piece of it */
  idleTimeout: number;
  maxRetries: number;
  /** cap on the total time spent waiting between attempts, ms */
  maxRetryWait?: number;
  /** the API's base URL and token: the token goes only to that origin */
  apiUrl: string;
  token?: string | undefined;
  agents: { http: http.Agent; https: https.Agent };
  log?: ((line: string) => void) | undefined;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type FileFetch =
  | { kind: 'ok'; bytes: number; attempts: number }
  /** the link was refused (expired, revoked, gone): a new link may work */
  | { kind: 'refused'; status: number; attempts: number }
  /** no whole PDF after the retries, or an answer no retry changes */
  | { kind: 'failed'; reason: string; attempts: number };

/** A failure of the sink (disk full, permissions): not the server's, never retried. */
export class SinkError extends Error {
  constructor(override readonly cause: unknown) {
    super(String((cause as Error)?.message ?? cause));
  }
}

const REFUSED = new Set([401, 403, 404, 410]);
const RETRIED = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const EOF_MARK = Buffer.from('%%EOF', 'latin1');
const TAIL = 1024;

/** One attempt's end, before deciding whether to try again. */
type Attempt =
  | { kind: 'ok'; bytes: number }
  | { kind: 'status'; status: number; retryAfterMs?: number | undefined }
  | { kind: 'redirect'; location: string }
  | { kind: 'bad'; reason: string };

export async function fetchFile(link: string, sink: FileSink, options: FileFetchOptions): Promise<FileFetch> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const maxWait = options.maxRetryWait ?? 120_000;
  let waited = 0;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { kind: 'failed', reason: 'the link is not a URL', attempts: 0 };
  }
  let redirects = 0;
  for (let attempt = 1; ; ) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'failed', reason: `unsupported link (${url.protocol})`, attempts: attempt };
    options.log?.(`→ GET ${url.origin}${url.pathname}`);
    const outcome = await once(url, sink, options);
    let reason: string;
    let retryAfterMs: number | undefined;
    switch (outcome.kind) {
      case 'ok':
        options.log?.(`← 200 ${outcome.bytes} bytes`);
        return { kind: 'ok', bytes: outcome.bytes, attempts: attempt };
      case 'redirect':
        // Following a redirect is not a new attempt; a loop of them is a failure.
        if (++redirects > MAX_REDIRECTS) return { kind: 'failed', reason: 'too many redirects', attempts: attempt };
        try {
          url = new URL(outcome.location, url);
        } catch {
          return { kind: 'failed', reason: 'a redirect to something that is not a URL', attempts: attempt };
        }
        continue;
      case 'status':
        options.log?.(`← ${outcome.status}`);
        if (REFUSED.has(outcome.status)) return { kind: 'refused', status: outcome.status, attempts: attempt };
        if (!RETRIED.has(outcome.status) && outcome.status < 500) return { kind: 'failed', reason: `HTTP ${outcome.status}`, attempts: attempt };
        reason = `HTTP ${outcome.status}`;
        retryAfterMs = outcome.retryAfterMs;
        break;
      case 'bad':
        options.log?.(`← ${outcome.reason}`);
        reason = outcome.reason;
        break;
    }
    if (attempt > options.maxRetries) return { kind: 'failed', reason, attempts: attempt };
    const backoff = Math.min(30_000, 250 * 2 ** (attempt - 1));
    const delay = retryAfterMs ?? Math.round(backoff / 2 + random() * (backoff / 2));
    if (waited + delay > maxWait) return { kind: 'failed', reason, attempts: attempt };
    waited += delay;
    options.log?.(`  retry ${attempt}/${options.maxRetries} in ${delay} ms (${reason})`);
    await sleep(delay);
    attempt++;
  }
}

/** One GET, its body streamed into the sink and checked. Only a sink failure throws. */
async function once(url: URL, sink: FileSink, options: FileFetchOptions): Promise<Attempt> {
  let res: http.IncomingMessage;
  try {
    res = await request(url, options);
  } catch (err) {
    return { kind: 'bad', reason: describe(err) };
  }
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) return { kind: 'redirect', location };
    return { kind: 'status', status, retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after']) : undefined };
  }
  const encoding = res.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    res.destroy();
    return { kind: 'bad', reason: `the answer is encoded (${encoding})` };
  }
  const announced = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
  try {
    await restartSink(sink);
    let bytes = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (head.length < PDF_MAGIC.length) {
        head = Buffer.concat([head, chunk]).subarray(0, PDF_MAGIC.length);
        if (!PDF_MAGIC.subarray(0, head.length).equals(head)) {
          res.destroy();
          return { kind: 'bad', reason: 'the answer is not a PDF' };
        }
      }
      await writeSink(sink, chunk);
      bytes += chunk.length;
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > TAIL) tail = tail.subarray(tail.length - TAIL);
    }
    if (head.length < PDF_MAGIC.length) return { kind: 'bad', reason: 'the answer is not a PDF' };
    if (announced !== undefined && bytes !== announced) return { kind: 'bad', reason: `${bytes} of ${announced} bytes came` };
    if (announced === undefined && !tail.includes(EOF_MARK)) return { kind: 'bad', reason: 'the PDF is cut short' };
    return { kind: 'ok', bytes };
  } catch (err) {
    if (err instanceof SinkError) throw err;
    return { kind: 'bad', reason: describe(err) };
  }
}

async function restartSink(sink: FileSink): Promise<void> {
  try {
    await sink.restart();
  } catch (err) {
    throw new SinkError(err);
  }
}

async function writeSink(sink: FileSink, chunk: Buffer): Promise<void> {
  try {
    await sink.write(chunk);
  } catch (err) {
    throw new SinkError(err);
  }
}

/** Sends the GET; resolves with the answer's head. Connecting is bounded by `connectTimeout`, every wait after by `idleTimeout`. */
function request(url: URL, options: FileFetchOptions): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { 'user-agent': 'esignonapi', accept: 'application/pdf, */*' };
  if (options.token !== undefined && sameOrigin(url, options.apiUrl)) headers.authorization = `esignon ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { method: 'GET', headers, agent: secure ? options.agents.https : options.agents.http });
    const fail = (code: string, message: string): void => {
      req.destroy(Object.assign(new Error(message), { code }));
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => fail('ETIMEDOUT', 'timeout (connect)'), options.connectTimeout);
      socket.once('connect', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    });
    req.setTimeout(options.idleTimeout, () => fail('ETIMEDOUT', 'timeout (waiting for the server)'));
    req.once('response', (res) => {
      // Errors of a body no one reads any more (a refused answer being drained) are nobody's.
      res.on('error', () => undefined);
      resolve(res);
    });
    // Not once: a request can fail again after its answer began (reset while reading).
    req.on('error', reject);
    req.end();
  });
}

function sameOrigin(url: URL, apiUrl: string): boolean {
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ETIMEDOUT' && e.message.startsWith('timeout')) return e.message;
  if (e?.message === 'aborted' || e?.code === 'ECONNRESET') return 'the connection was cut';
  return e?.code ?? String(e?.message ?? err);
}
