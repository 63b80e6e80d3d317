import type { Translation } from '../i18n.js';

export const en = {
  'error.prefix': 'error',
  'error.bug': 'This is a bug in esignon-bulk. Please report it with the command you ran (without secrets).',
} as const;

export const ko: Translation<typeof en> = {
  'error.prefix': '오류',
  'error.bug': 'esignon-bulk의 버그입니다. 실행한 명령(비밀 정보 제외)과 함께 알려 주세요.',
};
