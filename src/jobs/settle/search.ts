/**
 * What settling asks the service (./match.ts decides): one 5009Q for the template's
 * documents started in the window of days since the earliest batch in doubt left
 * (with the reference field's value, when the run writes one), then one 5008Q for
 * each reference that answer did not hold, and, when a reference must be proven
 * absent, one 5008Q for a reference the run knows is there (the control).
 */
import type { ApiClient } from '../../api/client.js';
import type { Account, CallFailure } from '../../api/requests.js';
import { searchByDate, searchByField, type SearchEntry } from '../../api/search.js';
import type { KnownDoc, RefAnswer, SettleTimes, UnknownRow, WindowAnswer } from './match.js';
import { windowFor } from './match.js';

export interface SettleQuestion {
  client: ApiClient;
  account: Pick<Account, 'comp_id'>;
  /** the template's document id (1123Q file_id) */
  docUid: string;
  /** the template field that holds each row's reference, when the run writes one */
  refField?: string | undefined;
  times: SettleTimes;
  now: () => number;
  /** 5008Q requests in flight at most */
  concurrency: number;
  stopping?: () => boolean;
}

export interface SettleAnswers {
  window: WindowAnswer;
  byRef: Map<string, RefAnswer>;
  requests: number;
  /** a failure every later request would meet too (token refused, server unreachable) */
  stop?: CallFailure | undefined;
}

const reason = (f: CallFailure): string => (f.kind === 'result' ? `${f.code} ${f.message}`.trim() : f.kind === 'auth_rejected' ? `HTTP ${f.status}` : f.reason);
const stops = (f: CallFailure): boolean => f.kind === 'auth_rejected' || f.kind === 'unreachable';

/** The window's answer and the 5008Q answers for the references it did not hold. */
export async function askForRows(q: SettleQuestion, rows: readonly UnknownRow[]): Promise<SettleAnswers> {
  const out: SettleAnswers = { window: { unread: 'not asked' }, byRef: new Map(), requests: 0 };
  const days = windowFor(
    rows.map((r) => r.batch.left),
    q.now(),
    q.times,
  );
  if (!days) return out;
  const askedAt = q.now();
  const answer = await searchByDate(q.client, q.account, { docUid: q.docUid, by: 'START', from: days.from, to: days.to, fieldName: q.refField });
  out.requests++;
  if (answer.kind === 'ok') out.window = { ...days, askedAt, entries: answer.value };
  else {
    out.window = { unread: reason(answer) };
    if (stops(answer)) return { ...out, stop: answer };
  }
  // The references the window did not show: asked one by one (5008Q looks at every document of the template).
  const shown = new Set('entries' in out.window ? out.window.entries.map((e) => e.field_value) : []);
  const missing = [...new Set(rows.flatMap((r) => (r.ref !== undefined && !shown.has(r.ref) ? [r.ref] : [])))];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < missing.length && !out.stop && !q.stopping?.()) {
      const ref = missing[next++]!;
      const at = q.now();
      const found = await searchByField(q.client, q.account, { docUid: q.docUid, fieldName: q.refField!, value: ref });
      out.requests++;
      if (found.kind === 'ok') out.byRef.set(ref, { askedAt: at, entries: found.value });
      else {
        out.byRef.set(ref, { unread: reason(found) });
        if (stops(found)) out.stop ??= found;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(q.concurrency, missing.length)) }, worker));
  return out;
}

/**
 * Whether the search finds a document the run knows by its reference: the window's
 * answer showed one, else one 5008Q for the first known one. Undefined when the run
 * knows none (nothing to check against).
 */
export async function checkReferences(
  q: SettleQuestion,
  knownWithRef: readonly KnownDoc[],
  window: WindowAnswer,
  answers: SettleAnswers,
): Promise<boolean | undefined> {
  if (knownWithRef.length === 0 || !q.refField) return undefined;
  if ('entries' in window) {
    const byId = new Map<string, SearchEntry>(window.entries.map((e) => [e.workflow_id, e]));
    if (knownWithRef.some((k) => byId.get(k.workflow_id)?.field_value === k.ref)) return true;
  }
  const probe = knownWithRef[0]!;
  const found = await searchByField(q.client, q.account, { docUid: q.docUid, fieldName: q.refField, value: probe.ref! });
  answers.requests++;
  if (found.kind !== 'ok') {
    if (stops(found)) answers.stop ??= found;
    return false;
  }
  return found.value.some((e) => e.workflow_id === probe.workflow_id);
}
