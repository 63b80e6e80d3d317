/**
 * `remind <results.csv>`: 1429Q for every sent document still waiting for a
 * signature (`Playing` per the last `status`; looked up first when not known), with
 * `--only-older-than` and `--limit`. Each reminder is recorded in `reminded_at` /
 * `remind_result`. A document is reminded at most once per run, and at most once per
 * job: one already reminded (or whose reminder may have gone out before a crash) is
 * left alone unless `--again`.
 */
import { remind } from '../api/requests.js';
import { UsageError, type ExitCode } from '../errors.js';
import { LOOKUP_FAILED, REMIND_COLUMNS, STATUS_COLUMNS } from '../io/results-update.js';
import { getLang, t } from '../ui/i18n.js';
import { clean } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';
import type { RemindCounts } from '../ui/messages/account.js';
import { now } from '../jobs/clock.js';
import { FollowupJob, type FollowupOptions, type SentRow } from '../jobs/followup.js';
import { keepHeapSmall } from '../jobs/heap.js';

export interface RemindOptions extends FollowupOptions {
  yes: boolean;
  /** `--only-older-than`, as typed (`3d`, `12h`, `30m`) */
  olderThan?: string | undefined;
  limit?: number | undefined;
  again: boolean;
}

type Counts = RemindCounts;

export async function remindCommand(opts: RemindOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const minAge = opts.olderThan === undefined ? undefined : parseAge('--only-older-than', opts.olderThan);
  const job = await FollowupJob.open('remind', opts, ctx, { needsSender: true, yes: opts.yes });
  try {
    const ui = job.ui;
    const counts: Counts = { reminded: 0, failed: 0, unknown: 0, not_waiting: 0, lookup_failed: 0, already_reminded: 0, too_recent: 0, over_limit: 0 };
    const touched: { row: string; workflow_id: string; outcome: string }[] = [];

    // A reminder that was in flight when an earlier run stopped may have gone out: never again in this job.
    for (const [wid, at] of job.state.pending) {
      await job.record({ t: 'done', w: wid, at, u: { remind_result: t('remind.result_unknown_interrupted') } });
    }

    const nowMs = Date.now();
    const todo: { r: SentRow; lookup: boolean }[] = [];
    for (const r of await job.sentRows()) {
      if (job.continuing && job.state.handled.has(r.workflow_id)) continue;
      if (!opts.again && (r.get('reminded_at') !== '' || r.get('remind_result').startsWith('unknown'))) {
        counts.already_reminded++;
        continue;
      }
      if (minAge !== undefined) {
        const sentAt = Date.parse(r.get('sent_at'));
        if (Number.isNaN(sentAt) || nowMs - sentAt < minAge) {
          counts.too_recent++;
          continue;
        }
      }
      const state = r.get('workflow_status');
      if (state !== '' && state !== 'Playing' && state !== LOOKUP_FAILED) {
        counts.not_waiting++;
        continue;
      }
      todo.push({ r, lookup: state !== 'Playing' });
    }

    // --limit counts the reminders of the whole job, continued runs included.
    let alreadyInJob = 0;
    if (job.continuing) for (const u of job.state.updates.values()) if (u.reminded_at) alreadyInJob++;
    const limit = opts.limit === undefined ? undefined : Math.max(0, opts.limit - alreadyInJob);
    const lookups = todo.filter((x) => x.lookup).length;
    const upTo = limit === undefined ? todo.length : Math.min(limit, todo.length);

    if (todo.length > 0 && upTo > 0) {
      const ok = await job.confirm(
        t('remind.confirm', { count: upTo, lookups, sender: job.settings.memb_email!, comp_id: job.settings.comp_id! }),
        opts.yes,
      );
      if (!ok) {
        ui.info(t('account.declined'));
        await job.finish([...STATUS_COLUMNS, ...REMIND_COLUMNS], opts.bom);
        return job.declinedBySignal ? 130 : 1;
      }
    }

    const account = { comp_id: job.settings.comp_id!, memb_email: job.settings.memb_email! };
    const remindedNow = new Set<string>();
    let reserved = 0;
    await job.run(
      upTo > 0 ? todo : [],
      async ({ r, lookup }) => {
        const wid = r.workflow_id;
        if (remindedNow.has(wid)) return; // never the same document twice in one run
        if (lookup) {
          const { detail, failure } = await job.lookup(wid);
          if (failure) {
            if (failure.kind === 'result' || failure.kind === 'unknown') {
              counts.lookup_failed++;
              touched.push({ row: r.row, workflow_id: wid, outcome: LOOKUP_FAILED });
            }
            return;
          }
          if (detail!.workflow_status !== 'Playing') {
            counts.not_waiting++;
            return;
          }
        }
        if (job.stopping) return;
        if (limit !== undefined && reserved >= limit) {
          counts.over_limit++;
          return;
        }
        reserved++;
        remindedNow.add(wid);
        await job.record({ t: 'start', w: wid, at: now() });
        const result = await remind(job.session.client, account, wid, getLang());
        const at = now();
        switch (result.kind) {
          case 'ok':
            await job.record({ t: 'done', w: wid, at, u: { reminded_at: at, remind_result: 'ok' } });
            counts.reminded++;
            touched.push({ row: r.row, workflow_id: wid, outcome: 'ok' });
            return;
          case 'result': {
            // The document may have been signed or cancelled since the last status: look before calling it a failure.
            const again = await job.lookup(wid);
            if (again.detail && again.detail.workflow_status !== 'Playing') {
              await job.record({ t: 'done', w: wid, at, u: { remind_result: t('remind.result_not_waiting', { state: clean(again.detail.workflow_status) }) } });
              counts.not_waiting++;
              reserved--;
              touched.push({ row: r.row, workflow_id: wid, outcome: 'not_waiting' });
              return;
            }
            const text = clean(`${result.code} ${result.message}`.trim());
            await job.record({ t: 'done', w: wid, at, u: { remind_result: `failed: ${text}` } });
            counts.failed++;
            reserved--;
            touched.push({ row: r.row, workflow_id: wid, outcome: `failed: ${text}` });
            if (result.code === '94') job.halt(result);
            return;
          }
          case 'auth_rejected':
          case 'unreachable':
            // Certainly not processed: this document is not handled, and the run stops.
            await job.record({ t: 'none', w: wid, at });
            remindedNow.delete(wid);
            reserved--;
            job.halt(result);
            return;
          case 'unknown':
            await job.record({ t: 'done', w: wid, at, u: { remind_result: `unknown: ${clean(result.reason)}` } });
            counts.unknown++;
            touched.push({ row: r.row, workflow_id: wid, outcome: `unknown: ${clean(result.reason)}` });
            return;
        }
      },
      t('remind.starting', { count: upTo, lookups }),
    );
    if (upTo === 0 && todo.length > 0) counts.over_limit += todo.length;

    await job.finish([...STATUS_COLUMNS, ...REMIND_COLUMNS], opts.bom);
    const exit = job.exitCode(counts.failed + counts.unknown + counts.lookup_failed);
    if (opts.output.json) {
      ui.json({
        command: 'remind',
        exit_code: exit,
        results: job.outPath,
        counts,
        rows: touched,
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    ui.info(t('remind.summary', counts));
    ui.info(t('account.results_written', { path: job.outPath }));
    if (counts.unknown > 0) ui.warn(t('remind.unknown_hint', { count: counts.unknown }));
    if (counts.already_reminded > 0 && !opts.again) ui.info(t('remind.again_hint', { count: counts.already_reminded }));
    job.reportEnd();
    return exit;
  } finally {
    await job.close();
  }
}

/** `3d`, `12h`, `30m` → milliseconds. */
export function parseAge(flag: string, raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$/i.exec(raw);
  if (!m) throw new UsageError(t('account.bad_age', { flag, value: raw }));
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!.toLowerCase() as 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
