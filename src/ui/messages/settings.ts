import type { Translation } from '../i18n.js';

export const en = {
  'settings.invalid_email': (p: { source: string; value: string }) => `${p.source}: "${p.value}" is not an email address`,
  'settings.missing': (p: { count: number }) => `${p.count === 1 ? 'A required setting is' : 'Required settings are'} missing:`,
  'settings.missing_one': (p: { key: string; flag: string; env: string; file: string }) =>
    `  ${p.key}: set ${p.flag}${p.env ? `, ${p.env}` : ''} or "${p.key}" in ${p.file}`,
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
  'settings.token_missing': () =>
    'no access token: set ESIGNON_TOKEN, give --token-file FILE, or run `esignon-bulk login` first (try `--sandbox` to send to the built-in emulator)',
  'settings.token_file_unreadable': (p: { path: string; reason: string }) => `cannot read token file ${p.path}: ${p.reason}`,
  'settings.token_file_empty': (p: { path: string }) => `token file ${p.path} is empty`,
} as const;

export const ko: Translation<typeof en> = {
  'settings.invalid_email': (p) => `${p.source}: "${p.value}"은(는) 이메일 주소가 아닙니다`,
  'settings.missing': () => '필수 설정이 없습니다:',
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
  'settings.token_missing': () =>
    '액세스 토큰이 없습니다: ESIGNON_TOKEN을 설정하거나 --token-file FILE을 지정하거나 먼저 `esignon-bulk login`을 실행하세요 (`--sandbox`로 내장 에뮬레이터에 보내 볼 수 있습니다)',
  'settings.token_file_unreadable': (p) => `토큰 파일 ${p.path}을(를) 읽을 수 없습니다: ${p.reason}`,
  'settings.token_file_empty': (p) => `토큰 파일 ${p.path}이(가) 비어 있습니다`,
};
