/**
 * A resume over a changed input (`--resume --force`): the rows of the new file are
 * matched to what the journal recorded by their content, never by row number, so a
 * row inserted at the top neither sends a contact twice nor gives a new person
 * someone else's `workflow_id`.
 *
 * The journal (version 2) records each sent row's key: a 64-bit hash of its contact,
 * the rule the duplicate check uses, and one of the values sent for it
 * (core/contacts.ts signerKey). A row of the new file with the same values as a row
 * the journal knows keeps that row's result; a row whose contact already has a
 * document (or may have: unknown) made for other values is not sent again
 * (`skipped_duplicate`, naming the earlier row) unless `--again`; any other row is
 * sent as usual. The journal for the new file is written afresh: the results carried
 * over, renumbered, the skipped rows, and the keys of rows sent earlier that the new
 * file no longer has ("elsewhere"), so that a later version of the file that brings
 * them back does not send them twice either.
 *
 * Memory: a few typed arrays over the rows of both files and two compact 64-bit hash
 * tables (core/contacts.ts KeyTable): about 90 bytes a row, no string per row.
 */
import { keyHex, KeyTable, signerKeyInto } from '../../core/contacts.js';
import type { CompiledMapping } from '../../core/mapping.js';
import { RowClass, type RecordSource, type RowClasses } from '../../core/rows.js';
import { parseSignerRow } from '../../core/signer.js';
import { RowState, RowTable, toDoneEntry, type DoneEntry, type JournalReplay, type JournalWriter } from '../../io/journal.js';
import { OutcomeReader } from '../../io/journal-outcomes.js';
import { t } from '../../ui/i18n.js';
import { now } from '../clock.js';

export interface RematchInput {
  csv: RecordSource;
  mapping: CompiledMapping;
  senderEmail: string | undefined;
  /** the first pass's classes of the new file */
  classes: RowClasses;
  /** `--again`: a row whose contact has a document made for other values is sent anyway (a second contract, on purpose) */
  again: boolean;
}

/** What matching found, for the user. Examples are [new row, earlier row]; earlier row 0: from an older version of the file. */
export interface RematchSummary {
  /** rows that keep the journal's result (same contact, same values) */
  kept: number;
  /** of those, rows at another row number than before */
  moved: number;
  movedExamples: [number, number][];
  /** rows not sent: their contact has a document made for other values */
  skipped: number;
  skippedExamples: [number, number][];
  /** rows the journal sent (or may have) that the new file no longer has */
  gone: number;
}

export interface Rematch {
  /** the new file's rows as the run starts from them (what decides which rows it sends) */
  table: RowTable;
  summary: RematchSummary;
  /** Writes the new file's journal records after its header; returns its table. */
  write(journal: JournalWriter): Promise<RowTable>;
}

const EXAMPLES = 5;
/** Rows per carried or skipped record, and records queued before waiting for them to be on disk. */
const ROWS_PER_RECORD = 500;
const QUEUED_RECORDS = 32;

/** A row whose contact has (or may have) a document: sent, unknown, or skipped because it has one. */
const holdsDocument = (state: number): boolean => state === RowState.Sent || state === RowState.Unknown || state === RowState.Skipped;
/** A row whose result moves with it: what the server said of it. */
const carries = (state: number): boolean => state === RowState.Sent || state === RowState.Unknown || state === RowState.Failed;

export async function matchByContent(journalPath: string, old: JournalReplay, rows: number, input: RematchInput): Promise<Rematch> {
  const before = old.table;
  const keys = old.keys!;
  const oldRows = before.rows;

  // The journal's rows by values (chained when --allow-duplicates sent the same values twice) and by contact.
  const byValues = new KeyTable(oldRows);
  const byContact = new KeyTable(oldRows);
  const next = new Int32Array(oldRows + 1);
  const tail = new Int32Array(oldRows + 1);
  for (let r = 1; r <= oldRows; r++) {
    if (!keys.has[r]) continue;
    const w = r * 4;
    const state = before.state[r]!;
    if (holdsDocument(state)) byContact.add(keys.words[w]!, keys.words[w + 1]!, r);
    if (!carries(state)) continue;
    const head = byValues.add(keys.words[w + 2]!, keys.words[w + 3]!, r);
    if (head === undefined) tail[r] = r;
    else {
      next[tail[head]!] = r;
      tail[head] = r;
    }
  }
  for (let i = 0; i < keys.elsewhere.length; i += 2) byContact.add(keys.elsewhere[i]!, keys.elsewhere[i + 1]!, 0);

  // The new file, row by row.
  const oldToNew = new Int32Array(oldRows + 1);
  const newKeys = new Int32Array((rows + 1) * 4);
  /** the earlier row whose contact a skipped row has, -1 for an older version of the file; 0: not skipped */
  const skippedFrom = new Int32Array(rows + 1);
  /** earlier rows whose contact a row of the new file has (kept or not) */
  const contactSeen = new Uint8Array(oldRows + 1);
  const table = new RowTable(rows);
  const summary: RematchSummary = { kept: 0, moved: 0, movedExamples: [], skipped: 0, skippedExamples: [], gone: 0 };
  for await (const chunk of input.csv.chunks()) {
    for (const record of chunk) {
      const row = record.row;
      if (row > rows || input.classes.get(row) !== RowClass.Valid) continue;
      const parsed = parseSignerRow(record, input.mapping, { senderEmail: input.senderEmail });
      if (!parsed.ok) continue; // cannot happen: the first pass found it valid
      signerKeyInto(parsed.signer, newKeys, row * 4);
      let r = byValues.get(newKeys[row * 4 + 2]!, newKeys[row * 4 + 3]!);
      while (r !== undefined && r !== 0 && oldToNew[r] !== 0) r = next[r] || undefined;
      if (r !== undefined && r !== 0) {
        oldToNew[r] = row;
        table.state[row] = before.state[r]!;
        summary.kept++;
        if (r !== row) {
          summary.moved++;
          if (summary.movedExamples.length < EXAMPLES) summary.movedExamples.push([row, r]);
        }
        continue;
      }
      const holder = byContact.get(newKeys[row * 4]!, newKeys[row * 4 + 1]!);
      if (holder !== undefined) contactSeen[holder] = 1;
      if (holder !== undefined && !input.again) {
        skippedFrom[row] = holder === 0 ? -1 : holder;
        table.state[row] = RowState.Skipped;
        summary.skipped++;
        if (summary.skippedExamples.length < EXAMPLES) summary.skippedExamples.push([row, holder]);
      }
    }
  }
  for (let r = 1; r <= oldRows; r++) {
    if (oldToNew[r] === 0 && contactSeen[r] === 0 && holdsDocument(before.state[r]!) && before.state[r] !== RowState.Skipped) summary.gone++;
  }

  const hex = (row: number): string => keyHex(newKeys, row * 4, 4);

  return {
    table,
    summary,
    async write(journal: JournalWriter): Promise<RowTable> {
      const written = new RowTable(rows);
      // Records are queued a few hundred at a time, so that they share writes and fsyncs.
      let queued: Promise<void>[] = [];
      let failure: unknown;
      const enqueue = async (record: object, then?: (at: { offset: number; length: number }) => void): Promise<void> => {
        queued.push(
          journal.append(record).then(then, (err: unknown) => {
            failure ??= err;
          }),
        );
        if (queued.length >= QUEUED_RECORDS) await settle();
      };
      const settle = async (): Promise<void> => {
        await Promise.all(queued);
        queued = [];
        if (failure !== undefined) throw failure;
      };
      /** An in-flight record and its outcome, applied to the new table once on disk (in order, as the journal writes). */
      /** `carried`: a batch of the journal before (its lost answer's `end` goes with it). */
      const batch = async (b: number, sid: string, at: string, entries: DoneEntry[], carried?: { end?: string | undefined }): Promise<void> => {
        const newRows = entries.map((e) => e[0]);
        const index = written.applyInflight(b, sid, at, newRows, { carried: carried ? true : undefined });
        if (carried?.end) written.batches[index]!.end = carried.end;
        await enqueue({ t: 'inflight', b, sid, at, rows: newRows, keys: newRows.map(hex), ...(carried ? { carried: true } : {}) });
        const end = carried?.end ? { end: carried.end } : {};
        await enqueue({ t: 'done', b, at, rows: entries, ...end }, ({ offset, length }) => written.applyDoneAt(index, entries, offset, length));
      };

      // The results carried over, their batch kept, a record for each run of rows of one batch.
      const reader = new OutcomeReader(journalPath, before);
      try {
        let group: DoneEntry[] = [];
        let groupIndex = -1;
        const flush = async (): Promise<void> => {
          if (group.length === 0) return;
          const info = before.batches[groupIndex]!;
          await batch(info.b, info.sid, info.at, group, { end: info.end });
          group = [];
        };
        for (let r = 1; r <= oldRows; r++) {
          const row = oldToNew[r]!;
          if (row === 0) continue;
          const outcome = reader.outcome(r);
          if (outcome === undefined) continue;
          if (before.ref[r] !== groupIndex || group.length >= ROWS_PER_RECORD) {
            await flush();
            groupIndex = before.ref[r]!;
          }
          group.push(toDoneEntry(row, outcome));
        }
        await flush();
      } finally {
        reader.close();
      }

      // The rows not sent because their contact has a document: batch 0, never sent.
      const at = now();
      let skipped: DoneEntry[] = [];
      for (let row = 1; row <= rows; row++) {
        const from = skippedFrom[row]!;
        if (from === 0) continue;
        skipped.push([row, 'd', from > 0 ? t('send.rematch_skipped', { row: from }) : t('send.rematch_skipped_earlier')]);
        if (skipped.length >= ROWS_PER_RECORD) {
          await batch(0, '', at, skipped);
          skipped = [];
        }
      }
      if (skipped.length > 0) await batch(0, '', at, skipped);

      // The contacts sent earlier that the new file does not carry: kept, so that they are never sent again.
      let elsewhere: string[] = [];
      const gone = async (a: number, b: number): Promise<void> => {
        elsewhere.push(keyHex(Int32Array.of(a, b, 0, 0), 0, 4));
        if (elsewhere.length >= ROWS_PER_RECORD) {
          await enqueue({ t: 'elsewhere', keys: elsewhere });
          elsewhere = [];
        }
      };
      for (let r = 1; r <= oldRows; r++) {
        if (oldToNew[r] === 0 && keys.has[r] && holdsDocument(before.state[r]!)) await gone(keys.words[r * 4]!, keys.words[r * 4 + 1]!);
      }
      for (let i = 0; i < keys.elsewhere.length; i += 2) await gone(keys.elsewhere[i]!, keys.elsewhere[i + 1]!);
      if (elsewhere.length > 0) await enqueue({ t: 'elsewhere', keys: elsewhere });
      await settle();
      return written;
    },
  };
}
