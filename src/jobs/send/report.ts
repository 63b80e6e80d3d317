/**
 * What a send or validate says at the end, on standard error or as the one `--json`
 * document: the header's problems, the validation report with the first request's
 * preview, and the send's summary with its hints. Each returns or takes the exit code.
 */
import { BULK_START_PATH, buildRequest, customerKey, toCustomer, toUnsetPlayer } from '../../api/bulk-start.js';
import type { Settings } from '../../config/settings.js';
import type { CompiledMapping, HeaderProblem } from '../../core/mapping.js';
import type { Signer } from '../../core/signer-types.js';
import { maskValue } from '../../core/text.js';
import { decideExit, InputError, type ExitCode } from '../../errors.js';
import { t } from '../../ui/i18n.js';
import { explainResultCode } from '../../ui/messages/api.js';
import { formatHeaderProblem } from '../../ui/problems.js';
import { clean, type Reporter } from '../../ui/reporter.js';
import { combineExit, preflightJson, reportPreflight, type PreflightReport } from '../preflight.js';
import type { RunResult } from './dispatch.js';
import type { Counts } from './results.js';
import type { Validation } from './validation.js';

/** Which command, on which input, as the documents name them. */
export interface ReportHeading {
  mode: 'send' | 'validate';
  input: string;
}

/** The error for a header that does not fit the mapping (its JSON document printed first with --json). */
export function headerProblemsError(problems: readonly HeaderProblem[], heading: ReportHeading, ui: Reporter, hints: readonly string[] = []): InputError {
  const lines = problems.map(formatHeaderProblem);
  if (ui.options.json) {
    ui.json({ command: heading.mode, exit_code: 3, header_problems: problems.map((p, i) => ({ ...p, message: lines[i] })) });
  }
  return new InputError(t('send.header_problems', { file: heading.input, count: lines.length }), [...lines, ...hints]);
}

export function validationDocument(v: Validation, heading: ReportHeading, exit: ExitCode) {
  return {
    command: heading.mode,
    exit_code: exit,
    input: heading.input,
    counts: { rows: v.rows, valid: v.valid, invalid: v.invalid, duplicates: v.duplicates },
    problems: v.problems.map((p) => ({ ...p, message: v.format(p) })),
  };
}

/**
 * The first problems again, for the end of the output where the eye lands: a file with
 * one bad row in thousands has it printed at the top, far above the summary.
 */
export function firstProblemLines(v: Validation): string[] {
  const more = v.problemCount - v.firstProblems.length;
  return [...v.firstProblems, ...(more > 0 ? [t('send.more_problems', { count: more })] : [])];
}

/**
 * `validate`: after the problems (printed as they were found), the preview when asked
 * for (`--preview`, `--verbose`), the counts, the first problems again, the online
 * checks' report; exit 3 for problem rows, 4 or 3 for the checks.
 */
export function reportValidation(
  v: Validation,
  settings: Settings,
  mapping: CompiledMapping,
  heading: ReportHeading,
  ui: Reporter,
  online: PreflightReport | undefined,
  /** the body's `workflow_name` (./title.ts) */
  title: string,
  showPreview = false,
): ExitCode {
  const bad = v.invalid + v.duplicates;
  const exit = combineExit(bad > 0 ? 3 : 0, online);
  const preview = v.preview.length > 0 ? previewRequest(v.preview, settings, title) : undefined;
  if (ui.options.json) {
    ui.json({ ...validationDocument(v, heading, exit), preview, online: online ? preflightJson(online) : undefined });
    return exit;
  }
  if (mapping.ignoredColumns.length > 0) ui.warn(t('send.ignored_columns', { columns: mapping.ignoredColumns.join(', ') }));
  if (preview && (showPreview || ui.options.verbose)) {
    ui.info(t('send.preview', { batches: Math.ceil(v.valid / settings.batch_size), shown: Math.min(3, v.preview.length), size: v.preview.length }));
    ui.info(JSON.stringify(preview, null, 2));
  }
  ui.info(t('send.validation_summary', { rows: v.rows, valid: v.valid, invalid: v.invalid, duplicates: v.duplicates }));
  if (bad > 0) {
    ui.error(t('send.validation_failed', { count: bad, shown: v.firstProblems.length }));
    for (const line of firstProblemLines(v)) ui.error(`  ${line}`);
  } else if (preview && !showPreview && !ui.options.verbose) {
    ui.info(t('send.preview_hint'));
  }
  if (online) reportPreflight(online, ui);
  return exit;
}

/** The first request as it would leave, with passwords masked and the list shortened. */
function previewRequest(signers: Signer[], settings: Settings, title: string) {
  const mask = <T extends { password: string }>(p: T): T => ({ ...p, password: maskValue(p.password) });
  // The first request holds the signers of the first one's customer B (a "2단계 C" template).
  const first = signers.filter((s) => customerKey(s) === customerKey(signers[0]!));
  const players = first.slice(0, 3).map((s) => mask(toUnsetPlayer(s)));
  const b = signers[0]!.customer_b;
  const request = buildRequest(players, settings, 'eb-preview', title, b === undefined ? undefined : mask(toCustomer(b)));
  signers = first;
  const more = signers.length - players.length;
  return {
    url: `${settings.api_url}${BULK_START_PATH}`,
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'esignonapi', Authorization: 'esignon ***' },
    body: more > 0 ? { ...request, body: { ...request.body, unset_player_list: [...request.body.unset_player_list, `… ${more} more`] } } : request,
  };
}

/** The next commands a successful send suggests: who has signed, and after a `--limit` pilot the rest. */
export interface NextSteps {
  status?: string | undefined;
  rest: string;
}

/** `send`: the counts, where the results are, how the run ended and what to do next. */
export function summarize(
  counts: Counts,
  run: RunResult,
  resultsPath: string,
  resumeHint: string,
  ui: Reporter,
  next?: NextSteps,
  settled?: object,
): ExitCode {
  const exit = decideExit(
    counts.failed > 0 || counts.unknown > 0 ? 1 : 0,
    run.stop ? 4 : 0,
    run.reason === 'interrupted' ? 130 : 0,
    run.journalError ? 5 : 0,
  );

  if (ui.options.json) {
    ui.json({
      command: 'send',
      exit_code: exit,
      results: resultsPath,
      journal: `${resultsPath}.journal`,
      counts,
      // what settling the rows whose answer was lost decided (`send --resume`)
      settled,
      stopped: run.stop ? { code: run.stop.code, message: clean(run.stop.message), explanation: explainResultCode(run.stop.code) } : undefined,
      interrupted: run.reason === 'interrupted' || undefined,
    });
  }
  ui.info(t('send.summary', counts));
  ui.info(t('send.results_written', { path: resultsPath }));
  if (run.journalError) ui.error(run.journalError.message);
  if (run.stop) {
    // No answer is not the API's doing: said as what it is.
    if (run.stop.code === 'no_answer') ui.error(t('safety.stopped', { message: clean(run.stop.message) }));
    else ui.error(t('send.stopped', { code: run.stop.code, message: clean(run.stop.message) }));
    const explanation = explainResultCode(run.stop.code);
    if (explanation) ui.error(explanation);
  }
  const hints: string[] = [];
  if (run.reason === 'interrupted' || run.stop || run.journalError || (counts.not_sent > 0 && !run.limitReached)) hints.push(resumeHint);
  if (counts.unknown > 0) hints.push(t('send.unknown_hint', { count: counts.unknown }));
  if (counts.failed > 0) hints.push(t('send.failed_hint', { count: counts.failed }));
  if (counts.invalid + counts.skipped_duplicate > 0) hints.push(t('send.invalid_hint', { count: counts.invalid + counts.skipped_duplicate }));
  for (const hint of hints) (exit === 0 ? ui.info.bind(ui) : ui.warn.bind(ui))(hint);
  if (exit === 0 && next) {
    const pilot = run.limitReached && counts.not_sent > 0;
    if (pilot) ui.info(t('send.next_rest', { count: counts.not_sent, command: next.rest }));
    else if (next.status && counts.sent > 0) ui.info(t('send.next_status', { command: next.status }));
  }
  return exit;
}
