/**
 * Documents made straight in the emulator, for the tests of what comes after a send
 * (`download`): a 1410Q written by hand from the current page (test/helpers/emulator-http.ts,
 * not the client), and a results file written as `send` writes one.
 */
import { writeFileSync } from 'node:fs';
import { csvLine, RESULT_COLUMNS } from '../../src/io/results-writer.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { sendOk, signer } from './emulator-http.js';

export interface MadeDocument {
  row: number;
  name: string;
  contact: string;
  workflow_id: string;
}

/** One 1410Q per 1,000 signers; `names[i]` is row i+1's name (any text the page accepts). */
export async function makeDocuments(em: RunningEmulator, names: readonly string[], firstSigner = 1): Promise<MadeDocument[]> {
  const made: MadeDocument[] = [];
  for (let from = 0; from < names.length; from += 1000) {
    const part = names.slice(from, from + 1000);
    const signers = part.map((name, i) => signer(firstSigner + from + i, { name, workflow_name: `근로계약서 - ${firstSigner + from + i}` }));
    const list = await sendOk(em, signers, {}, { session_id: `make-${firstSigner + from}` });
    const byEmail = new Map(list.map((w: { workflow_id: string; unset_player_email: string }) => [w.unset_player_email, String(w.workflow_id)]));
    signers.forEach((s, i) => {
      const wid = byEmail.get(s.email as string);
      if (wid === undefined) throw new Error(`no document for ${s.email as string}`);
      made.push({ row: from + i + 1, name: part[i]!, contact: s.email as string, workflow_id: wid });
    });
  }
  return made;
}

export interface ResultsLine {
  row: number | string;
  name: string;
  contact?: string;
  status?: string;
  workflow_id: string;
  /** extra columns (e.g. workflow_status from `status`) */
  extra?: Record<string, string>;
}

/** A results CSV as `send` writes it (BOM, CRLF, its columns), plus any extra columns. */
export function writeResultsFile(path: string, lines: readonly ResultsLine[], extraColumns: readonly string[] = []): void {
  let text = '\uFEFF' + csvLine([...RESULT_COLUMNS, ...extraColumns]);
  lines.forEach((l, i) => {
    const status = l.status ?? 'sent';
    const cells = [String(l.row), String(i + 2), l.name, l.contact ?? '', status, status === 'sent' ? l.workflow_id : '', '', 'OK', '00', '', '1', 's-1', '2026-01-02T03:04:05.000Z'];
    text += csvLine([...cells, ...extraColumns.map((c) => l.extra?.[c] ?? '')]);
  });
  writeFileSync(path, text);
}
