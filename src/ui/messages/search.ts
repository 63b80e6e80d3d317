/**
 * Messages of what the tool reads through eSignon's search (5009Q, 5008Q): `status`
 * reading a run in a few requests (`search.`). Values from the server arrive already
 * cleaned of control characters. Command-line texts are in cli.ts, for `--help`.
 */
import type { Translation } from '../i18n.js';

const plural = (n: number, one: string, many: string = one + 's'): string => `${n} ${n === 1 ? one : many}`;

export const en = {
  'search.reading': (p: { count: number }) => `reading ${plural(p.count, 'document')} through the search`,
  'search.read': (p: { found: number; requests: number; rest: number }) =>
    `the search answered for ${plural(p.found, 'document')} in ${plural(p.requests, 'request')}` +
    (p.rest > 0 ? `; ${p.rest} it did not return are looked up one by one` : ''),
  'search.no_template':
    'no template is named (workflow_lib_id): every document is looked up one by one. With the template in the settings, status reads the run in a few requests',
  'search.template_unread': (p: { reason: string }) =>
    `the template's document could not be found (${p.reason}): every document is looked up one by one`,
  'search.window_unread': (p: { reason: string }) => `a search could not be read (${p.reason}): its documents are looked up one by one`,
  'search.steps_header': 'Steps signed, of all steps:',
  'search.steps_line': (p: { steps: string; n: number }) => `${p.steps}: ${p.n}`,
};

export const ko: Translation<typeof en> = {
  'search.reading': (p) => `문서 ${p.count}건을 검색으로 읽습니다`,
  'search.read': (p) =>
    `검색 요청 ${p.requests}건으로 문서 ${p.found}건의 상태를 읽었습니다` + (p.rest > 0 ? `; 검색에 나오지 않은 ${p.rest}건은 한 건씩 조회합니다` : ''),
  'search.no_template':
    '서식(workflow_lib_id)이 지정되지 않아 문서를 한 건씩 조회합니다. 설정에 서식이 있으면 status는 몇 번의 요청으로 실행 전체를 읽습니다',
  'search.template_unread': (p) => `서식의 문서를 찾지 못했습니다 (${p.reason}): 문서를 한 건씩 조회합니다`,
  'search.window_unread': (p) => `검색 결과를 읽지 못했습니다 (${p.reason}): 해당 문서는 한 건씩 조회합니다`,
  'search.steps_header': '서명한 단계 / 전체 단계:',
  'search.steps_line': (p) => `${p.steps}: ${p.n}`,
};
