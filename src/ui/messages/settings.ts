import type { Translation } from '../i18n.js';

export const en = {
  'settings.invalid_email': (p: { source: string; value: string }) => `${p.source}: "${p.value}" is not an email address`,
  'settings.missing': (p: { count: number }) => `${p.count === 1 ? 'A required setting is' : 'Required settings are'} missing:`,
  'settings.missing_one': (p: { key: string; flag: string; env: string; file: string }) =>
    `  ${p.key}: set ${p.flag}${p.env ? `, ${p.env}` : ''} or "${p.key}" in ${p.file}`,
  'settings.placeholders': (p: { count: number }) =>
    `${p.count === 1 ? 'A setting still holds the example value' : 'Settings still hold the example values'} that \`esignon-bulk init\` wrote; edit ${p.count === 1 ? 'it' : 'them'} first:`,
  'settings.placeholder_one': (p: { where: string; key: string; value: string; hint: string }) => `${p.where}: ${p.key} "${p.value}": ${p.hint}`,
  'settings.placeholder_hint.comp_id': 'put your eSignon company ID here',
  'settings.placeholder_hint.memb_email': 'put the email address you log in to eSignon with here',
  'settings.placeholder_hint.workflow_lib_id': 'put your bulk template\'s workflow_lib_id here (`esignon-bulk templates` lists them)',
  'settings.placeholder_hint.doc_id': "put the ID of your template's document here (`esignon-bulk validate FILE --online` checks it)",
  'settings.config_missing': (p: { path: string }) => `config file ${p.path} does not exist (given with --config)`,
  'settings.config_unreadable': (p: { path: string; reason: string }) => `cannot read config file ${p.path}: ${p.reason}`,
  'settings.config_not_json': (p: { path: string; reason: string }) => `config file ${p.path} is not valid JSON: ${p.reason}`,
  'settings.config_invalid': (p: { path: string }) => `config file ${p.path} has problems:`,
  'settings.unknown_keys': (p: { keys: string }) => `unknown key ${p.keys} (check the spelling against the README's config reference)`,
  'settings.bad_number': (p: { option: string; value: string; min: number; max: number }) =>
    `${p.option} "${p.value}" must be a number from ${p.min} to ${p.max}`,
  'settings.bad_url': (p: { source: string; value: string }) => `${p.source}: "${p.value}" is not a URL`,
  'settings.http_refused': (p: { source: string; value: string }) =>
    `${p.source}: "${p.value}" uses http://, which would send the token unencrypted; use https:// (http:// is allowed only for 127.0.0.1/localhost, the emulator)`,
  'settings.url_credentials': (p: { source: string; value: string }) =>
    `${p.source}: "${p.value}" holds a user name or password; an API URL must not (they would be shown and sent in place of the token). Give the URL without them and the token with ESIGNON_TOKEN, --token-file or \`esignon-bulk login\``,
  'settings.token_missing': () =>
    'no access token: set ESIGNON_TOKEN, give --token-file FILE, or run `esignon-bulk login` first (or add `--sandbox` to try the command on the built-in sandbox, with no account)',
  'settings.token_file_unreadable': (p: { path: string; reason: string }) => `cannot read token file ${p.path}: ${p.reason}`,
  'settings.token_file_empty': (p: { path: string }) => `token file ${p.path} is empty`,
  'settings.token_bad': (p: { source: string; problem: string }) => `the token from ${p.source} cannot be used: ${p.problem}. Nothing was sent`,
  'settings.token_is_json': () => 'it is a JSON document, not a token',
  'settings.token_lines': (p: { lines: number }) => `it has ${p.lines} lines; a token is a single line`,
  'settings.token_space': (p: { position: number }) => `it contains a space or a tab (character ${p.position})`,
  'settings.token_char': (p: { position: number; code: string }) =>
    `it contains a character no token has (${p.code} at character ${p.position}): only visible ASCII letters, digits and signs`,
  'settings.token_fix_file': (p: { path: string }) =>
    `put the token alone on one line in ${p.path} (e.g. the output of \`esignon-bulk login --print\`)`,
  'settings.token_fix_json_field': (p: { path: string; field: string }) =>
    `this looks like a saved login: its "${p.field}" field is the token. Put that value alone in ${p.path}, or drop --token-file and use \`esignon-bulk login\` (commands then find the token by themselves)`,
  'settings.token_fix_env': () => 'set ESIGNON_TOKEN to the token alone (e.g. the output of `esignon-bulk login --print`)',
  'settings.token_fix_login': () => 'the token stored by `esignon-bulk login` is damaged: run `esignon-bulk login` again',
} as const;

export const ko: Translation<typeof en> = {
  'settings.invalid_email': (p) => `${p.source}: "${p.value}"은(는) 이메일 주소가 아닙니다`,
  'settings.missing': () => '필수 설정이 없습니다:',
  'settings.placeholders': () => '`esignon-bulk init`이 써 둔 예시 값이 설정에 그대로 있습니다. 먼저 고치세요:',
  'settings.placeholder_one': (p) => `${p.where}: ${p.key} "${p.value}": ${p.hint}`,
  'settings.placeholder_hint.comp_id': '여기에 eSignon 회사 ID를 넣으세요',
  'settings.placeholder_hint.memb_email': '여기에 eSignon에 로그인하는 이메일 주소를 넣으세요',
  'settings.placeholder_hint.workflow_lib_id': '여기에 대량발송 서식의 workflow_lib_id를 넣으세요 (`esignon-bulk templates`로 볼 수 있습니다)',
  'settings.placeholder_hint.doc_id': '여기에 서식 문서의 ID를 넣으세요 (`esignon-bulk validate 파일 --online`으로 확인합니다)',
  'settings.missing_one': (p) => `  ${p.key}: ${p.flag}${p.env ? `, ${p.env}` : ''} 또는 ${p.file}의 "${p.key}"로 지정하세요`,
  'settings.config_missing': (p) => `설정 파일 ${p.path}이(가) 없습니다 (--config로 지정됨)`,
  'settings.config_unreadable': (p) => `설정 파일 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'settings.config_not_json': (p) => `설정 파일 ${p.path}이(가) 올바른 JSON이 아닙니다: ${p.reason}`,
  'settings.config_invalid': (p) => `설정 파일 ${p.path}에 문제가 있습니다:`,
  'settings.unknown_keys': (p) => `알 수 없는 키 ${p.keys} (README의 설정 항목과 철자를 확인하세요)`,
  'settings.bad_number': (p) => `${p.option} "${p.value}": ${p.min}에서 ${p.max} 사이의 숫자여야 합니다`,
  'settings.bad_url': (p) => `${p.source}: "${p.value}"은(는) URL이 아닙니다`,
  'settings.http_refused': (p) =>
    `${p.source}: "${p.value}"은(는) http://를 사용하므로 토큰이 암호화되지 않고 전송됩니다. https://를 사용하세요 (http://는 127.0.0.1/localhost, 즉 에뮬레이터에만 허용됩니다)`,
  'settings.url_credentials': (p) =>
    `${p.source}: "${p.value}"에 사용자 이름이나 비밀번호가 들어 있습니다. API URL에는 넣을 수 없습니다 (화면에 보이고 토큰 대신 전송됩니다). URL은 그것 없이 쓰고, 토큰은 ESIGNON_TOKEN, --token-file 또는 \`esignon-bulk login\`으로 주세요`,
  'settings.token_missing': () =>
    '액세스 토큰이 없습니다: ESIGNON_TOKEN을 설정하거나 --token-file FILE을 지정하거나 먼저 `esignon-bulk login`을 실행하세요 (계정 없이 시험하려면 `--sandbox`를 붙여 내장 샌드박스에서 실행하세요)',
  'settings.token_file_unreadable': (p) => `토큰 파일 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'settings.token_file_empty': (p) => `토큰 파일 ${p.path}이(가) 비어 있습니다`,
  'settings.token_bad': (p) => `${p.source}의 토큰을 쓸 수 없습니다: ${p.problem}. 아무것도 발송하지 않았습니다`,
  'settings.token_is_json': () => '토큰이 아니라 JSON 문서입니다',
  'settings.token_lines': (p) => `${p.lines}줄입니다. 토큰은 한 줄입니다`,
  'settings.token_space': (p) => `공백이나 탭이 들어 있습니다 (${p.position}번째 문자)`,
  'settings.token_char': (p) => `토큰에 있을 수 없는 문자가 들어 있습니다 (${p.position}번째 문자 ${p.code}): 영문자, 숫자, 기호(ASCII)만 쓸 수 있습니다`,
  'settings.token_fix_file': (p) => `${p.path}에 토큰만 한 줄로 넣으세요 (예: \`esignon-bulk login --print\`의 출력)`,
  'settings.token_fix_json_field': (p) =>
    `저장된 로그인 정보로 보입니다: "${p.field}" 항목이 토큰입니다. 그 값만 ${p.path}에 넣거나, --token-file 없이 \`esignon-bulk login\`을 쓰세요 (명령이 토큰을 알아서 찾습니다)`,
  'settings.token_fix_env': () => 'ESIGNON_TOKEN에 토큰만 넣으세요 (예: `esignon-bulk login --print`의 출력)',
  'settings.token_fix_login': () => '`esignon-bulk login`이 저장한 토큰이 손상되었습니다: `esignon-bulk login`을 다시 실행하세요',
};
