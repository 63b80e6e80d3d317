/** Messages of `esignon-bulk init`. */
import type { Translation } from '../i18n.js';

export const en = {
  'init.exists': (p: { files: string }) => `not overwriting ${p.files}: add --force to replace, or choose another folder`,
  'init.done': (p: { files: string }) => `wrote\n  ${p.files}`,
  'init.next': (p: { dir: string; file?: string }) =>
    `next: try it on the emulator with \`cd ${p.dir} && esignon-bulk send ${p.file ?? 'signers.csv'} --sandbox\`, then put your comp_id, memb_email, workflow_lib_id and doc_id in esignon-bulk.config.json`,
} as const;

export const ko: Translation<typeof en> = {
  'init.exists': (p) => `${p.files}을(를) 덮어쓰지 않습니다: 바꾸려면 --force를 붙이거나 다른 폴더를 고르세요`,
  'init.done': (p) => `만든 파일:\n  ${p.files}`,
  'init.next': (p) =>
    `다음: \`cd ${p.dir} && esignon-bulk send ${p.file ?? 'signers.csv'} --sandbox\`로 에뮬레이터에서 시험한 뒤 esignon-bulk.config.json에 comp_id, memb_email, workflow_lib_id, doc_id를 넣으세요`,
};
