import type { Translation } from '../i18n.js';

type Earlier = { input: string; date: string; template: string; sender: string; comp_id: string; results: string; sent: number; unknown: number };
type RunCounts = { sent: number; failed: number; unknown: number; not_sent: number };

export const en = {
  'runs.unreadable': (p: { dir: string; reason: string }) =>
    `the record of past sends in ${p.dir} cannot be read (${p.reason}): whether this file was sent before is not checked`,
  'runs.write_failed': (p: { dir: string; reason: string }) =>
    `this send cannot be recorded in ${p.dir} (${p.reason}): sending the same file again from elsewhere will not be caught`,
  'runs.already_sent': (p: Earlier) =>
    `${p.input} was already sent with template ${p.template} as ${p.sender} (company ${p.comp_id}) on ${p.date}: ${p.sent} sent${p.unknown > 0 ? `, ${p.unknown} unknown` : ''} (results: ${p.results}). Sending it again gives everyone in it a second contract; nothing was sent`,
  'runs.already_sent_unfinished': (p: Earlier) =>
    `${p.input} was already sent with template ${p.template} as ${p.sender} (company ${p.comp_id}) on ${p.date}, by a run that has not ended (it is still running, or stopped before writing its results ${p.results}). Sending it again may give everyone in it a second contract; nothing was sent`,
  'runs.same_content': (p: { input: string; earlier: string }) => `${p.input} has the same content as ${p.earlier}`,
  'runs.hint_resume': (p: { command: string }) => `to continue that run (nothing is sent twice): ${p.command}`,
  'runs.hint_again': () => 'to send every row a second time on purpose: add --again',
  'runs.hint_list': () => '`esignon-bulk runs` lists the recorded sends',
  'runs.none': (p: { dir: string }) => `no sends recorded in ${p.dir} yet`,
  'runs.where': (p: { count: number; dir: string }) => `${p.count} send${p.count === 1 ? '' : 's'} recorded in ${p.dir}`,
  'runs.skipped_files': (p: { count: number }) => `${p.count} file${p.count === 1 ? ' is' : 's are'} not a readable record and ${p.count === 1 ? 'was' : 'were'} left out`,
  'runs.col.started': 'started',
  'runs.col.input': 'input',
  'runs.col.template': 'template',
  'runs.col.account': 'account',
  'runs.col.results': 'results',
  'runs.col.counts': 'rows',
  'runs.not_ended': 'not ended (running, or stopped)',
  'runs.counts': (p: RunCounts) =>
    `${p.sent} sent${p.failed ? `, ${p.failed} failed` : ''}${p.unknown ? `, ${p.unknown} unknown` : ''}${p.not_sent ? `, ${p.not_sent} not sent` : ''}`,
} as const;

export const ko: Translation<typeof en> = {
  'runs.unreadable': (p) => `${p.dir}의 발송 기록을 읽을 수 없습니다 (${p.reason}): 이 파일을 전에 보냈는지 확인하지 않습니다`,
  'runs.write_failed': (p) => `이 발송을 ${p.dir}에 기록할 수 없습니다 (${p.reason}): 같은 파일을 다른 곳에서 다시 보내도 막지 못합니다`,
  'runs.already_sent': (p) =>
    `${p.input}은(는) ${p.date}에 ${p.sender}(회사 ${p.comp_id}) 계정으로 서식 ${p.template}에 이미 보냈습니다: 발송 ${p.sent}${p.unknown > 0 ? `, 불명 ${p.unknown}` : ''} (결과: ${p.results}). 다시 보내면 모두에게 계약이 한 번 더 갑니다. 아무것도 보내지 않았습니다`,
  'runs.already_sent_unfinished': (p) =>
    `${p.input}은(는) ${p.date}에 ${p.sender}(회사 ${p.comp_id}) 계정으로 서식 ${p.template}에 보내기 시작했고, 그 작업은 끝나지 않았습니다 (아직 실행 중이거나, 결과 ${p.results}을(를) 쓰기 전에 멈췄습니다). 다시 보내면 모두에게 계약이 한 번 더 갈 수 있습니다. 아무것도 보내지 않았습니다`,
  'runs.same_content': (p) => `${p.input}은(는) ${p.earlier}와(과) 내용이 같습니다`,
  'runs.hint_resume': (p) => `그 작업을 이어서 하려면 (중복 발송 없음): ${p.command}`,
  'runs.hint_again': () => '모든 행에 일부러 한 번 더 보내려면: --again을 붙이세요',
  'runs.hint_list': () => '`esignon-bulk runs`로 기록된 발송을 볼 수 있습니다',
  'runs.none': (p) => `${p.dir}에 기록된 발송이 아직 없습니다`,
  'runs.where': (p) => `${p.dir}에 기록된 발송 ${p.count}건`,
  'runs.skipped_files': (p) => `읽을 수 있는 기록이 아닌 파일 ${p.count}개는 뺐습니다`,
  'runs.col.started': '시작',
  'runs.col.input': '입력',
  'runs.col.template': '서식',
  'runs.col.account': '계정',
  'runs.col.results': '결과',
  'runs.col.counts': '행',
  'runs.not_ended': '끝나지 않음 (실행 중이거나 멈춤)',
  'runs.counts': (p) => `발송 ${p.sent}${p.failed ? `, 실패 ${p.failed}` : ''}${p.unknown ? `, 불명 ${p.unknown}` : ''}${p.not_sent ? `, 미발송 ${p.not_sent}` : ''}`,
};
