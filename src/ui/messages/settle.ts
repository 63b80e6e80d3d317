/**
 * Messages of settling rows whose answer was lost (`settle.`): what `send --resume` and
 * `reconcile` decided of each, in the results file's `message` and on screen; and
 * `reconcile`'s own (`reconcile.`). Values
 * from the server arrive already cleaned of control characters.
 */
import type { Translation } from '../i18n.js';

const plural = (n: number, one: string, many: string = one + 's'): string => `${n} ${n === 1 ? one : many}`;

export const en = {
  'settle.sent_reference': 'settled by the search: the document that carries this row\'s reference exists (no token: the answer with it was lost)',
  'settle.sent_title': 'settled by the search: the one document with this row\'s title, made while its batch was sent (no token: the answer with it was lost)',
  'settle.not_sent_reference': 'settled by the search: no document carries this row\'s reference, so none was made; `send --resume` sends it',
  'settle.not_sent_title': 'settled by the search: no document with this row\'s title was made while its batch was sent; `send --resume` sends it',
  'settle.why.search_unread': (p: { detail: string }) => `not settled: the search could not be read${p.detail ? ` (${p.detail})` : ''}`,
  'settle.why.no_key':
    'not settled: nothing to find its document by — set reference_field, or give each row a title of its own (a workflow_name template such as "{이름} {이메일}")',
  'settle.why.title_shared_run': 'not settled: another row of the run has the same title',
  'settle.why.title_shared_found': (p: { detail: string }) => `not settled: several documents have its title (${p.detail})`,
  'settle.why.reference_shared': (p: { detail: string }) => `not settled: several documents carry its reference (${p.detail})`,
  'settle.why.claimed': (p: { id: string; row: number }) => `not settled: the one document that matches (${p.id}) is row ${p.row}'s`,
  'settle.why.no_id': 'not settled: the search gave the matching document without its id',
  'settle.why.outside_window': (p: { detail: string }) => `not settled: the document with its title (${p.detail}) was made outside the time its batch was sent`,
  'settle.why.may_be_cut':
    'not settled: the search\'s answer may be incomplete (a document the run made is missing from it, or nothing was made before and after this batch to show it whole)',
  'settle.why.no_control': 'not settled: the search did not find a document the run made by its reference, so finding nothing proves nothing',
  'settle.why.too_recent': (p: { time: string }) => `not settled yet: its answer was lost too recently to be sure nothing is still being made; ask again after ${p.time}`,
  'settle.summary': (p: { unknown: number; sent: number; not_sent: number; left: number; requests: number }) =>
    `settled ${p.unknown - p.left} of ${plural(p.unknown, 'row')} whose answer was lost (${plural(p.requests, 'search request')}): ` +
    `${p.sent} sent, ${p.not_sent} not sent; ${p.left} still unknown`,
  'settle.row': (p: { row: number; why: string }) => `row ${p.row}: ${p.why}`,
  'settle.more': (p: { n: number }) => `… and ${p.n} more (the results file's message column says each; --json lists them)`,
  'settle.no_template': (p: { reason: string }) => `rows whose answer was lost could not be settled: the template's document was not found (${p.reason})`,
  'settle.reference_no_document': (p: { field: string; id: string }) =>
    `reference_field "${p.field}": the document of template ${p.id} was not found, so the reference cannot be written; nothing was sent`,
  'settle.rematched': 'rows whose answer was lost are settled by the next `send --resume` (or `reconcile`), once this run has written its journal for the new input',
  'reconcile.starting': 'asking eSignon about the rows whose answer was lost',
  'reconcile.nothing': 'no row of the results is unknown: nothing to settle',
  'reconcile.no_journal': (p: { results: string; journal: string }) =>
    `${p.results} has no journal beside it (${p.journal}): reconcile settles the rows of a run this tool sent, from its journal`,
  'reconcile.no_input': (p: { input: string }) =>
    `the signer list the run sent (${p.input}) was not found: rows are matched by reference only (--input names it)`,
  'reconcile.input_changed': (p: { input: string }) =>
    `${p.input} is not the file the run sent (it changed since): rows are matched by reference only (--input names the one sent)`,
  'reconcile.input_unmapped': (p: { input: string }) => `the columns of ${p.input} do not fit the config's mapping: rows are matched by reference only`,
  'reconcile.no_results': (p: { results: string }) =>
    `${p.results} was not found: the journal has the decisions; \`send --resume --limit 0\` writes the results file from it`,
  'reconcile.not_sent_hint': (p: { count: number }) => `${plural(p.count, 'row')} proven not sent: \`send --resume\` sends them`,
  'reconcile.interrupt_first': (p: { signal: string }) => `${p.signal}: no new search starts; what was found is recorded (press Ctrl-C again to quit at once)`,
  'reconcile.interrupt_second': 'stopped at once: nothing was recorded; run reconcile again',
  'preflight.reference_missing': (p: { field: string; doc_id: string; fields: string }) =>
    `reference_field "${p.field}": the template's document ${p.doc_id} has no such field; its fields: ${p.fields}.`,
  'preflight.reference_unchecked': (p: { field: string; id: string }) =>
    `reference_field "${p.field}": the fields of template ${p.id}'s own document could not be read, so the field could not be checked`,
  'preflight.reference_mapped': (p: { field: string; column: string }) =>
    `reference_field "${p.field}" is also filled from column ${p.column}: the tool fills it itself; choose another field for one of them`,
};

export const ko: Translation<typeof en> = {
  'settle.sent_reference': '검색으로 확인: 이 행의 참조값을 가진 문서가 있습니다 (응답이 유실되어 토큰은 없습니다)',
  'settle.sent_title': '검색으로 확인: 이 행의 배치를 보낸 시간에 만들어진, 이 행의 제목을 가진 유일한 문서입니다 (응답이 유실되어 토큰은 없습니다)',
  'settle.not_sent_reference': '검색으로 확인: 이 행의 참조값을 가진 문서가 없어 만들어지지 않았습니다. `send --resume`이 보냅니다',
  'settle.not_sent_title': '검색으로 확인: 이 행의 배치를 보낸 시간에 이 행의 제목으로 만들어진 문서가 없습니다. `send --resume`이 보냅니다',
  'settle.why.search_unread': (p) => `확인 못 함: 검색 결과를 읽지 못했습니다${p.detail ? ` (${p.detail})` : ''}`,
  'settle.why.no_key': '확인 못 함: 문서를 찾을 단서가 없습니다 — reference_field를 설정하거나 행마다 고유한 제목을 주세요 (예: workflow_name "{이름} {이메일}")',
  'settle.why.title_shared_run': '확인 못 함: 실행의 다른 행에 같은 제목이 있습니다',
  'settle.why.title_shared_found': (p) => `확인 못 함: 이 제목의 문서가 여러 건입니다 (${p.detail})`,
  'settle.why.reference_shared': (p) => `확인 못 함: 이 참조값을 가진 문서가 여러 건입니다 (${p.detail})`,
  'settle.why.claimed': (p) => `확인 못 함: 맞는 유일한 문서(${p.id})는 ${p.row}행의 문서입니다`,
  'settle.why.no_id': '확인 못 함: 검색이 맞는 문서를 ID 없이 돌려주었습니다',
  'settle.why.outside_window': (p) => `확인 못 함: 이 제목의 문서(${p.detail})는 배치를 보낸 시간 밖에 만들어졌습니다`,
  'settle.why.may_be_cut': '확인 못 함: 검색 결과가 잘렸을 수 있습니다 (실행이 만든 문서가 빠져 있거나, 이 배치 앞뒤로 만들어진 문서가 없어 온전한지 알 수 없습니다)',
  'settle.why.no_control': '확인 못 함: 실행이 만든 문서를 참조값으로 검색해도 찾지 못해, 찾지 못한 것이 아무것도 증명하지 않습니다',
  'settle.why.too_recent': (p) => `아직 확인 못 함: 응답이 유실된 지 얼마 되지 않아 문서가 아직 만들어지는 중일 수 있습니다. ${p.time} 이후에 다시 확인하세요`,
  'settle.summary': (p) =>
    `응답이 유실된 ${p.unknown}개 행 중 ${p.unknown - p.left}개를 확인했습니다 (검색 요청 ${p.requests}건): 발송됨 ${p.sent}, 발송 안 됨 ${p.not_sent}; 아직 알 수 없음 ${p.left}`,
  'settle.row': (p) => `${p.row}행: ${p.why}`,
  'settle.more': (p) => `… 그 밖에 ${p.n}개 (결과 파일의 message 열에 각각 있습니다. --json은 모두 보여 줍니다)`,
  'settle.no_template': (p) => `응답이 유실된 행을 확인하지 못했습니다: 서식의 문서를 찾지 못했습니다 (${p.reason})`,
  'settle.reference_no_document': (p) => `reference_field "${p.field}": 서식 ${p.id}의 문서를 찾지 못해 참조값을 쓸 수 없습니다. 아무것도 보내지 않았습니다`,
  'settle.rematched': '응답이 유실된 행은 이 실행이 새 입력의 저널을 쓴 뒤 다음 `send --resume`(또는 `reconcile`)이 확인합니다',
  'reconcile.starting': '응답이 유실된 행을 eSignon에 확인합니다',
  'reconcile.nothing': '결과에 unknown 행이 없습니다: 확인할 것이 없습니다',
  'reconcile.no_journal': (p) => `${p.results} 옆에 저널(${p.journal})이 없습니다: reconcile은 이 도구가 보낸 실행의 행을 그 저널로 확인합니다`,
  'reconcile.no_input': (p) => `실행이 보낸 서명자 목록(${p.input})을 찾지 못했습니다: 참조값으로만 찾습니다 (--input으로 지정하세요)`,
  'reconcile.input_changed': (p) => `${p.input}은(는) 실행이 보낸 파일이 아닙니다 (그 뒤에 바뀌었습니다): 참조값으로만 찾습니다 (--input으로 보낸 파일을 지정하세요)`,
  'reconcile.input_unmapped': (p) => `${p.input}의 열이 설정의 매핑과 맞지 않습니다: 참조값으로만 찾습니다`,
  'reconcile.no_results': (p) => `${p.results}을(를) 찾지 못했습니다: 결정은 저널에 있습니다. \`send --resume --limit 0\`이 저널로 결과 파일을 씁니다`,
  'reconcile.not_sent_hint': (p) => `보내지 않은 것이 확인된 행 ${p.count}개: \`send --resume\`이 보냅니다`,
  'reconcile.interrupt_first': (p) => `${p.signal}: 새 검색을 시작하지 않습니다. 찾은 것은 기록합니다 (바로 끝내려면 Ctrl-C를 한 번 더)`,
  'reconcile.interrupt_second': '바로 멈췄습니다: 아무것도 기록하지 않았습니다. reconcile을 다시 실행하세요',
  'preflight.reference_missing': (p) => `reference_field "${p.field}": 서식의 문서 ${p.doc_id}에 그런 필드가 없습니다. 있는 필드: ${p.fields}.`,
  'preflight.reference_unchecked': (p) => `reference_field "${p.field}": 서식 ${p.id}의 문서 필드를 읽지 못해 필드를 확인하지 못했습니다`,
  'preflight.reference_mapped': (p) => `reference_field "${p.field}"을(를) ${p.column} 열도 채웁니다: 이 필드는 도구가 직접 채우므로 둘 중 하나는 다른 필드를 고르세요`,
};
