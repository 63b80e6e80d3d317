import type { Translation } from '../i18n.js';

export const en = {
  'journal.write_failed': (p: { path: string; reason: string }) =>
    `cannot record progress in ${p.path} (${p.reason}); stopped sending. What was recorded is valid: free disk space or fix permissions, then run the same command with --resume`,
  'journal.unreadable': (p: { path: string; reason: string }) => `cannot read the journal ${p.path}: ${p.reason}`,
  'journal.corrupt': (p: { path: string; line: number }) =>
    `the journal ${p.path} is damaged at line ${p.line}; it was not written by this tool as it is. Keep it (it records what was sent) and do not use --force unless you are sure`,
  'journal.version': (p: { path: string; version: string }) =>
    `the journal ${p.path} has format version ${p.version}, which this version of esignon-bulk cannot read; use the version that wrote it`,
  'journal.torn_tail': (p: { path: string }) =>
    `the last record of ${p.path} was cut short by a crash; it is ignored (the batch it described counts as in flight)`,
} as const;

export const ko: Translation<typeof en> = {
  'journal.write_failed': (p) =>
    `${p.path}에 진행 상황을 기록할 수 없습니다 (${p.reason}). 발송을 멈췄습니다. 기록된 내용은 유효합니다: 디스크 공간이나 권한을 확인한 뒤 같은 명령에 --resume을 붙여 실행하세요`,
  'journal.unreadable': (p) => `저널 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'journal.corrupt': (p) =>
    `저널 ${p.path}의 ${p.line}번째 줄이 손상되었습니다. 이 도구가 쓴 그대로가 아닙니다. 발송 기록이므로 보관하고, 확실하지 않으면 --force를 쓰지 마세요`,
  'journal.version': (p) => `저널 ${p.path}의 형식 버전 ${p.version}은(는) 이 버전의 esignon-bulk가 읽을 수 없습니다. 이 저널을 쓴 버전을 사용하세요`,
  'journal.torn_tail': (p) => `${p.path}의 마지막 기록이 비정상 종료로 잘렸습니다. 무시합니다 (해당 배치는 발송 중이었던 것으로 봅니다)`,
};
