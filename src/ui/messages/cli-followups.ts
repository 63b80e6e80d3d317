/**
 * The command line's texts of the follow-ups (status, remind, cancel, download,
 * reconcile): part of the start-up catalogue (cli.ts spreads them into its own), kept
 * apart so that cli.ts stays readable. Their keys are `cli.` ones, as cli.ts's.
 */
import type { Translation } from '../i18n.js';

export const en = {
  'cli.opt.results_out': 'write the updated results here (default: update the file in place)',
  'cli.opt.followup_concurrency': 'requests in flight (default 4)',
  'cli.opt.status_workflow_lib_id': "the run's bulk template: its documents are read through the search, a few requests in all (env ESIGNON_WORKFLOW_LIB_ID)",
  'cli.opt.yes_followup': 'go ahead without asking (required when not on a terminal)',
  'cli.opt.older_than': 'only documents sent at least this long ago: 30m, 12h, 3d',
  'cli.opt.remind_limit': 'send at most N reminders',
  'cli.opt.again': 'also remind documents already reminded',
  'cli.opt.disposal': 'dispose of the completed documents (1510Q DISPOSAL) instead of cancelling those in progress; needs --reason',
  'cli.opt.delete': 'delete the cancelled documents (1510Q DELETE): they leave the document lists',
  'cli.opt.reason': 'the reason, sent to eSignon (required with --disposal)',
  'cli.opt.rows': "only these rows (the results file's row numbers), e.g. 3,7-9",
  'cli.opt.filter': 'only rows whose COLUMN equals VALUE (case-insensitive), e.g. status=sent; repeatable',
  'cli.status.description': 'read where every sent document of a results file stands (through the search, a few requests) and write it into the file',
  'cli.status.example': `
Examples:
  esignon-bulk status signers.results.csv
  esignon-bulk status signers.results.csv --out today.csv --json
  # after send --sandbox
  esignon-bulk status demo.results.csv --sandbox`,
  'cli.remind.description': 'send a reminder (1429Q) for every document still waiting for a signature',
  'cli.remind.example': `
Examples:
  esignon-bulk remind signers.results.csv
  esignon-bulk remind signers.results.csv --only-older-than 3d --limit 100 --yes
  esignon-bulk remind demo.results.csv --sandbox`,
  'cli.cancel.description': 'cancel (1510Q CANCEL) the documents in progress of a results file; --disposal --reason disposes of the completed ones, --delete deletes the cancelled ones',
  'cli.cancel.example': `
Examples:
  # documents in progress: some rows, or those a filter picks
  esignon-bulk cancel signers.results.csv --rows 3,7-9
  esignon-bulk cancel signers.results.csv --filter workflow_status=Playing --yes
  # dispose of a completed document (eSignon records the reason)
  esignon-bulk cancel signers.results.csv --disposal --reason typo --rows 12
  # delete the cancelled documents: they leave the document lists
  esignon-bulk cancel signers.results.csv --delete --yes
  # in the sandbox
  esignon-bulk cancel demo.results.csv --sandbox --rows 2`,
  'cli.download.description': "save every completed document's signed PDF and audit certificate, with a manifest",
  'cli.download.example': `
Examples:
  # into signers.results-pdf/, beside the results file
  esignon-bulk download signers.results.csv
  # into contracts/, with a JSON summary on standard output
  esignon-bulk download signers.results.xlsx --dir contracts --json
  # the sandbox's signed documents
  esignon-bulk download demo.results.csv --sandbox
Files: <row>-<name>-<workflow_id>.pdf and the same name ending -certificate.pdf,
listed in manifest.csv. Run it again after an interruption or later signatures:
only what is missing is fetched.`,
  'cli.arg.download_results': 'the results file (CSV or .xlsx) that send wrote',
  'cli.opt.download_dir': 'save the files in this folder (default: beside the results file, <name>-pdf)',
  'cli.reconcile.description': "settle the rows whose answer was lost (unknown) from eSignon's search, and write what it found into the results file",
  'cli.reconcile.example': `
Examples:
  esignon-bulk reconcile signers.results.csv
  esignon-bulk reconcile signers.results.csv --input signers.csv --json
A row found is sent (with its workflow_id); a row proven not made is not_sent (send --resume sends it);
the others stay unknown, each with why. Matched by reference_field, else by a title of the row's own.`,
  'cli.opt.reconcile_input': 'the signer list the run sent, for the rows\' titles (default: the one the journal names, if unchanged)',
  'cli.opt.reconcile_workflow_lib_id': "the run's bulk template, whose documents are searched (env ESIGNON_WORKFLOW_LIB_ID)",
} as const;

export const ko: Translation<typeof en> = {
  'cli.opt.results_out': '갱신된 결과를 이 파일에 씀 (기본: 그 파일을 직접 갱신)',
  'cli.opt.followup_concurrency': '동시에 보내는 요청 수 (기본 4)',
  'cli.opt.status_workflow_lib_id': '실행의 대량발송 서식: 그 문서들을 검색으로 몇 번의 요청만에 읽습니다 (환경 변수 ESIGNON_WORKFLOW_LIB_ID)',
  'cli.opt.yes_followup': '묻지 않고 진행 (터미널이 아닐 때 필수)',
  'cli.opt.older_than': '이만큼 전에 보낸 문서만: 30m, 12h, 3d',
  'cli.opt.remind_limit': '알림을 최대 N건만 보냄',
  'cli.opt.again': '이미 알림을 보낸 문서에도 다시 보냄',
  'cli.opt.disposal': '진행 중인 문서를 취소하는 대신 완료된 문서를 폐기 (1510Q DISPOSAL). --reason 필요',
  'cli.opt.delete': '취소된 문서를 삭제 (1510Q DELETE): 문서 목록에서 사라집니다',
  'cli.opt.reason': 'eSignon에 기록할 사유 (--disposal에는 필수)',
  'cli.opt.rows': '이 행만 (결과 파일의 row 번호), 예: 3,7-9',
  'cli.opt.filter': 'COLUMN 값이 VALUE인 행만 (대소문자 무시), 예: status=sent. 여러 번 지정 가능',
  'cli.status.description': '결과 파일의 발송된 문서가 모두 어디까지 진행됐는지 (검색으로, 몇 번의 요청만에) 읽어 파일에 씁니다',
  'cli.status.example': `
예:
  esignon-bulk status signers.results.csv
  esignon-bulk status signers.results.csv --out today.csv --json
  # send --sandbox 다음에
  esignon-bulk status demo.results.csv --sandbox`,
  'cli.remind.description': '아직 서명을 기다리는 모든 문서에 알림을 다시 보냅니다 (1429Q)',
  'cli.remind.example': `
예:
  esignon-bulk remind signers.results.csv
  esignon-bulk remind signers.results.csv --only-older-than 3d --limit 100 --yes
  esignon-bulk remind demo.results.csv --sandbox`,
  'cli.cancel.description': '결과 파일의 진행 중인 문서를 취소합니다(1510Q CANCEL). --disposal --reason은 완료된 문서를 폐기하고, --delete는 취소된 문서를 삭제합니다',
  'cli.cancel.example': `
예:
  # 진행 중인 문서: 일부 행만, 또는 조건에 맞는 행만
  esignon-bulk cancel signers.results.csv --rows 3,7-9
  esignon-bulk cancel signers.results.csv --filter workflow_status=Playing --yes
  # 완료된 문서를 폐기 (eSignon이 사유를 기록)
  esignon-bulk cancel signers.results.csv --disposal --reason 오타 --rows 12
  # 취소된 문서를 삭제: 문서 목록에서 사라짐
  esignon-bulk cancel signers.results.csv --delete --yes
  # 샌드박스에서
  esignon-bulk cancel demo.results.csv --sandbox --rows 2`,
  'cli.download.description': '완료된 문서의 서명 PDF와 이력 인증서를 모두 목록 파일과 함께 저장합니다',
  'cli.download.example': `
예:
  # 결과 파일 옆의 signers.results-pdf/ 폴더에
  esignon-bulk download signers.results.csv
  # contracts/ 폴더에, 요약은 JSON으로 표준 출력에
  esignon-bulk download signers.results.xlsx --dir contracts --json
  # 샌드박스의 서명된 문서
  esignon-bulk download demo.results.csv --sandbox
파일 이름: <행>-<이름>-<workflow_id>.pdf, 같은 이름에 -certificate가 붙은 PDF.
목록은 manifest.csv. 중단된 뒤나 서명이 더 끝난 뒤 다시 실행하면 없는 파일만
받습니다.`,
  'cli.arg.download_results': 'send가 쓴 결과 파일 (CSV 또는 .xlsx)',
  'cli.opt.download_dir': '파일을 저장할 폴더 (기본: 결과 파일 옆의 <이름>-pdf)',
  'cli.reconcile.description': '응답이 유실된(unknown) 행을 eSignon 검색으로 확인하고 찾은 내용을 결과 파일에 씁니다',
  'cli.reconcile.example': `
예:
  esignon-bulk reconcile signers.results.csv
  esignon-bulk reconcile signers.results.csv --input signers.csv --json
찾은 행은 sent(workflow_id와 함께), 만들어지지 않은 것이 확인된 행은 not_sent(send --resume이 보냅니다),
나머지는 이유와 함께 unknown으로 남습니다. reference_field로, 없으면 행 고유의 제목으로 찾습니다.`,
  'cli.opt.reconcile_input': '실행이 보낸 서명자 목록, 행의 제목을 알기 위해 (기본: 저널에 적힌 파일, 바뀌지 않았다면)',
  'cli.opt.reconcile_workflow_lib_id': '실행의 대량발송 서식, 그 문서를 검색합니다 (환경 변수 ESIGNON_WORKFLOW_LIB_ID)',
};
