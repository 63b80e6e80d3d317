/**
 * `cancel <results.csv>`: 1510Q for the sent documents of a results file (all of
 * them, or those picked with `--rows` / `--filter`), `cancel` by default or
 * `disposal` with `--disposal --reason`. Documents known to be complete are skipped
 * and reported; so are those already cancelled. Each is recorded in `canceled_at` /
 * `cancel_result` (and `workflow_status`).
 *
 * A cancel whose answer was lost in a crash is settled on the next run by looking
 * the document up: cancelled → recorded as such; still waiting → cancelled now.
 */
import { cancelDocument, localTimezoneOffset } from '../api/requests.js';
import { UsageError, type ExitCode } from '../errors.js';
import { CANCEL_COLUMNS, STATUS_COLUMNS } from '../io/results-update.js';
import { getLang, t } from '../ui/i18n.js';
import { clean } from '../ui/reporter.js';
import type { CommandContext } from '../context.js';
import type { CancelCounts } from '../ui/messages/account.js';
import { now } from '../jobs/clock.js';
import { FollowupJob, type FollowupOptions, type SentRow } from '../jobs/followup.js';
import { keepHeapSmall } from '../jobs/heap.js';

export interface CancelOptions extends FollowupOptions {
  yes: boolean;
  disposal: boolean;
  reason?: string | undefined;
  /** `--rows 3,7-9`, as typed */
  rows?: string | undefined;
  /** `--filter column=value`, repeatable */
  filters: string[];
}

type Counts = CancelCounts;

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

const ALREADY_CANCELED: Record<'cancel' | 'disposal', readonly string[]> = {
  cancel: ['Canceled', 'Disposal'],
  disposal: ['Disposal'],
};

export async function cancelCommand(opts: CancelOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  const command = opts.disposal ? 'disposal' : 'cancel';
  const reason = opts.reason?.trim() ?? '';
  if (opts.disposal && reason === '') throw new UsageError(t('cancel.disposal_needs_reason'));
  const pickRows = opts.rows === undefined ? undefined : parseRowSpec(opts.rows);
  const filters = parseFilters(opts.filters);

  const job = await FollowupJob.open('cancel', opts, ctx, { needsSender: true, yes: opts.yes });
  try {
    const ui = job.ui;
    const known = new Set(job.file.index.keys());
    const unknownColumns = filters.filter((f) => !known.has(f.column)).map((f) => f.column);
    if (unknownColumns.length > 0) {
      throw new UsageError(t('cancel.filter_column', { columns: unknownColumns.join(', '), file: job.file.label, header: job.file.header.join(', ') }));
    }
    const counts: Counts = { canceled: 0, already_complete: 0, already_canceled: 0, failed: 0, unknown: 0, no_document: 0 };
    const touched: { row: string; workflow_id: string; outcome: string }[] = [];
    const account = { comp_id: job.settings.comp_id!, memb_email: job.settings.memb_email! };
    const request = {
      command,
      description: reason || undefined,
      timezone_offset: opts.disposal ? localTimezoneOffset() : undefined,
      lang: getLang(),
    } as const;
    const okText = command === 'disposal' ? 'ok: disposal' : 'ok: cancel';
    const doneState = command === 'disposal' ? 'Disposal' : 'Canceled';

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

    // ---- settle cancels whose answer an earlier run did not get
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
        const state = detail!.workflow_status;
        if (state === doneState || ALREADY_CANCELED[command].includes(state)) {
          await job.record({ t: 'done', w: r.workflow_id, at, u: { canceled_at: at, cancel_result: `${okText} (${t('cancel.result_confirmed')})` } });
          counts.canceled++;
          touched.push({ row: r.row, workflow_id: r.workflow_id, outcome: okText });
        } else {
          // Not processed before the stop: it is an ordinary candidate again.
          await job.record({ t: 'none', w: r.workflow_id, at: now() });
        }
      },
      t('cancel.settling', { count: pending.length }),
    );

    // ---- what to cancel
    const todo: SentRow[] = [];
    for (const r of picked) {
      if (job.state.handled.has(r.workflow_id)) continue; // this job acted on it already
      const state = r.get('workflow_status');
      if (state === 'Complete') {
        counts.already_complete++;
        job.note(r.workflow_id, { cancel_result: `skipped: ${t('cancel.result_complete')}` });
        touched.push({ row: r.row, workflow_id: r.workflow_id, outcome: 'already_complete' });
        continue;
      }
      if (ALREADY_CANCELED[command].includes(state)) {
        counts.already_canceled++;
        touched.push({ row: r.row, workflow_id: r.workflow_id, outcome: 'already_canceled' });
        continue;
      }
      todo.push(r);
    }

    if (todo.length > 0 && !job.stopping) {
      const ok = await job.confirm(
        t(command === 'disposal' ? 'cancel.confirm_disposal' : 'cancel.confirm', {
          count: todo.length,
          complete: counts.already_complete,
          sender: account.memb_email,
          comp_id: account.comp_id,
        }),
        opts.yes,
      );
      if (!ok) {
        ui.info(t('account.declined'));
        await job.finish([...STATUS_COLUMNS, ...CANCEL_COLUMNS], opts.bom);
        return job.declinedBySignal ? 130 : 1;
      }
    }

    await job.run(
      job.stopping ? [] : todo,
      async (r) => {
        const wid = r.workflow_id;
        await job.record({ t: 'start', w: wid, at: now() });
        const result = await cancelDocument(job.session.client, account, wid, request);
        const at = now();
        switch (result.kind) {
          case 'ok':
            await job.record({ t: 'done', w: wid, at, u: { canceled_at: at, cancel_result: okText, workflow_status: doneState } });
            counts.canceled++;
            touched.push({ row: r.row, workflow_id: wid, outcome: okText });
            return;
          case 'result': {
            if (result.code === '94') {
              await job.record({ t: 'none', w: wid, at });
              job.halt(result);
              return;
            }
            if (result.code === '11') {
              // 11 is also the answer for a document in the wrong state: find out which.
              const { detail } = await job.lookup(wid);
              const state = detail?.workflow_status;
              if (state === 'Complete') {
                await job.record({ t: 'done', w: wid, at, u: { cancel_result: `skipped: ${t('cancel.result_complete')}` } });
                counts.already_complete++;
                touched.push({ row: r.row, workflow_id: wid, outcome: 'already_complete' });
                return;
              }
              if (state !== undefined && ALREADY_CANCELED[command].includes(state)) {
                await job.record({ t: 'done', w: wid, at, u: { cancel_result: `skipped: ${t('cancel.result_already', { state })}` } });
                counts.already_canceled++;
                touched.push({ row: r.row, workflow_id: wid, outcome: 'already_canceled' });
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
      t(command === 'disposal' ? 'cancel.starting_disposal' : 'cancel.starting', { count: todo.length }),
    );

    await job.finish([...STATUS_COLUMNS, ...CANCEL_COLUMNS], opts.bom);
    const exit = job.exitCode(counts.failed + counts.unknown);
    if (opts.output.json) {
      ui.json({
        command: 'cancel',
        exit_code: exit,
        mode: command,
        results: job.outPath,
        counts,
        rows: touched,
        interrupted: job.interrupted || undefined,
        stopped: job.stop ? job.stop.message : undefined,
      });
    }
    if (picked.length === 0 && !job.continuing) ui.warn(t('cancel.nothing_picked'));
    ui.info(t(command === 'disposal' ? 'cancel.summary_disposal' : 'cancel.summary', counts));
    ui.info(t('account.results_written', { path: job.outPath }));
    if (counts.unknown > 0) ui.warn(t('cancel.unknown_hint', { count: counts.unknown }));
    job.reportEnd();
    return exit;
  } finally {
    await job.close();
  }
}

/** `[3,4,5,9]` → `3-5, 9` */
function compactRows(rows: number[]): string {
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
