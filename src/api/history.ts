/**
 * A document's history (GET workflows' `action_history_list`) in the order it
 * happened: the page promises none, and the service writes times to the second.
 */
import { serviceTime } from './service-time.js';
import type { HistoryEntry } from './schemas.js';

/**
 * Where each step code comes in a document's life (workflow-view-workflowinfo.md's
 * table), for entries of one step with the same time: the service writes times to the
 * second, and a signature and the document's completion share one.
 */
const STEP_ORDER: Readonly<Record<string, number>> = {
  WORKFLOW_START: 0,
  SIGN_REQ: 1,
  RESEND: 2,
  VIEW: 3,
  SIGN_START: 4,
  MOBILE_CERT: 5,
  PASSWORD_CERT: 5,
  PUBLIC_CERT: 6,
  SIGN_COMPLETE: 7,
  SIGN_RETURN: 7,
  WORKFLOW_REJECT: 8,
  WORKFLOW_COMPLETE: 8,
  WORKFLOW_CANCEL: 8,
  DOC_DOWN: 9,
  CERT_DOWN: 9,
  EXCEL_EXPORT: 9,
  DISPOSAL: 10,
  DELETED: 10,
  TRUNCATE: 11,
};

/**
 * The history, oldest first. The page promises no order: entries are sorted by
 * `confirm_date`; entries with the same time by step (`action_id`), then by where
 * their step code comes in a document's life, then in the order the server gave them,
 * read in its direction (a list whose first entry is newer than its last is newest
 * first). An entry without a readable date keeps its place after the one before it.
 */
export function sortHistory(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const dated = entries.map((e) => ({ e, at: Date.parse(serviceTime(e.confirm_date)) }));
  const times = dated.filter((d) => !Number.isNaN(d.at));
  if (times.length >= 2 && times[0]!.at > times[times.length - 1]!.at) dated.reverse();
  let last = -Infinity;
  const keyed = dated.map((d, i) => ({
    e: d.e,
    at: Number.isNaN(d.at) ? last : (last = d.at),
    step: Number(d.e.action_id) || 0,
    rank: STEP_ORDER[d.e.step_code] ?? 5,
    i,
  }));
  return keyed.sort((a, b) => a.at - b.at || a.step - b.step || a.rank - b.rank || a.i - b.i).map((k) => k.e);
}
