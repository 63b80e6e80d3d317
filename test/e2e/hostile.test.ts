/**
 * Never twice across everything, through the built CLI: a lock nobody can vouch
 * for, servers that answer oddly or never finish, a malformed token, credentials in
 * the API URL. Each story ends with the emulator's (or the test server's) own record
 * of what it received.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { finished, runCli, spawnCli, tempDir, type CliOptions } from '../helpers/cli.js';
import { bulkRequests, emulator, emulatorEnv, SANDBOX } from '../helpers/emulator.js';
import { countBy, readResults, writeSigners } from '../helpers/signers.js';

let emu: RunningEmulator;
let dir: { path: string; remove(): void };

beforeEach(async () => {
  emu = await emulator();
  dir = tempDir();
});

afterEach(async () => {
  await emu.close();
  dir.remove();
});

const opts = (extra: Record<string, string | undefined> = {}): CliOptions => ({ cwd: dir.path, env: emulatorEnv(emu, extra) });

describe('the lock', () => {
  it('naming a live process that may not be esignon-bulk: exit 2, says which file to remove, sends nothing', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    // An old-style lock naming this test process: alive, and not a run on these results.
    writeFileSync(join(dir.path, 'signers.results.csv.lock'), `${process.pid}\n`);
    const r = await runCli(['send', 'signers.csv', '--yes'], opts());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`process ${process.pid}`);
    expect(r.stderr).toContain(`remove ${join(dir.path, 'signers.results.csv.lock')}`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(bulkRequests(emu)).toBe(0);
  });
});

/**
 * A proxy in front of the emulator that passes every request on, and for 1410Q answers
 * `status` itself once the emulator has processed it (documents made): what a
 * misbehaving proxy or a redirecting host in front of the API can do.
 */
async function answeringProxy(target: RunningEmulator, status: () => number | undefined): Promise<{ url: string; bulk: number; close(): Promise<void> }> {
  const state = { bulk: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isBulk = body.includes('"1410Q"');
      if (isBulk) state.bulk++;
      const upstream = request(`${target.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        const answer: Buffer[] = [];
        up.on('data', (c: Buffer) => answer.push(c));
        up.on('end', () => {
          const override = isBulk ? status() : undefined;
          if (override !== undefined) {
            res.writeHead(override, { 'content-type': 'text/html', location: 'https://elsewhere.example/' });
            res.end(`<html>${override}</html>`);
          } else {
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(answer));
          }
        });
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get bulk() {
      return state.bulk;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe('an HTTP redirect or 4xx once a 1410Q was written', () => {
  it.each([302, 404, 409])('HTTP %i: the rows are unknown, never not_sent; the run stops; --resume sends nobody twice', async (status) => {
    writeSigners(join(dir.path, 'signers.csv'), 30);
    let answer: number | undefined = status;
    const proxy = await answeringProxy(emu, () => answer);
    try {
      const env = { ESIGNON_API_URL: proxy.url };
      const r = await runCli(['send', 'signers.csv', '--yes', '--batch-size', '10', '--concurrency', '1'], opts(env));
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`HTTP ${status}`);
      // The first batch was processed behind the proxy: unknown. No later batch left.
      expect(proxy.bulk).toBe(1);
      const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
      expect(rows.slice(0, 10).map((row) => row.status)).toEqual(Array(10).fill('unknown'));
      expect(rows.slice(10).map((row) => row.status)).toEqual(Array(20).fill('not_sent'));
      expect(emu.state().documents).toHaveLength(10);

      answer = undefined;
      const resumed = await runCli(['send', 'signers.csv', '--yes', '--resume'], opts(env));
      expect(resumed.code, resumed.stderr).toBe(1); // 10 rows stay unknown until checked
      const state = emu.state();
      for (const [contact, count] of Object.entries(state.per_contact)) expect(count, contact).toBe(1);
      expect(state.documents).toHaveLength(30);
      expect(countBy(readResults(join(dir.path, 'signers.results.csv')).rows, (row) => row.status)).toEqual({ unknown: 10, sent: 20 });
    } finally {
      await proxy.close();
    }
  });
});

/** A raw server that, for every request it has read, answers with `answer(socket)`. */
async function rawServer(answer: (socket: Socket) => void): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(head.slice(0, end))?.[1] ?? 0);
      if (head.length - end - 4 < length) return;
      socket.off('data', onData);
      state.requests++;
      answer(socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The child's largest resident set size while it ran (Linux), killing it past `killAboveMb`. */
function watchMemory(pid: number, killAboveMb: number): { peakMb(): number; stop(): void } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
      if (peak > killAboveMb) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 20);
  return { peakMb: () => peak, stop: () => clearInterval(timer) };
}

describe('a request that would never end', () => {
  const send = (url: string, ...extra: string[]) =>
    spawnCli(['send', 'signers.csv', '--yes', '--no-preflight', '--batch-size', '5', '--concurrency', '1', ...extra], opts({ ESIGNON_API_URL: url }));

  it.runIf(existsSync('/proc/self/status'))('an endless answer: cut at the size cap, the rows unknown, memory stays small', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"header":{"result_code":"00"},"body":{"pad":"');
      const chunk = Buffer.alloc(256 * 1024, 'x');
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    try {
      const child = send(server.url);
      const memory = watchMemory(child.pid!, 400);
      const started = performance.now();
      const r = await finished(child, 30_000);
      memory.stop();
      expect(r.code, r.stderr).toBe(1);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(memory.peakMb()).toBeLessThan(200);
      const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
      expect(rows.map((row) => row.status)).toEqual(Array(5).fill('unknown'));
      expect(rows[0]!.message).toMatch(/larger than 8 MiB/);
      expect(server.requests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a dripping answer with --response-timeout 1: over in seconds, the rows unknown', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 5);
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('1\r\n \r\n')), 100);
      socket.on('close', () => clearInterval(drip));
    });
    try {
      const started = performance.now();
      const r = await finished(send(server.url, '--response-timeout', '1'), 30_000);
      expect(r.code, r.stderr).toBe(1);
      expect(performance.now() - started).toBeLessThan(6_000);
      const rows = readResults(join(dir.path, 'signers.results.csv')).rows;
      expect(rows.map((row) => row.status)).toEqual(Array(5).fill('unknown'));
      expect(rows[0]!.message).toMatch(/timeout \(read\)/);
    } finally {
      await server.close();
    }
  });
});

describe('--verbose', () => {
  it('masks the token and the passwords sent, also in an HTML error page that echoes them', async () => {
    writeFileSync(join(dir.path, 'signers.csv'), 'name,email,password,field:amount\n김민준,a@example.com,Sesame-7781,1000\n');
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const sent = JSON.parse(Buffer.concat(chunks).toString()) as { body: { unset_player_list: { password: string }[] } };
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end(`<html>Authorization was ${req.headers.authorization}; password ${sent.body.unset_player_list[0]!.password} refused</html>`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runCli(['send', 'signers.csv', '--yes', '--no-preflight', '--verbose'], opts({ ESIGNON_API_URL: url, ESIGNON_TOKEN: 'tok-Secret-4242' }));
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('← 500 <html>Authorization was esignon ***; password *** refused');
      expect(r.stderr).not.toContain('tok-Secret-4242');
      expect(r.stderr).not.toContain('Sesame-7781');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('a malformed token is refused before anything is sent (exit 2), saying what is wrong', () => {
  const credentials = JSON.stringify({ token: SANDBOX.token, expire_date: '2099-01-01 00:00:00', comp_id: 'sandbox' }, null, 2) + '\n';
  it.each<[string, string, RegExp]>([
    ['login\'s credentials file', credentials, /is a JSON document, not a token[\s\S]*its "token" field is the token/],
    ['a one-line JSON document', `{"access_token":"${SANDBOX.token}"}`, /JSON document[\s\S]*"access_token" field/],
    ['two lines', `${SANDBOX.token}\n${SANDBOX.token}\n`, /has 2 lines; a token is a single line/],
    ['a space inside', `esignon ${SANDBOX.token}`, /contains a space or a tab \(character 8\)/],
    ['a control character', `${SANDBOX.token}\u0001`, /U\+0001 at character 14/],
    ['a non-ASCII character', `${SANDBOX.token}\u00a0x`, /U\+00A0/],
  ])('--token-file with %s', async (_name, content, message) => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    writeFileSync(join(dir.path, 'token.txt'), content);
    const r = await runCli(['send', 'signers.csv', '--yes', '--token-file', 'token.txt'], opts({ ESIGNON_TOKEN: undefined }));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the token from --token-file .*token\.txt cannot be used/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SANDBOX.token);
    expect(emu.state().requests.total).toBe(0);
  });

  it('ESIGNON_TOKEN with a line break inside, for status too', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    expect((await runCli(['send', 'signers.csv', '--yes'], opts())).code).toBe(0);
    const before = emu.state().requests.total;
    const bad = { ESIGNON_TOKEN: `${SANDBOX.token}\nX-Other: 1` };
    for (const args of [['send', 'signers.csv', '--yes', '--out', 'again.csv'], ['status', 'signers.results.csv']]) {
      const r = await runCli(args, opts(bad));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/the token from ESIGNON_TOKEN cannot be used: it has 2 lines/);
      expect(r.stderr).toContain('set ESIGNON_TOKEN to the token alone');
    }
    expect(emu.state().requests.total).toBe(before);
  });

  it('a byte-order mark and a Windows line end around the token are fine', async () => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    writeFileSync(join(dir.path, 'token.txt'), `\uFEFF${SANDBOX.token}\r\n`);
    const r = await runCli(['send', 'signers.csv', '--yes', '--token-file', 'token.txt'], opts({ ESIGNON_TOKEN: undefined }));
    expect(r.code, r.stderr).toBe(0);
    expect(emu.state().documents).toHaveLength(3);
  });
});

describe('an API URL with a user name or password', () => {
  it.each<[string, (port: number) => string[], Record<string, string>]>([
    ['--api-url on a dry run (the preview)', () => ['--dry-run', '--api-url', 'https://me:s3cret-Pw@docs.esignon.net'], {}],
    ['ESIGNON_API_URL to the emulator (would replace the token with Basic auth)', () => ['--yes'], { url: 'http://me:s3cret-Pw@127.0.0.1:PORT' }],
    ['an http:// URL', () => ['--yes', '--api-url', 'http://me:s3cret-Pw@example.com'], {}],
    ['a URL that does not parse', () => ['--yes', '--api-url', 'https://me:s3cret-Pw@exa mple.com'], {}],
  ])('%s: refused (exit 2), the password never repeated, nothing sent', async (_name, args, env) => {
    writeSigners(join(dir.path, 'signers.csv'), 3);
    const extra = env.url ? { ESIGNON_API_URL: env.url.replace('PORT', String(emu.port)) } : {};
    const r = await runCli(['send', 'signers.csv', ...args(emu.port)], opts(extra));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr + r.stdout).not.toContain('s3cret-Pw');
    expect(r.stderr).toContain('me:***@');
    expect(emu.state().requests.total).toBe(0);
  });
});
