/**
 * Settling a run's `unknown` rows from the service: what `send --resume` does before it
 * sends anything and `reconcile` does alone. The rows in doubt and their batches come
 * from the journal; ./search.ts asks the service, ./match.ts decides, and the decisions
 * go into the journal as "settle" records (io/journal.ts), one per batch, so that the
 * results file — rebuilt from the journal, or rewritten by `reconcile` — says them.
 *
 * Each reference is `<run>-<row>`: `<run>` is made from the journal's header (its
 * creation time and the fingerprints of its input and settings), so it is the same for
 * every resume of the run and differs from run to run; `<row>` is the row's number in
 * the input the batch was sent from. A batch a content-matched resume carried over
 * from an earlier journal (rows renumbered) is matched by title only.
 */
import { createHash } from 'node:crypto';
import type { ApiClient } from '../../api/client.js';
import type { CallFailure } from '../../api/requests.js';
import { serviceDayStart, addDays } from '../../api/search.js';
import type { Settings } from '../../config/settings.js';
import { RowState, type BatchInfo, type DoneEntry, type JournalHeader, type JournalWriter, type RowTable } from '../../io/journal.js';
import { OutcomeReader } from '../../io/journal-outcomes.js';
import { t } from '../../ui/i18n.js';
import { localTime } from '../../ui/reporter.js';
import { now as clockNow } from '../clock.js';
import { decide, type Decision, type KnownDoc, type SettleBatch, type SettleTimes, type UnknownRow, type Witnesses } from './match.js';
import { askForRows, checkReferences, type SettleQuestion } from './search.js';
import { NO_TITLES, type RowTitles } from './titles.js';

/** How far apart our clock and the service's may be. */
const SKEW_MS = 10 * 60_000;
/** What separates a row's first message (why its outcome is unknown) from why it could not be settled. */
const WHY = ' · ';

/** The run's part of each reference (see the file's comment): 10 hex digits. */
export function runId(header: Pick<JournalHeader, 'created_at' | 'input_sha256' | 'settings_sha256'>): string {
  return createHash('sha256').update(`${header.created_at}\n${header.input_sha256}\n${header.settings_sha256}`).digest('hex').slice(0, 10);
}

function rowReference(run: string, row: number): string {
  return `${run}-${row}`;
}

/** The times that bound a request, from the settings (ms). */
function settleTimes(settings: Pick<Settings, 'connect_timeout' | 'response_timeout'>): SettleTimes {
  const response = settings.response_timeout * 1000;
  return { grace: response, skew: SKEW_MS, requestBound: 3 * settings.connect_timeout * 1000 + 3 * response };
}

export interface SettleRun {
  journalPath: string;
  table: RowTable;
  header: JournalHeader;
  settings: Settings;
  client: ApiClient;
  /** the template's document id (1123Q file_id) */
  docUid: string;
  /** the rows' own titles (from the input); none when the input is not at hand */
  titles?: RowTitles | undefined;
  stopping?: () => boolean;
}

export interface Settlement {
  /** the rows in doubt before */
  unknown: number;
  decisions: Decision[];
  /** the journal records that say the decisions, one per batch */
  records: { t: 'settle'; b: number; at: string; by: string; rows: DoneEntry[] }[];
  requests: number;
  /** a failure every later request would meet too (token refused, server unreachable) */
  stop?: CallFailure | undefined;
}

/** The rows whose outcome is unknown, with their batches. */
export function unknownRows(table: RowTable): { row: number; batch: BatchInfo }[] {
  const out: { row: number; batch: BatchInfo }[] = [];
  for (let row = 1; row <= table.rows; row++) {
    if (table.state[row] !== RowState.Unknown) continue;
    const batch = table.batchOf(row);
    if (batch && batch.b > 0) out.push({ row, batch });
  }
  return out;
}

const settleBatch = (b: BatchInfo): SettleBatch => ({ b: b.b, left: Date.parse(b.at), ended: b.end === undefined ? undefined : Date.parse(b.end) });

/** Asks the service about the unknown rows and decides (nothing is written: see recordSettlement). */
export async function settle(run: SettleRun, by: 'resume' | 'reconcile'): Promise<Settlement> {
  const doubtful = unknownRows(run.table);
  const out: Settlement = { unknown: doubtful.length, decisions: [], records: [], requests: 0 };
  if (doubtful.length === 0) return out;
  const refField = run.settings.reference_field;
  const id = runId(run.header);
  const titles = run.titles ?? NO_TITLES;
  const times = settleTimes(run.settings);
  const rows: UnknownRow[] = doubtful.map(({ row, batch }) => {
    const own = titles.get(row);
    const referenced = refField !== undefined && batch.refField === refField && !batch.carried;
    return { row, batch: settleBatch(batch), ref: referenced ? rowReference(id, row) : undefined, title: own?.title, titleShared: own?.shared };
  });
  const question: SettleQuestion = {
    client: run.client,
    account: { comp_id: run.settings.comp_id ?? '' },
    docUid: run.docUid,
    refField: rows.some((r) => r.ref !== undefined) ? refField : undefined,
    times,
    now: () => Date.now(),
    concurrency: run.settings.sources.concurrency ? run.settings.concurrency : 4,
    stopping: run.stopping,
  };
  const answers = await askForRows(question, rows);
  out.requests = answers.requests;
  out.stop = answers.stop;

  // What the journal knows: the documents its rows have, those the answers hold, the witnesses of a whole answer.
  const answered = new Set<string>();
  const windowIds = new Set<string>();
  if ('entries' in answers.window) for (const e of answers.window.entries) windowIds.add(e.workflow_id), answered.add(e.workflow_id);
  for (const a of answers.byRef.values()) if ('entries' in a) for (const e of a.entries) answered.add(e.workflow_id);
  const known = new Map<string, KnownDoc>();
  const knownWithRef: KnownDoc[] = [];
  const witnesses: Witnesses = { missing: 0 };
  const w = answers.window;
  const from = 'entries' in w ? serviceDayStart(w.from) + times.skew : Infinity;
  const to = 'entries' in w ? serviceDayStart(addDays(w.to, 1)) - times.skew : -Infinity;
  const reader = new OutcomeReader(run.journalPath, run.table);
  try {
    for (let row = 1; row <= run.table.rows; row++) {
      if (run.table.state[row] !== RowState.Sent) continue;
      const o = reader.outcome(row);
      const info = run.table.batchOf(row);
      if (o?.status !== 'sent' || o.workflow_id === '' || !info) continue;
      const referenced = refField !== undefined && info.refField === refField && !info.carried;
      const doc: KnownDoc = { workflow_id: o.workflow_id, row, batch: settleBatch(info), ref: referenced ? rowReference(id, row) : undefined };
      if (answered.has(o.workflow_id)) known.set(o.workflow_id, doc);
      if (doc.ref !== undefined && knownWithRef.length < 3 && (windowIds.has(doc.workflow_id) || knownWithRef.length === 0)) knownWithRef.push(doc);
      const left = doc.batch.left;
      if (left >= from && left <= to) {
        if (!windowIds.has(o.workflow_id)) witnesses.missing++;
        else {
          witnesses.earliest = Math.min(witnesses.earliest ?? Infinity, left);
          witnesses.latest = Math.max(witnesses.latest ?? -Infinity, left);
        }
      }
    }
  } finally {
    reader.close();
  }

  const input = { rows, window: w, byRef: answers.byRef, known, witnesses, refControl: undefined as boolean | undefined, times };
  let decisions = decide(input);
  // A reference proven absent needs a search shown to find what is there: asked only then.
  if (!out.stop && decisions.some((d) => d.kind === 'unknown' && d.why === 'no_control')) {
    input.refControl = await checkReferences(question, knownWithRef, w, answers);
    out.requests = answers.requests;
    out.stop ??= answers.stop;
    decisions = decide(input);
  }
  out.decisions = decisions;

  // One record per batch, each row's outcome as a "done" entry.
  const at = clockNow();
  const byBatch = new Map<number, DoneEntry[]>();
  const first = new Map(doubtful.map((d) => [d.row, d.batch]));
  const reader2 = new OutcomeReader(run.journalPath, run.table);
  try {
    for (const d of decisions) {
      const batch = first.get(d.row)!;
      let entry: DoneEntry;
      if (d.kind === 'sent') entry = [d.row, 's', d.workflow_id, '', '', '', t(d.by === 'reference' ? 'settle.sent_reference' : 'settle.sent_title')];
      else if (d.kind === 'not_sent') entry = [d.row, 'n', t(d.by === 'reference' ? 'settle.not_sent_reference' : 'settle.not_sent_title')];
      else {
        const before = reader2.outcome(d.row);
        const first = (before?.message ?? '').split(WHY)[0]!;
        entry = [d.row, 'u', `${first}${WHY}${whyText(d)}`];
      }
      const list = byBatch.get(batch.b) ?? [];
      list.push(entry);
      byBatch.set(batch.b, list);
    }
  } finally {
    reader2.close();
  }
  for (const [b, entries] of byBatch) out.records.push({ t: 'settle', b, at, by, rows: entries });
  return out;
}

/** Why a row could not be settled, for people to read. */
export function whyText(d: Extract<Decision, { kind: 'unknown' }>): string {
  const detail = d.detail ?? '';
  switch (d.why) {
    case 'too_recent':
      return t('settle.why.too_recent', { time: localTime(new Date(d.until ?? Date.now()).toISOString()) });
    case 'claimed':
      return t('settle.why.claimed', { id: detail, row: d.other ?? 0 });
    case 'search_unread':
      return t('settle.why.search_unread', { detail });
    case 'title_shared_found':
      return t('settle.why.title_shared_found', { detail });
    case 'reference_shared':
      return t('settle.why.reference_shared', { detail });
    case 'outside_window':
      return t('settle.why.outside_window', { detail });
    case 'no_key':
    case 'title_shared_run':
    case 'no_id':
    case 'may_be_cut':
    case 'no_control':
      return t(`settle.why.${d.why}`);
  }
}

/** Writes the decisions into the journal and the table (after the records are on disk). */
export async function recordSettlement(journal: JournalWriter, table: RowTable, s: Settlement): Promise<void> {
  const written = await Promise.all(s.records.map((r) => journal.append(r)));
  s.records.forEach((r, i) => table.applySettled(r.rows, written[i]!.offset, written[i]!.length));
}

/** The decisions' counts. */
export function settleCounts(s: Settlement): { sent: number; not_sent: number; unknown: number } {
  const c = { sent: 0, not_sent: 0, unknown: 0 };
  for (const d of s.decisions) c[d.kind]++;
  return c;
}
