/**
 * `status` through the search: a run's documents read with 5009Q (`START`), one
 * request per window of days, instead of one GET per document.
 *
 * The windows come from the rows' `sent_at`: the service days around each (with a
 * margin for the clocks and the request's time), runs of consecutive days made one
 * window, a gap of a day without rows making two. The pages define no paging and one
 * answer should hold every document of its days; when an answer misses documents that
 * should be in it (a server that cuts long answers) or is too large to read, the
 * window is split in two and each half asked again, down to a single day. What no
 * answer returned is left to the caller, who looks it up one document at a time.
 */
import type { ApiClient } from '../api/client.js';
import { stepCounts, type Account, type CallFailure } from '../api/requests.js';
import { addDays, searchByDate, serviceDay, type SearchEntry } from '../api/search.js';
import type { Update } from '../io/results-update.js';
import { clean } from '../ui/reporter.js';

/** A window of service days, both ends included. */
export interface DayWindow {
  from: string;
  to: string;
}

/** Around a sent_at: the clocks may differ, and a document is made while its request is answered. */
const MARGIN_MS = 60 * 60_000;

/** How many days a window holds. */
export function windowDays(w: DayWindow): number {
  return Math.round((Date.parse(w.to) - Date.parse(w.from)) / 86_400_000) + 1;
}

/** The days around each instant (± `margin` ms), merged into windows of consecutive days, in order. */
export function dayWindows(instants: Iterable<number>, margin: number = MARGIN_MS): DayWindow[] {
  const days = new Set<string>();
  for (const t of instants) {
    for (let d = serviceDay(t - margin), last = serviceDay(t + margin); d <= last; d = addDays(d, 1)) days.add(d);
  }
  const sorted = [...days].sort();
  const windows: DayWindow[] = [];
  for (const d of sorted) {
    const w = windows.at(-1);
    if (w && addDays(w.to, 1) === d) w.to = d;
    else windows.push({ from: d, to: d });
  }
  return windows;
}

/** Two halves of a window of two days or more. */
export function halves(w: DayWindow): [DayWindow, DayWindow] {
  const n = windowDays(w);
  const mid = addDays(w.from, Math.floor(n / 2) - 1);
  return [
    { from: w.from, to: mid },
    { from: addDays(mid, 1), to: w.to },
  ];
}

export interface SearchTarget {
  workflow_id: string;
  /** the row's `sent_at` (ISO 8601 UTC); a row without a readable one is not searched for */
  sent_at: string;
}

export interface RunSearch {
  /** workflow_id → what the search says of it, for the targets it returned */
  found: Map<string, SearchEntry>;
  /** search requests made */
  requests: number;
  /** why a window could not be read, for each that could not */
  unread: string[];
  /** a failure every later request would meet too (token refused, server unreachable) */
  stop?: CallFailure | undefined;
}

/** Reads the targets' documents with 5009Q, window by window (see the file's comment). */
export async function readRunBySearch(
  client: ApiClient,
  account: Pick<Account, 'comp_id'>,
  docUid: string,
  targets: readonly SearchTarget[],
  stopping: () => boolean = () => false,
): Promise<RunSearch> {
  const out: RunSearch = { found: new Map(), requests: 0, unread: [] };
  // Each target's days, as the windows were made from them.
  const spans = new Map<string, DayWindow>();
  const instants: number[] = [];
  for (const t of targets) {
    const at = Date.parse(t.sent_at);
    if (Number.isNaN(at)) continue;
    spans.set(t.workflow_id, { from: serviceDay(at - MARGIN_MS), to: serviceDay(at + MARGIN_MS) });
    instants.push(at);
  }
  const within = (w: DayWindow): string[] => {
    const ids: string[] = [];
    for (const [id, s] of spans) if (!out.found.has(id) && s.to >= w.from && s.from <= w.to) ids.push(id);
    return ids;
  };
  const queue = dayWindows(instants);
  while (queue.length > 0 && !stopping()) {
    const w = queue.shift()!;
    const expected = within(w);
    if (expected.length === 0) continue; // an earlier answer returned them all
    const result = await searchByDate(client, account, { docUid, by: 'START', from: w.from, to: w.to });
    out.requests++;
    if (result.kind === 'auth_rejected' || result.kind === 'unreachable') {
      out.stop = result;
      break;
    }
    if (result.kind === 'result') {
      // The server refused the question itself (a wrong document id, the search off): asking by halves would not help.
      out.unread.push(`${result.code} ${result.message}`.trim());
      continue;
    }
    if (result.kind === 'ok') {
      for (const e of result.value) if (spans.has(e.workflow_id)) out.found.set(e.workflow_id, e);
    }
    const missing = within(w).length;
    // Cut short, or too large to read: smaller windows may do. An empty answer is not cut.
    const retry = result.kind === 'unknown' || (missing > 0 && result.value.length > 0);
    if (retry && windowDays(w) > 1) queue.unshift(...halves(w));
    else if (result.kind === 'unknown') out.unread.push(result.reason);
  }
  return out;
}


/**
 * The status columns of a document as the search gives it. The search has no history:
 * the last event is known only for a completed document (its completion); for another
 * it is left empty rather than guessed.
 */
export function searchUpdate(e: SearchEntry, at: string): Update {
  const current = e.current_step === undefined ? '' : String(e.current_step);
  const total = e.total_steps === undefined ? '' : String(e.total_steps);
  const complete = e.status === 'Complete' && e.ended_at !== '';
  return {
    workflow_status: clean(e.status),
    current_step: current && total ? `${current}/${total}` : current,
    ...stepCounts(e.status, current, total),
    last_event: complete ? 'WORKFLOW_COMPLETE' : '',
    last_event_at: complete ? e.ended_at : '',
    checked_at: at,
    check_error: '',
  };
}
