/**
 * What the command line shows by itself: the texts of the program definition
 * (descriptions, options, examples: program.ts) and main's error lines. The only
 * catalogue loaded at start, so that `--help` parses nothing else; every other area
 * is loaded by `loadMessages()` before a command runs (see i18n.ts). Its keys are
 * `error.` (main's) and `cli.`.
 */
import type { Translation } from '../i18n.js';
import * as followups from './cli-followups.js';
import * as sandbox from './cli-sandbox.js';

export const en = {
  ...followups.en,
  ...sandbox.en,
  'error.prefix': 'error',
  'error.bug': 'This is a bug in esignon-bulk. Please report it with the command you ran (without secrets).',
  'cli.description': 'Send eSignon e-signature contracts in bulk from a signers CSV — exactly once, with a results file.',
  'cli.help_after': `
Quick start (no account needed):
  esignon-bulk init demo && cd demo && esignon-bulk send signers.csv --sandbox

Exit codes: 0 all done · 1 some rows failed or unknown, or you declined
            2 usage/config error · 3 invalid rows · 4 the API stopped the run
            5 progress could not be recorded · 130 interrupted (resumable)`,
  'cli.opt.help': 'show help for the command',
  'cli.help_command': 'show help for a command, as <command> --help does',
  'cli.help_more': (p: { command: string }) => `Every option: esignon-bulk help ${p.command}`,
  'cli.help.options_term': '[options]',
  'cli.help.command_name': 'command',
  'cli.help.command_term': '[command]',
  'cli.help.choices': 'choices',
  'cli.help.default': 'default',
  'cli.err.unknown_option': (p: { option: string }) => `error: unknown option '${p.option}'`,
  'cli.err.unknown_command': (p: { command: string }) => `error: unknown command '${p.command}'`,
  'cli.err.missing_argument': (p: { argument: string }) => `error: missing required argument '${p.argument}'`,
  'cli.err.too_many_arguments': (p: { expected: number; got: number }) =>
    `error: too many arguments: expected ${p.expected} argument${p.expected === 1 ? '' : 's'} but got ${p.got}`,
  'cli.err.option_value_missing': (p: { option: string }) => `error: option '${p.option}' needs a value`,
  'cli.err.invalid_choice': (p: { option: string; value: string; choices: string }) =>
    `error: option '${p.option}' cannot be '${p.value}'; allowed: ${p.choices}`,
  'cli.err.did_you_mean': (p: { suggestions: string; several: boolean }) => `(Did you mean ${p.several ? 'one of ' : ''}${p.suggestions}?)`,
  'cli.opt.version': 'print the version',
  'cli.arg.csv': 'signers CSV file (- for standard input)',
  'cli.arg.dir': 'folder to write the starter files to',
  'cli.send.description': 'validate every row, then send the signers in batches (1410Q) and write the results CSV',
  'cli.send.example': `
Examples:
  # try it on the built-in emulator (nothing real is sent)
  esignon-bulk send signers.csv --sandbox
  # check the file, send nothing
  esignon-bulk send signers.csv --dry-run
  # a pilot of the first 5 rows, then the rest (nothing is sent twice)
  esignon-bulk send signers.csv --limit 5
  esignon-bulk send signers.csv --resume
  # from CI or cron
  esignon-bulk send signers.csv --yes --json > send.json`,
  'cli.validate.description': 'check every row of a signers CSV and report its problems; sends nothing (same as send --dry-run)',
  'cli.validate.example': `
Examples:
  esignon-bulk validate signers.csv
  esignon-bulk validate signers.csv --online --preview
  esignon-bulk validate signers.xlsx --sheet 2월
  # the sample, against the sandbox's template
  esignon-bulk validate templates/signers.csv --sandbox --online
  cat signers.csv | esignon-bulk validate - --json`,
  'cli.init.description': 'write a starter esignon-bulk.config.json and signers.csv',
  'cli.init.example': `
Examples:
  # a folder with a starter config and signers.csv, then a try on the emulator
  esignon-bulk init my-send
  cd my-send && esignon-bulk send signers.csv --sandbox
  # the starter sheet as an Excel workbook
  esignon-bulk init excel-send --xlsx
  # columns named after your template's fields (asks the account)
  esignon-bulk init my-send --online --xlsx`,
  'cli.emulator.description': 'run the local eSignon emulator on 127.0.0.1, for trying the tool and for CI',
  'cli.emulator.example': `
Examples:
  esignon-bulk emulator --port 8787
  esignon-bulk emulator --port 0 --latency 200 --fail-rate 0.1
  # then, in another terminal, in a folder made by \`esignon-bulk init\`:
  ESIGNON_API_URL=http://127.0.0.1:8787 ESIGNON_TOKEN=sandbox-token \\
    ESIGNON_COMP_ID=sandbox ESIGNON_MEMB_EMAIL=sender@sandbox.esignon.test \\
    ESIGNON_WORKFLOW_LIB_ID=SANDBOX-BULK-1 ESIGNON_DOC_ID=SANDBOX-DOC-1 \\
    esignon-bulk send signers.csv --yes`,
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
  'cli.opt.out': 'results file, .csv or .xlsx (default: beside the input, signers.csv → signers.results.csv, signers.xlsx → signers.results.xlsx)',
  'cli.opt.yes': 'send without asking for confirmation (required when not on a terminal)',
  'cli.opt.dry_run': 'check the file only (as validate does); send nothing',
  'cli.opt.preview_dry_run': 'with --dry-run: also show the first request, secrets masked',
  'cli.opt.preview': 'also show the first request as it would leave, secrets masked',
  'cli.preview_needs_dry_run': '--preview shows the request that --dry-run would send: add --dry-run (or use validate --preview)',
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
  'cli.opt.sheet': 'the sheet of an Excel workbook to read (default: the first)',
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
  'cli.login.description': 'get an access token (1001Q) and store it for later commands',
  'cli.login.example': `
Examples:
  # asks for the password; the account from esignon-bulk.config.json
  esignon-bulk login
  # the account on the command line (--client-id only if eSignon issued one)
  esignon-bulk login --comp-id acme --memb-email me@acme.example
  # for a CI secret store: the token on standard output
  esignon-bulk login --password-file pw.txt --print > token.txt`,
  'cli.templates.description': "list the account's bulk templates (1123Q) with their workflow_lib_id",
  'cli.templates.example': `
Examples:
  esignon-bulk templates
  esignon-bulk templates --all --folder my
  esignon-bulk templates --json | jq -r '.templates[].workflow_lib_id'
  # the sandbox's templates
  esignon-bulk templates --sandbox`,
  'cli.runs.description': 'list the sends recorded in your state folder: date, input, template, account, results file, counts',
  'cli.runs.example': `
Examples:
  esignon-bulk runs
  # the results files of runs with rows whose outcome is unknown
  esignon-bulk runs --json | jq '.runs[] | select(.counts.unknown > 0).results'`,
  'cli.opt.online': 'also check the account: token, template, and that every mapped field exists in the template',
  'cli.opt.no_preflight': 'skip the online checks of the token, template and fields before the first batch',
  'cli.bad_count': (p: { flag: string; value: string }) => `${p.flag} "${p.value}" must be a whole number (0 or more)`,
  'cli.bad_number': (p: { flag: string; value: string }) => `${p.flag} "${p.value}" must be a number (0 or more)`,
} as const;

export const ko: Translation<typeof en> = {
  ...followups.ko,
  ...sandbox.ko,
  'error.prefix': '오류',
  'error.bug': 'esignon-bulk의 버그입니다. 실행한 명령(비밀 정보 제외)과 함께 알려 주세요.',
  'cli.description': '서명자 CSV로 eSignon 전자계약을 대량 발송합니다 — 중복 없이, 결과 파일과 함께.',
  'cli.help_after': `
빠른 시작 (계정 없이):
  esignon-bulk init demo && cd demo && esignon-bulk send signers.csv --sandbox

종료 코드: 0 모두 완료 · 1 일부 행 실패/불명 또는 확인에서 거절
           2 사용법/설정 오류 · 3 행 오류 · 4 API가 발송을 중단
           5 진행 상황 기록 실패 · 130 중단됨 (이어서 가능)`,
  'cli.opt.help': '명령 도움말 보기',
  'cli.help_command': '명령의 도움말 보기 (<명령> --help와 같음)',
  'cli.help_more': (p) => `모든 옵션: esignon-bulk help ${p.command}`,
  'cli.help.options_term': '[옵션]',
  'cli.help.command_name': '명령',
  'cli.help.command_term': '[명령]',
  'cli.help.choices': '선택',
  'cli.help.default': '기본값',
  'cli.err.unknown_option': (p) => `오류: 알 수 없는 옵션 '${p.option}'`,
  'cli.err.unknown_command': (p) => `오류: 알 수 없는 명령 '${p.command}'`,
  'cli.err.missing_argument': (p) => `오류: 필수 인자 '${p.argument}'이(가) 없습니다`,
  'cli.err.too_many_arguments': (p) => `오류: 인자가 너무 많습니다: ${p.expected}개를 받는데 ${p.got}개가 주어졌습니다`,
  'cli.err.option_value_missing': (p) => `오류: 옵션 '${p.option}'에 값이 필요합니다`,
  'cli.err.invalid_choice': (p) => `오류: 옵션 '${p.option}'에 '${p.value}'은(는) 쓸 수 없습니다. 가능한 값: ${p.choices}`,
  'cli.err.did_you_mean': (p) => `(혹시 ${p.suggestions}${p.several ? ' 중 하나를' : '을(를)'} 찾으셨나요?)`,
  'cli.opt.version': '버전 출력',
  'cli.arg.csv': '서명자 CSV 파일 (표준 입력은 -)',
  'cli.arg.dir': '시작 파일을 쓸 폴더',
  'cli.send.description': '모든 행을 검사한 뒤 서명자를 배치로 발송(1410Q)하고 결과 CSV를 씁니다',
  'cli.send.example': `
예:
  # 내장 에뮬레이터로 시험 (실제 발송 없음)
  esignon-bulk send signers.csv --sandbox
  # 파일만 검사, 발송 안 함
  esignon-bulk send signers.csv --dry-run
  # 처음 5행만 시범 발송한 뒤 나머지 발송 (중복 발송 없음)
  esignon-bulk send signers.csv --limit 5
  esignon-bulk send signers.csv --resume
  # CI나 cron에서
  esignon-bulk send signers.csv --yes --json > send.json`,
  'cli.validate.description': '서명자 CSV의 모든 행을 검사해 문제를 알려 줍니다. 발송하지 않습니다 (send --dry-run과 같음)',
  'cli.validate.example': `
예:
  esignon-bulk validate signers.csv
  esignon-bulk validate signers.csv --online --preview
  esignon-bulk validate signers.xlsx --sheet 2월
  # 예제 파일을 샌드박스 서식으로 확인
  esignon-bulk validate templates/signers.csv --sandbox --online
  cat signers.csv | esignon-bulk validate - --json`,
  'cli.init.description': '시작용 esignon-bulk.config.json과 signers.csv를 만듭니다',
  'cli.init.example': `
예:
  # 시작용 설정과 signers.csv가 든 폴더를 만든 뒤 에뮬레이터로 시험
  esignon-bulk init my-send
  cd my-send && esignon-bulk send signers.csv --sandbox
  # 시작용 서명자 목록을 엑셀 통합 문서로
  esignon-bulk init excel-send --xlsx
  # 내 서식의 필드 이름으로 열을 만듦 (계정에 물음)
  esignon-bulk init my-send --online --xlsx`,
  'cli.emulator.description': '127.0.0.1에서 로컬 eSignon 에뮬레이터를 실행합니다 (시험과 CI용)',
  'cli.emulator.example': `
예:
  esignon-bulk emulator --port 8787
  esignon-bulk emulator --port 0 --latency 200 --fail-rate 0.1
  # 그다음 다른 터미널에서, \`esignon-bulk init\`으로 만든 폴더에서:
  ESIGNON_API_URL=http://127.0.0.1:8787 ESIGNON_TOKEN=sandbox-token \\
    ESIGNON_COMP_ID=sandbox ESIGNON_MEMB_EMAIL=sender@sandbox.esignon.test \\
    ESIGNON_WORKFLOW_LIB_ID=SANDBOX-BULK-1 ESIGNON_DOC_ID=SANDBOX-DOC-1 \\
    esignon-bulk send signers.csv --yes`,
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
  'cli.opt.out': '결과 파일, .csv 또는 .xlsx (기본: 입력 옆, signers.csv → signers.results.csv, signers.xlsx → signers.results.xlsx)',
  'cli.opt.yes': '확인 없이 발송 (터미널이 아닐 때 필수)',
  'cli.opt.dry_run': '파일만 검사하고 (validate와 같음) 발송하지 않음',
  'cli.opt.preview_dry_run': '--dry-run과 함께: 첫 요청도 보여 줌 (비밀 정보는 가림)',
  'cli.opt.preview': '첫 요청이 나갈 모습도 보여 줌 (비밀 정보는 가림)',
  'cli.preview_needs_dry_run': '--preview는 --dry-run이 보낼 요청을 보여 줍니다: --dry-run을 붙이세요 (또는 validate --preview)',
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
  'cli.opt.sheet': '엑셀 통합 문서에서 읽을 시트 (기본: 첫 시트)',
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
  'cli.login.description': '액세스 토큰을 받아(1001Q) 이후 명령을 위해 저장합니다',
  'cli.login.example': `
예:
  # 비밀번호를 물어봄. 계정은 esignon-bulk.config.json에서
  esignon-bulk login
  # 계정을 명령줄에서 지정 (클라이언트 ID는 eSignon이 발급한 경우에만)
  esignon-bulk login --comp-id acme --memb-email me@acme.example
  # CI 비밀 저장소용: 토큰을 표준 출력에
  esignon-bulk login --password-file pw.txt --print > token.txt`,
  'cli.templates.description': '계정의 대량발송 서식과 workflow_lib_id를 보여 줍니다 (1123Q)',
  'cli.templates.example': `
예:
  esignon-bulk templates
  esignon-bulk templates --all --folder my
  esignon-bulk templates --json | jq -r '.templates[].workflow_lib_id'
  # 샌드박스의 서식
  esignon-bulk templates --sandbox`,
  'cli.runs.description': '상태 폴더에 기록된 발송 작업을 보여 줍니다: 날짜, 입력, 서식, 계정, 결과 파일, 건수',
  'cli.runs.example': `
예:
  esignon-bulk runs
  # 결과가 불명인 행이 있는 작업의 결과 파일
  esignon-bulk runs --json | jq '.runs[] | select(.counts.unknown > 0).results'`,
  'cli.opt.online': '계정도 확인: 토큰, 서식, 매핑한 필드가 모두 서식에 있는지',
  'cli.opt.no_preflight': '첫 배치 전에 토큰, 서식, 필드를 온라인으로 확인하지 않음',
  'cli.bad_count': (p) => `${p.flag} "${p.value}": 0 이상의 정수여야 합니다`,
  'cli.bad_number': (p) => `${p.flag} "${p.value}": 0 이상의 숫자여야 합니다`,
};
