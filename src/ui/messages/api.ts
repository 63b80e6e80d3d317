/**
 * What an eSignon result code (or `http_401`, `unreachable`) means and what to do
 * next: printed under a stop of `send` and a failed call of the other commands.
 */
import { getLang, type Translation } from '../i18n.js';

export const en = {
  'code.-1': 'the server could not parse the request (-1): this is a bug in esignon-bulk or an API change; report it with --verbose output',
  'code.10': 'the bulk template (workflow_lib_id) does not exist (10): check it with `esignon-bulk templates`',
  'code.11': 'the request failed (11): the batch was not created; --resume --retry-failed tries it again',
  'code.12': 'the account storage is full (12): free space in eSignon, then send the rest with --resume',
  'code.13': 'the document count limit of the plan was reached (13): check the plan, or send the remaining rows later with --resume',
  'code.14': 'the subscription has expired (14): renew it, then send the rest with --resume',
  'code.15': "the sender's settings are not valid (15): check comp_id and memb_email (the template's manager)",
  'code.94': 'the access key is not valid (94): run `esignon-bulk login` for a new token',
  'code.99': 'the server had an unexpected error (99): try again later',
  'code.http_401': 'the token was rejected (HTTP 401): it may have expired; run `esignon-bulk login`, then --resume',
  'code.http_403': 'access denied (HTTP 403): check the account and token; run `esignon-bulk login`, then --resume',
  'code.unreachable': 'the eSignon API could not be reached: check the network and api_url, then --resume',
  'code.no_answer':
    'the server stopped answering (each batch timed out or lost its connection): check the network and whether eSignon is up, then --resume sends the rest. The rows without an answer may have been created: check them in eSignon before --retry-unknown',
};

export const ko: Translation<typeof en> = {
  'code.-1': '서버가 요청을 해석하지 못했습니다 (-1): esignon-bulk의 버그이거나 API가 바뀐 것입니다. --verbose 출력과 함께 알려 주세요',
  'code.10': '대량발송 서식(workflow_lib_id)이 없습니다 (10): `esignon-bulk templates`로 확인하세요',
  'code.11': '요청이 실패했습니다 (11): 이 배치는 만들어지지 않았습니다. --resume --retry-failed로 다시 시도하세요',
  'code.12': '허용된 저장 용량을 초과했습니다 (12): eSignon에서 공간을 확보한 뒤 남은 행은 --resume으로 보내세요',
  'code.13': '문서 발송 가능 건수를 초과했습니다 (13): 요금제를 확인하거나 남은 행은 --resume으로 나중에 보내세요',
  'code.14': '이용 기간이 만료되었습니다 (14): 갱신한 뒤 남은 행은 --resume으로 보내세요',
  'code.15': '작성자 설정이 올바르지 않습니다 (15): comp_id와 memb_email(서식의 담당자)을 확인하세요',
  'code.94': '인증 키가 올바르지 않습니다 (94): `esignon-bulk login`으로 새 토큰을 받으세요',
  'code.99': '서버에서 예기치 않은 오류가 났습니다 (99): 나중에 다시 시도하세요',
  'code.http_401': '토큰이 거부되었습니다 (HTTP 401): 만료되었을 수 있습니다. `esignon-bulk login` 후 --resume 하세요',
  'code.http_403': '접근이 거부되었습니다 (HTTP 403): 계정과 토큰을 확인하고 `esignon-bulk login` 후 --resume 하세요',
  'code.unreachable': 'eSignon API에 연결할 수 없습니다: 네트워크와 api_url을 확인한 뒤 --resume 하세요',
  'code.no_answer':
    '서버가 응답하지 않습니다 (배치마다 시간 초과 또는 연결 끊김): 네트워크와 eSignon 상태를 확인한 뒤 --resume으로 나머지를 보내세요. 응답이 없던 행은 만들어졌을 수 있으니 --retry-unknown 전에 eSignon에서 확인하세요',
};

const CODE_KEYS = new Set(Object.keys(en));

/** A short explanation and next step for an eSignon result code (or `http_401`, `unreachable`), in the current language. */
export function explainResultCode(code: string): string | undefined {
  const key = `code.${code}`;
  if (!CODE_KEYS.has(key)) return undefined;
  return (getLang() === 'ko' ? ko : en)[key as keyof typeof en];
}
