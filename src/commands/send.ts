/**
 * `send` and `validate`: the options checked before anything is read, the sandbox
 * (jobs/sandbox.ts) with `--sandbox`, the token, then the send job (src/jobs/send/), which reads the CSV,
 * sends and writes the results.
 */
import { loadSettings, refusePlaceholders, requireSettings } from '../config/settings.js';
import { resolveToken } from '../config/token.js';
import { checkStoredToken } from '../config/token-warnings.js';
import type { CommandContext } from '../context.js';
import { UsageError, type ExitCode } from '../errors.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { openSandbox, replaceForSandbox } from '../jobs/sandbox.js';
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
    if (!opts.sandbox) refusePlaceholders(settings, ['comp_id', 'memb_email', 'workflow_lib_id', 'doc_id']);
    if (sending && !opts.sandbox) {
      requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);
      // Refuse early, before reading a million rows, when no one can answer the question.
      if (!opts.yes && ctx.stdin.isTTY !== true) throw new UsageError(t('send.needs_yes'));
    }
    if (sending && opts.input === '-' && !opts.out) throw new UsageError(t('send.stdin_needs_out'));

    // The sandbox's emulator runs when a request leaves (a send, validate --online); offline, only the settings change.
    if (opts.sandbox && (sending || opts.online)) {
      const sandbox = await openSandbox(ctx.env, ui, settings);
      cleanups.push(() => sandbox.close());
    } else if (opts.sandbox) {
      replaceForSandbox(settings);
    }
    if (!sending && opts.online) requireSettings(settings, ['comp_id', 'memb_email', 'workflow_lib_id']);

    let token: SendJob['token'];
    if (sending) {
      const resolved = await resolveToken(settings, ctx.env);
      checkStoredToken(resolved, ui, settings);
      token = { token: resolved.token, resolved };
    }
    return await runSendJob({ opts, ctx, ui, settings, token, cleanups });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
