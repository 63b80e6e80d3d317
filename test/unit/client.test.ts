import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, MAX_ANSWER_BYTES, maskSecrets, parseRetryAfter, requestTimeouts, secretValues } from '../../src/api/client.js';

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

  it('401 and 403 are auth_rejected', async () => {
    const url = await serve((q, res) => json(res, q.url === '/auth' ? 401 : 403, {}));
    const c = client(url);
    expect(await c.post('/auth', {})).toMatchObject({ kind: 'auth_rejected', status: 401 });
    expect(await c.post('/forbidden', {})).toMatchObject({ kind: 'auth_rejected', status: 403 });
    c.close();
  });

  it.each([301, 302, 303, 307, 308, 400, 404, 405, 409, 410, 413, 422, 500, 504])(
    'HTTP %i once the request was written: may have been processed (unknown), never retried',
    async (status) => {
      const url = await serve((_q, res) => json(res, status, {}, status < 400 ? { location: '/elsewhere' } : {}));
      const c = client(url);
      const r = await c.post('/JEDOC/Common.do', { a: 1 });
      c.close();
      expect(r).toMatchObject({ kind: 'unknown', status, reason: `HTTP ${status}`, attempts: 1 });
      expect(hits).toBe(1);
    },
  );

  it('a POST is never redirected: the Location is not followed', async () => {
    const seen: string[] = [];
    const url = await serve((q, res) => {
      seen.push(`${q.method} ${q.url}`);
      if (q.url === '/JEDOC/Common.do') return json(res, 307, {}, { location: '/other' });
      json(res, 200, { ok: true });
    });
    const c = client(url);
    expect(await c.post('/JEDOC/Common.do', { a: 1 })).toMatchObject({ kind: 'unknown', status: 307 });
    c.close();
    expect(seen).toEqual(['POST /JEDOC/Common.do']);
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

/** A raw server that does whatever `onConnection` does with each connection (no HTTP parsing). */
let raw: NetServer | undefined;
const rawSockets = new Set<Socket>();
async function serveRaw(onConnection: (socket: Socket) => void): Promise<string> {
  raw = createNetServer((socket) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(raw!.address() as AddressInfo).port}`;
}
afterEach(async () => {
  for (const s of rawSockets) s.destroy();
  await new Promise((r) => raw?.close(r) ?? r(undefined));
  raw = undefined;
});

/** Reads one HTTP request's head and body (by Content-Length) off a raw socket, then calls `then`. */
function afterRequest(socket: Socket, then: () => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/content-length:\s*(\d+)/i.exec(buffered.subarray(0, end).toString())?.[1] ?? 0);
    if (buffered.length - end - 4 < length) return;
    socket.off('data', onData);
    then();
  };
  socket.on('data', onData);
}

describe('every request is bounded in time and size', () => {
  it('the derivation: connect phases by connect_timeout, send/response/read by response_timeout, the whole as their sum', () => {
    expect(requestTimeouts(10_000, 120_000)).toEqual({
      lookup: 10_000,
      connect: 10_000,
      secureConnect: 10_000,
      send: 120_000,
      response: 120_000,
      read: 120_000,
      request: 390_000,
    });
  });

  it('a dripping answer ends at the read bound: unknown', async () => {
    const url = await serveRaw((socket) =>
      afterRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
        const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('1\r\n \r\n')), 50);
        socket.on('close', () => clearInterval(drip));
      }),
    );
    const c = client(url, { responseTimeout: 400 });
    const started = performance.now();
    const r = await c.post('/x', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'unknown', attempts: 1 });
    expect((r as { reason: string }).reason).toMatch(/timeout \(read\)/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('headers that never end: the response bound, unknown', async () => {
    const url = await serveRaw((socket) =>
      afterRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('x-drip: 1\r\n')), 50);
        socket.on('close', () => clearInterval(drip));
      }),
    );
    const c = client(url, { responseTimeout: 400 });
    const started = performance.now();
    const r = await c.post('/x', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'unknown', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a server that never reads a large request: the send bound, not processed (it cannot have it whole), not retried', async () => {
    let connections = 0;
    const url = await serveRaw((socket) => {
      connections++;
      socket.pause();
    });
    const c = client(url, { responseTimeout: 400 });
    const started = performance.now();
    const r = await c.post('/x', { blob: 'x'.repeat(5 * 1024 * 1024) });
    c.close();
    expect(r).toMatchObject({ kind: 'not_processed', attempts: 1 });
    expect((r as { reason: string }).reason).toMatch(/did not read/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(connections).toBe(1);
  });

  it('an endless answer is cut at the size cap: unknown, and no more than the cap is read', async () => {
    let written = 0;
    const url = await serveRaw((socket) =>
      afterRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"a":"');
        const chunk = Buffer.alloc(256 * 1024, 'x');
        const pump = (): void => {
          while (!socket.destroyed && socket.write(chunk)) written += chunk.length;
          if (!socket.destroyed) socket.once('drain', pump);
        };
        pump();
      }),
    );
    const c = client(url, { responseTimeout: 10_000 });
    const started = performance.now();
    const r = await c.post('/x', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'unknown', attempts: 1 });
    expect((r as { reason: string }).reason).toMatch(/larger than 8 MiB/);
    expect(performance.now() - started).toBeLessThan(5000);
    // What the server got rid of: the cap, plus what the sockets' buffers hold.
    expect(written).toBeLessThan(MAX_ANSWER_BYTES + 16 * 1024 * 1024);
  });

  it('an answer that announces more than the cap is not read at all', async () => {
    const url = await serveRaw((socket) =>
      afterRequest(socket, () => socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${MAX_ANSWER_BYTES + 1}\r\n\r\n{`)),
    );
    const c = client(url, { responseTimeout: 10_000 });
    const started = performance.now();
    const r = await c.post('/x', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'unknown' });
    expect((r as { reason: string }).reason).toMatch(/larger than/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an answer just under the cap is read', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_ANSWER_BYTES - 100) });
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(big);
    });
    const c = client(url, { responseTimeout: 10_000 });
    const r = await c.post('/x', { a: 1 });
    c.close();
    expect(r).toMatchObject({ kind: 'response', status: 200 });
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
  it('masks the token and the passwords sent wherever they appear, in any shape', () => {
    const envelope = { header: {}, body: { unset_player_list: [{ password: 'Sesame-7781', name: 'a' }, { password: '12' }], memb_pwd: 'Login Pw/99' } };
    const known = secretValues(envelope, 'tok-ABCDEF-123');
    expect(known).toEqual(['tok-ABCDEF-123', 'Sesame-7781', 'Login Pw/99', '12']);
    const page = [
      '<html><p>Authorization: esignon tok-ABCDEF-123</p>',
      '<p>your password Sesame-7781 was refused; login Login%20Pw%2F99 / Login Pw/99</p>',
      'password=hunter22&token=zzz',
      '{"echo":"tok-ABCDEF-123","access_token":"other-secret"}',
      'escaped: "Sesame-7781"</html>',
    ].join('\n');
    const masked = maskSecrets(page, known);
    for (const secret of ['tok-ABCDEF-123', 'Sesame-7781', 'Login Pw/99', 'Login%20Pw%2F99', 'hunter22', 'zzz', 'other-secret']) expect(masked).not.toContain(secret);
    expect(masked).toContain('Authorization: ***');
    expect(masked).toContain('password=***&token=***');
    // Short values are masked only where a key names them: masking every "12" would garble the log.
    expect(maskSecrets('row 12 of 120', known)).toBe('row 12 of 120');
  });

  it('the --verbose log of a request and of an HTML error echoing it holds no secret', async () => {
    const url = await serve((q, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(`<html>from ${q.headers.authorization}: password Sesame-7781?</html>`);
    });
    const lines: string[] = [];
    const c = client(url, { token: 'tok-ABCDEF-123', log: (line) => lines.push(line) });
    await c.post('/x', { body: { unset_player_list: [{ password: 'Sesame-7781' }] } });
    c.close();
    const log = lines.join('\n');
    expect(log).toContain('← 500');
    expect(log).not.toContain('tok-ABCDEF-123');
    expect(log).not.toContain('Sesame-7781');
  });

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
