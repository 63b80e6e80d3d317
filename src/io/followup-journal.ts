/**
 * The journal of a follow-up job (`status`, `remind`, `cancel`) on a results file:
 * `<results>.<command>.journal`, append-only NDJSON, every record fsynced before the
 * caller goes on. An action (1429Q, 1510Q) is recorded as started before its request
 * leaves and as done when its answer is in, so after a crash the next run knows what
 * was done, what may have been done, and what was not. The journal lives until the
 * job finishes; a run that finds one continues that job.
 *
 * Records:
 *   {"v":1,"t":"followup","command":"remind","input":"…","created_at":"…"}   first line
 *   {"t":"look","w":"<workflow_id>","at":"…","u":{column: value}}   a status lookup (not an action)
 *   {"t":"start","w":"…","at":"…"}                                   an action's request is about to leave
 *   {"t":"done","w":"…","at":"…","u":{…}}                            the action (or a status check) is over
 *   {"t":"none","w":"…","at":"…"}                                    the request was certainly not processed
 */
import { open, readFile } from 'node:fs/promises';
import { JournalError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { JournalWriter } from './journal.js';
import type { Update } from './results-update.js';

const FOLLOWUP_JOURNAL_VERSION = 1;

export interface FollowupJournalHeader {
  v: typeof FOLLOWUP_JOURNAL_VERSION;
  t: 'followup';
  command: string;
  input: string;
  created_at: string;
}

export type FollowupRecord =
  | { t: 'look'; w: string; at: string; u: Update }
  | { t: 'start'; w: string; at: string }
  | { t: 'done'; w: string; at: string; u: Update }
  | { t: 'none'; w: string; at: string };

export interface FollowupReplay {
  header: FollowupJournalHeader;
  /** workflow_id → the columns to write, merged in journal order */
  updates: Map<string, Update>;
  /** documents this job already acted on (or may have: see `pending`) */
  handled: Set<string>;
  /** documents whose action started but has no answer: workflow_id → when it started */
  pending: Map<string, string>;
  validLength: number;
  tornTail: boolean;
}

export function journalPathFor(resultsPath: string, command: string): string {
  return `${resultsPath}.${command}.journal`;
}

/** Applies a record to a replay (also used live, so the run and a later replay agree). */
export function applyRecord(r: Pick<FollowupReplay, 'updates' | 'handled' | 'pending'>, record: FollowupRecord): void {
  switch (record.t) {
    case 'look':
    case 'done':
      r.updates.set(record.w, { ...(r.updates.get(record.w) ?? {}), ...record.u });
      if (record.t === 'done') {
        r.handled.add(record.w);
        r.pending.delete(record.w);
      }
      break;
    case 'start':
      r.handled.add(record.w);
      r.pending.set(record.w, record.at);
      break;
    case 'none':
      r.handled.delete(record.w);
      r.pending.delete(record.w);
      break;
  }
}

/** Reads a journal back; undefined when there is none. A torn last line is ignored. */
export async function readFollowupJournal(path: string, command: string): Promise<FollowupReplay | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new JournalError(t('journal.unreadable', { path, reason: code ?? String(err) }));
  }
  const replay: FollowupReplay = { header: undefined!, updates: new Map(), handled: new Set(), pending: new Map(), validLength: 0, tornTail: false };
  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    lineNo++;
    if (nl < 0) {
      replay.tornTail = true; // the process died mid-write: not trusted
      break;
    }
    const line = text.slice(offset, nl);
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (nl === text.length - 1) {
        replay.tornTail = true;
        break;
      }
      throw new JournalError(t('journal.corrupt', { path, line: lineNo }));
    }
    if (lineNo === 1) {
      if (record.t !== 'followup' || record.command !== command) throw new JournalError(t('journal.corrupt', { path, line: 1 }));
      if (record.v !== FOLLOWUP_JOURNAL_VERSION) throw new JournalError(t('journal.version', { path, version: String(record.v) }));
      replay.header = record as unknown as FollowupJournalHeader;
    } else {
      if (typeof record.w !== 'string' || !['look', 'start', 'done', 'none'].includes(record.t as string)) {
        throw new JournalError(t('journal.corrupt', { path, line: lineNo }));
      }
      applyRecord(replay, record as unknown as FollowupRecord);
    }
    offset = nl + 1;
    replay.validLength = Buffer.byteLength(text.slice(0, offset), 'utf8');
  }
  if (!replay.header) throw new JournalError(t('journal.corrupt', { path, line: 1 }));
  return replay;
}

/** A new journal (the file must not exist), ready to append to. */
export async function createFollowupJournal(path: string, header: FollowupJournalHeader): Promise<JournalWriter> {
  const data = JSON.stringify(header) + '\n';
  try {
    const fh = await open(path, 'wx', 0o600);
    try {
      await fh.writeFile(data, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new JournalError(t('account.journal_failed', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  return JournalWriter.reopen(path, Buffer.byteLength(data, 'utf8'));
}
