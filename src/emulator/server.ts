/**
 * The local eSignon emulator: `node:http` on 127.0.0.1, state in memory (and, with
 * `stateFile`, in a local file). The API itself lives in service.ts; this file does the
 * HTTP plumbing, the latency and connection faults, and the control endpoints under
 * `/__emulator/`:
 *
 *   GET  /__emulator/state[?documents=0]          documents, per_contact, by_status, requests, faults
 *   GET  /__emulator/faults                       the current faults
 *   POST /__emulator/faults                       merge a faults patch (`{"reset":true}` clears first)
 *   POST /__emulator/reset                        forget documents, faults and request counts
 *   POST /__emulator/documents/{id}/sign[?steps=N] the next N steps sign (default all): Complete
 *   POST /__emulator/documents/{id}/view          the signer opens the document: a VIEW event
 *
 * The API: POST /JEDOC/Common.do (1410Q, 1123Q, 1429Q, 1510Q), POST /api/{comp}/login
 * (1001Q), POST /api/{comp}/search (5009Q, 5008Q), GET /api/v2/docs/{id},
 * GET /api/v2/workflows/{id}, GET /api/v2/company, POST /workflow/download, and the
 * signed PDF links GET /files/{id}/{document|certificate}.pdf.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { ZodError } from 'zod';
import { describeFaultsError, type FaultsPatch } from './faults.js';
import { SANDBOX, SANDBOX_TEMPLATES, type EmulatorTemplate } from './sandbox.js';
import { EmulatedService, randomSeed, type EmulatorAccount, type EmulatorState, type Reply } from './service.js';

export { DEFAULT_WORKFLOW_CAPACITY } from './service.js';
export type { FaultsPatch } from './faults.js';
/** The bytes served for a document's PDF or certificate, for tests to compare with. */
export { emulatorPdf } from './pdf.js';
export { EmulatorStateError } from './persist.js';

/** The port `esignon-bulk emulator` listens on unless told otherwise. */
export const DEFAULT_EMULATOR_PORT = 8787;

/** Largest request body read; a bigger one is answered 413. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface EmulatorOptions {
  /** 0 (the default) = a free port. */
  port?: number;
  /** Overrides of the sandbox account; `tokens` replaces the accepted tokens. */
  account?: Partial<EmulatorAccount>;
  faults?: FaultsPatch;
  /** Replaces the sandbox templates. */
  templates?: EmulatorTemplate[];
  /** Seeds ids, tokens and every random fault decision, for reproducible runs. */
  seed?: number;
  /** The clock (epoch ms), for tests of dates and ages. */
  now?: () => number;
  /**
   * Keep the documents (and issued tokens) in this file: loaded at start, rewritten
   * atomically after every change, so a sandbox outlives the process. Throws an
   * EmulatorStateError when the file is not a usable state file.
   */
  stateFile?: string;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** The live account: tokens issued by login appear in `tokens`. */
  account: EmulatorAccount;
  /** Merges a faults patch (validated; throws a ZodError naming a bad key). */
  setFaults(f: FaultsPatch): void;
  /** The same report as `GET /__emulator/state`. */
  state(): EmulatorState;
  /**
   * As `POST /__emulator/documents/{id}/sign[?steps=N]`, in-process: false when there
   * is no such document or it is not in progress.
   */
  sign(workflowId: string, steps?: number): boolean;
  /** Stops listening and destroys every open connection; resolves promptly. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const account: EmulatorAccount = {
    comp_id: options.account?.comp_id ?? SANDBOX.comp_id,
    memb_email: options.account?.memb_email ?? SANDBOX.memb_email,
    password: options.account?.password ?? SANDBOX.password,
    client_id: options.account?.client_id ?? SANDBOX.client_id,
    tokens: [...(options.account?.tokens ?? [SANDBOX.token])],
  };
  const service = new EmulatedService({
    account,
    templates: structuredClone(options.templates ?? [...SANDBOX_TEMPLATES]),
    faults: options.faults,
    seed: options.seed ?? randomSeed(),
    now: options.now ?? Date.now,
    stateFile: options.stateFile,
  });

  const sockets = new Set<Socket>();
  /** Pending latency waits, woken early by close(). */
  const sleepers = new Set<() => void>();
  let closing: Promise<void> | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(res, { kind: 'json', status: 500, body: { error: 'emulator_bug', message: String(err) } });
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    /** Set when the client goes away before we answer. */
    let gone = false;
    res.once('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const body = await readBody(req);
    if (body === undefined) {
      send(res, { kind: 'json', status: 413, body: { error: 'payload_too_large' } }, true);
      return;
    }
    if (url.pathname.startsWith('/__emulator/')) {
      await control(req.method ?? 'GET', url, body, res);
      return;
    }
    const classified = service.classify({
      method: req.method ?? 'GET',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    // `latency_ms` is the time from the request's arrival to its answer: the checks are
    // done meanwhile, as a server handling requests in parallel would. What changes the
    // state (storing documents) waits for the end of it.
    const complete = service.prepare(classified);
    const wait = service.latencyMs() - (performance.now() - arrived);
    if (wait > 0) await sleep(wait);
    if (closing) return;
    if (gone) {
      // The client gave up while we waited: like a server that had not yet stored
      // anything, do nothing, so a killed client cannot leave unreported documents.
      service.noteAbandoned();
      return;
    }
    send(res, complete());
  }

  async function control(method: string, url: URL, body: string, res: ServerResponse): Promise<void> {
    const path = url.pathname.slice('/__emulator'.length);
    const json = (status: number, value: unknown): void => send(res, { kind: 'json', status, body: value });
    if (method === 'GET' && path === '/state') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      const documents = !['0', 'false', 'no'].includes(url.searchParams.get('documents') ?? '');
      await new Promise<void>((resolve) => {
        Readable.from(service.stateJson({ documents }), { objectMode: false })
          .pipe(res)
          .once('close', resolve);
      });
      return;
    }
    if (method === 'GET' && path === '/faults') return json(200, service.currentFaults());
    if (method === 'POST' && path === '/faults') {
      let patch: unknown;
      try {
        patch = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        return json(400, { error: 'invalid_json', problems: ['the body is not JSON'] });
      }
      try {
        return json(200, service.setFaults(patch as FaultsPatch));
      } catch (err) {
        if (err instanceof ZodError) return json(400, { error: 'invalid_faults', problems: describeFaultsError(err) });
        throw err;
      }
    }
    if (method === 'POST' && path === '/reset') {
      service.reset();
      return json(200, { ok: true });
    }
    const m = /^\/documents\/([^/]+)\/(sign|view)$/.exec(path);
    if (method === 'POST' && m) {
      const id = decodeURIComponent(m[1]!);
      let steps = Infinity;
      const raw = url.searchParams.get('steps');
      if (raw !== null) {
        steps = Number(raw);
        if (!Number.isInteger(steps) || steps < 1) return json(400, { error: 'invalid_steps', problems: ['steps must be a whole number, 1 or more'] });
      }
      const doc = m[2] === 'sign' ? service.sign(id, steps) : service.view(id);
      if (doc === undefined) return json(404, { error: 'no_such_document', workflow_id: id });
      const notPlaying = (doc as { not_playing?: string }).not_playing;
      if (notPlaying !== undefined) return json(409, { error: 'not_playing', workflow_id: id, workflow_status: notPlaying });
      return json(200, doc);
    }
    return json(404, { error: 'not_found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  service.baseUrl = url;

  return {
    url,
    port: address.port,
    account,
    setFaults: (f) => {
      service.setFaults(f);
    },
    state: () => service.state(),
    sign: (workflowId, steps) => {
      const doc = service.sign(workflowId, steps);
      return doc !== undefined && (doc as { not_playing?: string }).not_playing === undefined;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const wake of [...sleepers]) wake();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function send(res: ServerResponse, reply: Reply, closeConnection = false): void {
  if (res.destroyed) return;
  if (reply.kind === 'drop') {
    res.socket?.destroy();
    res.destroy();
    return;
  }
  const text = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
  const headers: Record<string, string | number> = {
    'Content-Type': reply.kind === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'Content-Length': typeof text === 'string' ? Buffer.byteLength(text) : text.length,
    ...reply.headers,
  };
  if (closeConnection) headers.Connection = 'close';
  res.writeHead(reply.status, headers);
  if (reply.kind === 'cut') {
    // Half of what was announced, then the connection goes: a download cut short.
    res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(text);
}

/** The whole body as UTF-8 text, or undefined when it is larger than allowed (the rest is drained). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
