/** Messages of `esignon-bulk init`. */
import type { Translation } from '../i18n.js';

export const en = {
  'init.exists': (p: { files: string }) => `not overwriting ${p.files}: add --force to replace, or choose another folder`,
  'init.done': (p: { files: string }) => `wrote\n  ${p.files}`,
  'init.next': (p: { dir: string; file?: string }) =>
    `next: try it on the emulator with \`cd ${p.dir} && esignon-bulk send ${p.file ?? 'signers.csv'} --sandbox\`, then put your comp_id, memb_email, workflow_lib_id and doc_id in esignon-bulk.config.json`,
  'init.next_online': (p: { dir: string; file?: string }) =>
    `next: fill in ${p.file ?? 'signers.csv'}, then \`cd ${p.dir} && esignon-bulk validate ${p.file ?? 'signers.csv'} --online\` (the config names the account and template the fields came from)`,
  'init.online_fields': (p: { count: number; doc: string; name: string; fields: string }) =>
    `the sheet has a column for each of the ${p.count} field${p.count === 1 ? '' : 's'} of template document ${p.doc} (${p.name})${p.count > 0 ? `: ${p.fields}` : ''}`,
  'init.online_customer_b':
    'this template is a "2단계 C" one: its second customer needs columns of their own and a "customer_b" entry in the config (see the README), which the starter files do not have',
  'init.online_needs_template': '--online needs the template to read: give --workflow-lib-id (or --doc-id), or ESIGNON_WORKFLOW_LIB_ID, or add --sandbox for the sandbox template',
  'init.online_doc_missing': (p: { doc_id: string }) => `template document ${p.doc_id} does not exist (11): check doc_id, or leave it out to use the template's own document`,
  'init.online_doc_other_template': (p: { doc_id: string; other: string; id: string }) =>
    `template document ${p.doc_id} belongs to template ${p.other}, not to ${p.id}: fix doc_id or workflow_lib_id`,
} as const;

export const ko: Translation<typeof en> = {
  'init.exists': (p) => `${p.files}을(를) 덮어쓰지 않습니다: 바꾸려면 --force를 붙이거나 다른 폴더를 고르세요`,
  'init.done': (p) => `만든 파일:\n  ${p.files}`,
  'init.next': (p) =>
    `다음: \`cd ${p.dir} && esignon-bulk send ${p.file ?? 'signers.csv'} --sandbox\`로 에뮬레이터에서 시험한 뒤 esignon-bulk.config.json에 comp_id, memb_email, workflow_lib_id, doc_id를 넣으세요`,
  'init.next_online': (p) =>
    `다음: ${p.file ?? 'signers.csv'}을(를) 채운 뒤 \`cd ${p.dir} && esignon-bulk validate ${p.file ?? 'signers.csv'} --online\`을 실행하세요 (설정 파일에는 필드를 읽은 계정과 서식이 들어 있습니다)`,
  'init.online_fields': (p) => `서식 문서 ${p.doc}(${p.name})의 필드 ${p.count}개마다 열을 만들었습니다${p.count > 0 ? `: ${p.fields}` : ''}`,
  'init.online_customer_b':
    '이 서식은 "2단계 C" 서식입니다: 두 번째 고객의 열과 설정 파일의 "customer_b" 항목이 필요하지만 시작 파일에는 없습니다 (README 참고)',
  'init.online_needs_template': '--online은 읽을 서식이 필요합니다: --workflow-lib-id(또는 --doc-id)나 ESIGNON_WORKFLOW_LIB_ID를 지정하거나, 샌드박스 서식이면 --sandbox를 붙이세요',
  'init.online_doc_missing': (p) => `서식 문서 ${p.doc_id}이(가) 없습니다 (11): doc_id를 확인하거나, 빼서 서식 자체의 문서를 쓰세요`,
  'init.online_doc_other_template': (p) => `서식 문서 ${p.doc_id}은(는) ${p.id}가 아니라 ${p.other} 서식의 문서입니다: doc_id나 workflow_lib_id를 고치세요`,
};
