/**
 * Messages of `--sandbox` (jobs/sandbox.ts) and of `sandbox sign` / `sandbox reset`.
 * Their command-line texts are in cli.ts, for `--help`.
 */
import type { Translation } from '../i18n.js';

const plural = (n: number, one: string, many: string = one + 's'): string => `${n} ${n === 1 ? one : many}`;

/** Why `sandbox sign` left a document alone: its state, or `not_in_sandbox`. */
const WHY_EN: Record<string, string> = {
  Complete: 'already signed',
  Canceled: 'cancelled',
  Disposal: 'disposed of',
  Truncate: 'deleted',
  not_in_sandbox: 'not in the sandbox (sent elsewhere, or forgotten by `esignon-bulk sandbox reset`)',
};
const WHY_KO: Record<string, string> = {
  Complete: '이미 서명 완료',
  Canceled: '취소됨',
  Disposal: '폐기됨',
  Truncate: '삭제됨',
  not_in_sandbox: '샌드박스에 없음 (다른 곳으로 발송했거나 `esignon-bulk sandbox reset`으로 지움)',
};

export const en = {
  'sandbox.started': (p: { url: string; path: string; template?: string | undefined }) =>
    `sandbox: the built-in emulator at ${p.url} with the sandbox account${p.template ? ` (template ${p.template})` : ''}, its documents kept in ${p.path}; nothing real is sent`,
  'sandbox.busy': (p: { path: string; pid: number; since: string }) =>
    `another sandbox command (PID ${p.pid}, since ${p.since}) is using the sandbox: wait for it to finish, then run this one again. Nothing was done`,
  'sandbox.damaged': (p: { path: string; reason: string }) => `the sandbox's documents cannot be read from ${p.path}: ${p.reason}`,
  'sandbox.damaged_hint': '`esignon-bulk sandbox reset` starts an empty sandbox (the documents of earlier sandbox runs are then forgotten)',
  'sandbox.no_state_dir': (p: { dir: string; reason: string }) => `cannot make the state folder ${p.dir} for the sandbox's documents (${p.reason})`,
  'sandbox.replaced': (p: { path: string }) =>
    `replacing the results of an earlier sandbox run (${p.path}): a sandbox run may replace another's without --force, never a real run's`,
  'sandbox.next_status': (p: { command: string }) => `next: \`${p.command}\` shows who has signed`,
  'sandbox.next_sign': (p: { command: string }) =>
    `in the sandbox nobody signs by themselves: \`${p.command}\` signs a document as its signer would, then run status again`,
  'sandbox.sign_summary': (p: { signed: number; skipped: number }) =>
    `signed ${plural(p.signed, 'document')} in the sandbox (now Complete); ${p.skipped} left as they were`,
  'sandbox.sign_skipped': (p: { why: string; n: number }) => `${WHY_EN[p.why] ?? p.why}: ${p.n}`,
  'sandbox.sign_none': 'no sent document in the rows picked: nothing to sign',
  'sandbox.reset_done': (p: { count: number; path: string }) =>
    `the sandbox forgot its ${plural(p.count, 'document')} (${p.path} removed); the results files of sandbox runs now name documents that no longer exist`,
  'sandbox.reset_unreadable': (p: { path: string }) => `the sandbox's damaged state file ${p.path} was removed: the sandbox starts empty`,
  'sandbox.reset_empty': 'the sandbox holds no documents: nothing to forget',
  'sandbox.try_it': (p: { command: string }) => `to try the file without an account, against the sandbox template: ${p.command}`,
} as const;

export const ko: Translation<typeof en> = {
  'sandbox.started': (p) =>
    `샌드박스: 내장 에뮬레이터(${p.url})와 샌드박스 계정${p.template ? ` (서식 ${p.template})` : ''}을 씁니다. 문서는 ${p.path}에 보관하며, 실제로는 아무것도 발송되지 않습니다`,
  'sandbox.busy': (p) => `다른 샌드박스 명령(PID ${p.pid}, ${p.since}부터)이 샌드박스를 쓰고 있습니다: 끝난 뒤 이 명령을 다시 실행하세요. 아무것도 하지 않았습니다`,
  'sandbox.damaged': (p) => `${p.path}에서 샌드박스 문서를 읽을 수 없습니다: ${p.reason}`,
  'sandbox.damaged_hint': '`esignon-bulk sandbox reset`으로 빈 샌드박스에서 다시 시작할 수 있습니다 (이전 샌드박스 실행의 문서는 지워집니다)',
  'sandbox.no_state_dir': (p) => `샌드박스 문서를 보관할 상태 폴더 ${p.dir}을(를) 만들 수 없습니다 (${p.reason})`,
  'sandbox.replaced': (p) =>
    `이전 샌드박스 실행의 결과(${p.path})를 바꿉니다: 샌드박스 실행의 결과는 --force 없이 다른 샌드박스 실행이 바꿀 수 있고, 실제 실행의 결과는 절대 바꾸지 않습니다`,
  'sandbox.next_status': (p) => `다음: \`${p.command}\`로 누가 서명했는지 봅니다`,
  'sandbox.next_sign': (p) => `샌드박스에서는 아무도 스스로 서명하지 않습니다: \`${p.command}\`로 서명자처럼 문서에 서명한 뒤 status를 다시 실행하세요`,
  'sandbox.sign_summary': (p) => `샌드박스에서 문서 ${p.signed}건에 서명했습니다 (이제 Complete). ${p.skipped}건은 그대로 두었습니다`,
  'sandbox.sign_skipped': (p) => `${WHY_KO[p.why] ?? p.why}: ${p.n}`,
  'sandbox.sign_none': '고른 행에 발송된 문서가 없습니다: 서명할 것이 없습니다',
  'sandbox.reset_done': (p) =>
    `샌드박스의 문서 ${p.count}건을 지웠습니다 (${p.path} 삭제). 샌드박스 실행의 결과 파일은 이제 없는 문서를 가리킵니다`,
  'sandbox.reset_unreadable': (p) => `손상된 샌드박스 상태 파일 ${p.path}을(를) 지웠습니다: 샌드박스가 빈 상태로 시작합니다`,
  'sandbox.reset_empty': '샌드박스에 문서가 없습니다: 지울 것이 없습니다',
  'sandbox.try_it': (p) => `계정 없이 샌드박스 서식으로 이 파일을 시험하려면: ${p.command}`,
};
