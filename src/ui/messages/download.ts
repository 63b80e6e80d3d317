/**
 * Messages of `download`. Values from the server or the results file arrive already
 * cleaned of control characters. Its command-line texts are in cli.ts, for `--help`.
 */
import type { Translation } from '../i18n.js';

export type DownloadSummary = { complete: number; documents: number; files: number; present: number; skipped: number; failed: number };

const plural = (n: number, one: string, many: string = one + 's'): string => `${n} ${n === 1 ? one : many}`;

const STATE_EN: Record<string, string> = {
  Playing: 'waiting for a signature',
  Canceled: 'cancelled',
  Disposal: 'disposed of',
  Truncate: 'deleted',
};
const STATE_KO: Record<string, string> = {
  Playing: '서명 대기 중',
  Canceled: '취소됨',
  Disposal: '폐기됨',
  Truncate: '삭제됨',
};

export const en = {
  'download.starting': (p: { count: number }) => `downloading the signed PDFs of ${plural(p.count, 'document')}`,
  'download.progress': (p: { done: number; total: number; files: number }) => `documents ${p.done}/${p.total}, ${plural(p.files, 'file')} saved`,
  'download.interrupt_first': (p: { signal: string }) =>
    `${p.signal}: no new download will start; finishing those in flight (press Ctrl-C again to quit at once)`,
  'download.interrupt_second': (p: { command: string }) =>
    `stopped at once; files not finished were left as temporary .part files, never under their names. To finish (nothing saved is fetched again): ${p.command}`,
  'download.continue_hint': (p: { command: string }) => `to finish (nothing saved is fetched again): ${p.command}`,
  'download.summary': (p: DownloadSummary) =>
    `${p.complete} of ${plural(p.documents, 'document')} saved with their certificate (${plural(p.files, 'file')} downloaded now, ${p.present} already there); ` +
    `${p.skipped} not complete, ${p.failed} failed`,
  'download.skipped_line': (p: { state: string; n: number }) =>
    `not complete, skipped — ${p.state}${Object.hasOwn(STATE_EN, p.state) ? ` (${STATE_EN[p.state]})` : ''}: ${p.n}`,
  'download.failed_line': (p: { row: string; workflow_id: string; reason: string }) => `row ${p.row} (${p.workflow_id}): ${p.reason}`,
  'download.more_failed': (p: { n: number }) => `… and ${p.n} more (--json lists them all)`,
  'download.failed_hint': (p: { count: number }) =>
    `${plural(p.count, 'document')} could not be downloaded: run the same command again later (what was saved is not fetched again)`,
  'download.recovered': (p: { count: number }) => `${plural(p.count, 'file')} finished by a run that was cut short put in place`,
  'download.where': (p: { dir: string; manifest: string }) => `files: ${p.dir}\nmanifest: ${p.manifest}`,
  'download.without_document': (p: { count: number }) => `${plural(p.count, 'row')} of the results file ${p.count === 1 ? 'has' : 'have'} no document (not sent)`,
  'download.link_refused': (p: { kind: string; status: number }) => `the ${p.kind}'s link was refused (HTTP ${p.status}), new links too`,
  'download.fetch_failed': (p: { kind: string; reason: string }) => `the ${p.kind} did not download (${p.reason})`,
  'download.no_link': 'the server gave no download link',
  'download.stopped_reason': 'the run stopped',
  'download.lookup_result': (p: { code: string; message: string }) => `lookup failed: ${p.code} ${p.message}`.trim(),
  'download.lookup_lost': (p: { reason: string }) => `no answer to the lookup (${p.reason})`,
  'download.no_dir': (p: { dir: string; reason: string }) => `cannot create the folder ${p.dir} (${p.reason}): choose another with --dir`,
  'download.write_failed': (p: { path: string; reason: string }) =>
    `cannot write ${p.path} (${p.reason}); stopped. What was saved is valid: free disk space or fix permissions, then run the same command again`,
  'download.manifest_unreadable': (p: { path: string; reason: string }) => `cannot read ${p.path} (${p.reason})`,
  'download.not_manifest': (p: { path: string }) =>
    `${p.path} is not a manifest written by esignon-bulk download: choose another folder with --dir, or move the file away`,
} as const;

export const ko: Translation<typeof en> = {
  'download.starting': (p) => `문서 ${p.count}건의 서명 완료 PDF를 내려받습니다`,
  'download.progress': (p) => `문서 ${p.done}/${p.total}, 파일 ${p.files}개 저장`,
  'download.interrupt_first': (p) => `${p.signal}: 새 다운로드는 시작하지 않고 진행 중인 다운로드를 마칩니다 (즉시 끝내려면 Ctrl-C를 한 번 더 누르세요)`,
  'download.interrupt_second': (p) =>
    `즉시 중단했습니다. 끝나지 않은 파일은 임시 .part 파일로 남았고, 최종 이름으로 남은 것은 없습니다. 마저 받으려면 (저장된 파일은 다시 받지 않음): ${p.command}`,
  'download.continue_hint': (p) => `마저 받으려면 (저장된 파일은 다시 받지 않음): ${p.command}`,
  'download.summary': (p) =>
    `문서 ${p.documents}건 중 ${p.complete}건을 이력 인증서와 함께 저장했습니다 (이번에 받은 파일 ${p.files}개, 이미 있던 파일 ${p.present}개). ` +
    `완료되지 않은 문서 ${p.skipped}건, 실패 ${p.failed}건`,
  'download.skipped_line': (p) => `완료되지 않아 건너뜀 — ${p.state}${Object.hasOwn(STATE_KO, p.state) ? ` (${STATE_KO[p.state]})` : ''}: ${p.n}`,
  'download.failed_line': (p) => `${p.row}행 (${p.workflow_id}): ${p.reason}`,
  'download.more_failed': (p) => `… 외 ${p.n}건 (--json에 모두 나옵니다)`,
  'download.failed_hint': (p) => `문서 ${p.count}건을 내려받지 못했습니다: 나중에 같은 명령을 다시 실행하세요 (저장된 파일은 다시 받지 않습니다)`,
  'download.recovered': (p) => `중단된 실행이 다 받아 둔 파일 ${p.count}개를 제자리에 두었습니다`,
  'download.where': (p) => `파일: ${p.dir}\n목록: ${p.manifest}`,
  'download.without_document': (p) => `결과 파일의 ${p.count}개 행은 문서가 없습니다 (발송되지 않음)`,
  'download.link_refused': (p) => `${p.kind === 'document' ? '문서' : '이력 인증서'} 링크가 거부되었습니다 (HTTP ${p.status}). 새 링크도 마찬가지였습니다`,
  'download.fetch_failed': (p) => `${p.kind === 'document' ? '문서' : '이력 인증서'}를 내려받지 못했습니다 (${p.reason})`,
  'download.no_link': '서버가 다운로드 링크를 주지 않았습니다',
  'download.stopped_reason': '실행이 중단되었습니다',
  'download.lookup_result': (p) => `조회 실패: ${p.code} ${p.message}`.trim(),
  'download.lookup_lost': (p) => `조회 응답을 받지 못했습니다 (${p.reason})`,
  'download.no_dir': (p) => `폴더 ${p.dir}을(를) 만들 수 없습니다 (${p.reason}): --dir로 다른 폴더를 지정하세요`,
  'download.write_failed': (p) =>
    `${p.path}을(를) 쓸 수 없습니다 (${p.reason}). 중단했습니다. 저장된 파일은 유효합니다: 디스크 공간이나 권한을 확인한 뒤 같은 명령을 다시 실행하세요`,
  'download.manifest_unreadable': (p) => `${p.path}을(를) 읽을 수 없습니다 (${p.reason})`,
  'download.not_manifest': (p) => `${p.path}은(는) esignon-bulk download가 쓴 목록 파일이 아닙니다: --dir로 다른 폴더를 지정하거나 그 파일을 옮기세요`,
};
