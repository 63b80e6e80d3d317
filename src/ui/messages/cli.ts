/**
 * What the command line shows by itself: the texts of the program definition
 * (descriptions, options, examples: program.ts) and main's error lines. The only
 * catalogue loaded at start, so that `--help` parses nothing else; every other area
 * is loaded by `loadMessages()` before a command runs (see i18n.ts). Its keys are
 * `error.` (main's) and `cli.`.
 */
import type { Translation } from '../i18n.js';
import * as sandbox from './cli-sandbox.js';

export const en = {
  ...sandbox.en,
  'error.prefix': 'error',
  'error.bug': 'This is a bug in esignon-bulk. Please report it with the command you ran (without secrets).',
  'cli.description': 'Send eSignon e-signature contracts in bulk from a signers CSV — exactly once, with a results file.',
  'cli.help_after': `
Quick start (no account needed):
  esignon-bulk send templates/signers.csv --sandbox

Exit codes: 0 all done · 1 some rows failed/unknown, or declined · 2 usage/config error · 3 invalid CSV rows
            4 the API stopped the run · 5 progress could not be recorded · 130 interrupted (resumable)`,
  'cli.opt.help': 'show help for the command',
  'cli.opt.version': 'print the version',
  'cli.arg.csv': 'signers CSV file (- for standard input)',
  'cli.arg.dir': 'folder to write the starter files to',
  'cli.send.description': 'validate every row, then send the signers in batches (1410Q) and write the results CSV',
  'cli.send.example': `
Examples:
  esignon-bulk send signers.csv --sandbox                 try it on the built-in emulator
  esignon-bulk send signers.csv --dry-run                 check the file, send nothing
  esignon-bulk send signers.csv --yes --json              from CI/cron
  esignon-bulk send signers.csv --resume                  continue after a stop, nothing sent twice`,
  'cli.validate.description': 'check a signers CSV and preview the first request; sends nothing (same as send --dry-run)',
  'cli.validate.example': `
Examples:
  esignon-bulk validate signers.csv
  esignon-bulk validate signers.csv --sandbox --online          against the sandbox template
  cat signers.csv | esignon-bulk validate - --json`,
  'cli.init.description': 'write a starter esignon-bulk.config.json and signers.csv',
  'cli.init.example': `
Examples:
  esignon-bulk init my-send && cd my-send && esignon-bulk send signers.csv --sandbox
  esignon-bulk init my-send --online --xlsx                     columns named after your template's fields`,
  'cli.emulator.description': 'run the local eSignon emulator on 127.0.0.1, for trying the tool and for CI',
  'cli.emulator.example': `
Examples:
  esignon-bulk emulator --port 8787
  esignon-bulk emulator --port 0 --latency 200 --fail-rate 0.1
  ESIGNON_API_URL=http://127.0.0.1:8787 ESIGNON_TOKEN=sandbox-token esignon-bulk send signers.csv …`,
  'cli.opt.config': 'config file (default: esignon-bulk.config.json in the current folder)',
  'cli.opt.api_url': 'API base URL (env ESIGNON_API_URL; default https://docs.esignon.net)',
  'cli.opt.comp_id': 'company ID (env ESIGNON_COMP_ID)',
  'cli.opt.memb_email': "sender's account email (env ESIGNON_MEMB_EMAIL)",
  'cli.opt.client_id': 'client ID, for an account eSignon issued one to: sent by login only when set (env ESIGNON_CLIENT_ID)',
  'cli.opt.workflow_lib_id': 'bulk template id (env ESIGNON_WORKFLOW_LIB_ID)',
  'cli.opt.doc_id': 'default template document for field: columns (env ESIGNON_DOC_ID)',
  'cli.opt.token_file': 'read the access token from this file (or env ESIGNON_TOKEN, or `esignon-bulk login`)',
  'cli.opt.batch_size': 'signers per request (default 50)',
  'cli.opt.concurrency': 'requests in flight (default 2)',
  'cli.opt.connect_timeout': 'seconds to wait for a connection (default 10)',
  'cli.opt.response_timeout': 'seconds to wait for an answer (default 120); a timeout makes the batch unknown',
  'cli.opt.out': 'results CSV (default: beside the input, signers.csv → signers.results.csv)',
  'cli.opt.yes': 'send without asking for confirmation (required when not on a terminal)',
  'cli.opt.dry_run': 'validate and preview only; send nothing',
  'cli.opt.limit': 'send only the first N valid rows (a pilot)',
  'cli.opt.skip_invalid': 'send the valid rows and record the others as invalid',
  'cli.opt.allow_duplicates': 'allow two rows with the same contact',
  'cli.opt.resume': 'continue the run recorded beside --out; nothing is sent twice',
  'cli.opt.retry_unknown': 'with --resume: re-send rows whose outcome is unknown (may send twice)',
  'cli.opt.retry_failed': 'with --resume: re-send rows the server reported as failed',
  'cli.opt.force': 'start over although results exist (the question says what was sent), or resume although the input or settings changed (rows matched by content)',
  'cli.opt.send_again': 'send although an earlier run sent this same file to this template and account: a second contract to everyone in it',
  'cli.opt.no_bom': 'write the results without a UTF-8 BOM',
  'cli.opt.encoding': 'input encoding (default: detected)',
  'cli.opt.delimiter': 'input delimiter: , ; or tab (default: detected)',
  'cli.opt.json': 'print one JSON document on standard output at the end',
  'cli.opt.quiet': 'print only errors',
  'cli.opt.verbose': 'log every request and response (token and passwords masked)',
  'cli.opt.no_color': 'no colours (NO_COLOR is honoured too)',
  'cli.opt.lang': 'language of messages (default: from LC_ALL / LC_MESSAGES / LANG)',
  'cli.opt.init_force': 'overwrite existing files',
  'cli.opt.init_xlsx': 'write the starter sheet as an Excel workbook (signers.xlsx) instead of signers.csv',
  'cli.opt.port': 'port on 127.0.0.1 (0 = any free port; default 8787)',
  'cli.opt.latency': 'answer every request this many milliseconds after it arrives',
  'cli.opt.fail_rate': 'answer result 11 to this share of 1410Q requests (0..1)',
  'cli.opt.quota': 'answer 13 once this many documents exist',
  'cli.opt.seed': 'random seed for reproducible faults',
  'cli.opt.emulator_state': 'keep the documents in this file between runs (created if missing)',
  'cli.opt.faults': 'faults as JSON, e.g. \'{"http503":{"count":2,"retry_after":"1"}}\'',
  // ---------------------------------------------------------------- the account commands and the online checks
  'cli.arg.results': 'the results CSV that send wrote (- for standard input, with --out)',
  'cli.opt.password_file': 'read the password from this file (- for standard input); else ESIGNON_PASSWORD, else a prompt',
  'cli.opt.print': 'print the token on standard output instead of storing it (for CI secret stores)',
  'cli.opt.all': 'list every kind of template, bulk ones first',
  'cli.opt.folder': 'which folder: all (every folder), shared or my (your own)',
  'cli.opt.results_out': 'write the updated results here (default: update the file in place)',
  'cli.opt.followup_concurrency': 'requests in flight (default 4)',
  'cli.opt.yes_followup': 'go ahead without asking (required when not on a terminal)',
  'cli.opt.older_than': 'only documents sent at least this long ago: 30m, 12h, 3d',
  'cli.opt.remind_limit': 'send at most N reminders',
  'cli.opt.again': 'also remind documents already reminded',
  'cli.opt.disposal': 'dispose of the completed documents (1510Q DISPOSAL) instead of cancelling those in progress; needs --reason',
  'cli.opt.delete': 'delete the cancelled documents (1510Q DELETE): they leave the document lists',
  'cli.opt.reason': 'the reason, sent to eSignon (required with --disposal)',
  'cli.opt.rows': "only these rows (the results file's row numbers), e.g. 3,7-9",
  'cli.opt.filter': 'only rows whose COLUMN equals VALUE (case-insensitive), e.g. status=sent; repeatable',
  'cli.login.description': 'get an access token (1001Q) and store it for later commands',
  'cli.login.example': `
Examples:
  esignon-bulk login --comp-id acme --memb-email me@acme.example                   asks for the password
  ESIGNON_PASSWORD=… esignon-bulk login                                               settings from the config file
  esignon-bulk login --password-file pw.txt --print > token.txt                       for a CI secret store`,
  'cli.templates.description': "list the account's bulk templates (1123Q) with their workflow_lib_id",
  'cli.templates.example': `
Examples:
  esignon-bulk templates
  esignon-bulk templates --all --folder my
  esignon-bulk templates --json | jq -r '.templates[].workflow_lib_id'
  esignon-bulk templates --sandbox                              the sandbox's templates`,
  'cli.status.description': 'look up every sent document of a results file and write its current state into it',
  'cli.status.example': `
Examples:
  esignon-bulk status signers.results.csv
  esignon-bulk status signers.results.csv --out today.csv --json
  esignon-bulk status demo.results.csv --sandbox                after send --sandbox`,
  'cli.remind.description': 'send a reminder (1429Q) for every document still waiting for a signature',
  'cli.remind.example': `
Examples:
  esignon-bulk remind signers.results.csv
  esignon-bulk remind signers.results.csv --only-older-than 3d --limit 100 --yes
  esignon-bulk remind demo.results.csv --sandbox`,
  'cli.cancel.description': 'cancel (1510Q CANCEL) the documents in progress of a results file; --disposal --reason disposes of the completed ones, --delete deletes the cancelled ones',
  'cli.cancel.example': `
Examples:
  esignon-bulk cancel signers.results.csv --rows 3,7-9
  esignon-bulk cancel signers.results.csv --filter workflow_status=Playing --yes
  esignon-bulk cancel signers.results.csv --disposal --reason "wrong template" --rows 12
  esignon-bulk cancel signers.results.csv --delete --yes
  esignon-bulk cancel demo.results.csv --sandbox --rows 2`,
  'cli.download.description': "save every completed document's signed PDF and audit certificate, with a manifest",
  'cli.download.example': `
Examples:
  esignon-bulk download signers.results.csv                    into signers.results-pdf/
  esignon-bulk download signers.results.xlsx --dir contracts --json
  esignon-bulk download demo.results.csv --sandbox
Files: <row>-<name>-<workflow_id>.pdf and …-certificate.pdf, listed in manifest.csv.
Run it again after an interruption or later signatures: only what is missing is fetched.`,
  'cli.arg.download_results': 'the results file (CSV or .xlsx) that send wrote',
  'cli.opt.download_dir': 'save the files in this folder (default: beside the results file, <name>-pdf)',
  'cli.runs.description': 'list the sends recorded in your state folder: date, input, template, account, results file, counts',
  'cli.runs.example': `
Examples:
  esignon-bulk runs
  esignon-bulk runs --json | jq '.runs[] | select(.counts.unknown > 0) | .results'`,
  'cli.opt.online': 'also check the account: token, template, and that every mapped field exists in the template',
  'cli.opt.no_preflight': 'skip the online checks of the token, template and fields before the first batch',
  'cli.bad_count': (p: { flag: string; value: string }) => `${p.flag} "${p.value}" must be a whole number (0 or more)`,
  'cli.bad_number': (p: { flag: string; value: string }) => `${p.flag} "${p.value}" must be a number (0 or more)`,
} as const;

export const ko: Translation<typeof en> = {
  ...sandbox.ko,
  'error.prefix': '오류',
  'error.bug': 'esignon-bulk의 버그입니다. 실행한 명령(비밀 정보 제외)과 함께 알려 주세요.',
  'cli.description': '서명자 CSV로 eSignon 전자계약을 대량 발송합니다 — 중복 없이, 결과 파일과 함께.',
  'cli.help_after': `
빠른 시작 (계정 없이):
  esignon-bulk send templates/signers.csv --sandbox

종료 코드: 0 모두 완료 · 1 일부 행 실패/불명 또는 확인에서 거절 · 2 사용법/설정 오류 · 3 CSV 행 오류
           4 API가 발송을 중단 · 5 진행 상황 기록 실패 · 130 중단됨 (이어서 가능)`,
  'cli.opt.help': '명령 도움말 보기',
  'cli.opt.version': '버전 출력',
  'cli.arg.csv': '서명자 CSV 파일 (표준 입력은 -)',
  'cli.arg.dir': '시작 파일을 쓸 폴더',
  'cli.send.description': '모든 행을 검사한 뒤 서명자를 배치로 발송(1410Q)하고 결과 CSV를 씁니다',
  'cli.send.example': `
예:
  esignon-bulk send signers.csv --sandbox                 내장 에뮬레이터로 시험
  esignon-bulk send signers.csv --dry-run                 파일만 검사, 발송 안 함
  esignon-bulk send signers.csv --yes --json              CI/cron에서
  esignon-bulk send signers.csv --resume                  중단 후 이어서 (중복 발송 없음)`,
  'cli.validate.description': '서명자 CSV를 검사하고 첫 요청을 미리 봅니다. 발송하지 않습니다 (send --dry-run과 같음)',
  'cli.validate.example': `
예:
  esignon-bulk validate signers.csv
  esignon-bulk validate signers.csv --sandbox --online          샌드박스 서식으로 확인
  cat signers.csv | esignon-bulk validate - --json`,
  'cli.init.description': '시작용 esignon-bulk.config.json과 signers.csv를 만듭니다',
  'cli.init.example': `
예:
  esignon-bulk init my-send && cd my-send && esignon-bulk send signers.csv --sandbox
  esignon-bulk init my-send --online --xlsx                     내 서식의 필드 이름으로 열을 만듦`,
  'cli.emulator.description': '127.0.0.1에서 로컬 eSignon 에뮬레이터를 실행합니다 (시험과 CI용)',
  'cli.emulator.example': `
예:
  esignon-bulk emulator --port 8787
  esignon-bulk emulator --port 0 --latency 200 --fail-rate 0.1
  ESIGNON_API_URL=http://127.0.0.1:8787 ESIGNON_TOKEN=sandbox-token esignon-bulk send signers.csv …`,
  'cli.opt.config': '설정 파일 (기본: 현재 폴더의 esignon-bulk.config.json)',
  'cli.opt.api_url': 'API 기본 URL (환경 변수 ESIGNON_API_URL, 기본 https://docs.esignon.net)',
  'cli.opt.comp_id': '회사 ID (환경 변수 ESIGNON_COMP_ID)',
  'cli.opt.memb_email': '발송 계정 이메일 (환경 변수 ESIGNON_MEMB_EMAIL)',
  'cli.opt.client_id': 'eSignon이 발급한 클라이언트 ID가 있는 계정용: 지정한 경우에만 login이 보냄 (환경 변수 ESIGNON_CLIENT_ID)',
  'cli.opt.workflow_lib_id': '대량발송 서식 ID (환경 변수 ESIGNON_WORKFLOW_LIB_ID)',
  'cli.opt.doc_id': 'field: 열의 기본 서식 문서 (환경 변수 ESIGNON_DOC_ID)',
  'cli.opt.token_file': '액세스 토큰을 이 파일에서 읽음 (또는 환경 변수 ESIGNON_TOKEN, `esignon-bulk login`)',
  'cli.opt.batch_size': '요청당 서명자 수 (기본 50)',
  'cli.opt.concurrency': '동시에 보내는 요청 수 (기본 2)',
  'cli.opt.connect_timeout': '연결 대기 시간(초, 기본 10)',
  'cli.opt.response_timeout': '응답 대기 시간(초, 기본 120). 시간이 지나면 그 배치는 결과 불명이 됩니다',
  'cli.opt.out': '결과 CSV (기본: 입력 옆, signers.csv → signers.results.csv)',
  'cli.opt.yes': '확인 없이 발송 (터미널이 아닐 때 필수)',
  'cli.opt.dry_run': '검사와 미리보기만 하고 발송하지 않음',
  'cli.opt.limit': '올바른 행 중 처음 N개만 발송 (시범 발송)',
  'cli.opt.skip_invalid': '올바른 행만 보내고 나머지는 invalid로 기록',
  'cli.opt.allow_duplicates': '연락처가 같은 행을 허용',
  'cli.opt.resume': '--out 옆에 기록된 작업을 이어서 진행 (중복 발송 없음)',
  'cli.opt.retry_unknown': '--resume과 함께: 결과 불명인 행을 다시 발송 (중복 발송 가능)',
  'cli.opt.retry_failed': '--resume과 함께: 서버가 실패로 알린 행을 다시 발송',
  'cli.opt.force': '결과가 있어도 처음부터 시작하거나 (확인할 때 이미 보낸 수를 알려 줌), 입력/설정이 바뀌어도 이어서 진행 (행을 내용으로 짝지음)',
  'cli.opt.send_again': '같은 파일을 같은 서식과 계정으로 이미 보낸 적이 있어도 보냄: 파일의 모든 사람에게 계약이 한 번 더 감',
  'cli.opt.no_bom': '결과 파일에 UTF-8 BOM을 쓰지 않음',
  'cli.opt.encoding': '입력 인코딩 (기본: 자동 감지)',
  'cli.opt.delimiter': '입력 구분자: , ; 또는 tab (기본: 자동 감지)',
  'cli.opt.json': '끝에 JSON 문서 하나를 표준 출력에 출력',
  'cli.opt.quiet': '오류만 출력',
  'cli.opt.verbose': '모든 요청과 응답을 기록 (토큰과 비밀번호는 가림)',
  'cli.opt.no_color': '색 없이 출력 (NO_COLOR도 따름)',
  'cli.opt.lang': '메시지 언어 (기본: LC_ALL / LC_MESSAGES / LANG에 따름)',
  'cli.opt.init_force': '기존 파일을 덮어씀',
  'cli.opt.init_xlsx': '시작용 서명자 목록을 signers.csv 대신 엑셀 통합 문서(signers.xlsx)로 만듦',
  'cli.opt.port': '127.0.0.1의 포트 (0 = 빈 포트, 기본 8787)',
  'cli.opt.latency': '모든 요청에 도착 후 이 밀리초가 지나서 응답',
  'cli.opt.fail_rate': '1410Q 요청 중 이 비율에 결과 코드 11로 응답 (0..1)',
  'cli.opt.quota': '문서가 이 수만큼 생기면 13으로 응답',
  'cli.opt.seed': '재현 가능한 장애를 위한 난수 시드',
  'cli.opt.emulator_state': '실행 사이에 문서를 이 파일에 보관 (없으면 새로 만듦)',
  'cli.opt.faults': '장애 설정 JSON, 예: \'{"http503":{"count":2,"retry_after":"1"}}\'',
  // ---------------------------------------------------------------- the account commands and the online checks
  'cli.arg.results': 'send가 쓴 결과 CSV (표준 입력은 -, --out 필요)',
  'cli.opt.password_file': '비밀번호를 이 파일에서 읽음 (표준 입력은 -). 없으면 ESIGNON_PASSWORD, 그것도 없으면 입력 요청',
  'cli.opt.print': '토큰을 저장하지 않고 표준 출력에 출력 (CI 비밀 저장소용)',
  'cli.opt.all': '모든 종류의 서식을 표시 (대량발송 서식 먼저)',
  'cli.opt.folder': '폴더: all (모든 폴더), shared (공유된 폴더) 또는 my (내 폴더)',
  'cli.opt.results_out': '갱신된 결과를 이 파일에 씀 (기본: 그 파일을 직접 갱신)',
  'cli.opt.followup_concurrency': '동시에 보내는 요청 수 (기본 4)',
  'cli.opt.yes_followup': '묻지 않고 진행 (터미널이 아닐 때 필수)',
  'cli.opt.older_than': '이만큼 전에 보낸 문서만: 30m, 12h, 3d',
  'cli.opt.remind_limit': '알림을 최대 N건만 보냄',
  'cli.opt.again': '이미 알림을 보낸 문서에도 다시 보냄',
  'cli.opt.disposal': '진행 중인 문서를 취소하는 대신 완료된 문서를 폐기 (1510Q DISPOSAL). --reason 필요',
  'cli.opt.delete': '취소된 문서를 삭제 (1510Q DELETE): 문서 목록에서 사라집니다',
  'cli.opt.reason': 'eSignon에 기록할 사유 (--disposal에는 필수)',
  'cli.opt.rows': '이 행만 (결과 파일의 row 번호), 예: 3,7-9',
  'cli.opt.filter': 'COLUMN 값이 VALUE인 행만 (대소문자 무시), 예: status=sent. 여러 번 지정 가능',
  'cli.login.description': '액세스 토큰을 받아(1001Q) 이후 명령을 위해 저장합니다',
  'cli.login.example': `
예:
  esignon-bulk login --comp-id acme --memb-email me@acme.example                   비밀번호를 물어봄
  ESIGNON_PASSWORD=… esignon-bulk login                                               설정은 설정 파일에서
  esignon-bulk login --password-file pw.txt --print > token.txt                       CI 비밀 저장소용`,
  'cli.templates.description': '계정의 대량발송 서식과 workflow_lib_id를 보여 줍니다 (1123Q)',
  'cli.templates.example': `
예:
  esignon-bulk templates
  esignon-bulk templates --all --folder my
  esignon-bulk templates --json | jq -r '.templates[].workflow_lib_id'
  esignon-bulk templates --sandbox                              샌드박스의 서식`,
  'cli.status.description': '결과 파일의 발송된 문서를 모두 조회해 현재 상태를 파일에 씁니다',
  'cli.status.example': `
예:
  esignon-bulk status signers.results.csv
  esignon-bulk status signers.results.csv --out today.csv --json
  esignon-bulk status demo.results.csv --sandbox                send --sandbox 다음에`,
  'cli.remind.description': '아직 서명을 기다리는 모든 문서에 알림을 다시 보냅니다 (1429Q)',
  'cli.remind.example': `
예:
  esignon-bulk remind signers.results.csv
  esignon-bulk remind signers.results.csv --only-older-than 3d --limit 100 --yes
  esignon-bulk remind demo.results.csv --sandbox`,
  'cli.cancel.description': '결과 파일의 진행 중인 문서를 취소합니다(1510Q CANCEL). --disposal --reason은 완료된 문서를 폐기하고, --delete는 취소된 문서를 삭제합니다',
  'cli.cancel.example': `
예:
  esignon-bulk cancel signers.results.csv --rows 3,7-9
  esignon-bulk cancel signers.results.csv --filter workflow_status=Playing --yes
  esignon-bulk cancel signers.results.csv --disposal --reason "잘못된 서식" --rows 12
  esignon-bulk cancel signers.results.csv --delete --yes
  esignon-bulk cancel demo.results.csv --sandbox --rows 2`,
  'cli.download.description': '완료된 문서의 서명 PDF와 이력 인증서를 모두 목록 파일과 함께 저장합니다',
  'cli.download.example': `
예:
  esignon-bulk download signers.results.csv                    signers.results-pdf/ 폴더에
  esignon-bulk download signers.results.xlsx --dir contracts --json
  esignon-bulk download demo.results.csv --sandbox
파일 이름: <행>-<이름>-<workflow_id>.pdf, …-certificate.pdf. 목록은 manifest.csv.
중단된 뒤나 서명이 더 끝난 뒤 다시 실행하면 없는 파일만 받습니다.`,
  'cli.arg.download_results': 'send가 쓴 결과 파일 (CSV 또는 .xlsx)',
  'cli.opt.download_dir': '파일을 저장할 폴더 (기본: 결과 파일 옆의 <이름>-pdf)',
  'cli.runs.description': '상태 폴더에 기록된 발송 작업을 보여 줍니다: 날짜, 입력, 서식, 계정, 결과 파일, 건수',
  'cli.runs.example': `
예:
  esignon-bulk runs
  esignon-bulk runs --json | jq '.runs[] | select(.counts.unknown > 0) | .results'`,
  'cli.opt.online': '계정도 확인: 토큰, 서식, 매핑한 필드가 모두 서식에 있는지',
  'cli.opt.no_preflight': '첫 배치 전에 토큰, 서식, 필드를 온라인으로 확인하지 않음',
  'cli.bad_count': (p) => `${p.flag} "${p.value}": 0 이상의 정수여야 합니다`,
  'cli.bad_number': (p) => `${p.flag} "${p.value}": 0 이상의 숫자여야 합니다`,
};
