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
} as const;

export const ko: Translation<typeof en> = {
  'safety.no_answer': (p) => `배치 ${p.count}개에 연달아 응답이 없었습니다 (${p.reason}). 그 뒤로는 어떤 배치도 보내지 않았습니다`,
  'safety.stopped': (p) => `발송을 멈췄습니다: ${p.message}`,
};
