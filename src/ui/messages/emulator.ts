import type { Translation } from '../i18n.js';

export const en = {
  'emulator.listening': (p: { url: string }) => `eSignon emulator listening on ${p.url} (this computer only; state kept in memory)`,
  'emulator.listening_state': (p: { url: string; file: string }) =>
    `eSignon emulator listening on ${p.url} (this computer only; documents kept in ${p.file})`,
  'emulator.customer_b_template': (p: { lib: string; doc: string; fields: string }) =>
    `  "2단계 C" template (signer, then customer B in customer_list): ${p.lib}, doc_id ${p.doc} (fields: ${p.fields})`,
  'emulator.state_unusable': (p: { file: string; reason: string }) => `cannot use the emulator state file ${p.file}: ${p.reason}`,
  'emulator.state_hint': 'Move the file away (or delete it) to start with an empty sandbox, or give another file with --state.',
  'emulator.account': 'Sandbox account (test values; the token works only with this emulator):',
  'emulator.use': 'Point esignon-bulk at it: paste these lines into another terminal, then run e.g. `esignon-bulk send signers.csv --yes` there:',
  'emulator.faults': (p: { faults: string }) => `Faults switched on: ${p.faults}`,
  'emulator.control': (p: { url: string }) =>
    `Control: GET ${p.url}/__emulator/state, POST ${p.url}/__emulator/faults, POST ${p.url}/__emulator/reset`,
  'emulator.stop_hint': 'Press Ctrl-C to stop.',
  'emulator.stopped': 'emulator stopped',
  'emulator.bad_faults_json': (p: { error: string }) => `--faults is not valid JSON: ${p.error}`,
  'emulator.bad_faults': (p: { problems: string }) => `invalid --faults: ${p.problems}`,
  'emulator.faults_hint': (p: { faults: string }) => `known faults: ${p.faults}`,
  'emulator.bad_option': (p: { flag: string; value: string; expected: string }) =>
    `${p.flag} must be ${p.expected}, not ${p.value}`,
  'emulator.expect_port': 'a whole number from 0 to 65535 (0 = any free port)',
  'emulator.expect_ms': 'a whole number of milliseconds, 0 or more',
  'emulator.expect_rate': 'a number from 0 to 1',
  'emulator.expect_count': 'a whole number, 0 or more',
  'emulator.expect_integer': 'a whole number',
  'emulator.port_in_use': (p: { port: number }) =>
    `port ${p.port} is already in use: choose another with --port, or --port 0 for any free port`,
  'emulator.port_denied': (p: { port: number }) => `not allowed to listen on port ${p.port}: choose a port above 1023`,
} as const;

export const ko: Translation<typeof en> = {
  'emulator.listening': (p) => `eSignon 에뮬레이터가 ${p.url} 에서 실행 중입니다 (이 컴퓨터에서만 접속 가능, 상태는 메모리에만 보관)`,
  'emulator.listening_state': (p) => `eSignon 에뮬레이터가 ${p.url} 에서 실행 중입니다 (이 컴퓨터에서만 접속 가능, 문서는 ${p.file}에 보관)`,
  'emulator.customer_b_template': (p) =>
    `  "2단계 C" 서식 (서명자 다음 customer_list의 고객 B): ${p.lib}, doc_id ${p.doc} (필드: ${p.fields})`,
  'emulator.state_unusable': (p) => `에뮬레이터 상태 파일 ${p.file}을(를) 쓸 수 없습니다: ${p.reason}`,
  'emulator.state_hint': '빈 샌드박스로 시작하려면 파일을 옮기거나 지우세요. 또는 --state로 다른 파일을 지정하세요.',
  'emulator.account': '샌드박스 계정 (테스트용 값이며, 토큰은 이 에뮬레이터에서만 유효합니다):',
  'emulator.use': 'esignon-bulk가 이 에뮬레이터를 쓰게 하려면 다른 터미널에 다음 줄을 붙여 넣은 뒤, 그곳에서 예를 들어 `esignon-bulk send signers.csv --yes`를 실행하세요:',
  'emulator.faults': (p) => `켜진 장애 시뮬레이션: ${p.faults}`,
  'emulator.control': (p) =>
    `제어: GET ${p.url}/__emulator/state, POST ${p.url}/__emulator/faults, POST ${p.url}/__emulator/reset`,
  'emulator.stop_hint': '멈추려면 Ctrl-C를 누르세요.',
  'emulator.stopped': '에뮬레이터를 멈췄습니다',
  'emulator.bad_faults_json': (p) => `--faults 값이 올바른 JSON이 아닙니다: ${p.error}`,
  'emulator.bad_faults': (p) => `--faults 값이 올바르지 않습니다: ${p.problems}`,
  'emulator.faults_hint': (p) => `사용할 수 있는 장애: ${p.faults}`,
  'emulator.bad_option': (p) => `${p.flag} 값은 ${p.expected}여야 합니다 (입력값: ${p.value})`,
  'emulator.expect_port': '0부터 65535 사이의 정수 (0 = 비어 있는 아무 포트)',
  'emulator.expect_ms': '0 이상의 정수(밀리초)',
  'emulator.expect_rate': '0부터 1 사이의 수',
  'emulator.expect_count': '0 이상의 정수',
  'emulator.expect_integer': '정수',
  'emulator.port_in_use': (p) =>
    `포트 ${p.port}은(는) 이미 사용 중입니다: --port로 다른 포트를 지정하거나, --port 0으로 비어 있는 포트를 쓰세요`,
  'emulator.port_denied': (p) => `포트 ${p.port}에서 실행할 권한이 없습니다: 1023보다 큰 포트를 쓰세요`,
};
