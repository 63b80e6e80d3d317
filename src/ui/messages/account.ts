/**
 * Messages of the account side and the follow-ups: the token (`account.`), `login.`,
 * `templates.`, the online checks (`preflight.`), `status.`, `remind.`, `cancel.`.
 * Values from the server arrive already cleaned of control characters. Their
 * command-line texts (descriptions, options, examples) are in cli.ts, for `--help`.
 */
import type { Translation } from '../i18n.js';

export type RemindCounts = {
  reminded: number;
  failed: number;
  unknown: number;
  not_waiting: number;
  lookup_failed: number;
  already_reminded: number;
  too_recent: number;
  over_limit: number;
};
/** What `cancel` did, in each of its modes (`cancel`, `disposal`, `delete`). */
export type CancelCounts = { done: number; skipped: number; failed: number; unknown: number; no_document: number };
type CancelSummary = CancelCounts & { mode: string; why: string };

/** Why a document was skipped, per mode: the state it is in, and what to do instead. */
const SKIP_EN: Record<string, Record<string, string>> = {
  in_progress: { disposal: 'in progress (not complete: `cancel` cancels it)', delete: 'in progress (`cancel` it first)' },
  complete: { cancel: 'complete (`--disposal --reason` disposes of completed documents)', delete: 'complete (`--disposal --reason` disposes of it)' },
  canceled: { cancel: 'already cancelled', disposal: 'cancelled (`--delete` deletes cancelled documents)' },
  disposed: { disposal: 'already disposed of', other: 'disposed of' },
  deleted: { delete: 'already deleted', other: 'deleted' },
  other_state: { other: 'in a state this mode does not act on' },
  lookup_failed: { other: 'of unknown state: the lookup failed (see check_error)' },
};
const SKIP_KO: Record<string, Record<string, string>> = {
  in_progress: { disposal: '진행 중 (완료 전: `cancel`로 취소)', delete: '진행 중 (먼저 `cancel`로 취소)' },
  complete: { cancel: '완료됨 (완료된 문서는 `--disposal --reason`으로 폐기)', delete: '완료됨 (`--disposal --reason`으로 폐기)' },
  canceled: { cancel: '이미 취소됨', disposal: '취소됨 (취소된 문서는 `--delete`로 삭제)' },
  disposed: { disposal: '이미 폐기됨', other: '폐기됨' },
  deleted: { delete: '이미 삭제됨', other: '삭제됨' },
  other_state: { other: '이 모드가 처리하지 않는 상태' },
  lookup_failed: { other: '상태를 알 수 없음: 조회 실패 (check_error 열 참고)' },
};
const skipText = (table: Record<string, Record<string, string>>, reason: string, mode: string): string =>
  table[reason]?.[mode] ?? table[reason]?.other ?? reason;

const STATE_EN: Record<string, string> = {
  Playing: 'waiting for a signature',
  Complete: 'signed by everyone',
  Canceled: 'cancelled',
  Disposal: 'disposed of',
  Truncate: 'deleted',
  lookup_failed: 'could not be looked up (see check_error)',
  unchecked: 'not looked up yet',
};
const STATE_KO: Record<string, string> = {
  Playing: '서명 대기 중',
  Complete: '모두 서명 완료',
  Canceled: '취소됨',
  Disposal: '폐기됨',
  Truncate: '삭제됨',
  lookup_failed: '조회 실패 (check_error 열 참고)',
  unchecked: '아직 조회하지 않음',
};

const plural = (n: number, one: string, many: string = one + 's'): string => `${n} ${n === 1 ? one : many}`;

export const en = {
  // ---------------------------------------------------------------- the token
  'account.days': (p: { n: number }) => plural(p.n, 'day'),
  'account.hours': (p: { n: number }) => plural(p.n, 'hour'),
  'account.minutes': (p: { n: number }) => plural(p.n, 'minute'),
  'account.token_expiring': (p: { date: string; left: string }) =>
    `the token stored by \`esignon-bulk login\` expires on ${p.date} (in ${p.left}): run \`esignon-bulk login\` to renew it`,
  'account.token_expired': (p: { date: string }) =>
    `the token stored by \`esignon-bulk login\` expired on ${p.date}: run \`esignon-bulk login\` for a new one`,
  'account.token_other_url': (p: { stored: string; api_url: string }) =>
    `the token stored by \`esignon-bulk login\` was issued by ${p.stored}, not by ${p.api_url}; it is not sent elsewhere. Run \`esignon-bulk login --api-url ${p.api_url}\`, or set ESIGNON_TOKEN`,
  'account.token_other_account': (p: { stored: string; configured: string }) =>
    `the stored token belongs to ${p.stored}, but the settings name ${p.configured}: run \`esignon-bulk login\` for this account if requests are refused`,
  'account.rejected_env': (p: { why: string }) =>
    `the server refused the token in ESIGNON_TOKEN (${p.why}); it may have expired: get a new one with \`esignon-bulk login --print\` and update ESIGNON_TOKEN`,
  'account.rejected_file': (p: { why: string; path: string }) =>
    `the server refused the token in ${p.path} (${p.why}); it may have expired: write a new one with \`esignon-bulk login --print > ${p.path}\``,
  'account.rejected_login': (p: { why: string }) =>
    `the server refused the token stored by \`esignon-bulk login\` (${p.why}); it may have expired: run \`esignon-bulk login\` again`,
  'account.rejected_other': (p: { why: string }) => `the server refused the token (${p.why}): check the account, or run \`esignon-bulk login\``,
  'account.unreachable': (p: { url: string; reason: string }) =>
    `the eSignon API at ${p.url} could not be reached (${p.reason}): check the network and api_url, then run the command again`,
  'account.no_answer': (p: { reason: string }) => `no clear answer from the eSignon API (${p.reason}): run the command again`,
  'account.result': (p: { code: string; message: string }) => `the eSignon API answered ${p.code}: ${p.message}`,

  // ---------------------------------------------------------------- follow-ups (shared)
  'account.not_results': (p: { file: string; columns: string }) =>
    `${p.file} is not a results file of \`esignon-bulk send\`: it has no column ${p.columns}. Give the file that send wrote (e.g. signers.results.csv)`,
  'account.no_file': (p: { file: string }) => `${p.file} does not exist: give the results file that \`esignon-bulk send\` wrote`,
  'account.stdin': '(standard input)',
  'account.stdin_needs_out': () => 'reading the results from standard input: give --out FILE for the updated file',
  'account.needs_yes': (p: { command: string }) =>
    `standard input is not a terminal, so nobody can confirm this ${p.command}: add --yes to go ahead without asking`,
  'account.declined': 'nothing done: declined at the prompt',
  'account.continuing': (p: { command: string; path: string; count: number; pending: number; since: string }) =>
    `continuing the ${p.command} that began at ${p.since} and did not finish (${p.path}): ${plural(p.count, 'document')} it finished ${p.count === 1 ? 'is' : 'are'} not acted on again` +
    (p.pending ? `; ${plural(p.pending, 'request')} in flight when it stopped ${p.pending === 1 ? 'is' : 'are'} settled first` : ''),
  'account.progress': (p: { label: string; done: number; total: number }) => `${p.label}: ${p.done}/${p.total}`,
  'account.interrupt_first': (p: { signal: string }) =>
    `${p.signal}: no new request will start; waiting for those in flight (press Ctrl-C again to quit at once)`,
  'account.interrupt_second': (p: { command: string }) =>
    `stopped at once; the journal records what was in flight: run the same ${p.command} command again to finish, nothing is done twice`,
  'account.continue_hint': (p: { command: string }) => `to finish the job (nothing is done twice): ${p.command}`,
  'account.results_written': (p: { path: string }) => `results: ${p.path}`,
  'account.journal_failed': (p: { path: string; reason: string }) =>
    `cannot record progress in ${p.path} (${p.reason}); stopped. What was recorded is valid: free disk space or fix permissions, then run the same command again`,
  'account.write_failed': (p: { path: string; reason: string }) =>
    `cannot write ${p.path} (${p.reason}); its journal keeps what was done: fix the problem and run the same command again`,
  'account.bad_age': (p: { flag: string; value: string }) => `${p.flag} "${p.value}" must be a number with a unit m, h or d (e.g. 30m, 12h, 3d)`,

  // ---------------------------------------------------------------- login
  'login.prompt': 'eSignon password: ',
  'login.prompt_source': 'the password typed at the prompt',
  'login.prompt_interrupted': 'login interrupted',
  'login.no_password': () =>
    'no password: set ESIGNON_PASSWORD, give --password-file FILE (- for standard input), or run on a terminal to be asked (a password is never taken as a flag value)',
  'login.password_file_unreadable': (p: { path: string; reason: string }) => `cannot read the password file ${p.path}: ${p.reason}`,
  'login.password_empty': (p: { source: string }) => `the password from ${p.source} is empty`,
  'login.failed': (p: { comp_id: string; memb_email: string; url: string }) =>
    `login failed for ${p.memb_email} (company ${p.comp_id}) at ${p.url}: the server refused the credentials (10)`,
  'login.failed_hint': (p: { comp_id: string; memb_email: string; client_id: string; password: string }) =>
    `check the password (from ${p.password}), the company ID (from ${p.comp_id}) and the account email (from ${p.memb_email})${p.client_id ? `, and the client ID (from ${p.client_id}): leave it out unless eSignon issued one to this account` : ''}`,
  'login.http': (p: { status: number }) => `the server answered HTTP ${p.status}`,
  'login.refused': (p: { code: string; message: string }) => `login failed: the server answered ${p.code}: ${p.message}`,
  'login.no_answer': (p: { reason: string }) => `login: no clear answer from the server (${p.reason}); run it again`,
  'login.store_failed': (p: { path: string; reason: string }) =>
    `cannot store the token in ${p.path} (${p.reason}): fix the folder's permissions, or use --print to get the token on standard output`,
  'login.stored': (p: { comp_id: string; memb_email: string; path: string; date: string }) =>
    `logged in as ${p.memb_email} (company ${p.comp_id}); the token is stored in ${p.path} (readable only by you), valid until ${p.date}`,
  'login.printed': (p: { date: string }) => `token printed on standard output (not stored), valid until ${p.date}`,

  // ---------------------------------------------------------------- templates
  'templates.bad_folder': (p: { value: string }) => `--folder "${p.value}" must be all, shared or my`,
  'templates.col.name': 'NAME',
  'templates.col.type': 'TYPE',
  'templates.col.steps': 'STEPS',
  'templates.col.folder': 'FOLDER',
  'templates.col.last_change': 'LAST CHANGE',
  'templates.none_bulk': (p: { folder: string; others: number }) =>
    `no bulk templates in folder "${p.folder}"${p.others > 0 ? ` (${plural(p.others, 'template')} of other kinds: --all lists them)` : ''}; make one in eSignon${p.folder === 'all' ? '' : ', or try --folder all (every folder)'}`,
  'templates.none_at_all': (p: { folder: string }) => `no templates in folder "${p.folder}"`,
  'templates.hidden': (p: { count: number }) => `${plural(p.count, 'template')} of other kinds not shown (they cannot be bulk-sent): --all lists them`,
  'templates.hint': 'put the workflow_lib_id in esignon-bulk.config.json ("workflow_lib_id") or give --workflow-lib-id',

  // ---------------------------------------------------------------- online checks
  'preflight.none': '(none)',
  'preflight.did_you_mean': (p: { name: string }) => `Did you mean "${p.name}"?`,
  'preflight.template_missing': (p: { id: string; templates: string }) =>
    `workflow_lib_id "${p.id}" is not a template of this account; its bulk templates: ${p.templates}. Check it with \`esignon-bulk templates\`.`,
  'preflight.template_not_bulk': (p: { id: string; name: string; type: string }) =>
    `workflow_lib_id "${p.id}" (${p.name}) is a ${p.type} template, not a bulk one: choose a bulk template (\`esignon-bulk templates\`).`,
  'preflight.doc_unfinished': (p: { doc_id: string }) => `template document ${p.doc_id} is not finished in eSignon (10): finish it, then try again`,
  'preflight.doc_missing': (p: { column: string; doc_id: string }) =>
    `column ${p.column}: template document "${p.doc_id}" does not exist (check doc_id in the config or the column name)`,
  'preflight.doc_other_template': (p: { columns: string; doc_id: string; other: string; id: string }) =>
    `column ${p.columns}: document "${p.doc_id}" belongs to template ${p.other}, not to ${p.id}: check doc_id`,
  'preflight.field_missing': (p: { column: string; field: string; doc_id: string; fields: string }) =>
    `column ${p.column}: the template document ${p.doc_id} has no field "${p.field}"; its fields: ${p.fields}.`,
  'preflight.ok': (p: { name: string; id: string; fields: number }) =>
    `online check passed: template ${p.id} (${p.name}) is a bulk template${p.fields ? ` and has all ${plural(p.fields, 'mapped field')}` : ''}`,
  'preflight.inconclusive': 'the online check of the token, template and fields could not be made; sending anyway (the send stops by itself if the server refuses)',
  'preflight.company': (p: { remaining: string; capacity: string; usage: string; expiry: string }) =>
    `company: ${p.remaining} documents left (${p.capacity} bought, ${p.usage} used); plan valid until ${p.expiry}`,
  'preflight.company_unread': (p: { reason: string }) =>
    `the company's documents left and plan end could not be read (${p.reason}); the run is not checked against them (eSignon refuses a request past them: 13, 14)`,
  'preflight.quota': (p: { needed: number; remaining: number; capacity: number; usage: number }) =>
    `this run needs ${plural(p.needed, 'document')} but the company has ${p.remaining} left (${p.capacity} bought, ${p.usage} used): buy more documents in eSignon, or send fewer rows (--limit ${p.remaining})`,
  'preflight.expired': (p: { date: string }) => `the company's eSignon plan expired on ${p.date}: renew it in eSignon before sending`,
  'preflight.customer_b_missing': (p: { id: string; name: string }) =>
    `template ${p.id} (${p.name}) is a "2단계 C" template (two customers, no manager step): map customer B's columns under "customer_b" in the config, e.g. "customer_b": {"name": "보증인", "email": "보증인 이메일"}`,
  'preflight.customer_b_unexpected': (p: { id: string; name: string }) =>
    `the config maps "customer_b", but template ${p.id} (${p.name}) is not a "2단계 C" template: remove "customer_b" from the config, or choose the "2단계 C" template`,
  'preflight.customer_b_ok': 'the template is a "2단계 C" template: each row\'s customer B signs after its signer',
  'preflight.summary_failed': (p: { account: number; mapping: number }) =>
    `the online check failed: ${plural(p.account, 'account/template problem')}, ${plural(p.mapping, 'mapping problem')} (listed above)`,
  'preflight.failed_account': (p: { count: number }) =>
    `the online check found ${plural(p.count, 'problem')} with the account or template; nothing was sent:`,
  'preflight.failed_mapping': (p: { count: number }) =>
    `the online check found ${plural(p.count, 'problem')} in the mapping of columns to template fields; nothing was sent:`,

  // ---------------------------------------------------------------- status
  'status.starting': (p: { count: number }) => `looking up ${plural(p.count, 'document')}`,
  'status.summary': (p: { checked: number; documents: number; failed: number }) =>
    `checked ${p.checked} of ${plural(p.documents, 'sent document')}${p.failed ? `; ${p.failed} could not be looked up` : ''}. State of every sent document:`,
  'status.state_line': (p: { state: string; n: number }) => `${p.state}: ${p.n}${Object.hasOwn(STATE_EN, p.state) ? ` (${STATE_EN[p.state]})` : ''}`,
  'status.failed_hint': (p: { count: number }) =>
    `${plural(p.count, 'document')} could not be looked up (workflow_status lookup_failed, reason in check_error): run status again later`,

  // ---------------------------------------------------------------- remind
  'remind.confirm': (p: { count: number; lookups: number; sender: string; comp_id: string }) =>
    `Remind up to ${plural(p.count, 'signer')} who ${p.count === 1 ? 'has' : 'have'} not signed yet, as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} of them looked up first)` : ''}?`,
  'remind.starting': (p: { count: number; lookups: number }) =>
    `reminding up to ${plural(p.count, 'signer')}${p.lookups ? ` (${p.lookups} looked up first)` : ''}`,
  'remind.result_unknown_interrupted': 'unknown: the run stopped while this reminder was being sent; it is not sent again (--again to send anyway)',
  'remind.result_not_waiting': (p: { state: string }) => `skipped: the document is ${p.state}`,
  'remind.summary': (p: RemindCounts) =>
    `reminded ${p.reminded}, failed ${p.failed}, unknown ${p.unknown}; not waiting for a signature ${p.not_waiting}, lookup failed ${p.lookup_failed}, reminded before ${p.already_reminded}, too recent ${p.too_recent}, over --limit ${p.over_limit}`,
  'remind.unknown_hint': (p: { count: number }) =>
    `${plural(p.count, 'reminder')} may or may not have gone out (no clear answer); they are not sent again unless --again`,
  'remind.again_hint': (p: { count: number }) => `${plural(p.count, 'document was', 'documents were')} reminded before and left alone: --again reminds them again`,

  // ---------------------------------------------------------------- cancel
  'cancel.bad_rows': (p: { value: string; part: string }) => `--rows "${p.value}": "${p.part}" is not a row number or range (e.g. 3,7-9)`,
  'cancel.bad_filter': (p: { value: string }) => `--filter "${p.value}" must be COLUMN=VALUE (e.g. workflow_status=Playing)`,
  'cancel.filter_column': (p: { columns: string; file: string; header: string }) =>
    `--filter: ${p.file} has no column ${p.columns}; its columns: ${p.header}`,
  'cancel.disposal_needs_reason': () => '--disposal needs --reason TEXT: eSignon records why a document was disposed of',
  'cancel.two_modes': () => '--disposal (completed documents) and --delete (cancelled documents) are two commands: give one',
  'cancel.no_document': (p: { row: string; status: string }) => `row ${p.row} has no document (its status is ${p.status})`,
  'cancel.rows_missing': (p: { rows: string; file: string }) => `--rows: ${p.file} has no row ${p.rows}`,
  'cancel.nothing_picked': 'no sent document matches: nothing to do',
  'cancel.settling': (p: { count: number }) => `checking ${plural(p.count, 'document')} whose request was in flight when the last run stopped`,
  'cancel.result_confirmed': 'confirmed by a lookup after the last run stopped',
  'cancel.result_interrupted': 'the run stopped while this request was in flight and the document could not be looked up; run the command again',
  'cancel.result_skipped': (p: { reason: string; mode: string }) => `skipped: the document is ${skipText(SKIP_EN, p.reason, p.mode)}`,
  'cancel.why': (p: { reason: string; mode: string; n: number }) => `${p.n} ${skipText(SKIP_EN, p.reason, p.mode)}`,
  'cancel.confirm': (p: { count: number; lookups: number; sender: string; comp_id: string }) =>
    `Cancel up to ${plural(p.count, 'document')} in progress as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.confirm_disposal': (p: { count: number; lookups: number; sender: string; comp_id: string }) =>
    `Dispose of up to ${plural(p.count, 'completed document')} as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.confirm_delete': (p: { count: number; lookups: number; sender: string; comp_id: string }) =>
    `Delete up to ${plural(p.count, 'cancelled document')} as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.confirm_all': (p: { count: number; lookups: number; sender: string; comp_id: string; file: string }) =>
    `Cancel ALL documents in progress of ${p.file} (no --rows or --filter given), up to ${plural(p.count, 'document')}, as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.confirm_all_disposal': (p: { count: number; lookups: number; sender: string; comp_id: string; file: string }) =>
    `Dispose of ALL completed documents of ${p.file} (no --rows or --filter given), up to ${plural(p.count, 'document')}, as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.confirm_all_delete': (p: { count: number; lookups: number; sender: string; comp_id: string; file: string }) =>
    `Delete ALL cancelled documents of ${p.file} (no --rows or --filter given), up to ${plural(p.count, 'document')}, as ${p.sender} (company ${p.comp_id})${p.lookups ? ` (${p.lookups} looked up first)` : ''}? This cannot be undone.`,
  'cancel.starting': (p: { count: number }) => `cancelling up to ${plural(p.count, 'document')}`,
  'cancel.starting_disposal': (p: { count: number }) => `disposing of up to ${plural(p.count, 'document')}`,
  'cancel.starting_delete': (p: { count: number }) => `deleting up to ${plural(p.count, 'document')}`,
  'cancel.summary': (p: CancelSummary) =>
    `${{ cancel: 'cancelled', disposal: 'disposed of', delete: 'deleted' }[p.mode] ?? p.mode} ${p.done}; skipped ${p.skipped}${p.why ? ` (${p.why})` : ''}; failed ${p.failed}, unknown ${p.unknown}${p.no_document ? `; rows without a document ${p.no_document}` : ''}`,
  'cancel.unknown_hint': (p: { count: number }) =>
    `${plural(p.count, 'request')} got no clear answer: run \`esignon-bulk status\` to see the documents' state, then run the command again if needed`,
} as const;

export const ko: Translation<typeof en> = {
  // ---------------------------------------------------------------- the token
  'account.days': (p) => `${p.n}일`,
  'account.hours': (p) => `${p.n}시간`,
  'account.minutes': (p) => `${p.n}분`,
  'account.token_expiring': (p) => `\`esignon-bulk login\`으로 저장한 토큰이 ${p.date}에 만료됩니다 (${p.left} 남음): \`esignon-bulk login\`으로 갱신하세요`,
  'account.token_expired': (p) => `\`esignon-bulk login\`으로 저장한 토큰이 ${p.date}에 만료되었습니다: \`esignon-bulk login\`으로 새 토큰을 받으세요`,
  'account.token_other_url': (p) =>
    `\`esignon-bulk login\`으로 저장한 토큰은 ${p.api_url}이(가) 아니라 ${p.stored}에서 발급되었으므로 보내지 않습니다. \`esignon-bulk login --api-url ${p.api_url}\`을 실행하거나 ESIGNON_TOKEN을 지정하세요`,
  'account.token_other_account': (p) =>
    `저장된 토큰은 ${p.stored}의 것이지만 설정은 ${p.configured}입니다: 요청이 거부되면 이 계정으로 \`esignon-bulk login\`을 실행하세요`,
  'account.rejected_env': (p) =>
    `서버가 ESIGNON_TOKEN의 토큰을 거부했습니다 (${p.why}). 만료되었을 수 있습니다: \`esignon-bulk login --print\`로 새 토큰을 받아 ESIGNON_TOKEN을 바꾸세요`,
  'account.rejected_file': (p) =>
    `서버가 ${p.path}의 토큰을 거부했습니다 (${p.why}). 만료되었을 수 있습니다: \`esignon-bulk login --print > ${p.path}\`로 새 토큰을 쓰세요`,
  'account.rejected_login': (p) =>
    `서버가 \`esignon-bulk login\`으로 저장한 토큰을 거부했습니다 (${p.why}). 만료되었을 수 있습니다: \`esignon-bulk login\`을 다시 실행하세요`,
  'account.rejected_other': (p) => `서버가 토큰을 거부했습니다 (${p.why}): 계정을 확인하거나 \`esignon-bulk login\`을 실행하세요`,
  'account.unreachable': (p) => `${p.url}의 eSignon API에 연결할 수 없습니다 (${p.reason}): 네트워크와 api_url을 확인한 뒤 명령을 다시 실행하세요`,
  'account.no_answer': (p) => `eSignon API에서 명확한 응답을 받지 못했습니다 (${p.reason}): 명령을 다시 실행하세요`,
  'account.result': (p) => `eSignon API 응답 ${p.code}: ${p.message}`,

  // ---------------------------------------------------------------- follow-ups (shared)
  'account.not_results': (p) =>
    `${p.file}은(는) \`esignon-bulk send\`의 결과 파일이 아닙니다: ${p.columns} 열이 없습니다. send가 쓴 파일(예: signers.results.csv)을 지정하세요`,
  'account.no_file': (p) => `${p.file}이(가) 없습니다: \`esignon-bulk send\`가 쓴 결과 파일을 지정하세요`,
  'account.stdin': '(표준 입력)',
  'account.stdin_needs_out': () => '결과 파일을 표준 입력에서 읽을 때는 갱신된 파일을 쓸 경로를 --out FILE로 지정하세요',
  'account.needs_yes': (p) => `표준 입력이 터미널이 아니어서 ${p.command}을(를) 확인할 수 없습니다: 묻지 않고 진행하려면 --yes를 붙이세요`,
  'account.declined': '아무것도 하지 않았습니다: 확인 단계에서 취소했습니다',
  'account.continuing': (p) =>
    `${p.since}에 시작해 끝나지 않은 ${p.command} 작업을 이어서 합니다 (${p.path}): 끝난 문서 ${p.count}건은 다시 처리하지 않습니다` +
    (p.pending ? `. 멈출 때 진행 중이던 요청 ${p.pending}건은 먼저 확인합니다` : ''),
  'account.progress': (p) => `${p.label}: ${p.done}/${p.total}`,
  'account.interrupt_first': (p) => `${p.signal}: 새 요청은 시작하지 않고 진행 중인 요청을 기다립니다 (즉시 끝내려면 Ctrl-C를 한 번 더 누르세요)`,
  'account.interrupt_second': (p) =>
    `즉시 중단했습니다. 진행 중이던 요청은 저널에 기록되어 있습니다: 같은 ${p.command} 명령을 다시 실행하면 마저 처리하며, 중복 처리는 없습니다`,
  'account.continue_hint': (p) => `작업을 마치려면 (중복 처리 없음): ${p.command}`,
  'account.results_written': (p) => `결과 파일: ${p.path}`,
  'account.journal_failed': (p) =>
    `${p.path}에 진행 상황을 기록할 수 없어 (${p.reason}) 멈췄습니다. 기록된 내용은 유효합니다: 디스크 공간이나 권한을 확인한 뒤 같은 명령을 다시 실행하세요`,
  'account.write_failed': (p) => `${p.path}을(를) 쓸 수 없습니다 (${p.reason}). 처리한 내용은 저널에 남아 있습니다: 문제를 고친 뒤 같은 명령을 다시 실행하세요`,
  'account.bad_age': (p) => `${p.flag} "${p.value}"은(는) 숫자와 단위 m, h, d로 지정하세요 (예: 30m, 12h, 3d)`,

  // ---------------------------------------------------------------- login
  'login.prompt': 'eSignon 비밀번호: ',
  'login.prompt_source': '입력한 비밀번호',
  'login.prompt_interrupted': '로그인을 중단했습니다',
  'login.no_password': () =>
    '비밀번호가 없습니다: ESIGNON_PASSWORD를 설정하거나, --password-file FILE(표준 입력은 -)을 지정하거나, 터미널에서 실행해 입력하세요 (비밀번호는 플래그 값으로 받지 않습니다)',
  'login.password_file_unreadable': (p) => `비밀번호 파일 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'login.password_empty': (p) => `${p.source}의 비밀번호가 비어 있습니다`,
  'login.failed': (p) => `${p.url}에서 ${p.memb_email}(회사 ${p.comp_id}) 로그인에 실패했습니다: 서버가 인증 정보를 거부했습니다 (10)`,
  'login.failed_hint': (p) =>
    `비밀번호(${p.password}), 회사 ID(${p.comp_id}), 계정 이메일(${p.memb_email})을 확인하세요${p.client_id ? `. 클라이언트 ID(${p.client_id})는 eSignon이 이 계정에 발급한 경우에만 지정하세요` : ''}`,
  'login.http': (p) => `서버 응답: HTTP ${p.status}`,
  'login.refused': (p) => `로그인 실패: 서버 응답 ${p.code}: ${p.message}`,
  'login.no_answer': (p) => `로그인: 서버에서 명확한 응답을 받지 못했습니다 (${p.reason}). 다시 실행하세요`,
  'login.store_failed': (p) => `토큰을 ${p.path}에 저장할 수 없습니다 (${p.reason}): 폴더 권한을 고치거나 --print로 토큰을 표준 출력에 받으세요`,
  'login.stored': (p) => `${p.memb_email}(회사 ${p.comp_id})로 로그인했습니다. 토큰은 ${p.path}에 저장했습니다 (본인만 읽을 수 있음). 유효 기간: ${p.date}까지`,
  'login.printed': (p) => `토큰을 표준 출력에 출력했습니다 (저장하지 않음). 유효 기간: ${p.date}까지`,

  // ---------------------------------------------------------------- templates
  'templates.bad_folder': (p) => `--folder "${p.value}"은(는) all, shared, my 중 하나여야 합니다`,
  'templates.col.name': '이름',
  'templates.col.type': '종류',
  'templates.col.steps': '단계',
  'templates.col.folder': '폴더',
  'templates.col.last_change': '최종 수정',
  'templates.none_bulk': (p) =>
    `"${p.folder}" 폴더에 대량발송 서식이 없습니다${p.others > 0 ? ` (다른 종류의 서식 ${p.others}개: --all로 보기)` : ''}. eSignon에서 만드세요${p.folder === 'all' ? '' : ' (모든 폴더를 보려면 --folder all)'}`,
  'templates.none_at_all': (p) => `"${p.folder}" 폴더에 서식이 없습니다`,
  'templates.hidden': (p) => `대량발송할 수 없는 다른 종류의 서식 ${p.count}개는 표시하지 않았습니다: --all로 보기`,
  'templates.hint': 'workflow_lib_id를 esignon-bulk.config.json의 "workflow_lib_id"에 넣거나 --workflow-lib-id로 지정하세요',

  // ---------------------------------------------------------------- online checks
  'preflight.none': '(없음)',
  'preflight.did_you_mean': (p) => `"${p.name}"을(를) 뜻했나요?`,
  'preflight.template_missing': (p) =>
    `workflow_lib_id "${p.id}"은(는) 이 계정의 서식이 아닙니다. 대량발송 서식: ${p.templates}. \`esignon-bulk templates\`로 확인하세요.`,
  'preflight.template_not_bulk': (p) =>
    `workflow_lib_id "${p.id}"(${p.name})은(는) 대량발송 서식이 아니라 ${p.type} 서식입니다: 대량발송 서식을 고르세요 (\`esignon-bulk templates\`)`,
  'preflight.doc_unfinished': (p) => `서식 문서 ${p.doc_id}이(가) eSignon에서 아직 완성되지 않았습니다 (10): 완성한 뒤 다시 시도하세요`,
  'preflight.doc_missing': (p) => `${p.column} 열: 서식 문서 "${p.doc_id}"이(가) 없습니다 (설정의 doc_id나 열 이름을 확인하세요)`,
  'preflight.doc_other_template': (p) => `${p.columns} 열: 문서 "${p.doc_id}"은(는) ${p.id}가 아니라 서식 ${p.other}의 문서입니다: doc_id를 확인하세요`,
  'preflight.field_missing': (p) => `${p.column} 열: 서식 문서 ${p.doc_id}에 "${p.field}" 필드가 없습니다. 있는 필드: ${p.fields}.`,
  'preflight.ok': (p) =>
    `온라인 확인 통과: 서식 ${p.id}(${p.name})은(는) 대량발송 서식${p.fields ? `이며 매핑한 필드 ${p.fields}개가 모두 있습니다` : '입니다'}`,
  'preflight.inconclusive': '토큰, 서식, 필드를 온라인으로 확인하지 못했습니다. 그대로 발송합니다 (서버가 거부하면 발송은 스스로 멈춥니다)',
  'preflight.company': (p) => `회사: 남은 문서 ${p.remaining}건 (충전 ${p.capacity}건, 사용 ${p.usage}건), 이용 기간 ${p.expiry}까지`,
  'preflight.company_unread': (p) =>
    `회사의 남은 문서 수와 이용 기간을 읽지 못했습니다 (${p.reason}): 이 실행은 그에 맞춰 확인하지 않습니다 (넘으면 eSignon이 13, 14로 거부합니다)`,
  'preflight.quota': (p) =>
    `이 실행에는 문서 ${p.needed}건이 필요하지만 회사에 남은 문서는 ${p.remaining}건입니다 (충전 ${p.capacity}건, 사용 ${p.usage}건): eSignon에서 문서를 더 충전하거나 보낼 행을 줄이세요 (--limit ${p.remaining})`,
  'preflight.expired': (p) => `회사의 eSignon 이용 기간이 ${p.date}에 끝났습니다: 발송하기 전에 eSignon에서 연장하세요`,
  'preflight.customer_b_missing': (p) =>
    `서식 ${p.id}(${p.name})은(는) "2단계 C" 서식입니다 (고객 두 명, 담당자 단계 없음): 설정의 "customer_b"에 고객 B의 열을 지정하세요. 예: "customer_b": {"name": "보증인", "email": "보증인 이메일"}`,
  'preflight.customer_b_unexpected': (p) =>
    `설정에 "customer_b"가 있지만 서식 ${p.id}(${p.name})은(는) "2단계 C" 서식이 아닙니다: 설정에서 "customer_b"를 빼거나 "2단계 C" 서식을 고르세요`,
  'preflight.customer_b_ok': '"2단계 C" 서식입니다: 각 행의 고객 B가 서명자 다음에 서명합니다',
  'preflight.summary_failed': (p) => `온라인 확인 실패: 계정/서식 문제 ${p.account}건, 매핑 문제 ${p.mapping}건 (위 목록)`,
  'preflight.failed_account': (p) => `온라인 확인에서 계정 또는 서식 문제 ${p.count}건을 찾았습니다. 아무것도 보내지 않았습니다:`,
  'preflight.failed_mapping': (p) => `온라인 확인에서 열과 서식 필드의 매핑 문제 ${p.count}건을 찾았습니다. 아무것도 보내지 않았습니다:`,

  // ---------------------------------------------------------------- status
  'status.starting': (p) => `문서 ${p.count}건을 조회합니다`,
  'status.summary': (p) =>
    `발송된 문서 ${p.documents}건 중 ${p.checked}건을 조회했습니다${p.failed ? ` (${p.failed}건 조회 실패)` : ''}. 발송된 문서 전체의 상태:`,
  'status.state_line': (p) => `${p.state}: ${p.n}${Object.hasOwn(STATE_KO, p.state) ? ` (${STATE_KO[p.state]})` : ''}`,
  'status.failed_hint': (p) => `문서 ${p.count}건을 조회하지 못했습니다 (workflow_status는 lookup_failed, 이유는 check_error 열): 나중에 status를 다시 실행하세요`,

  // ---------------------------------------------------------------- remind
  'remind.confirm': (p) =>
    `아직 서명하지 않은 서명자 최대 ${p.count}명에게 ${p.sender}(회사 ${p.comp_id}) 계정으로 알림을 보낼까요?${p.lookups ? ` (${p.lookups}건은 먼저 상태를 조회)` : ''}`,
  'remind.starting': (p) => `서명자 최대 ${p.count}명에게 알림을 보냅니다${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''}`,
  'remind.result_unknown_interrupted': 'unknown: 이 알림을 보내는 중에 작업이 멈췄습니다. 다시 보내지 않습니다 (보내려면 --again)',
  'remind.result_not_waiting': (p) => `skipped: 문서 상태가 ${p.state}입니다`,
  'remind.summary': (p) =>
    `알림 ${p.reminded}, 실패 ${p.failed}, 불명 ${p.unknown}; 서명 대기 아님 ${p.not_waiting}, 조회 실패 ${p.lookup_failed}, 이미 알림 ${p.already_reminded}, 기간 미달 ${p.too_recent}, --limit 초과 ${p.over_limit}`,
  'remind.unknown_hint': (p) => `알림 ${p.count}건은 발송 여부가 불분명합니다 (명확한 응답 없음). --again 없이는 다시 보내지 않습니다`,
  'remind.again_hint': (p) => `이미 알림을 보낸 문서 ${p.count}건은 건너뛰었습니다: 다시 보내려면 --again`,

  // ---------------------------------------------------------------- cancel
  'cancel.bad_rows': (p) => `--rows "${p.value}": "${p.part}"은(는) 행 번호나 범위가 아닙니다 (예: 3,7-9)`,
  'cancel.bad_filter': (p) => `--filter "${p.value}"은(는) COLUMN=VALUE 형식이어야 합니다 (예: workflow_status=Playing)`,
  'cancel.filter_column': (p) => `--filter: ${p.file}에 ${p.columns} 열이 없습니다. 있는 열: ${p.header}`,
  'cancel.disposal_needs_reason': () => '--disposal에는 --reason TEXT가 필요합니다: eSignon은 폐기 사유를 기록합니다',
  'cancel.two_modes': () => '--disposal(완료된 문서)과 --delete(취소된 문서)는 서로 다른 명령입니다: 하나만 지정하세요',
  'cancel.no_document': (p) => `${p.row}행에는 문서가 없습니다 (상태: ${p.status})`,
  'cancel.rows_missing': (p) => `--rows: ${p.file}에 ${p.rows}행이 없습니다`,
  'cancel.nothing_picked': '조건에 맞는 발송 문서가 없습니다: 할 일이 없습니다',
  'cancel.settling': (p) => `지난 실행이 멈출 때 요청 중이던 문서 ${p.count}건을 확인합니다`,
  'cancel.result_confirmed': '지난 실행이 멈춘 뒤 조회로 확인함',
  'cancel.result_interrupted': '요청 중에 작업이 멈췄고 문서를 조회할 수 없었습니다. 같은 명령을 다시 실행하세요',
  'cancel.result_skipped': (p) => `skipped: ${skipText(SKIP_KO, p.reason, p.mode)}`,
  'cancel.why': (p) => `${skipText(SKIP_KO, p.reason, p.mode)} ${p.n}건`,
  'cancel.confirm': (p) =>
    `${p.sender}(회사 ${p.comp_id})로 진행 중인 문서를 최대 ${p.count}건 취소할까요?${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.confirm_disposal': (p) =>
    `${p.sender}(회사 ${p.comp_id})로 완료된 문서를 최대 ${p.count}건 폐기할까요?${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.confirm_delete': (p) =>
    `${p.sender}(회사 ${p.comp_id})로 취소된 문서를 최대 ${p.count}건 삭제할까요?${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.confirm_all': (p) =>
    `${p.file}의 진행 중인 문서를 모두(최대 ${p.count}건) 취소할까요? (--rows나 --filter를 지정하지 않았습니다) ${p.sender}(회사 ${p.comp_id})로 취소합니다.${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.confirm_all_disposal': (p) =>
    `${p.file}의 완료된 문서를 모두(최대 ${p.count}건) 폐기할까요? (--rows나 --filter를 지정하지 않았습니다) ${p.sender}(회사 ${p.comp_id})로 폐기합니다.${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.confirm_all_delete': (p) =>
    `${p.file}의 취소된 문서를 모두(최대 ${p.count}건) 삭제할까요? (--rows나 --filter를 지정하지 않았습니다) ${p.sender}(회사 ${p.comp_id})로 삭제합니다.${p.lookups ? ` (${p.lookups}건은 먼저 조회)` : ''} 되돌릴 수 없습니다.`,
  'cancel.starting': (p) => `문서를 최대 ${p.count}건 취소합니다`,
  'cancel.starting_disposal': (p) => `문서를 최대 ${p.count}건 폐기합니다`,
  'cancel.starting_delete': (p) => `문서를 최대 ${p.count}건 삭제합니다`,
  'cancel.summary': (p) =>
    `${{ cancel: '취소', disposal: '폐기', delete: '삭제' }[p.mode] ?? p.mode} ${p.done}건, 건너뜀 ${p.skipped}건${p.why ? ` (${p.why})` : ''}, 실패 ${p.failed}건, 불명 ${p.unknown}건${p.no_document ? `, 문서가 없는 행 ${p.no_document}건` : ''}`,
  'cancel.unknown_hint': (p) => `요청 ${p.count}건은 명확한 응답을 받지 못했습니다: \`esignon-bulk status\`로 문서 상태를 확인한 뒤 필요하면 같은 명령을 다시 실행하세요`,
};
