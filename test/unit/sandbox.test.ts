/**
 * What `--sandbox` replaces (jobs/sandbox.ts): every key of SANDBOX_REPLACES, whatever
 * the flags, environment and config file said, and nothing else; the token it gives
 * is the only one resolveToken answers. And the starter sheet fitted to a template
 * (core/starter.ts), which `init --online` writes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_REPLACES } from '../../src/config/options.js';
import { loadSettings } from '../../src/config/settings.js';
import { resolveToken } from '../../src/config/token.js';
import { fitStarter } from '../../src/core/starter.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';
import { replaceForSandbox, sandboxStatePath } from '../../src/jobs/sandbox.js';
import { loadMessages } from '../../src/ui/i18n.js';

await loadMessages();
const cwd = mkdtempSync(join(tmpdir(), 'esignon-sandbox-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** A real account everywhere a setting can come from. */
async function realSettings(extra: Record<string, unknown> = {}) {
  writeFileSync(join(cwd, 'esignon-bulk.config.json'), JSON.stringify({ comp_id: 'acme', workflow_lib_id: 'ACME-1', doc_id: 'ACME-DOC', batch_size: 7, token_file: 'token.txt', ...extra }));
  const env = { ESIGNON_TOKEN: 'real-token', ESIGNON_MEMB_EMAIL: 'me@acme.example', ESIGNON_API_URL: 'https://docs.esignon.net' };
  return { settings: await loadSettings({ clientId: 'acme-client' }, env, cwd), env };
}

describe('replaceForSandbox', () => {
  it('replaces the account, template, document, server and token, and keeps the rest', async () => {
    const { settings, env } = await realSettings();
    const before = structuredClone(settings);
    replaceForSandbox(settings, 'http://127.0.0.1:1234');
    expect(settings).toMatchObject({
      api_url: 'http://127.0.0.1:1234',
      comp_id: SANDBOX.comp_id,
      memb_email: SANDBOX.memb_email,
      client_id: SANDBOX.client_id,
      workflow_lib_id: SANDBOX.workflow_lib_id,
      doc_id: SANDBOX.doc_id,
      token_file: undefined,
      batch_size: 7,
      mapping: { ...before.mapping, doc_id: SANDBOX.doc_id },
    });
    for (const key of SANDBOX_REPLACES) expect(settings.sources[key], key).toBe('--sandbox');
    // The sandbox's token, though ESIGNON_TOKEN and a token file are set: the real one is not read.
    expect(await resolveToken(settings, env)).toEqual({ token: SANDBOX.token, source: 'sandbox' });
  });

  it('without an emulator (validate offline) the server stays; a mapping with customer B gets the "2단계 C" template', async () => {
    const { settings } = await realSettings({ customer_b: { name: '보증인', email: '보증인 연락처' } });
    replaceForSandbox(settings);
    expect(settings.api_url).toBe('https://docs.esignon.net');
    expect(settings.sources.api_url).toBe('ESIGNON_API_URL');
    expect([settings.workflow_lib_id, settings.doc_id]).toEqual([SANDBOX.customer_b_workflow_lib_id, SANDBOX.customer_b_doc_id]);
  });

  it('keeps its documents in the state folder, beside the record of runs', () => {
    expect(sandboxStatePath({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/esignon-bulk/sandbox.json');
    expect(sandboxStatePath({ HOME: '/h' })).toBe('/h/.local/state/esignon-bulk/sandbox.json');
  });
});

describe('fitStarter', () => {
  const sample = {
    header: ['name', 'email', 'field:amount', '입사일', 'field:position'],
    rows: [['김민준', 'a@example.com', '100', '2027-01-04', '사원']],
    fields: [
      { column: '입사일', field_name: 'start_date' },
      { column: '직급', field_name: 'position', required: true },
    ],
  };

  it("keeps the signer columns, the template's fields in its order (the sample's column when it has one), drops the others", () => {
    expect(fitStarter(sample, ['salary', 'start_date', 'salary', 'position'])).toEqual({
      header: ['name', 'email', 'field:salary', '입사일', 'field:position'],
      rows: [['김민준', 'a@example.com', '', '2027-01-04', '사원']],
      fields: [{ column: '입사일', field_name: 'start_date' }],
    });
  });

  it('a template without fields: the signer columns only', () => {
    expect(fitStarter(sample, [])).toEqual({ header: ['name', 'email'], rows: [['김민준', 'a@example.com']], fields: [] });
  });
});
