/**
 * Settings resolution driven by the option table: flag > environment > config file
 * > default, each value remembering where it came from, and the table's bounds
 * enforced on flags and in the config file with an error that names the flag or the
 * file's key.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { settingFlags } from '../../src/cli/flags.js';
import { SETTINGS, type NumberSetting, type Setting } from '../../src/config/options.js';
import { PLACEHOLDERS, loadSettings, refusePlaceholders, requireSettings, type SettingFlags, type Settings } from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';
import { ROOT } from '../helpers/cli.js';

await loadMessages();
setLang('en');

const root = mkdtempSync(join(tmpdir(), 'esignon-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let cwd: string;
let n = 0;
beforeEach(() => {
  cwd = join(root, String(n++));
  mkdirSync(cwd);
});

const config = (json: unknown, name = 'esignon-bulk.config.json') => writeFileSync(join(cwd, name), JSON.stringify(json));
const load = (flags: SettingFlags = {}, env: NodeJS.ProcessEnv = {}) => loadSettings(flags, env, cwd);
/** The UsageError `promise` rejects with: its message and detail lines. */
async function usageError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return [(err as UsageError).message, ...(err as UsageError).details].join('\n');
}

const value = (settings: Settings, key: string): unknown => (settings as unknown as Record<string, unknown>)[key];

const NUMBERS = (SETTINGS as readonly Setting[]).filter((s): s is NumberSetting => s.kind === 'number');
const NUMBER_FLAGS = NUMBERS.filter((s) => s.flags !== undefined);

describe('precedence and sources', () => {
  it('flag > environment > config file > default, for every text setting with a flag and a variable', async () => {
    config({ api_url: 'https://file.example', comp_id: 'file-co', memb_email: 'file@x.kr', client_id: 'file-cl', workflow_lib_id: 'F1', doc_id: 'FD' });
    const env = { ESIGNON_COMP_ID: 'env-co', ESIGNON_MEMB_EMAIL: 'env@x.kr', ESIGNON_CLIENT_ID: 'env-cl', ESIGNON_WORKFLOW_LIB_ID: 'E1' };
    const s = await load({ compId: 'flag-co', membEmail: 'flag@x.kr' }, env);
    expect([s.comp_id, s.memb_email, s.client_id, s.workflow_lib_id, s.doc_id, s.api_url]).toEqual(['flag-co', 'flag@x.kr', 'env-cl', 'E1', 'FD', 'https://file.example']);
    expect(s.sources).toMatchObject({
      comp_id: '--comp-id',
      memb_email: '--memb-email',
      client_id: 'ESIGNON_CLIENT_ID',
      workflow_lib_id: 'ESIGNON_WORKFLOW_LIB_ID',
      doc_id: 'esignon-bulk.config.json:doc_id',
      api_url: 'esignon-bulk.config.json:api_url',
    });
    expect(s.mapping.doc_id).toBe('FD');
    expect(s.config_file).toBe(join(cwd, 'esignon-bulk.config.json'));
  });

  it('a blank flag or variable falls through; values are trimmed', async () => {
    config({ comp_id: ' file-co ' });
    const s = await load({ compId: '  ', membEmail: ' me@x.kr ' }, { ESIGNON_COMP_ID: '', ESIGNON_CLIENT_ID: ' cl ' });
    expect([s.comp_id, s.memb_email, s.client_id]).toEqual(['file-co', 'me@x.kr', 'cl']);
    expect(s.sources).toMatchObject({ comp_id: 'esignon-bulk.config.json:comp_id', memb_email: '--memb-email', client_id: 'ESIGNON_CLIENT_ID' });
  });

  it('defaults come from the table and have no source; a setting without one is absent', async () => {
    const s = await load();
    for (const row of SETTINGS as readonly Setting[]) {
      if (row.kind !== 'text' && row.kind !== 'number') continue;
      expect(value(s, row.key), row.key).toBe(row.default);
    }
    expect(s).toMatchObject({ api_url: 'https://docs.esignon.net', batch_size: 50, concurrency: 2, connect_timeout: 10, response_timeout: 120, max_retries: 5, api_version: '1.1.57', comment: '' });
    expect(s.sources).toEqual({});
    expect(s.config_file).toBeUndefined();
  });

  it('numbers: flag > config file > default; no environment variable sets one', async () => {
    config({ batch_size: 20, concurrency: 3, max_retries: 0 });
    const s = await load({ batchSize: '100' }, { ESIGNON_BATCH_SIZE: '7', ESIGNON_CONCURRENCY: '9' });
    expect([s.batch_size, s.concurrency, s.connect_timeout, s.max_retries]).toEqual([100, 3, 10, 0]);
    expect(s.sources).toMatchObject({ batch_size: '--batch-size', concurrency: 'esignon-bulk.config.json:concurrency', max_retries: 'esignon-bulk.config.json:max_retries' });
    expect(s.sources.connect_timeout).toBeUndefined();
  });

  it('file-only settings: comment as written, api_version trimmed; the mapping keys have sources too', async () => {
    config({ comment: '  hello  ', api_version: ' 1.2 ', workflow_name: 'W {name}', columns: { name: 'Name' } });
    const s = await load();
    expect([s.comment, s.api_version, s.mapping.workflow_name]).toEqual(['  hello  ', '1.2', 'W {name}']);
    expect(s.sources).toMatchObject({
      comment: 'esignon-bulk.config.json:comment',
      workflow_name: 'esignon-bulk.config.json:workflow_name',
      columns: 'esignon-bulk.config.json:columns',
    });
  });

  it('--config names another file, and its label is the path as given from the cwd', async () => {
    mkdirSync(join(cwd, 'conf'));
    config({ comp_id: 'c', token_file: 'token.txt' }, 'conf/other.json');
    const s = await load({ config: 'conf/other.json' });
    expect(s.sources.comp_id).toBe('conf/other.json:comp_id');
    // A path in the config file is relative to the config file; a flag's is kept as given.
    expect(s.token_file).toBe(join(cwd, 'conf', 'token.txt'));
    expect((await load({ config: 'conf/other.json', tokenFile: 'mine.txt' })).token_file).toBe('mine.txt');
  });

  it('the command line hands over exactly the table\'s setting flags, as strings', () => {
    const flags = settingFlags({ compId: 'c', batchSize: 5, passwordFile: 'p', json: true, out: 'o' });
    expect(flags).toMatchObject({ compId: 'c', batchSize: '5' });
    expect(Object.keys(flags)).toEqual([
      'config',
      'apiUrl',
      'compId',
      'membEmail',
      'clientId',
      'workflowLibId',
      'docId',
      'tokenFile',
      'batchSize',
      'concurrency',
      'connectTimeout',
      'responseTimeout',
    ]);
  });
});

describe('bounds', () => {
  it.each(NUMBER_FLAGS.map((s) => [s.flags!.split(' ')[0]!, s] as const))('%s: the bounds are accepted, beyond them is refused naming the flag', async (flag, s) => {
    const attr = flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    expect(value(await load({ [attr]: String(s.min) }), s.key)).toBe(s.min);
    expect(value(await load({ [attr]: String(s.max) }), s.key)).toBe(s.max);
    const tooBig = String(s.max + 1);
    expect(await usageError(load({ [attr]: tooBig }))).toBe(`${flag} "${tooBig}" must be a number from ${s.min} to ${s.max}`);
    expect(await usageError(load({ [attr]: '' }))).toContain(`${flag} ""`);
    if (s.integer) expect(await usageError(load({ [attr]: '1.5' }))).toContain(`${flag} "1.5"`);
    else expect(await usageError(load({ [attr]: String(s.min / 2) }))).toContain(flag);
  });

  it.each(NUMBERS.map((s) => [s.key, s] as const))('%s in the config file: within the bounds, or an error naming the file and the key', async (key, s) => {
    config({ [key]: s.max });
    expect(value(await load(), key)).toBe(s.max);
    config({ [key]: s.max + 1 });
    expect(await usageError(load())).toMatch(new RegExp(`^config file esignon-bulk.config.json has problems:\\nesignon-bulk.config.json:${key}: Too big`));
    config({ [key]: s.integer ? s.min - 1 : 0 });
    expect(await usageError(load())).toContain(`esignon-bulk.config.json:${key}: Too small`);
    if (s.integer) {
      config({ [key]: s.min + 0.5 });
      expect(await usageError(load())).toContain(`esignon-bulk.config.json:${key}:`);
    }
  });

  it('a text setting in the config file may not be blank; comment may', async () => {
    config({ comp_id: ' ', comment: '' });
    const message = await usageError(load());
    expect(message).toContain('esignon-bulk.config.json:comp_id: Too small');
    expect(message).not.toContain(':comment');
  });

  it('the API URL and the sender email name where the bad value came from', async () => {
    expect(await usageError(load({}, { ESIGNON_API_URL: 'http://example.com' }))).toContain('ESIGNON_API_URL: "http://example.com" uses http://');
    config({ memb_email: 'nobody' });
    expect(await usageError(load())).toBe('esignon-bulk.config.json:memb_email: "nobody" is not an email address');
    expect(await usageError(load({}, { ESIGNON_API_URL: 'not a url' }))).toBe('ESIGNON_API_URL: "not a url" is not a URL');
  });
});

describe('required settings', () => {
  it('are listed together, each with its flag, variable and config key from the table', async () => {
    const s = await load();
    const message = await usageError(Promise.resolve().then(() => requireSettings(s, ['comp_id', 'memb_email', 'client_id'])));
    expect(message).toBe(
      [
        'Required settings are missing:',
        '  comp_id: set --comp-id, ESIGNON_COMP_ID or "comp_id" in esignon-bulk.config.json',
        '  memb_email: set --memb-email, ESIGNON_MEMB_EMAIL or "memb_email" in esignon-bulk.config.json',
        '  client_id: set --client-id, ESIGNON_CLIENT_ID or "client_id" in esignon-bulk.config.json',
      ].join('\n'),
    );
    const given = await load({ compId: 'c', membEmail: 'm@x.kr' }, { ESIGNON_WORKFLOW_LIB_ID: '1' });
    expect(() => requireSettings(given, ['comp_id', 'memb_email', 'workflow_lib_id'])).not.toThrow();
  });
});

describe("init's example values", () => {
  const templates = ['templates/esignon-bulk.config.json', 'templates/ko/esignon-bulk.config.json'];

  it.each(templates)('every account and template value of %s is an example value the settings refuse', (path) => {
    const file = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]) {
      expect(PLACEHOLDERS[key] as readonly string[], `${path}:${key}`).toContain(file[key]);
    }
  });

  it.each(templates)("are refused, each with the line of %s to edit, while other sources' values are not", async (path) => {
    writeFileSync(join(cwd, 'esignon-bulk.config.json'), readFileSync(join(ROOT, path)));
    const settings = await load({ compId: 'acme' });
    expect(settings.placeholders).toEqual({
      memb_email: 'esignon-bulk.config.json:3',
      workflow_lib_id: 'esignon-bulk.config.json:4',
      doc_id: 'esignon-bulk.config.json:5',
    });
    const message = await usageError(Promise.resolve().then(() => refusePlaceholders(settings, ['comp_id', 'memb_email', 'workflow_lib_id', 'doc_id'])));
    expect(message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^esignon-bulk\.config\.json:3: memb_email "you@your-company\.example": /),
      expect.stringMatching(/^esignon-bulk\.config\.json:4: workflow_lib_id ".+": .*esignon-bulk templates/),
      expect.stringMatching(/^esignon-bulk\.config\.json:5: doc_id ".+": /),
    ]);
    // requireSettings refuses those of its keys only; a value replaced since (the sandbox) passes.
    const required = await usageError(Promise.resolve().then(() => requireSettings(settings, ['comp_id', 'memb_email'])));
    expect(required).toContain('esignon-bulk.config.json:3: memb_email');
    expect(required).not.toContain('workflow_lib_id');
    settings.memb_email = 'sender@sandbox.esignon.test';
    expect(() => requireSettings(settings, ['comp_id', 'memb_email'])).not.toThrow();
  });

  it('names the flag or variable when the example value came from there', async () => {
    const settings = await load({ docId: 'your-template-doc-id' }, { ESIGNON_COMP_ID: 'your-company-id' });
    expect(settings.placeholders).toEqual({ comp_id: 'ESIGNON_COMP_ID', doc_id: '--doc-id' });
  });
});
