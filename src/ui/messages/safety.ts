/**
 * The safety nets' messages: a run stopped because the server no longer answers, the
 * private copy of the input, ids rescued when the journal cannot be written, and
 * hostile or unsuitable files refused.
 */
import type { Translation } from '../i18n.js';

export const en = {
  'safety.no_answer': (p: { count: number; reason: string }) =>
    `no answer to ${p.count} batches in a row (${p.reason}); no batch was sent after them`,
  'safety.stopped': (p: { message: string }) => `the run stopped: ${p.message}`,
  'safety.input_changing': (p: { file: string }) =>
    `${p.file} changed while it was being read (is it still being saved?); nothing was sent. Wait until it is saved and closed, then run the command again`,
  'safety.copy_failed': (p: { folder: string; reason: string }) =>
    `cannot make the private copy of the input in ${p.folder} (${p.reason}); nothing was sent. A send copies its input there first (it needs as much free space as the input's size): free some space, or set TMPDIR to another folder`,
  'safety.out_is_input': (p: { out: string; input: string }) =>
    `the results file ${p.out} is the input ${p.input} itself: the results would replace the signer list. Choose another --out (--force does not change this)`,
  'safety.nothing_valid': (p: { count: number }) =>
    `none of the rows can be sent (${p.count} invalid or duplicate, listed above); nothing was sent. Fix them and run again`,
  'safety.cannot_start': (p: { path: string; reason: string }) =>
    `cannot write the run's journal ${p.path} (${p.reason}): its folder is full, read-only or gone. Nothing was sent: make room or choose another --out, then run the same command again`,
  'safety.blank_journal': (p: { path: string }) =>
    `the journal ${p.path} holds no record (a full disk or a crash cut it short as it began): nothing was sent under it, so it is removed and the run starts afresh`,
  'safety.rescue_heading': (p: { count: number }) =>
    `these answers could not be recorded in the journal; ${p.count} document${p.count === 1 ? ' was' : 's were'} created (their ids are below, not lost):`,
  'safety.rescue_row': (p: { row: number; contact: string; workflow_id: string }) => `row ${p.row} (${p.contact}): workflow_id ${p.workflow_id}`,
  'safety.rescue_row_token': (p: { row: number; contact: string; workflow_id: string; token: string }) =>
    `row ${p.row} (${p.contact}): workflow_id ${p.workflow_id}, token ${p.token}`,
  'safety.rescue_saved': (p: { path: string }) =>
    `saved to ${p.path} (with the signers' tokens): once there is space, the same command with --resume writes them into the journal and the results file`,
  'safety.rescue_not_saved': () =>
    'no file could hold them either (the state and temporary folders are full too): keep this output, it is the only record of these documents. A --resume counts them as unknown',
  'safety.rescue_restored': (p: { count: number; path: string }) => `${p.count} answer${p.count === 1 ? '' : 's'} the journal could not take restored from ${p.path}`,
  'safety.rescue_foreign': (p: { count: number; path: string }) =>
    `${p.path} holds ${p.count} batch${p.count === 1 ? '' : 'es'} of answers that this journal does not know (a run set aside by --force?); the file is kept: it lists documents that exist`,
  'safety.writing_results_label': () => 'writing the results file',
  'safety.writing_results': (p: { signal: string }) =>
    `${p.signal}: no batch is in flight; writing the results file first (press Ctrl-C again to quit at once)`,
  'safety.results_not_written': () => 'stopped at once; the results file was not written, the journal holds every outcome',
} as const;

export const ko: Translation<typeof en> = {
  'safety.no_answer': (p) => `배치 ${p.count}개에 연달아 응답이 없었습니다 (${p.reason}). 그 뒤로는 어떤 배치도 보내지 않았습니다`,
  'safety.stopped': (p) => `발송을 멈췄습니다: ${p.message}`,
  'safety.input_changing': (p) =>
    `${p.file}을(를) 읽는 동안 파일이 바뀌었습니다 (아직 저장 중인가요?). 아무것도 보내지 않았습니다. 저장이 끝나고 파일이 닫힌 뒤 다시 실행하세요`,
  'safety.copy_failed': (p) =>
    `입력의 개인 사본을 ${p.folder}에 만들 수 없습니다 (${p.reason}). 아무것도 보내지 않았습니다. 발송은 입력을 먼저 그곳에 복사합니다 (입력 크기만큼의 여유 공간 필요): 공간을 확보하거나 TMPDIR을 다른 폴더로 지정하세요`,
  'safety.out_is_input': (p) =>
    `결과 파일 ${p.out}이(가) 입력 파일 ${p.input} 그 자체입니다: 결과가 서명자 목록을 덮어쓰게 됩니다. 다른 --out을 지정하세요 (--force로도 바뀌지 않습니다)`,
  'safety.nothing_valid': (p) => `보낼 수 있는 행이 없습니다 (오류 또는 중복 ${p.count}개, 위 목록). 아무것도 보내지 않았습니다. 고친 뒤 다시 실행하세요`,
  'safety.cannot_start': (p) =>
    `작업 저널 ${p.path}을(를) 쓸 수 없습니다 (${p.reason}): 폴더가 가득 찼거나 읽기 전용이거나 없습니다. 아무것도 보내지 않았습니다: 공간을 확보하거나 다른 --out을 지정한 뒤 같은 명령을 다시 실행하세요`,
  'safety.blank_journal': (p) =>
    `저널 ${p.path}에 기록이 하나도 없습니다 (시작하자마자 디스크가 가득 찼거나 중단됨): 이 저널로 보낸 것은 없으므로 지우고 처음부터 시작합니다`,
  'safety.rescue_heading': (p) => `다음 응답은 저널에 기록하지 못했습니다. 문서 ${p.count}건이 만들어졌습니다 (아래에 ID가 있으며 잃어버리지 않았습니다):`,
  'safety.rescue_row': (p) => `${p.row}행 (${p.contact}): workflow_id ${p.workflow_id}`,
  'safety.rescue_row_token': (p) => `${p.row}행 (${p.contact}): workflow_id ${p.workflow_id}, 토큰 ${p.token}`,
  'safety.rescue_saved': (p) =>
    `${p.path}에 저장했습니다 (서명자 토큰 포함): 공간이 생기면 같은 명령에 --resume을 붙여 실행하면 저널과 결과 파일에 기록됩니다`,
  'safety.rescue_not_saved': () =>
    '어느 파일에도 저장하지 못했습니다 (상태 폴더와 임시 폴더도 가득 참): 이 출력이 이 문서들의 유일한 기록이니 보관하세요. --resume은 이 행들을 결과 불명으로 셉니다',
  'safety.rescue_restored': (p) => `저널에 기록하지 못했던 응답 ${p.count}건을 ${p.path}에서 복원했습니다`,
  'safety.rescue_foreign': (p) =>
    `${p.path}에 이 저널이 모르는 배치 ${p.count}개의 응답이 있습니다 (--force로 치워 둔 작업?). 이 파일은 실제로 있는 문서의 목록이므로 그대로 둡니다`,
  'safety.writing_results_label': () => '결과 파일을 쓰는 중',
  'safety.writing_results': (p) =>
    `${p.signal}: 발송 중인 배치는 없습니다. 결과 파일을 먼저 씁니다 (즉시 끝내려면 Ctrl-C를 한 번 더 누르세요)`,
  'safety.results_not_written': () => '즉시 중단했습니다. 결과 파일은 쓰지 않았으며, 모든 결과는 저널에 있습니다',
};
