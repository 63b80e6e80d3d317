/**
 * `cancel <results.csv>`: 1510Q for the sent documents of a results file (all of
 * them, or those picked with `--rows` / `--filter`), in one of three modes, as
 * workflow-modify-cancel.md has them: `CANCEL` the documents in progress (by default),
 * `DISPOSAL` the completed ones (`--disposal --reason TEXT`), `DELETE` the cancelled
 * ones (`--delete`). Each mode acts only on documents in its state, by the last known
 * status (looked up first when unknown, or when it may have moved into that state
 * since: ../jobs/cancel-states.ts); the others are skipped and counted by why. Each
 * document acted on is recorded in `canceled_at` / `cancel_result` (and
 * `workflow_status`).
 *
 * Each mode keeps its own journal (`<results>.cancel.journal`, `.disposal.journal`,
 * `.delete.journal`): a request whose answer was lost in a crash is settled on the
 * next run of the same mode by looking the document up (in the mode's end state →
 * recorded as done; still in its start state → tried again).
 */
import { cancelDocument, localTimezoneOffset, type CallResult, type WorkflowDetail } from '../api/requests.js';
import { UsageError, type ExitCode } from '../errors.js';
import { CANCEL_COLUMNS, STATUS_COLUMNS } from '../io/results-update.js';
import { getLang, t } from '../ui/i18n.js';
import { clean } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';
import type { CancelCounts } from '../ui/messages/account.js';
import { CANCEL_MODES, decide, SKIP_REASONS, type CancelMode, type SkipReason } from '../jobs/cancel-states.js';
import { now } from '../jobs/clock.js';
import { FollowupJob, type FollowupOptions, type SentRow } from '../jobs/followup.js';
import { keepHeapSmall } from '../jobs/heap.js';

export interface CancelOptions extends FollowupOptions {
  yes: boolean;
  /** `--disposal`: DISPOSAL the completed documents */
  disposal: boolean;
  /** `--delete`: DELETE the cancelled documents */
  delete?: boolean | undefined;
  reason?: string | undefined;
  /** `--rows 3,7-9`, as typed */
  rows?: string | undefined;
  /** `--filter column=value`, repeatable */
  filters: string[];
}

/** `3,7-9` → a set of row numbers. */
export function parseRowSpec(spec: string): Set<number> {
  const rows = new Set<number>();
  for (const part of spec.split(',')) {
    const p = part.trim();
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(p);
    if (!m) throw new UsageError(t('cancel.bad_rows', { value: spec, part: p }));
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 10_000_000) throw new UsageError(t('cancel.bad_rows', { value: spec, part: p }));
    for (let n = from; n <= to; n++) rows.add(n);
  }
  return rows;
}

/** `column=value` (repeatable; all must match; compared trimmed and case-insensitively). */
export function parseFilters(filters: readonly string[]): { column: string; value: string }[] {
  return filters.map((f) => {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(t('cancel.bad_filter', { value: f }));
    return { column: f.slice(0, eq).trim().toLowerCase(), value: f.slice(eq + 1).trim().toLowerCase() };
  });
}

export async function cancelCommand(opts: CancelOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  if (opts.disposal && opts.delete) throw new UsageError(t('cancel.two_modes'));
  const mode: CancelMode = opts.disposal ? 'disposal' : opts.delete ? 'delete' : 'cancel';
  const rule = CANCEL_MODES[mode];
  const reason = opts.reason?.trim() ?? '';
  if (mode === 'disposal' && reason === '') throw new UsageError(t('cancel.disposal_needs_reason'));
  const pickRows = opts.rows === undefined ? undefined : parseRowSpec(opts.rows);
  const filters = parseFilters(opts.filters);

  const job = await FollowupJob.open('cancel', opts, ctx, { needsSender: true, yes: opts.yes, journal: mode });
  try {
    const ui = job.ui;
    const known = new Set(job.file.index.keys());
    const unknownColumns = filters.filter((f) => !known.has(f.column)).map((f) => f.column);
    if (unknownColumns.length > 0) {
      throw new UsageError(t('cancel.filter_column', { columns: unknownColumns.join(', '), file: job.file.label, header: job.file.header.join(', ') }));
    }
    const counts: CancelCounts = { done: 0, skipped: 0, failed: 0, unknown: 0, no_document: 0 };
    const skipped: Partial<Record<SkipReason, number>> = {};
    const touched: { row: string; workflow_id: string; outcome: string }[] = [];
    const account = { comp_id: job.settings.comp_id!, memb_email: job.settings.memb_email! };
    const request = {
      command: rule.command,
      description: reason || undefined,
      // Required for DISPOSAL: the zone its dates are recorded in.
      timezone_offset: mode === 'disposal' ? localTimezoneOffset() : undefined,
      lang: getLang(),
    };
    const okText = `ok: ${mode}`;
    const done = (r: SentRow, wid: string, note: string): void => {
      counts.done++;
      touched.push({ row: r.row, workflow_id: wid, outcome: note });
    };
    /** A document left alone: counted by why, its row says so (derived again by the next run, so not journaled). */
    const skip = (r: SentRow, why: SkipReason, record?: string): Promise<void> | void => {
      counts.skipped++;
      skipped[why] = (skipped[why] ?? 0) + 1;
      touched.push({ row: r.row, workflow_id: r.workflow_id, outcome: `skipped: ${why}` });
      const u = { cancel_result: t('cancel.result_skipped', { reason: why, mode }) };
      if (record === undefined) job.note(r.workflow_id, u);
      else return job.record({ t: 'done', w: r.workflow_id, at: record, u });
    };

    // ---- pick the rows
    const picked: SentRow[] = [];
    const seen = new Set<string>();
    const foundRows = new Set<number>();
    for (const r of await job.allRows()) {
      const rowNumber = Number(r.row);
      if (pickRows && !pickRows.has(rowNumber)) continue;
      if (!filters.every((f) => r.get(f.column).toLowerCase() === f.value)) continue;
      foundRows.add(rowNumber);
      if (r.get('status') !== 'sent' || r.workflow_id === '') {
        if (pickRows) {
          counts.no_document++;
          ui.warn(t('cancel.no_document', { row: r.row, status: r.get('status') || '?' }));
        }
        continue;
      }
      if (seen.has(r.workflow_id)) continue;
      seen.add(r.workflow_id);
      picked.push(r);
    }
    if (pickRows) {
      const missing = [...pickRows].filter((n) => !foundRows.has(n));
      if (missing.length > 0 && filters.length === 0) ui.warn(t('cancel.rows_missing', { rows: compactRows(missing), file: job.file.label }));
    }

    // ---- settle requests whose answer an earlier run of this mode did not get
    const pending = picked.filter((r) => job.state.pending.has(r.workflow_id));
    await job.run(
      pending,
      async (r) => {
        const at = job.state.pending.get(r.workflow_id)!;
        const { detail, failure } = await job.lookup(r.workflow_id);
        if (failure) {
          if (!job.stopping) await job.record({ t: 'done', w: r.workflow_id, at, u: { cancel_result: `unknown: ${t('cancel.result_interrupted')}` } });
          return;
        }
        if (detail!.workflow_status === rule.to) {
          await job.record({ t: 'done', w: r.workflow_id, at, u: { canceled_at: at, cancel_result: `${okText} (${t('cancel.result_confirmed')})` } });
          done(r, r.workflow_id, okText);
        } else {
          // Not processed before the stop: an ordinary candidate again, with the state just looked up.
          await job.record({ t: 'none', w: r.workflow_id, at: now() });
        }
      },
      t('cancel.settling', { count: pending.length }),
    );

    // ---- what to act on: the last known state decides, or a lookup
    const todo: { r: SentRow; lookup: boolean }[] = [];
    for (const r of picked) {
      if (job.state.handled.has(r.workflow_id)) continue; // this job acted on it already
      const next = decide(mode, r.get('workflow_status'), false);
      if (next === 'act' || next === 'lookup') todo.push({ r, lookup: next === 'lookup' });
      else void skip(r, next);
    }
    const lookups = todo.filter((x) => x.lookup).length;

    if (todo.length > 0 && !job.stopping) {
      // Without --rows or --filter the question says that it is every document of the file.
      const all = pickRows === undefined && filters.length === 0;
      const question = all
        ? ({ cancel: 'cancel.confirm_all', disposal: 'cancel.confirm_all_disposal', delete: 'cancel.confirm_all_delete' } as const)
        : ({ cancel: 'cancel.confirm', disposal: 'cancel.confirm_disposal', delete: 'cancel.confirm_delete' } as const);
      const ok = await job.confirm(
        t(question[mode], { count: todo.length, lookups, sender: account.memb_email, comp_id: account.comp_id, file: job.file.label }),
        opts.yes,
      );
      if (!ok) {
        ui.info(t('account.declined'));
        await job.finish([...STATUS_COLUMNS, ...CANCEL_COLUMNS], opts.bom);
        return job.declinedBySignal ? 130 : 1;
      }
    }

    /** After a lookup: the state decides (a failed lookup halted the run or leaves the document unknown). */
    const afterLookup = async (r: SentRow, looked: { detail?: WorkflowDetail; failure?: unknown }, at?: string): Promise<'act' | 'handled'> => {
      if (looked.detail === undefined) {
        if (!job.stopping) await skip(r, 'lookup_failed', at);
        return 'handled';
      }
      const next = decide(mode, looked.detail.workflow_status, true);
      if (next === 'act' || next === 'lookup') return 'act';
      await skip(r, next, at);
      return 'handled';
    };

    await job.run(
      job.stopping ? [] : todo,
      async ({ r, lookup }) => {
        const wid = r.workflow_id;
        if (lookup && (await afterLookup(r, await job.lookup(wid))) === 'handled') return;
        if (job.stopping) return;
        await job.record({ t: 'start', w: wid, at: now() });
        const result: CallResult<true> = await cancelDocument(job.session.client, account, wid, request);
        const at = now();
        switch (result.kind) {
          case 'ok':
            await job.record({ t: 'done', w: wid, at, u: { canceled_at: at, cancel_result: okText, workflow_status: rule.to } });
            done(r, wid, okText);
            return;
          case 'result': {
            if (result.code === '94') {
              await job.record({ t: 'none', w: wid, at });
              job.halt(result);
              return;
            }
            // 11 is also the answer for a document in the wrong state: find out which.
            if (result.code === '11') {
              const looked = await job.lookup(wid);
              if (looked.detail && decide(mode, looked.detail.workflow_status, true) !== 'act') {
                await afterLookup(r, looked, at);
                return;
              }
            }
            const text = clean(`${result.code} ${result.message}`.trim());
            await job.record({ t: 'done', w: wid, at, u: { cancel_result: `failed: ${text}` } });
            counts.failed++;
            touched.push({ row: r.row, workflow_id: wid, outcome: `failed: ${text}` });
            return;
          }
          case 'auth_rejected':
          case 'unreachable':
            await job.record({ t: 'none', w: wid, at });
            job.halt(result);
            return;
          case 'unknown':
            await job.record({ t: 'done', w: wid, at, u: { cancel_result: `unknown: ${clean(result.reason)}` } });
            counts.unknown++;
            touched.push({ row: r.row, workflow_id: wid, outcome: `unknown: ${clean(result.reason)}` });
            return;
        }
      },
      t(({ cancel: 'cancel.starting', disposal: 'cancel.starting_disposal', delete: 'cancel.starting_delete' } as const)[mode], { count: todo.length }),
    );

    await job.finish([...STATUS_COLUMNS, ...CANCEL_COLUMNS], opts.bom);
    const exit = job.exitCode(counts.failed + counts.unknown);
    if (opts.output.json) {
      ui.json({
        command: 'cancel',
        exit_code: exit,
        mode,
        request: rule.command,
        results: job.outPath,
        counts,
        skipped,
        rows: touched,
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    if (picked.length === 0 && !job.continuing) ui.warn(t('cancel.nothing_picked'));
    const why = SKIP_REASONS.filter((k) => skipped[k]).map((k) => t('cancel.why', { reason: k, mode, n: skipped[k]! }));
    ui.info(t('cancel.summary', { ...counts, mode, why: why.join(', ') }));
    ui.info(t('account.results_written', { path: job.outPath }));
    if (counts.unknown > 0) ui.warn(t('cancel.unknown_hint', { count: counts.unknown }));
    job.reportEnd();
    return exit;
  } finally {
    await job.close();
  }
}

/** `[3,4,5,9]` → `3-5, 9` */
export function compactRows(rows: number[]): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
