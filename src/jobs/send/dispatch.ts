/**
 * A send's second pass: the eligible rows, in file order, in batches of `batch_size`.
 * Each batch is recorded in flight before its 1410Q request leaves and done once it is
 * answered; at most `concurrency` batches are in flight (the run loop, ../run-control.ts).
 *
 * A batch also ends early where a request could not hold the next row: a row whose
 * customer B (a "2단계 C" template) differs from the batch's, since a request has one
 * `customer_list`; and a row whose contact is already in the batch (`--allow-duplicates`),
 * since the answer's entries are matched to rows by contact.
 */
import { bulkStart, customerKey, type RunStop } from '../../api/bulk-start.js';
import { newSessionId, type ApiClient } from '../../api/client.js';
import type { Settings } from '../../config/settings.js';
import type { CommandContext } from '../../context.js';
import { normalizeContact, signerKey } from '../../core/contacts.js';
import type { CompiledMapping } from '../../core/mapping.js';
import type { RowOutcome } from '../../core/outcome.js';
import type { RecordSource } from '../../core/rows.js';
import { parseSignerRow } from '../../core/signer.js';
import type { Signer } from '../../core/signer-types.js';
import type { CliError } from '../../errors.js';
import { toDoneEntry, type DoneEntry, type JournalWriter, type RowTable } from '../../io/journal.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { resumeCommand } from '../command-line.js';
import { RunControl } from '../run-control.js';

/**
 * Batches in a row that end all `unknown` (no answer: a timeout, a dropped connection, a
 * 5xx) after which the run stops, the rest `not_sent`. One can be a slow moment and two a
 * coincidence; a third with no answer in between means the server (or the way to it) has
 * stopped answering, and every further batch would cost a whole response timeout (120 s
 * by default) and leave its rows for someone to check by hand. While such a streak runs,
 * one batch at a time is in flight: with `--concurrency 8` the eight batches already sent
 * into a silent server carry the streak to its end, and none leaves after them.
 */
const UNKNOWN_STREAK_STOP = 3;

/** One 1410Q request: its signers, each with its row in the input, in file order. */
type Batch = readonly { row: number; signer: Signer }[];

/** A batch answered after the journal failed: its outcomes, which only memory holds (./rescue.ts saves them elsewhere). */
export interface UnrecordedBatch {
  b: number;
  sid: string;
  at: string;
  rows: DoneEntry[];
  /** each row's contact, for people to read */
  contacts: string[];
}

/** How the second pass ended. */
export interface RunResult {
  reason: 'complete' | 'stopped' | 'interrupted' | 'journal_failed';
  stop?: RunStop | undefined;
  journalError?: CliError | undefined;
  /** Answers the journal could not take (disk full): they must still reach the user. */
  unrecorded: UnrecordedBatch[];
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
  /** the body's `workflow_name`: the title of signers without one of their own (./title.ts) */
  title: string;
  /**
   * `reference_field`: each signer's document gets `<run>-<row>` in this field of the
   * template's document (`docId`), so that a row whose answer is lost can be found (../settle/).
   */
  reference?: { field: string; docId: string; run: string } | undefined;
}

/** A signer with its reference added to the fields it sends (its key, made before, does not include it). */
function withReference(signer: Signer, row: number, ref: DispatchInput['reference']): Signer {
  if (!ref) return signer;
  return { ...signer, fields: [...signer.fields, { doc_id: ref.docId, field_name: ref.field, field_value: `${ref.run}-${row}` }] };
}

export async function sendRows(s: DispatchInput): Promise<RunResult> {
  const { settings, ui, client, journal, table } = s;
  const result: RunResult = { reason: 'complete', sentThisRun: 0, limitReached: false, unrecorded: [] };
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
  // Batches in a row with no answer, in the order their outcomes came (UNKNOWN_STREAK_STOP).
  let unknownStreak = 0;
  const noAnswer = (outcome: { rows: readonly RowOutcome[] }): RunStop | undefined => {
    if (outcome.rows.length === 0 || !outcome.rows.every((o) => o.status === 'unknown')) {
      unknownStreak = 0;
      control.narrow(undefined);
      return undefined;
    }
    unknownStreak++;
    control.narrow(1);
    if (unknownStreak < UNKNOWN_STREAK_STOP) return undefined;
    const last = outcome.rows[0]!;
    return { code: 'no_answer', message: t('safety.no_answer', { count: unknownStreak, reason: last.message }) };
  };
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
      await journal.append({ t: 'inflight', b: id, sid: sessionId, at: sentAt, rows, keys, ...(s.reference ? { ref: s.reference.field } : {}) });
    } catch (err) {
      journalFailed(err);
      return;
    }
    table.applyInflight(id, sessionId, sentAt, rows, { refField: s.reference?.field });

    // A stop that arrived while the in-flight record was being written: the request never leaves.
    const outcome = control.stopping
      ? { rows: rows.map((): RowOutcome => ({ status: 'not_sent', message: '' })), stop: undefined }
      : await bulkStart(
          client,
          batch.map((entry) => withReference(entry.signer, entry.row, s.reference)),
          settings,
          s.title,
          { batch: id, session_id: sessionId, sent_at: sentAt },
        );
    const entries = rows.map((row, i) => toDoneEntry(row, outcome.rows[i]!));
    // When an answer was lost: what settling the rows later needs to know (../settle/).
    const end = entries.some((e) => e[1] === 'u') ? now() : undefined;
    const stop = outcome.stop ?? (control.stopping ? undefined : noAnswer(outcome));
    if (stop) control.stop(); // no batch leaves after this one, even before its record is on disk
    // The slot is freed once this record is queued, not once it is on disk: the next batch's
    // in-flight record then shares its write and fsync (one fsync a batch instead of two), and
    // that batch still leaves only after both are on disk, as the journal writes in order.
    control.after(
      (async () => {
        try {
          const { offset, length } = await journal.append({ t: 'done', b: id, at: sentAt, rows: entries, ...(end ? { end } : {}) });
          table.applyDone(id, entries, offset, length, end);
        } catch (err) {
          // The answer is in memory only: kept, so that its ids are printed and saved elsewhere
          // (an answer without any, all unknown, says no more than the in-flight record does).
          if (entries.some((e) => e[1] !== 'u')) result.unrecorded.push({ b: id, sid: sessionId, at: sentAt, rows: entries, contacts: batch.map((e) => e.signer.contact) });
          journalFailed(err);
          return;
        }
        for (const o of outcome.rows) {
          if (o.status === 'sent') progress.sent++;
          else if (o.status === 'failed') progress.failed++;
          else if (o.status === 'unknown') progress.unknown++;
        }
        progress.done++;
        // Batches cut early (customer B, a repeated contact) make more than the estimate.
        progress.total = Math.max(progress.total, progress.done);
        if (stop && !result.stop) {
          result.stop = stop;
          if (result.reason === 'complete') result.reason = 'stopped';
        }
        ui.progress(progress, t('send.progress', progress));
      })(),
    );
  };

  await control.run(t('send.starting', { count: s.toSend, batches: totalBatches }), async () => {
    let batch: { row: number; signer: Signer }[] = [];
    let batchCustomer = '';
    const batchContacts = new Set<string>();
    let queued = 0;
    const flush = async (): Promise<void> => {
      const full = batch;
      batch = [];
      batchContacts.clear();
      await control.start(() => runBatch(full));
    };
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
        const customer = customerKey(parsed.signer);
        const contact = normalizeContact(parsed.signer.contact);
        if (batch.length > 0 && (customer !== batchCustomer || batchContacts.has(contact))) {
          await flush();
          if (control.stopping) break outer;
        }
        batchCustomer = customer;
        batchContacts.add(contact);
        batch.push({ row: record.row, signer: parsed.signer });
        queued++;
        if (batch.length === settings.batch_size) await flush();
      }
    }
    if (batch.length > 0) await flush();
  });
  result.sentThisRun = progress.sent;
  return result;
}
