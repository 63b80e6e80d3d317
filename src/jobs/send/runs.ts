/**
 * Never the same input twice to the same template and account, across runs: a send
 * that starts afresh (no journal to resume) looks at the record of past runs
 * (io/run-records.ts) and is refused when an earlier run sent — or may have sent —
 * the same bytes with the same template and account, unless `--again`.
 *
 * Not refused: resuming the same run (its journal says what was sent); an earlier run
 * that ended having made nothing (every row not sent, failed or invalid: a wrong token
 * before the first batch, a declined question never records one); another template
 * or account; `--sandbox`, `--dry-run` and `validate`, which are never recorded. An
 * earlier run that never ended (killed, or still running) may have sent anything: it
 * is refused, and the message says how to continue it instead — unless it was killed
 * before its journal existed, when it made nothing and its record is gone (listRuns).
 *
 * The check runs before the question and again once this run's record is written,
 * so two processes starting the same input at once refuse each other rather than both
 * sending.
 */
import type { Settings } from '../../config/settings.js';
import { UsageError } from '../../errors.js';
import type { JournalHeader } from '../../io/journal.js';
import { thisProcess } from '../../io/lock.js';
import { listRuns, readRun, removeRun, runId, runsDir, saveRun, RUN_RECORD_VERSION, type RunRecord } from '../../io/run-records.js';
import { t } from '../../ui/i18n.js';
import { localTime, type Reporter } from '../../ui/reporter.js';
import { now } from '../clock.js';
import { shellCommand } from '../command-line.js';
import type { Counts } from './results.js';

/** What makes two sends the same send. */
interface Identity {
  input_sha256: string;
  workflow_lib_id: string;
  api_url: string;
  comp_id: string;
  memb_email: string;
}

const sameAccountUrl = (url: string): string => url.replace(/\/+$/, '');

function identityOf(header: Pick<JournalHeader, 'input_sha256'>, settings: Settings): Identity {
  return {
    input_sha256: header.input_sha256,
    workflow_lib_id: settings.workflow_lib_id ?? '',
    api_url: sameAccountUrl(settings.api_url),
    comp_id: settings.comp_id ?? '',
    memb_email: (settings.memb_email ?? '').toLowerCase(),
  };
}

function sameSend(r: RunRecord, id: Identity): boolean {
  return (
    r.input_sha256 === id.input_sha256 &&
    r.workflow_lib_id === id.workflow_lib_id &&
    sameAccountUrl(r.api_url) === id.api_url &&
    r.comp_id === id.comp_id &&
    r.memb_email.toLowerCase() === id.memb_email
  );
}

/** How a record's input is named to a person: `-` is standard input. */
export function inputName(input: string): string {
  return input === '-' ? t('csv.stdinLabel') : input;
}

/** Whether a run may have made documents: it sent or left rows unknown, or it never ended (so nobody knows). */
function mayHaveSent(r: RunRecord): boolean {
  if (r.ended_at === undefined || r.counts === undefined) return true;
  return r.counts.sent + r.counts.unknown > 0;
}

/** This run's record: the refusal before anything is sent, then its start and its end. */
export class RunLog {
  private record: RunRecord | undefined;
  private readonly identity: Identity;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly settings: Settings,
    private readonly header: JournalHeader,
    private readonly where: { input: string; inputPath: string | undefined; results: string; journal: string },
    private readonly ui: Pick<Reporter, 'warn'>,
  ) {
    this.identity = identityOf(header, settings);
  }

  get id(): string {
    return runId(this.where.journal, this.header.created_at);
  }

  /** Refuses when an earlier run sent (or may have sent) this input to this template and account. */
  async refuseIfSent(): Promise<void> {
    const earlier = await this.earlier();
    if (earlier) throw this.refusal(earlier);
  }

  /**
   * Records this run as started (a resumed run's record is marked running again). A
   * fresh start checks once more, its own record written: another process that began
   * the same send meanwhile is found, and this one backs out.
   */
  async start(how: { continuing: boolean; recheck: boolean }): Promise<void> {
    const existing = how.continuing ? await readRun(this.env, this.id) : undefined;
    const at = now();
    this.record = {
      v: RUN_RECORD_VERSION,
      id: this.id,
      input: this.where.input,
      input_path: this.where.inputPath,
      input_sha256: this.header.input_sha256,
      rows: this.header.rows,
      workflow_lib_id: this.identity.workflow_lib_id,
      api_url: this.settings.api_url,
      comp_id: this.identity.comp_id,
      memb_email: this.settings.memb_email ?? '',
      results: this.where.results,
      journal: this.where.journal,
      started_at: existing?.started_at ?? this.header.created_at,
      updated_at: at,
      counts: existing?.counts,
      tool_version: this.header.tool_version,
      ...(how.continuing ? {} : { starting: thisProcess() }),
    };
    if (!(await this.save()) || !how.recheck) return;
    const other = await this.earlier();
    if (other) {
      await this.discard();
      throw this.refusal(other);
    }
  }

  /** The run's journal exists: from now on the record stands for whatever it sent, killed or not. */
  async journalStarted(): Promise<void> {
    if (!this.record?.starting) return;
    const { starting: _done, ...record } = this.record;
    this.record = record;
    await this.save();
  }

  /** The run ended and wrote its results: its counts, and the exit code. */
  async finish(counts: Counts, exitCode: number): Promise<void> {
    if (!this.record) return;
    this.record = { ...this.record, counts, exit_code: exitCode, ended_at: now(), updated_at: now() };
    await this.save();
  }

  /** Forgets this run's record: it sent nothing after all (its journal could not be made). */
  async discard(): Promise<void> {
    if (this.record) await removeRun(this.env, this.record.id);
    this.record = undefined;
  }

  private async earlier(): Promise<RunRecord | undefined> {
    let records: RunRecord[];
    try {
      records = (await listRuns(this.env)).records;
    } catch (err) {
      this.ui.warn(t('runs.unreadable', { dir: runsDir(this.env), reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
      return undefined;
    }
    return records.find((r) => r.id !== this.id && sameSend(r, this.identity) && mayHaveSent(r));
  }

  /** Writes the record; a state folder that cannot be written is said, and the send goes on. */
  private async save(): Promise<boolean> {
    try {
      await saveRun(this.env, this.record!);
      return true;
    } catch (err) {
      this.ui.warn(t('runs.write_failed', { dir: runsDir(this.env), reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
      return false;
    }
  }

  private refusal(r: RunRecord): UsageError {
    const counts = r.counts ?? { sent: 0, unknown: 0 };
    const facts = {
      input: inputName(r.input),
      date: localTime(r.started_at),
      template: r.workflow_lib_id,
      sender: r.memb_email,
      comp_id: r.comp_id,
      results: r.results,
      sent: counts.sent,
      unknown: counts.unknown,
    };
    const message = r.ended_at === undefined ? t('runs.already_sent_unfinished', facts) : t('runs.already_sent', facts);
    const same = r.input === this.where.input ? [] : [t('runs.same_content', { input: inputName(this.where.input), earlier: inputName(r.input) })];
    const resume = shellCommand(['send', this.where.input, '--resume', '--out', r.results]);
    return new UsageError(message, [...same, t('runs.hint_resume', { command: resume }), t('runs.hint_again'), t('runs.hint_list')]);
  }
}
