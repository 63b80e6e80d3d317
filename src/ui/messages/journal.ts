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
    `the last record of ${p.path} was cut short (by a crash or a full disk); it is ignored (the batch it described counts as in flight)`,
  // The lock next to a results file (io/lock.ts).
  'lock.other_host': (p: { path: string; pid: number; host: string; since: string }) =>
    `these results are in use by esignon-bulk on another machine or container (${p.host}, PID ${p.pid}, since ${p.since}). If no esignon-bulk runs there on these results any more, remove ${p.path} and try again`,
  'lock.unverified': (p: { path: string; pid: number; since: string }) =>
    `these results are locked by process ${p.pid} (since ${p.since}), which is running but cannot be confirmed to be esignon-bulk (after a restart its number may belong to another program). If you are sure no other esignon-bulk runs on these results, remove ${p.path} and try again`,
  'lock.busy': (p: { path: string }) =>
    `could not take the lock ${p.path}: other processes kept changing it. Try again; if this repeats, make sure no other esignon-bulk runs on these results and remove ${p.path}`,
  'lock.cannot_create': (p: { path: string; reason: string }) =>
    `cannot create the lock file ${p.path} (${p.reason}): check that its folder exists and is writable. Nothing was sent`,
} as const;

export const ko: Translation<typeof en> = {
  'journal.write_failed': (p) =>
    `${p.path}에 진행 상황을 기록할 수 없습니다 (${p.reason}). 발송을 멈췄습니다. 기록된 내용은 유효합니다: 디스크 공간이나 권한을 확인한 뒤 같은 명령에 --resume을 붙여 실행하세요`,
  'journal.unreadable': (p) => `저널 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'journal.corrupt': (p) =>
    `저널 ${p.path}의 ${p.line}번째 줄이 손상되었습니다. 이 도구가 쓴 그대로가 아닙니다. 발송 기록이므로 보관하고, 확실하지 않으면 --force를 쓰지 마세요`,
  'journal.version': (p) => `저널 ${p.path}의 형식 버전 ${p.version}은(는) 이 버전의 esignon-bulk가 읽을 수 없습니다. 이 저널을 쓴 버전을 사용하세요`,
  'journal.torn_tail': (p) => `${p.path}의 마지막 기록이 (비정상 종료나 디스크 부족으로) 잘렸습니다. 무시합니다 (해당 배치는 발송 중이었던 것으로 봅니다)`,
  'lock.other_host': (p) =>
    `다른 컴퓨터나 컨테이너의 esignon-bulk가 이 결과를 사용 중입니다 (${p.host}, PID ${p.pid}, ${p.since}부터). 그곳에서 이 결과로 실행 중인 esignon-bulk가 없다면 ${p.path}을(를) 지우고 다시 실행하세요`,
  'lock.unverified': (p) =>
    `프로세스 ${p.pid}(${p.since}부터)가 이 결과를 잠그고 있습니다. 실행 중이지만 esignon-bulk인지 확인할 수 없습니다 (재시작 후 같은 번호를 다른 프로그램이 쓰고 있을 수 있습니다). 이 결과로 실행 중인 다른 esignon-bulk가 없는 것이 확실하면 ${p.path}을(를) 지우고 다시 실행하세요`,
  'lock.busy': (p) =>
    `잠금 파일 ${p.path}을(를) 얻지 못했습니다: 다른 프로세스가 계속 바꾸고 있습니다. 다시 실행하세요. 반복되면 이 결과로 실행 중인 다른 esignon-bulk가 없는지 확인하고 ${p.path}을(를) 지우세요`,
  'lock.cannot_create': (p) => `잠금 파일 ${p.path}을(를) 만들 수 없습니다 (${p.reason}): 폴더가 있고 쓰기 가능한지 확인하세요. 아무것도 발송하지 않았습니다`,
};
