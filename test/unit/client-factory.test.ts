/** The one place an ApiClient is made from the settings (src/api/client-factory.ts). */
import { describe, expect, it } from 'vitest';
import { makeClient, type ClientSettings } from '../../src/api/client-factory.js';

const settings: ClientSettings = { api_url: 'http://127.0.0.1:9', api_version: '1.1.57', connect_timeout: 10, response_timeout: 120, max_retries: 3, concurrency: 4 };
const lines: string[] = [];
const ui = (verbose: boolean) => ({ options: { quiet: false, json: false, color: false, verbose }, verbose: (line: string) => void lines.push(line) });

describe('makeClient', () => {
  it('turns the settings into the client options: seconds into milliseconds, sockets from the concurrency', () => {
    const client = makeClient(settings, { token: 'T', ui: ui(false) });
    expect(client.options).toMatchObject({
      apiUrl: 'http://127.0.0.1:9',
      token: 'T',
      apiVersion: '1.1.57',
      connectTimeout: 10_000,
      responseTimeout: 120_000,
      maxRetries: 3,
      maxSockets: 4,
      log: undefined,
    });
    client.close();
  });

  it('caps the response timeout and sets the sockets when asked; logs only when verbose', () => {
    const client = makeClient(settings, { ui: ui(true), maxSockets: 2, maxResponseTimeout: 60 });
    expect(client.options).toMatchObject({ token: undefined, responseTimeout: 60_000, maxSockets: 2 });
    client.options.log?.('a line');
    expect(lines).toEqual(['a line']);
    expect(makeClient({ ...settings, response_timeout: 30 }, { ui: ui(false), maxResponseTimeout: 60 }).options.responseTimeout).toBe(30_000);
    client.close();
  });
});
