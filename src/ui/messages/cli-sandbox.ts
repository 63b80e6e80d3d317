/**
 * The command line's texts of `--sandbox` and of `sandbox sign` / `sandbox reset`: part
 * of the start-up catalogue (cli.ts spreads them into its own), kept apart so that
 * cli.ts stays readable. Their keys are `cli.` ones, as cli.ts's.
 */
import type { Translation } from '../i18n.js';

export const en = {
  'cli.opt.sandbox': 'use the built-in sandbox: an emulator with a sandbox account, its documents kept between commands in your state folder (nothing real is sent; no account or token needed)',
  'cli.opt.init_sandbox': 'with --online: the fields of the sandbox template',
  'cli.opt.init_online': "name the sheet's field columns after your template's fields (its document: doc_id, else workflow_lib_id's), asking the account",
  'cli.opt.sign_rows': "only these rows (the results file's row numbers), e.g. 1,3-4 (default: every sent document)",
  'cli.sandbox.description': 'the built-in sandbox of --sandbox: sign its documents as their signers would, or forget them all',
  'cli.sandbox sign.description': 'sign the documents of a sandbox results file as their signers would: they become Complete',
  'cli.sandbox sign.example': `
Examples:
  # the document of row 1 signed, then seen by status
  esignon-bulk sandbox sign demo.results.csv --rows 1
  esignon-bulk status demo.results.csv --sandbox
  # every document of the file still waiting for a signature
  esignon-bulk sandbox sign demo.results.csv`,
  'cli.sandbox reset.description': "forget the sandbox's documents: the next --sandbox command starts with none",
  'cli.sandbox reset.example': `
Example:
  esignon-bulk sandbox reset`,
  'cli.arg.sign_results': 'the results file (CSV or .xlsx) that send --sandbox wrote',
} as const;

export const ko: Translation<typeof en> = {
  'cli.opt.sandbox': '내장 샌드박스 사용: 샌드박스 계정의 에뮬레이터로, 문서는 명령 사이에 상태 폴더에 보관 (실제 발송 없음, 계정이나 토큰 불필요)',
  'cli.opt.init_sandbox': '--online과 함께: 샌드박스 서식의 필드',
  'cli.opt.init_online': '시트의 필드 열 이름을 계정에 물어 내 서식의 필드로 정함 (문서: doc_id, 없으면 workflow_lib_id의 문서)',
  'cli.opt.sign_rows': '이 행만 (결과 파일의 row 번호), 예: 1,3-4 (기본: 발송된 모든 문서)',
  'cli.sandbox.description': '--sandbox의 내장 샌드박스: 서명자처럼 문서에 서명하거나 문서를 모두 지웁니다',
  'cli.sandbox sign.description': '샌드박스 결과 파일의 문서에 서명자처럼 서명합니다: 문서가 Complete가 됩니다',
  'cli.sandbox sign.example': `
예:
  # 1행의 문서에 서명한 뒤 status로 확인
  esignon-bulk sandbox sign demo.results.csv --rows 1
  esignon-bulk status demo.results.csv --sandbox
  # 파일에서 아직 서명을 기다리는 모든 문서
  esignon-bulk sandbox sign demo.results.csv`,
  'cli.sandbox reset.description': '샌드박스의 문서를 지웁니다: 다음 --sandbox 명령은 문서 없이 시작합니다',
  'cli.sandbox reset.example': `
예:
  esignon-bulk sandbox reset`,
  'cli.arg.sign_results': 'send --sandbox가 쓴 결과 파일 (CSV 또는 .xlsx)',
};
