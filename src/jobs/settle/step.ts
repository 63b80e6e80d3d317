/**
 * Settling as a step of a command: `send --resume` (before its question, asking the
 * service only, the decisions recorded once the run is confirmed) and `reconcile`.
 * What is printed and what goes into `--json`.
 */
import type { ApiClient } from '../../api/client.js';
import type { Settings } from '../../config/settings.js';
import type { CompiledMapping } from '../../core/mapping.js';
import type { RecordSource } from '../../core/rows.js';
import { RowState, type JournalHeader, type RowTable } from '../../io/journal.js';
import { t } from '../../ui/i18n.js';
import { clean, type Reporter } from '../../ui/reporter.js';
import { findTemplateDocument } from '../template-document.js';
import { settle, settleCounts, unknownRows, whyText, type Settlement } from './job.js';
import { ownTitles } from './titles.js';

/** Rows named one by one on screen at most; the rest are counted (`--json` lists all). */
const NAMED = 20;

export interface SettleStep {
  journalPath: string;
  table: RowTable;
  header: JournalHeader;
  settings: Settings;
  client: ApiClient;
  /** the template's document, when the pre-flight found it; else one 1123Q finds it */
  docUid?: string | undefined;
  /** the input, for the rows' own titles */
  input?: { csv: RecordSource; mapping: CompiledMapping } | undefined;
  ui: Reporter;
  by: 'resume' | 'reconcile';
  stopping?: () => boolean;
}

/**
 * Settles the table's unknown rows: undefined when there are none or the template's
 * document cannot be found (said). The decisions are applied to the table's states in
 * memory (which rows are sent now); recordSettlement writes them.
 */
export async function settleStep(s: SettleStep): Promise<Settlement | undefined> {
  const doubtful = unknownRows(s.table);
  if (doubtful.length === 0) return undefined;
  let docUid = s.docUid;
  if (!docUid) {
    const found = await findTemplateDocument(s.client, s.settings);
    if (found.kind !== 'found') {
      const f = found.kind === 'failed' ? found.failure : undefined;
      const reason = f === undefined ? String(s.settings.workflow_lib_id ?? '') : f.kind === 'result' ? `${f.code} ${f.message}`.trim() : f.kind === 'auth_rejected' ? `HTTP ${f.status}` : f.reason;
      s.ui.warn(t('settle.no_template', { reason: clean(reason) }));
      return undefined;
    }
    docUid = found.docUid;
  }
  const titles = s.input ? await ownTitles(s.input.csv, s.input.mapping, s.settings.memb_email, new Set(doubtful.map((d) => d.row))) : undefined;
  const settlement = await settle({ ...s, docUid, titles }, s.by);
  for (const d of settlement.decisions) {
    if (d.kind === 'sent') s.table.state[d.row] = RowState.Sent;
    else if (d.kind === 'not_sent') s.table.state[d.row] = RowState.NotSent;
  }
  return settlement;
}

/** The summary, and each row still unknown with why (the first NAMED). */
export function reportSettlement(s: Settlement, ui: Reporter): void {
  const c = settleCounts(s);
  const line = t('settle.summary', { unknown: s.unknown, sent: c.sent, not_sent: c.not_sent, left: c.unknown, requests: s.requests });
  if (c.unknown > 0) ui.warn(line);
  else ui.info(line);
  const left = s.decisions.filter((d) => d.kind === 'unknown');
  for (const d of left.slice(0, NAMED)) ui.warn(`  ${t('settle.row', { row: d.row, why: whyText(d) })}`);
  if (left.length > NAMED) ui.warn(`  ${t('settle.more', { n: left.length - NAMED })}`);
}

/** For `--json`. */
export function settlementJson(s: Settlement) {
  const c = settleCounts(s);
  return {
    unknown_before: s.unknown,
    sent: c.sent,
    not_sent: c.not_sent,
    still_unknown: c.unknown,
    search_requests: s.requests,
    rows: s.decisions.map((d) =>
      d.kind === 'sent'
        ? { row: d.row, decision: d.kind, by: d.by, workflow_id: d.workflow_id }
        : d.kind === 'not_sent'
          ? { row: d.row, decision: d.kind, by: d.by }
          : { row: d.row, decision: d.kind, why: d.why, message: whyText(d) },
    ),
  };
}
