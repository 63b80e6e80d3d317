/**
 * `send` and `validate`: the options checked before anything is read, the token (or
 * the sandbox's emulator), then the send job (src/jobs/send/), which reads the CSV,
 * sends and writes the results.
 */
import { loadSettings, refusePlaceholders, requireSettings, type Settings } from '../config/settings.js';
import { resolveToken } from '../config/token.js';
import { checkStoredToken } from '../config/token-warnings.js';
import type { CommandContext } from '../context.js';
import { UsageError, type ExitCode } from '../errors.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { runSendJob, type SendJob, type SendOptions } from '../jobs/send/job.js';
import { t } from '../ui/i18n.js';
import { Reporter } from '../ui/reporter.js';

export type { SendOptions };

export async function sendCommand(opts: SendOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const ui = new Reporter(opts.output, ctx);
  const cleanups: SendJob['cleanups'] = [];
  try {
    const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
    const sending = opts.mode === 'send';

    // The sandbox replaces the account and the template; anything else sends them, and
    // validate shows them in its preview: init's example values are refused first.
    if (!(sending && opts.sandbox)) refusePlaceholders(settings, ['comp_id', 'memb_email', 'workflow_lib_id', 'doc_id']);
    if (sending && !opts.sandbox) {
      requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);
      // Refuse early, before reading a million rows, when no one can answer the question.
      if (!opts.yes && ctx.stdin.isTTY !== true) throw new UsageError(t('send.needs_yes'));
    }
    if (sending && opts.input === '-' && !opts.out) throw new UsageError(t('send.stdin_needs_out'));
    if (!sending && opts.online) requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);

    let token: SendJob['token'];
    if (opts.sandbox && sending) {
      token = { token: await startSandbox(settings, cleanups, ui) };
    } else if (sending) {
      const resolved = await resolveToken(settings, ctx.env);
      checkStoredToken(resolved, ui, settings);
      token = { token: resolved.token, resolved };
    }
    return await runSendJob({ opts, ctx, ui, settings, token, cleanups });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** `--sandbox`: the built-in emulator on a free port, and the settings pointed at it. Returns its token. */
async function startSandbox(settings: Settings, cleanups: SendJob['cleanups'], ui: Reporter): Promise<string> {
  const [{ startEmulator }, { SANDBOX }] = await Promise.all([import('../emulator/server.js'), import('../emulator/sandbox.js')]);
  const emulator = await startEmulator({ port: 0 });
  cleanups.push(() => emulator.close());
  settings.api_url = emulator.url;
  settings.comp_id = SANDBOX.comp_id;
  settings.memb_email = SANDBOX.memb_email;
  settings.client_id = SANDBOX.client_id;
  settings.workflow_lib_id = SANDBOX.workflow_lib_id;
  settings.doc_id = SANDBOX.doc_id;
  settings.mapping.doc_id = SANDBOX.doc_id;
  ui.info(t('send.sandbox', { url: emulator.url, template: SANDBOX.workflow_lib_id }));
  return SANDBOX.token;
}
