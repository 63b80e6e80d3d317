/**
 * The two searches (5009Q by date, 5008Q by a field's value): one request answers for
 * every matching document of a template, which is how a whole run is read back
 * (`status`) and how rows whose answer was lost are settled (`reconcile`).
 *
 * Neither page defines paging: one answer is meant to hold every match, so an answer
 * may be large (read up to SEARCH_ANSWER_BYTES) and a server may still cut it without
 * saying so. What an answer proves is for the caller to judge (jobs/search-window.ts):
 * here it is only read, liberally, and its times handed on as ISO 8601 UTC.
 */
import type { ApiClient } from './client.js';
import { newSessionId } from './client.js';
import { interpret, type Account, type CallResult } from './requests.js';
import { serviceTime } from './service-time.js';
import { searchResponseSchema, type SearchByDateRequest, type SearchByFieldRequest, type SearchEntryWire } from './schemas.js';

/**
 * The service's own zone (the pages' default offset, +09:00). The searches take whole
 * days and write times without a zone, both in it.
 */
const SERVICE_OFFSET_MINUTES = 9 * 60;

/** The largest search answer read: ~100,000 documents at ~500 bytes each, with room. */
const SEARCH_ANSWER_BYTES = 64 * 1024 * 1024;

/** A document as a search gives it. `workflow_id` may be empty (an entry the server gave without its id). */
export interface SearchEntry {
  workflow_id: string;
  doc_uid: string;
  status: string;
  title: string;
  /** ISO 8601 UTC; '' when not given or unreadable */
  started_at: string;
  /** when it was completed, ISO 8601 UTC; '' when it is not */
  ended_at: string;
  /** the step now waiting (1-based; the last one once complete); undefined when not given */
  current_step: number | undefined;
  /** the document's steps (the page: "문서의 계약자 수"); undefined when not given */
  total_steps: number | undefined;
  field_name: string;
  field_value: string;
}

/** The day (YYYY-MM-DD) an instant falls on in the service's zone. */
export function serviceDay(ms: number): string {
  return new Date(ms + SERVICE_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** The first instant of a service day (`YYYY-MM-DD`), epoch ms. */
export function serviceDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - SERVICE_OFFSET_MINUTES * 60_000;
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function count(v: string): number | undefined {
  return /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function entry(e: SearchEntryWire): SearchEntry {
  const time = (v: string): string => {
    const iso = serviceTime(v, SERVICE_OFFSET_MINUTES);
    return /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso : '';
  };
  return {
    workflow_id: e.wfuid.trim(),
    doc_uid: e.doc_uid,
    status: e.wf_status,
    title: e.wf_title,
    started_at: time(e.start_date),
    ended_at: time(e.end_date),
    current_step: count(e.current_process_no),
    total_steps: count(e.total_process_count),
    field_name: e.field_name,
    field_value: e.field_value,
  };
}

function header(code: '5009Q' | '5008Q', client: ApiClient) {
  // The pages' example sends api_name "start api" for both searches.
  return { request_code: code, api_name: 'start api', session_id: newSessionId(), version: client.options.apiVersion };
}

export interface DateSearch {
  /** the template's document id (1123Q `file_id`) */
  docUid: string;
  /** `START`: documents started in the days; `END`: completed in them */
  by: 'START' | 'END';
  /** first and last day, both included, in the service's zone */
  from: string;
  to: string;
  /** a field of that document whose value each entry should carry */
  fieldName?: string | undefined;
}

/** 5009Q: the template's documents started (or completed) in whole days. */
export async function searchByDate(client: ApiClient, account: Pick<Account, 'comp_id'>, q: DateSearch): Promise<CallResult<SearchEntry[]>> {
  const envelope: SearchByDateRequest = {
    header: { ...header('5009Q', client), request_code: '5009Q' },
    body: {
      comp_id: account.comp_id,
      search_date_type: q.by,
      start_date: q.from,
      end_date: q.to,
      field_list: [{ doc_uid: q.docUid, ...(q.fieldName ? { field_name: q.fieldName } : {}) }],
    },
  };
  const result = await client.post(`/api/${encodeURIComponent(account.comp_id)}/search`, envelope, { maxAnswerBytes: SEARCH_ANSWER_BYTES });
  return interpret(result, searchResponseSchema, (r) => (r.body ? r.body.wf_list.map(entry) : undefined));
}

/** 5008Q: the template's documents whose field `fieldName` holds exactly `value`, whenever they were made. */
export async function searchByField(
  client: ApiClient,
  account: Pick<Account, 'comp_id'>,
  q: { docUid: string; fieldName: string; value: string },
): Promise<CallResult<SearchEntry[]>> {
  const envelope: SearchByFieldRequest = {
    header: { ...header('5008Q', client), request_code: '5008Q' },
    body: { comp_id: account.comp_id, field_list: [{ doc_uid: q.docUid, field_name: q.fieldName, field_value: q.value }] },
  };
  const result = await client.post(`/api/${encodeURIComponent(account.comp_id)}/search`, envelope, { maxAnswerBytes: SEARCH_ANSWER_BYTES });
  return interpret(result, searchResponseSchema, (r) => (r.body ? r.body.wf_list.map(entry) : undefined));
}
