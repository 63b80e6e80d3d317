/**
 * Raw HTTP against the emulator for its own tests: requests written by hand from the
 * eSignon pages (never with the client's code), and small helpers to read answers.
 */
import { SANDBOX } from '../../src/emulator/sandbox.js';
import type { RunningEmulator } from '../../src/emulator/server.js';

export const COMMON = '/JEDOC/Common.do';
export const HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  Authorization: `esignon ${SANDBOX.token}`,
};
export const GET_HEADERS: Record<string, string> = { Authorization: HEADERS.Authorization! };

export type Json = Record<string, any>;

/** A signer entry with every key the 1410Q page lists for `unset_player_list`. */
export function signer(n: number, overrides: Json = {}): Json {
  return {
    memb_id_type: 'EMail',
    email: `signer${n}@example.com`,
    name: `서명자${n}`,
    language: 'ko-KR',
    workflow_name: `근로계약서 - 서명자${n}`,
    enable_mobile_cert: 'false',
    mobile_number: '',
    enable_password_cert: 'false',
    password_hint: '',
    password: '',
    field_list: [
      { doc_id: SANDBOX.doc_id, field_name: 'amount', field_value: `${n}000000` },
      { doc_id: SANDBOX.doc_id, field_name: 'department', field_value: '영업부' },
    ],
    ...overrides,
  };
}

/** Customer B of a "2단계 C" template. */
export function customerB(overrides: Json = {}): Json {
  return {
    memb_id_type: 'EMail',
    email: 'guarantor@example.com',
    name: '보증인',
    language: 'ko-KR',
    enable_mobile_cert: 'false',
    mobile_number: '',
    enable_password_cert: 'false',
    password_hint: '',
    password: '',
    ...overrides,
  };
}

/** A 1410Q as the current page describes it. `undefined` in `body` removes a key. */
export function bulk(signers: Json[], body: Json = {}, header: Json = {}): { header: Json; body: Json } {
  return {
    header: {
      request_code: '1410Q',
      request_msg: 'Work Flow Bulk Sending를 시작합니다.',
      session_id: 'batch-1',
      version: '1.1.57',
      ...header,
    },
    body: {
      comp_id: SANDBOX.comp_id,
      biz_id: '0',
      memb_email: SANDBOX.memb_email,
      workflow_lib_id: SANDBOX.workflow_lib_id,
      workflow_name: '근로계약서',
      unset_player_list: signers,
      comment: '',
      enable_legal_agreement: 'false',
      ...body,
    },
  };
}

/** A Common.do request with the account's comp_id, biz_id and memb_email. */
export function common(code: string, body: Json, header: Json = {}): { header: Json; body: Json } {
  return {
    header: { request_code: code, request_msg: 'test', session_id: `s-${code}`, version: '1.1.57', ...header },
    body: { comp_id: SANDBOX.comp_id, biz_id: '0', memb_email: SANDBOX.memb_email, ...body },
  };
}

/** A 5009Q / 5008Q request as their pages show it. */
export function search(code: '5009Q' | '5008Q', body: Json, header: Json = {}): { header: Json; body: Json } {
  return {
    header: { request_code: code, api_name: 'start api', session_id: '', version: '1.1.60', ...header },
    body: { comp_id: SANDBOX.comp_id, ...body },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  json: any;
}

export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, json };
}

export async function post(em: RunningEmulator, path: string, payload: unknown, headers: Record<string, string> = HEADERS): Promise<Answer> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return answer(await fetch(em.url + path, { method: 'POST', headers, body }));
}

export async function get(em: RunningEmulator, path: string, headers: Record<string, string> = GET_HEADERS): Promise<Answer> {
  return answer(await fetch(em.url + path, { headers }));
}

export async function control(em: RunningEmulator, method: string, path: string, body?: unknown): Promise<Answer> {
  return answer(await fetch(`${em.url}/__emulator${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
}

export function without(h: Record<string, string>, key: string): Record<string, string> {
  const copy = { ...h };
  delete copy[key];
  return copy;
}

/** Sends `signers` through 1410Q and returns the workflow list, asserting success. */
export async function sendOk(em: RunningEmulator, signers: Json[], body: Json = {}, header: Json = {}): Promise<any[]> {
  const r = await post(em, COMMON, bulk(signers, body, header));
  if (r.status !== 200 || r.json?.header?.result_code !== '00') {
    throw new Error(`1410Q was not accepted: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  }
  return r.json.body.workflow_list;
}
