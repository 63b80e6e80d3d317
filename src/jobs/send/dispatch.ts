/**
 * A send's second pass: the eligible rows, in file order, in batches of `batch_size`.
 * Each batch is recorded in flight before its 1410Q request leaves and done once it is
 * answered; at most `concurrency` batches are in flight (the run loop, ../run-control.ts).
 */
import { bulkStart, type RunStop } from '../../api/bulk-start.js';
import { newSessionId, type ApiClient } from '../../api/client.js';
import type { Settings } from '../../config/settings.js';
import type { CommandContext } from '../../context.js';
import { signerKey } from '../../core/contacts.js';
import type { CompiledMapping } from '../../core/mapping.js';
import type { RowOutcome } from '../../core/outcome.js';
import type { RecordSource } from '../../core/rows.js';
import { parseSignerRow } from '../../core/signer.js';
import type { Signer } from '../../core/signer-types.js';
import type { CliError } from '../../errors.js';
import { toDoneEntry, type JournalWriter, type RowTable } from '../../io/journal.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { resumeCommand } from '../command-line.js';
import { RunControl } from '../run-control.js';

/** One 1410Q request: its signers, each with its row in the input, in file order. */
export type Batch = readonly { row: number; signer: Signer }[];

/** How the second pass ended. */
export interface RunResult {
  reason: 'complete' | 'stopped' | 'interrupted' | 'journal_failed';
  stop?: RunStop | undefined;
  journalError?: CliError | undefined;
  sentThisRun: number;
  limitReached: boolean;
}

export interface DispatchInput {
  csv: RecordSource;
  mapping: CompiledMapping;
  settings: Settings;
  ctx: Pick<CommandContext, 'argv' | 'exitNow'>;
  ui: Reporter;
  client: ApiClient;
  journal: JournalWriter;
  table: RowTable;
  eligible: (row: number) => boolean;
  /** the eligible rows, up to `--limit` */
  toSend: number;
  limit: number | undefined;
}

export async function sendRows(s: DispatchInput): Promise<RunResult> {
  const { settings, ui, client, journal, table } = s;
  const result: RunResult = { reason: 'complete', sentThisRun: 0, limitReached: false };
  const totalBatches = Math.ceil(s.toSend / settings.batch_size);
  const progress = { done: 0, total: totalBatches, sent: 0, failed: 0, unknown: 0 };
  let nextBatch = table.maxBatch + 1;
  // Second signal: leave now. Batches in flight stay "in flight" in the journal: unknown.
  const control = new RunControl({
    ui,
    concurrency: settings.concurrency,
    firstSignal: (signal) => {
      result.reason = 'interrupted';
      return t('send.interrupt_first', { signal });
    },
    secondSignal: () => [t('send.interrupt_second'), t('send.resume_hint', { command: resumeCommand(s.ctx.argv) })],
    exitNow: s.ctx.exitNow,
  });
  const journalFailed = (err: unknown): void => {
    control.stop();
    result.reason = 'journal_failed';
    result.journalError = err as CliError;
  };

  const runBatch = async (batch: Batch): Promise<void> => {
    const id = nextBatch++;
    const sessionId = newSessionId();
    const sentAt = now();
    const rows = batch.map((entry) => entry.row);
    // Each row's key (hashes of its contact and values), so that a resume over a changed input matches rows by content.
    const keys = batch.map((entry) => signerKey(entry.signer));
    try {
      await journal.append({ t: 'inflight', b: id, sid: sessionId, at: sentAt, rows, keys });
    } catch (err) {
      journalFailed(err);
      return;
    }
    table.applyInflight(id, sessionId, sentAt, rows);

    // A stop that arrived while the in-flight record was being written: the request never leaves.
    const outcome = control.stopping
      ? { rows: rows.map((): RowOutcome => ({ status: 'not_sent', message: '' })), stop: undefined }
      : await bulkStart(client, batch.map((entry) => entry.signer), settings, { batch: id, session_id: sessionId, sent_at: sentAt });
    const entries = rows.map((row, i) => toDoneEntry(row, outcome.rows[i]!));
    if (outcome.stop) control.stop(); // no batch leaves after this one, even before its record is on disk
    // The slot is freed once this record is queued, not once it is on disk: the next batch's
    // in-flight record then shares its write and fsync (one fsync a batch instead of two), and
    // that batch still leaves only after both are on disk, as the journal writes in order.
    control.after(
      (async () => {
        try {
          const { offset, length } = await journal.append({ t: 'done', b: id, at: sentAt, rows: entries });
          table.applyDone(id, entries, offset, length);
        } catch (err) {
          journalFailed(err);
          return;
        }
        for (const o of outcome.rows) {
          if (o.status === 'sent') progress.sent++;
          else if (o.status === 'failed') progress.failed++;
          else if (o.status === 'unknown') progress.unknown++;
        }
        progress.done++;
        if (outcome.stop && !result.stop) {
          result.stop = outcome.stop;
          if (result.reason === 'complete') result.reason = 'stopped';
        }
        ui.progress(progress, t('send.progress', progress));
      })(),
    );
  };

  await control.run(t('send.starting', { count: s.toSend, batches: totalBatches }), async () => {
    let batch: { row: number; signer: Signer }[] = [];
    let queued = 0;
    outer: for await (const chunk of s.csv.chunks()) {
      for (const record of chunk) {
        if (control.stopping) break outer;
        if (!s.eligible(record.row)) continue;
        if (queued >= s.toSend) {
          result.limitReached = s.limit !== undefined;
          break outer;
        }
        const parsed = parseSignerRow(record, s.mapping, { senderEmail: settings.memb_email });
        if (!parsed.ok) continue; // cannot happen: pass 1 found this row valid and the file is unchanged
        batch.push({ row: record.row, signer: parsed.signer });
        queued++;
        if (batch.length === settings.batch_size) {
          const full = batch;
          await control.start(() => runBatch(full));
          batch = [];
        }
      }
    }
    if (batch.length > 0) {
      const last = batch;
      await control.start(() => runBatch(last));
    }
  });
  result.sentThisRun = progress.sent;
  return result;
}
