import type { Translation } from '../i18n.js';

type Counts = { sent: number; failed: number; invalid: number; unknown: number; not_sent: number; skipped_duplicate: number };
type Progress = { done: number; total: number; sent: number; failed: number; unknown: number };

export const en = {
  'send.needs_yes': () =>
    'standard input is not a terminal, so nobody can confirm this send: add --yes to send without asking (or --dry-run to only check the file)',
  'send.stdin_needs_out': () => 'reading the CSV from standard input: give --out FILE for the results',
  'send.header_problems': (p: { file: string; count: number }) =>
    `${p.file}: the header does not fit the mapping (${p.count} problem${p.count === 1 ? '' : 's'}); nothing was sent:`,
  'send.no_rows': (p: { file: string }) => `${p.file} has no data rows; nothing to send`,
  'send.invalid_rows': (p: { count: number; shown: number }) =>
    `${p.count} row${p.count === 1 ? ' has' : 's have'} problems; nothing was sent. ${p.shown === 1 ? 'The problem' : `The first ${p.shown}`}:`,
  'send.more_problems': (p: { count: number }) => `… and ${p.count} more problem${p.count === 1 ? '' : 's'}, listed above`,
  'send.invalid_rows_hint': () => 'fix the rows and run again, or add --skip-invalid to send only the valid rows',
  'send.confirm': (p: { count: number; template: string; sender: string; comp_id: string; url: string }) =>
    `About to send ${p.count} contract${p.count === 1 ? '' : 's'} with template ${p.template} as ${p.sender} (company ${p.comp_id}) via ${p.url}. Send?`,
  'send.cancelled': 'not sent: cancelled at the prompt',
  'send.ignored_columns': (p: { columns: string }) => `these columns are not used by the mapping: ${p.columns}`,
  'send.title_from_template': "(the template's name, read by the online check)",
  'send.title_fallback': (p: { title: string }) =>
    `the documents have no title of their own and the template's name is not known (the online check did not run): they are titled "${p.title}". Set "workflow_name" in the config to choose a title`,
  'send.preview': (p: { batches: number; shown: number; size: number }) =>
    `First request (1 of ${p.batches}; ${p.shown} of its ${p.size} signers shown; secrets masked):`,
  'send.validation_summary': (p: { rows: number; valid: number; invalid: number; duplicates: number }) =>
    `${p.rows} rows: ${p.valid} valid, ${p.invalid} invalid, ${p.duplicates} duplicate`,
  'send.validation_failed': (p: { count: number; shown: number }) =>
    `${p.count} row${p.count === 1 ? ' has' : 's have'} problems; fix ${p.count === 1 ? 'it' : 'them'} before sending (or send --skip-invalid to send only the valid rows). ${p.shown === 1 ? 'The problem' : `The first ${p.shown}`}:`,
  'send.preview_hint': () => 'every row is valid; --preview shows the first request as it would leave',
  'send.resume_input_changed': () => 'the input file is not the one this run started with',
  'send.resume_settings_changed': () => 'the template, account, mapping or comment changed since this run started',
  'send.resume_mismatch': (p: { path: string }) =>
    `cannot resume with ${p.path}: rows would be matched to the wrong people. Use the original file and settings, or --force if you are sure:`,
  'send.resume_forced': () => 'resuming although the settings changed (--force)',
  'send.rematch_v1': (p: { path: string }) =>
    `cannot resume ${p.path} with a changed input: an older version of esignon-bulk began this journal without recording what each row held, so the rows of the new file cannot be matched to what was sent without risking a second contract`,
  'send.rematch_v1_hint': () =>
    'resume with the file the run began with to finish it; then put only the new or changed rows in a file of their own and send that to another --out',
  'send.rematch_summary': (p: { kept: number; moved: number; skipped: number; gone: number }) =>
    `the input changed since this run began (--force): rows are matched by contact and values, not by row number. ${p.kept} keep their result (${p.moved} at another row number), ${p.skipped} are not sent because their contact already has a document made with other values, ${p.gone} sent earlier are no longer in the file`,
  'send.rematch_moved': (p: { row: number; old: number }) => `row ${p.row} was row ${p.old}: its result is kept`,
  'send.rematch_skipped': (p: { row: number }) =>
    `not sent: this contact already has a document (or may have) from row ${p.row} of the earlier input, made with other values; --again sends a second contract`,
  'send.rematch_skipped_earlier': () =>
    'not sent: this contact already has a document (or may have) from an earlier version of the input; --again sends a second contract',
  'send.rematch_example': (p: { row: number; message: string }) => `row ${p.row}: ${p.message}`,
  'send.force_earlier': (p: { date: string; rows: number; sent: number; unknown: number; count: number }) =>
    `--force starts over: the run in these results (begun ${p.date}) already sent ${p.sent} of its ${p.rows} row${p.rows === 1 ? '' : 's'}${p.unknown > 0 ? ` (${p.unknown} more unknown)` : ''}; starting over sends ${p.count} row${p.count === 1 ? '' : 's'} now, and that run's journal is kept aside`,
  'send.force_earlier_unreadable': (p: { journal: string; count: number }) =>
    `--force starts over: ${p.journal} cannot be read, so how many rows it already sent is not known; starting over sends ${p.count} row${p.count === 1 ? '' : 's'} now, and that journal is kept aside`,
  'send.resume_no_journal': (p: { results: string; journal: string }) =>
    `cannot resume: ${p.results} exists but its journal ${p.journal} does not, so what was sent is not known. Use another --out, or --force to start over`,
  'send.results_exist': (p: { path: string }) =>
    `${p.path} already exists: add --resume to continue that run (nothing is sent twice), choose another --out, or --force to start over`,
  'send.old_journal_kept': (p: { path: string }) => `--force: the previous run's journal is kept as ${p.path}`,
  'send.locked': (p: { path: string; pid: number }) =>
    `another esignon-bulk (PID ${p.pid}) is using these results (${p.path}); wait for it to finish`,
  'send.interrupt_first': (p: { signal: string }) =>
    `${p.signal}: no new batch will start; waiting for the batches in flight to finish (press Ctrl-C again to quit at once)`,
  'send.interrupt_second': () => 'stopped at once; rows of batches in flight are recorded as unknown',
  'send.resume_hint': (p: { command: string }) => `to continue: ${p.command}`,
  'send.starting': (p: { count: number; batches: number }) =>
    `sending ${p.count} signer${p.count === 1 ? '' : 's'} in ${p.batches} batch${p.batches === 1 ? '' : 'es'}`,
  'send.progress': (p: Progress) =>
    `batch ${p.done}/${p.total}: ${p.sent} sent, ${p.failed} failed${p.unknown ? `, ${p.unknown} unknown` : ''}`,
  'send.not_sent': () => 'not sent',
  'send.not_sent_interrupted': () => 'not sent: interrupted; resume to send',
  'send.not_sent_journal': () => 'not sent: progress could not be recorded; resume to send',
  'send.not_sent_stopped': (p: { reason: string }) => `not sent: the run stopped (${p.reason}); resume to send`,
  'send.not_sent_limit': (p: { limit: number }) => `not sent: --limit ${p.limit}; resume without --limit to send`,
  'send.summary': (p: Counts) =>
    `sent ${p.sent}, failed ${p.failed}, unknown ${p.unknown}, not sent ${p.not_sent}, invalid ${p.invalid}, skipped duplicates ${p.skipped_duplicate}`,
  'send.results_written': (p: { path: string }) => `results: ${p.path}`,
  'send.results_kept_aside': (p: { path: string; aside: string; reason: string }) =>
    `${p.path} could not be read back to keep the columns other commands added (${p.reason}); it is kept as ${p.aside}`,
  'send.results_write_failed': (p: { path: string; reason: string }) =>
    `cannot write the results file ${p.path} (${p.reason}); the journal beside it is intact and --resume rebuilds the file once there is space`,
  'send.stopped': (p: { code: string; message: string }) => `the API stopped the run: ${p.code} ${p.message}`,
  'send.unknown_hint': (p: { count: number }) =>
    `${p.count} row${p.count === 1 ? '' : 's'} may or may not have been sent (no clear answer): \`reconcile\` or the next --resume asks eSignon's search and settles what it can (the message column says why a row could not be); --resume --retry-unknown re-sends them, which may send twice`,
  'send.failed_hint': (p: { count: number }) => `${p.count} row${p.count === 1 ? '' : 's'} failed: --resume --retry-failed sends them again`,
  'send.invalid_hint': (p: { count: number }) => `${p.count} invalid or duplicate row${p.count === 1 ? ' was' : 's were'} not sent: fix them in a new file`,
  'send.next_rest': (p: { count: number; command: string }) =>
    `the pilot is sent; ${p.count} row${p.count === 1 ? ' is' : 's are'} left. Once the pilot looks right in eSignon, send the rest (nothing is sent twice): ${p.command}`,
  'send.next_status': (p: { command: string }) =>
    `next: see who has signed with ${p.command} (run it whenever you like: it writes each document's state into the results file)`,
} as const;

export const ko: Translation<typeof en> = {
  'send.needs_yes': () =>
    '표준 입력이 터미널이 아니어서 발송을 확인할 수 없습니다: 묻지 않고 보내려면 --yes를 붙이세요 (파일 검사만 하려면 --dry-run)',
  'send.stdin_needs_out': () => '표준 입력에서 CSV를 읽을 때는 결과 파일 경로를 --out FILE로 지정하세요',
  'send.header_problems': (p) => `${p.file}: 머리글이 매핑과 맞지 않습니다 (문제 ${p.count}건). 아무것도 보내지 않았습니다:`,
  'send.no_rows': (p) => `${p.file}에 데이터 행이 없습니다. 보낼 것이 없습니다`,
  'send.invalid_rows': (p) => `${p.count}개 행에 문제가 있습니다. 아무것도 보내지 않았습니다. ${p.shown === 1 ? '문제' : `처음 ${p.shown}건`}:`,
  'send.more_problems': (p) => `… 그 밖에 문제 ${p.count}건 (위 목록)`,
  'send.invalid_rows_hint': () => '행을 고친 뒤 다시 실행하거나, 올바른 행만 보내려면 --skip-invalid를 붙이세요',
  'send.confirm': (p) => `${p.url}을(를) 통해 ${p.sender}(회사 ${p.comp_id}) 계정으로 서식 ${p.template}의 계약 ${p.count}건을 보냅니다. 보낼까요?`,
  'send.cancelled': '보내지 않았습니다: 확인 단계에서 취소했습니다',
  'send.ignored_columns': (p) => `매핑에 쓰이지 않는 열: ${p.columns}`,
  'send.title_from_template': '(서식 이름: 온라인 확인에서 읽음)',
  'send.title_fallback': (p) =>
    `문서에 제목이 없고 서식 이름도 알 수 없어 (온라인 확인을 하지 않음) 문서 제목이 "${p.title}"이(가) 됩니다. 설정의 "workflow_name"으로 제목을 정하세요`,
  'send.preview': (p) => `첫 번째 요청 (전체 ${p.batches}개 중 1번째, 서명자 ${p.size}명 중 ${p.shown}명 표시, 비밀 정보 가림):`,
  'send.validation_summary': (p) => `${p.rows}개 행: 올바름 ${p.valid}, 오류 ${p.invalid}, 중복 ${p.duplicates}`,
  'send.validation_failed': (p) =>
    `${p.count}개 행에 문제가 있습니다. 보내기 전에 고치세요 (올바른 행만 보내려면 send --skip-invalid). ${p.shown === 1 ? '문제' : `처음 ${p.shown}건`}:`,
  'send.preview_hint': () => '모든 행이 올바릅니다. 첫 요청이 어떻게 나가는지는 --preview로 볼 수 있습니다',
  'send.resume_input_changed': () => '입력 파일이 이 작업을 시작할 때의 파일과 다릅니다',
  'send.resume_settings_changed': () => '작업 시작 후 서식, 계정, 매핑 또는 메시지가 바뀌었습니다',
  'send.resume_mismatch': (p) =>
    `${p.path}로 이어서 보낼 수 없습니다: 행이 엉뚱한 사람과 짝지어질 수 있습니다. 원래 파일과 설정을 쓰거나, 확실하면 --force를 붙이세요:`,
  'send.resume_forced': () => '설정이 바뀌었지만 이어서 보냅니다 (--force)',
  'send.rematch_v1': (p) =>
    `${p.path}은(는) 바뀐 입력으로 이어서 보낼 수 없습니다: 이전 버전의 esignon-bulk가 각 행의 내용을 기록하지 않고 시작한 저널이라, 새 파일의 행을 보낸 내역과 짝지으면 계약이 두 번 갈 수 있습니다`,
  'send.rematch_v1_hint': () =>
    '작업을 시작한 원래 파일로 이어서 보내 마무리하세요. 그다음 새로 추가했거나 바뀐 행만 따로 파일에 담아 다른 --out으로 보내세요',
  'send.rematch_summary': (p) =>
    `작업 시작 후 입력이 바뀌었습니다 (--force): 행 번호가 아니라 연락처와 값으로 짝짓습니다. ${p.kept}개 행은 결과를 유지하고 (그중 ${p.moved}개는 행 번호가 바뀜), ${p.skipped}개 행은 연락처에 이미 다른 값으로 만든 문서가 있어 보내지 않으며, 전에 보낸 ${p.gone}개 행은 파일에 더 이상 없습니다`,
  'send.rematch_moved': (p) => `${p.row}행은 전의 ${p.old}행입니다: 결과를 유지합니다`,
  'send.rematch_skipped': (p) =>
    `보내지 않음: 이 연락처에는 이전 입력의 ${p.row}행으로 다른 값으로 만든 문서가 이미 있습니다 (또는 있을 수 있습니다). 계약을 한 번 더 보내려면 --again`,
  'send.rematch_skipped_earlier': () =>
    '보내지 않음: 이 연락처에는 입력의 이전 버전으로 만든 문서가 이미 있습니다 (또는 있을 수 있습니다). 계약을 한 번 더 보내려면 --again',
  'send.rematch_example': (p) => `${p.row}행: ${p.message}`,
  'send.force_earlier': (p) =>
    `--force는 처음부터 다시 보냅니다: 이 결과의 작업(${p.date} 시작)은 ${p.rows}개 행 중 ${p.sent}개를 이미 보냈습니다${p.unknown > 0 ? ` (불명 ${p.unknown}개 별도)` : ''}. 지금 ${p.count}개 행을 보내며, 그 작업의 저널은 따로 보관합니다`,
  'send.force_earlier_unreadable': (p) =>
    `--force는 처음부터 다시 보냅니다: ${p.journal}을(를) 읽을 수 없어 이미 몇 개 행을 보냈는지 알 수 없습니다. 지금 ${p.count}개 행을 보내며, 그 저널은 따로 보관합니다`,
  'send.resume_no_journal': (p) =>
    `이어서 보낼 수 없습니다: ${p.results}은(는) 있지만 저널 ${p.journal}이(가) 없어 무엇을 보냈는지 알 수 없습니다. 다른 --out을 쓰거나 처음부터 하려면 --force를 붙이세요`,
  'send.results_exist': (p) =>
    `${p.path}이(가) 이미 있습니다: 그 작업을 이어서 하려면 --resume (중복 발송 없음), 다른 파일로 하려면 --out, 처음부터 하려면 --force를 붙이세요`,
  'send.old_journal_kept': (p) => `--force: 이전 작업의 저널을 ${p.path}(으)로 보관했습니다`,
  'send.locked': (p) => `다른 esignon-bulk(PID ${p.pid})가 이 결과 파일(${p.path})을 사용 중입니다. 끝날 때까지 기다리세요`,
  'send.interrupt_first': (p) => `${p.signal}: 새 배치는 시작하지 않고 발송 중인 배치가 끝나기를 기다립니다 (즉시 끝내려면 Ctrl-C를 한 번 더 누르세요)`,
  'send.interrupt_second': () => '즉시 중단했습니다. 발송 중이던 배치의 행은 결과 불명(unknown)으로 기록됩니다',
  'send.resume_hint': (p) => `이어서 하려면: ${p.command}`,
  'send.starting': (p) => `서명자 ${p.count}명을 ${p.batches}개 배치로 보냅니다`,
  'send.progress': (p) => `배치 ${p.done}/${p.total}: 발송 ${p.sent}, 실패 ${p.failed}${p.unknown ? `, 불명 ${p.unknown}` : ''}`,
  'send.not_sent': () => '보내지 않음',
  'send.not_sent_interrupted': () => '보내지 않음: 중단됨. --resume으로 보내세요',
  'send.not_sent_journal': () => '보내지 않음: 진행 상황을 기록할 수 없었습니다. --resume으로 보내세요',
  'send.not_sent_stopped': (p) => `보내지 않음: 발송이 중단되었습니다 (${p.reason}). --resume으로 보내세요`,
  'send.not_sent_limit': (p) => `보내지 않음: --limit ${p.limit}. --limit 없이 --resume으로 보내세요`,
  'send.summary': (p) =>
    `발송 ${p.sent}, 실패 ${p.failed}, 불명 ${p.unknown}, 미발송 ${p.not_sent}, 오류 ${p.invalid}, 중복 건너뜀 ${p.skipped_duplicate}`,
  'send.results_written': (p) => `결과 파일: ${p.path}`,
  'send.results_kept_aside': (p) => `다른 명령이 추가한 열을 유지하려고 ${p.path}을(를) 읽었지만 읽을 수 없습니다 (${p.reason}). 이 파일은 ${p.aside}(으)로 보관했습니다`,
  'send.results_write_failed': (p) =>
    `결과 파일 ${p.path}을(를) 쓸 수 없습니다 (${p.reason}). 옆의 저널은 온전하며, 공간이 생기면 --resume으로 결과 파일을 다시 만듭니다`,
  'send.stopped': (p) => `API가 발송을 중단시켰습니다: ${p.code} ${p.message}`,
  'send.unknown_hint': (p) =>
    `${p.count}개 행은 발송 여부가 불분명합니다 (명확한 응답 없음): \`reconcile\`이나 다음 --resume이 eSignon 검색으로 확인할 수 있는 것은 확인합니다 (확인하지 못한 이유는 message 열에). --resume --retry-unknown은 다시 보내므로 중복 발송될 수 있습니다`,
  'send.failed_hint': (p) => `${p.count}개 행이 실패했습니다: --resume --retry-failed로 다시 보냅니다`,
  'send.invalid_hint': (p) => `오류 또는 중복인 ${p.count}개 행은 보내지 않았습니다: 새 파일에서 고치세요`,
  'send.next_rest': (p) =>
    `시범 발송을 마쳤습니다. 남은 행은 ${p.count}개입니다. eSignon에서 시범 발송이 제대로 됐는지 확인한 뒤 나머지를 보내세요 (중복 발송 없음): ${p.command}`,
  'send.next_status': (p) => `다음: 누가 서명했는지 보려면 ${p.command} (언제든 실행할 수 있으며, 문서마다 현재 상태를 결과 파일에 씁니다)`,
};
