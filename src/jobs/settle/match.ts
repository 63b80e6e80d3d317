/**
 * Settling rows whose answer was lost (`unknown`) from what the search says: the
 * decisions, with no I/O (./search.ts asks the service, ./job.ts records).
 *
 * A row is matched to a document by what the tool wrote into it:
 * - its reference (`reference_field` = `<run>-<row>`), when its batch wrote one: the
 *   one document carrying it is the row's;
 * - else its title, when the row has a title of its own that no other row of the run
 *   has: the one document of the window with that title, started while the batch could
 *   have made it, is the row's.
 * A document already another row's is never matched twice. A row becomes `not_sent`
 * only when the search proves that its batch made nothing:
 * - the question was asked at least `grace` after the batch's answer was lost (a
 *   request still being processed would have made its documents by then);
 * - by reference: a 5008Q for the exact reference found nothing, and the same search
 *   found a document the run knows it made by its reference (the service fills and
 *   finds the field);
 * - by title: the 5009Q answer covers the batch's days with a day to spare each side
 *   (clocks, a server counting days in another zone), holds every document the run
 *   knows it made in those days (an answer cut short misses some), and among them one
 *   made by a batch that left before this one and one by a batch that left once this
 *   one's answer was lost (the journal's times, to the millisecond: with one batch in
 *   flight the next leaves as the last one's outcome is taken) — a server that cuts a
 *   long list drops one end of it, and would drop a known document there before this
 *   batch's — and has no document with the row's title.
 * Anything else stays `unknown`, with the reason.
 */
import { addDays, serviceDay, type SearchEntry } from '../../api/search.js';

/** A batch as the journal recorded it. */
export interface SettleBatch {
  b: number;
  /** when it left (its in-flight record), epoch ms */
  left: number;
  /** when its answer was lost (its outcome record), epoch ms; undefined when the run stopped with it in flight */
  ended?: number | undefined;
}

export interface UnknownRow {
  row: number;
  batch: SettleBatch;
  /** the reference written into its document (`<run>-<row>`), when its batch wrote one */
  ref?: string | undefined;
  /** its own title (a title column or a title template), when it has one */
  title?: string | undefined;
  /** another row of the run has the same title */
  titleShared?: boolean | undefined;
}

/** A document the journal says a row of the run has. */
export interface KnownDoc {
  workflow_id: string;
  row: number;
  batch: SettleBatch;
  /** its reference, when its batch wrote one */
  ref?: string | undefined;
}

/** The 5009Q answer for the window of days, or why there is none. */
export type WindowAnswer = { from: string; to: string; askedAt: number; entries: readonly SearchEntry[] } | { unread: string };

/** 5008Q answers by reference, each asked at `askedAt`, or why there is none. */
export type RefAnswer = { askedAt: number; entries: readonly SearchEntry[] } | { unread: string };

export interface Witnesses {
  missing: number;
  earliest?: number | undefined;
  latest?: number | undefined;
}

type Unsettled =
  | 'search_unread'
  | 'no_key'
  | 'title_shared_run'
  | 'title_shared_found'
  | 'reference_shared'
  | 'claimed'
  | 'no_id'
  | 'outside_window'
  | 'may_be_cut'
  | 'no_control'
  | 'too_recent';

export type Decision =
  | { row: number; kind: 'sent'; workflow_id: string; by: 'reference' | 'title' }
  | { row: number; kind: 'not_sent'; by: 'reference' | 'title' }
  /** `until`: for too_recent, when the question can be asked again (epoch ms); `other`: the row that has the document, for claimed */
  | { row: number; kind: 'unknown'; why: Unsettled; detail?: string; until?: number; other?: number };

export interface SettleTimes {
  /** how long after its answer was lost a request may still make documents, ms */
  grace: number;
  /** how far apart our clock and the service's may be, ms */
  skew: number;
  /** the longest a request can take (a batch with no outcome recorded ended at most this long after it left), ms */
  requestBound: number;
}

/** When a batch's answer was lost at the latest. */
function batchEnd(b: SettleBatch, times: SettleTimes): number {
  return b.ended ?? b.left + times.requestBound;
}

/** The days a search must cover to speak for batches that left at `left` and after, asked at `now`. */
export function windowFor(lefts: Iterable<number>, now: number, times: SettleTimes): { from: string; to: string } | undefined {
  let first = Infinity;
  for (const l of lefts) first = Math.min(first, l);
  if (first === Infinity) return undefined;
  return { from: addDays(serviceDay(first - times.skew), -1), to: addDays(serviceDay(now + times.skew), 1) };
}

export interface SettleInput {
  rows: readonly UnknownRow[];
  window: WindowAnswer;
  /** 5008Q answers, by reference */
  byRef: ReadonlyMap<string, RefAnswer>;
  /** the documents the journal says the run's rows have, by workflow_id */
  known: ReadonlyMap<string, KnownDoc>;
  /**
   * The known documents of batches that left in the window's days (the witnesses of a
   * whole answer): how many the window's answer misses, and when the batches of the
   * earliest and the latest it holds left (epoch ms).
   */
  witnesses: Witnesses;
  /** a 5008Q found a known document by its reference (the service fills and finds the field); undefined: not tried */
  refControl: boolean | undefined;
  times: SettleTimes;
}

const sameTitle = (a: string, b: string): boolean => a.trim() === b.trim();

/** One decision per row, in the rows' order. */
export function decide(input: SettleInput): Decision[] {
  const { times } = input;
  const claimed = new Map<string, number>(); // workflow_id → row, for the documents matched here
  const owner = (wid: string): number | undefined => input.known.get(wid)?.row ?? claimed.get(wid);
  const decisions: Decision[] = [];

  for (const r of input.rows) {
    const end = batchEnd(r.batch, times);
    const match = (entries: readonly SearchEntry[], by: 'reference' | 'title'): Decision | undefined => {
      const ids = new Set(entries.map((e) => e.workflow_id));
      if (ids.size > 1) return { row: r.row, kind: 'unknown', why: by === 'reference' ? 'reference_shared' : 'title_shared_found', detail: [...ids].join(', ') };
      if (ids.size === 0) return undefined;
      const e = entries[0]!;
      if (e.workflow_id === '') return { row: r.row, kind: 'unknown', why: 'no_id' };
      const other = owner(e.workflow_id);
      if (other !== undefined && other !== r.row) return { row: r.row, kind: 'unknown', why: 'claimed', detail: e.workflow_id, other };
      if (by === 'title') {
        const started = Date.parse(e.started_at);
        if (Number.isNaN(started) || started < r.batch.left - times.skew || started > end + times.grace + times.skew) {
          return { row: r.row, kind: 'unknown', why: 'outside_window', detail: e.workflow_id };
        }
      }
      claimed.set(e.workflow_id, r.row);
      return { row: r.row, kind: 'sent', workflow_id: e.workflow_id, by };
    };
    const tooSoon = (askedAt: number): Decision | undefined =>
      askedAt < end + times.grace ? { row: r.row, kind: 'unknown', why: 'too_recent', until: end + times.grace } : undefined;

    if (r.ref !== undefined) {
      const ref = r.ref;
      const found = new Map<string, SearchEntry>();
      if ('entries' in input.window) for (const e of input.window.entries) if (e.field_value === ref) found.set(e.workflow_id, e);
      const asked = input.byRef.get(ref);
      if (asked && 'entries' in asked) for (const e of asked.entries) if (e.field_value === '' || e.field_value === ref) found.set(e.workflow_id, e);
      const matched = match([...found.values()], 'reference');
      if (matched) {
        decisions.push(matched);
        continue;
      }
      // Nothing carries the reference: proof only from a 5008Q that found nothing, from a search that finds what is there.
      if (!asked || 'unread' in asked) {
        decisions.push({ row: r.row, kind: 'unknown', why: 'search_unread', detail: asked && 'unread' in asked ? asked.unread : undefined });
        continue;
      }
      if (input.refControl !== true) {
        decisions.push({ row: r.row, kind: 'unknown', why: 'no_control' });
        continue;
      }
      decisions.push(tooSoon(asked.askedAt) ?? { row: r.row, kind: 'not_sent', by: 'reference' });
      continue;
    }

    if (r.title === undefined || r.title.trim() === '') {
      decisions.push({ row: r.row, kind: 'unknown', why: 'no_key' });
      continue;
    }
    if (r.titleShared) {
      decisions.push({ row: r.row, kind: 'unknown', why: 'title_shared_run' });
      continue;
    }
    const w = input.window;
    if ('unread' in w) {
      decisions.push({ row: r.row, kind: 'unknown', why: 'search_unread', detail: w.unread });
      continue;
    }
    const matched = match(
      w.entries.filter((e) => sameTitle(e.title, r.title!)),
      'title',
    );
    if (matched) {
      decisions.push(matched);
      continue;
    }
    if (!whole(w, r.batch, end, input.witnesses, times)) {
      decisions.push({ row: r.row, kind: 'unknown', why: 'may_be_cut' });
      continue;
    }
    decisions.push(tooSoon(w.askedAt) ?? { row: r.row, kind: 'not_sent', by: 'title' });
  }
  return decisions;
}

/** Whether the window's answer speaks for everything the batch could have made (see the file's comment). */
function whole(w: { from: string; to: string; askedAt: number }, batch: SettleBatch, end: number, witnesses: Witnesses, times: SettleTimes): boolean {
  if (w.from > addDays(serviceDay(batch.left - times.skew), -1) || w.to < addDays(serviceDay(w.askedAt + times.skew), 1)) return false;
  if (witnesses.missing > 0) return false;
  return witnesses.earliest !== undefined && witnesses.earliest < batch.left && witnesses.latest !== undefined && witnesses.latest >= end;
}
