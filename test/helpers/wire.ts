/**
 * A capturing proxy on 127.0.0.1 in front of the emulator: every request the CLI
 * sends is recorded exactly as it left (method, path and query, headers, the body's
 * bytes and its JSON) and passed on unchanged; the answer comes back unchanged.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  /** path and query, as the client wrote them (`/JEDOC/Common.do?lang=en`) */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** the body's text, '' for none */
  text: string;
  /** the body parsed as JSON, undefined for none */
  json: any;
}

export interface WireProxy {
  url: string;
  captured: Captured[];
  /** The captured requests of a call: a request_code (`1410Q`) or a GET's path prefix (`/api/v2/company`). */
  of(call: string): Captured[];
  close(): Promise<void>;
}

export async function wireProxy(target: string): Promise<WireProxy> {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const parsed = new URL(req.url!, 'http://proxy');
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      captured.push({ method: req.method!, url: req.url!, pathname: parsed.pathname, query: parsed.searchParams, headers: req.headers, text, json });
      const upstream = request(
        new URL(req.url!, target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    of(call: string) {
      return captured.filter((c) => (call.startsWith('/') ? c.pathname.startsWith(call) : c.json?.header?.request_code === call));
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
