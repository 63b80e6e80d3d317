/**
 * fetchFile against small local servers that misbehave on purpose: what is retried,
 * what is refused, what counts as a whole PDF, where the token goes.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFile, SinkError, type FileFetchOptions, type FileSink } from '../../src/api/file-download.js';
import { emulatorPdf } from '../../src/emulator/server.js';

const PDF = emulatorPdf('1234', 'document');

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;
const servers: http.Server[] = [];
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A server on 127.0.0.1 whose n-th request (1-based) is answered by `handler`; returns its URL. */
async function serve(handler: Handler): Promise<{ url: string; requests: http.IncomingHttpHeaders[] }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res, requests.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function memorySink(): FileSink & { bytes(): Buffer; restarts: number } {
  let chunks: Buffer[] = [];
  const sink = {
    restarts: 0,
    async restart() {
      sink.restarts++;
      chunks = [];
    },
    async write(chunk: Buffer) {
      chunks.push(chunk);
    },
    bytes: () => Buffer.concat(chunks),
  };
  return sink;
}

const waits: number[] = [];
function options(apiUrl: string, extra: Partial<FileFetchOptions> = {}): FileFetchOptions {
  waits.length = 0;
  return {
    connectTimeout: 1000,
    idleTimeout: 1000,
    maxRetries: 3,
    apiUrl,
    token: 'secret-token',
    agents,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  };
}

const pdf = (res: http.ServerResponse, body: Buffer = PDF, headers: http.OutgoingHttpHeaders = {}): void => {
  res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': body.length, ...headers });
  res.end(body);
};

describe('fetchFile', () => {
  it('a PDF with its announced length: the bytes go to the sink; the token goes to the API origin only', async () => {
    const { url, requests } = await serve((_req, res) => pdf(res));
    const sink = memorySink();
    expect(await fetchFile(`${url}/files/1234/document.pdf?sig=x`, sink, options(url))).toEqual({ kind: 'ok', bytes: PDF.length, attempts: 1 });
    expect(sink.bytes().equals(PDF)).toBe(true);
    expect(requests[0]!.authorization).toBe('esignon secret-token');

    const other = await serve((_req, res) => pdf(res));
    expect((await fetchFile(`${other.url}/f.pdf`, memorySink(), options(url))).kind).toBe('ok');
    expect(other.requests[0]!.authorization).toBeUndefined();
  });

  it('follows a redirect to a storage host without the token', async () => {
    const storage = await serve((_req, res) => pdf(res));
    const { url } = await serve((_req, res) => {
      res.writeHead(302, { Location: `${storage.url}/signed.pdf?x=1` });
      res.end();
    });
    const sink = memorySink();
    expect(await fetchFile(`${url}/files/1`, sink, options(url))).toMatchObject({ kind: 'ok', attempts: 1 });
    expect(storage.requests[0]!.authorization).toBeUndefined();
    expect(sink.bytes().equals(PDF)).toBe(true);
  });

  it('an answer cut short is fetched again from the first byte', async () => {
    const { url } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'Content-Length': PDF.length });
        res.write(PDF.subarray(0, 100), () => res.socket!.destroy());
      } else pdf(res);
    });
    const sink = memorySink();
    expect(await fetchFile(`${url}/f.pdf`, sink, options(url))).toMatchObject({ kind: 'ok', attempts: 2 });
    expect(sink.bytes().equals(PDF)).toBe(true);
    expect(sink.restarts).toBe(2);
    expect(waits).toEqual([188]);
  });

  it('without a length, a PDF is whole when %%EOF is near its end', async () => {
    const { url } = await serve((_req, res, n) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf' }); // chunked
      res.end(n === 1 ? PDF.subarray(0, PDF.length - 10) : PDF);
    });
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url))).toMatchObject({ kind: 'ok', attempts: 2 });
  });

  it('what is not a PDF is tried again, then given up on with the reason', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>sign in</html>');
    });
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url))).toEqual({ kind: 'failed', reason: 'the answer is not a PDF', attempts: 4 });
    expect(requests).toHaveLength(4);
    expect(waits).toEqual([188, 375, 750]);
  });

  it('429 and 503 wait as Retry-After says; other 5xx and 408 are retried; a lost connection too', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'Retry-After': '2' });
        res.end();
      } else if (n === 2) {
        res.writeHead(502);
        res.end();
      } else if (n === 3) res.socket!.destroy();
      else pdf(res);
    });
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url))).toMatchObject({ kind: 'ok', attempts: 4 });
    expect(waits).toEqual([2000, 375, 750]);
    expect(requests).toHaveLength(4);
  });

  it('a refused link (401, 403, 404, 410) is not retried: the caller needs a new one; 400 is a failure', async () => {
    for (const status of [401, 403, 404, 410]) {
      const { url, requests } = await serve((_req, res) => {
        res.writeHead(status);
        res.end('no');
      });
      expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url))).toEqual({ kind: 'refused', status, attempts: 1 });
      expect(requests).toHaveLength(1);
    }
    const { url } = await serve((_req, res) => {
      res.writeHead(400);
      res.end();
    });
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url))).toEqual({ kind: 'failed', reason: 'HTTP 400', attempts: 1 });
  });

  it('a server that stops sending is given up on after the idle timeout, and tried again', async () => {
    const { url } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'Content-Length': PDF.length });
        res.write(PDF.subarray(0, 10)); // and nothing more
      } else pdf(res);
    });
    const started = Date.now();
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url, { idleTimeout: 200 }))).toMatchObject({ kind: 'ok', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('the waiting is capped: a Retry-After beyond the cap ends the tries', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(503, { 'Retry-After': '600' });
      res.end();
    });
    expect(await fetchFile(`${url}/f.pdf`, memorySink(), options(url, { maxRetryWait: 60_000 }))).toEqual({ kind: 'failed', reason: 'HTTP 503', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('a sink that cannot write is not the server: SinkError, no retry', async () => {
    const { url, requests } = await serve((_req, res) => pdf(res));
    const sink: FileSink = {
      restart: async () => undefined,
      write: async () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    await expect(fetchFile(`${url}/f.pdf`, sink, options(url))).rejects.toBeInstanceOf(SinkError);
    expect(requests).toHaveLength(1);
  });

  it('a link that is not http(s) is refused without a request', async () => {
    expect(await fetchFile('file:///etc/passwd', memorySink(), options('http://127.0.0.1:1'))).toMatchObject({ kind: 'failed', reason: 'unsupported link (file:)' });
    expect(await fetchFile('not a url', memorySink(), options('http://127.0.0.1:1'))).toMatchObject({ kind: 'failed', reason: 'the link is not a URL' });
  });
});
