import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, maskSecrets, parseRetryAfter } from '../../src/api/client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server | undefined;
let hits = 0;

async function serve(handler: Handler): Promise<string> {
  hits = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, ++hits));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

function client(apiUrl: string, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}): ApiClient {
  const slept: number[] = [];
  const c = new ApiClient({
    apiUrl,
    token: 'tok',
    apiVersion: '1.1.57',
    connectTimeout: 1000,
    responseTimeout: 1000,
    maxRetries: 3,
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  (c as unknown as { slept: number[] }).slept = slept;
  return c;
}
const sleptOf = (c: ApiClient) => (c as unknown as { slept: number[] }).slept;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('ApiClient.post: retries only what certainly was not processed', () => {
  it('retries 503 and 429, honouring Retry-After, then succeeds', async () => {
    const url = await serve((_q, res, n) => {
      if (n === 1) return json(res, 503, {}, { 'retry-after': '2' });
      if (n === 2) return json(res, 429, {}, { 'retry-after': '1' });
      json(res, 200, { ok: true });
    });
    const c = client(url);
    const r = await c.post('/JEDOC/Common.do', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'response', status: 200, body: { ok: true }, attempts: 3 });
    expect(sleptOf(c)).toEqual([2000, 1000]);
    expect(hits).toBe(3);
  });

  it('gives up after max_retries with not_processed', async () => {
    const url = await serve((_q, res) => json(res, 503, {}));
    const c = client(url, { maxRetries: 2 });
    const r = await c.post('/x', {});
    c.close();
    expect(r).toMatchObject({ kind: 'not_processed', status: 503, attempts: 3 });
    expect(hits).toBe(3);
    // exponential back-off with jitter (random fixed at 0.5): 250·2^k · 0.75
    expect(sleptOf(c)).toEqual([188, 375]);
  });

  it('treats a refused connection as not processed, with retries', async () => {
    const url = await serve(() => undefined);
    await new Promise((r) => server!.close(r));
    server = undefined;
    const c = client(url, { maxRetries: 2 });
    const r = await c.post('/x', {});
    c.close();
    expect(r).toMatchObject({ kind: 'not_processed', reason: 'ECONNREFUSED', attempts: 3 });
  });

  it.each([
    ['HTTP 500', (res: ServerResponse) => json(res, 500, {}), /HTTP 500/],
    ['HTTP 502', (res: ServerResponse) => json(res, 502, {}), /HTTP 502/],
    ['an unreadable body', (res: ServerResponse) => res.end('<html>oops'), /unreadable/],
    ['a connection dropped after the request arrived', (res: ServerResponse) => res.socket!.destroy(), /ECONNRESET|socket/i],
  ])('never retries %s: the outcome is unknown', async (_name, answer, reason) => {
    const url = await serve((_q, res) => answer(res));
    const c = client(url);
    const r = await c.post('/x', {});
    c.close();
    expect(r.kind).toBe('unknown');
    expect((r as { reason: string }).reason).toMatch(reason);
    expect(hits).toBe(1);
  });

  it('a response timeout is unknown and not retried', async () => {
    const url = await serve((_q, res) => setTimeout(() => json(res, 200, {}), 1500));
    const c = client(url, { responseTimeout: 200 });
    const r = await c.post('/x', {});
    c.close();
    expect(r).toMatchObject({ kind: 'unknown', attempts: 1 });
    expect((r as { reason: string }).reason).toMatch(/timeout/);
    expect(hits).toBe(1);
  });

  it('401 is auth_rejected; other 4xx are not processed', async () => {
    const url = await serve((q, res) => json(res, q.url === '/auth' ? 401 : 404, {}));
    const c = client(url);
    expect(await c.post('/auth', {})).toMatchObject({ kind: 'auth_rejected', status: 401 });
    expect(await c.post('/missing', {})).toMatchObject({ kind: 'not_processed', status: 404 });
    c.close();
  });

  it('sends no Authorization header when auth is off (login)', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((q, res) => {
      seen.push(q.headers['authorization']);
      json(res, 200, {});
    });
    const c = client(url);
    await c.post('/x', { a: 1 });
    await c.post('/login', { a: 1 }, { auth: false });
    c.close();
    expect(seen).toEqual(['esignon tok', undefined]);
  });
});

describe('headers', () => {
  it('Content-Type, User-Agent and "esignon <token>"', async () => {
    let seen: IncomingMessage['headers'] = {};
    const url = await serve((q, res) => {
      seen = q.headers;
      json(res, 200, {});
    });
    const c = client(url);
    await c.post('/x', { a: 1 });
    c.close();
    expect(seen['content-type']).toBe('application/json');
    expect(seen['user-agent']).toBe('esignonapi');
    expect(seen['authorization']).toBe('esignon tok');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Sun, 29 Nov 2026 00:00:10 GMT', 10_000],
    ['Sun, 29 Nov 2026 00:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
  ])('%s → %s ms', (value, ms) => {
    expect(parseRetryAfter(value, Date.parse('2026-11-29T00:00:00Z'))).toBe(ms);
  });
});

describe('maskSecrets', () => {
  it('masks passwords and tokens in logged JSON, keeps the rest', () => {
    const text = JSON.stringify({ name: '홍길동', password: 'p"w', memb_pwd: 'x', token: 't', password_hint: 'birthday', empty: { password: '' } });
    const masked = maskSecrets(text);
    expect(masked).not.toContain('p\\"w');
    expect(masked).toContain('"password":"***"');
    expect(masked).toContain('"memb_pwd":"***"');
    expect(masked).toContain('"token":"***"');
    expect(masked).toContain('"password_hint":"birthday"');
    expect(masked).toContain('"password":""');
    expect(masked).toContain('홍길동');
  });
});
