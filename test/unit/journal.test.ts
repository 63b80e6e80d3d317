import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError } from '../../src/errors.js';
import { OutcomeReader } from '../../src/io/journal-outcomes.js';
import { JournalWriter, readJournal, RowState, toDoneEntry, type JournalHeader } from '../../src/io/journal.js';
import { loadMessages } from '../../src/ui/i18n.js';

// The CLI loads the commands' messages before one runs (program.ts); here their modules are called directly.
await loadMessages();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header: JournalHeader = {
  v: 1,
  t: 'run',
  created_at: '2026-11-29T00:00:00.000Z',
  tool_version: '0.1.0',
  input: 'signers.csv',
  input_sha256: 'a'.repeat(64),
  settings_sha256: 'b'.repeat(64),
  rows: 6,
};
const ref = { batch: 1, session_id: 's1', sent_at: '2026-11-29T00:00:01.000Z' };

async function sample(path: string): Promise<void> {
  const w = await JournalWriter.create(path, header);
  await w.append({ t: 'inflight', b: 1, sid: 's1', at: ref.sent_at, rows: [1, 2, 3] });
  await w.append({
    t: 'done',
    b: 1,
    at: ref.sent_at,
    rows: [
      toDoneEntry(1, { status: 'sent', workflow_id: 'W1', token: 'T1', result: 'OK', result_code: '00', message: '', ...ref }),
      toDoneEntry(2, { status: 'failed', result: 'FAIL', result_code: '00', message: 'bad signer', ...ref }),
      toDoneEntry(3, { status: 'sent', workflow_id: 'W3', token: 'T3', result: 'OK', result_code: '00', message: '', ...ref }),
    ],
  });
  await w.append({ t: 'inflight', b: 2, sid: 's2', at: ref.sent_at, rows: [4, 5] });
  await w.close();
}

describe('journal', () => {
  it('settle records: each row\'s outcome now from the record, with its batch\'s facts; ref, end and carried read back', async () => {
    const path = join(dir, 'j');
    await sample(path);
    const w = await JournalWriter.reopen(path, readJournal(path).validLength);
    await w.append({ t: 'inflight', b: 3, sid: 's3', at: ref.sent_at, rows: [6], ref: 'position' });
    await w.append({ t: 'done', b: 3, at: ref.sent_at, rows: [[6, 'u', 'outcome unknown: timeout']], end: '2026-11-29T00:02:01.000Z' });
    // Batch 2 had no outcome (in flight at a crash): rows 4 and 5 settled, 6 kept unknown with why.
    await w.append({ t: 'settle', b: 2, at: 'T', by: 'reconcile', rows: [[4, 's', 'W4', '', '', '', 'settled'], [5, 'n', 'none made']] });
    await w.append({ t: 'settle', b: 3, at: 'T', by: 'reconcile', rows: [[6, 'u', 'outcome unknown: timeout · not settled']] });
    await w.append({ t: 'inflight', b: 4, sid: 's4', at: ref.sent_at, rows: [2], carried: true });
    await w.close();
    const replay = readJournal(path);
    const t = replay.table;
    expect([t.state[4], t.state[5], t.state[6]]).toEqual([RowState.Sent, RowState.NotSent, RowState.Unknown]);
    expect(t.batchOf(6)).toMatchObject({ b: 3, refField: 'position', end: '2026-11-29T00:02:01.000Z' });
    expect(t.batchOf(2)).toMatchObject({ b: 4, carried: true });
    expect(t.batchOf(4)).toMatchObject({ b: 2, sid: 's2' });
    expect(t.maxBatch).toBe(4); // a settle record is no new batch
    const reader = new OutcomeReader(path, t);
    expect(reader.outcome(1)).toMatchObject({ status: 'sent', workflow_id: 'W1', token: 'T1' });
    expect(reader.outcome(4)).toEqual({ status: 'sent', workflow_id: 'W4', token: '', result: '', result_code: '', message: 'settled', batch: 2, session_id: 's2', sent_at: ref.sent_at });
    expect(reader.outcome(5)).toEqual({ status: 'not_sent', message: 'none made' });
    expect(reader.outcome(6)).toMatchObject({ status: 'unknown', message: 'outcome unknown: timeout · not settled', batch: 3 });
    reader.close();
  });

  it('replays states and reads outcomes back by offset', async () => {
    const path = join(dir, 'j');
    await sample(path);
    const replay = readJournal(path);
    expect(replay.tornTail).toBe(false);
    expect(replay.header.rows).toBe(6);
    expect(Array.from(replay.table.state)).toEqual([0, RowState.Sent, RowState.Failed, RowState.Sent, RowState.Unknown, RowState.Unknown, RowState.None]);
    expect(replay.table.maxBatch).toBe(2);
    const reader = new OutcomeReader(path, replay.table);
    expect(reader.outcome(1)).toMatchObject({ status: 'sent', workflow_id: 'W1', token: 'T1', batch: 1, session_id: 's1' });
    expect(reader.outcome(2)).toMatchObject({ status: 'failed', message: 'bad signer' });
    expect(reader.outcome(4)).toMatchObject({ status: 'unknown', batch: 2, session_id: 's2' });
    expect(reader.outcome(6)).toBeUndefined();
    reader.close();
  });

  it('tolerates and reports a torn last line, and cuts it off when reopened', async () => {
    const path = join(dir, 'j');
    await sample(path);
    const whole = readFileSync(path).length;
    appendFileSync(path, '{"t":"done","b":2,"at":"x","rows":[[4,"s","W4"');
    const replay = readJournal(path);
    expect(replay.tornTail).toBe(true);
    expect(replay.validLength).toBe(whole);
    // The torn "done" is not trusted: batch 2 is still in flight.
    expect(replay.table.state[4]).toBe(RowState.Unknown);
    const w = await JournalWriter.reopen(path, replay.validLength);
    await w.append({ t: 'resume', at: 'now', pid: 1 });
    await w.close();
    const again = readJournal(path);
    expect(again.tornTail).toBe(false);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).t)).toEqual(['run', 'inflight', 'done', 'inflight', 'resume']);
  });

  it('treats a last line that is whole JSON but lacks its newline as torn', async () => {
    const path = join(dir, 'j');
    await sample(path);
    appendFileSync(path, '{"t":"inflight","b":3,"sid":"s3","at":"x","rows":[6]}');
    const replay = readJournal(path);
    expect(replay.tornTail).toBe(true);
    expect(replay.table.state[6]).toBe(RowState.None);
  });

  it.each([
    ['garbage in the middle', (lines: string[]) => lines.splice(2, 0, 'not json')],
    ['a done for a batch never in flight', (lines: string[]) => lines.splice(1, 0, '{"t":"done","b":9,"at":"x","rows":[[1,"n",""]]}')],
    ['a row outside the file', (lines: string[]) => lines.splice(1, 0, '{"t":"inflight","b":9,"sid":"x","at":"x","rows":[99]}')],
  ])('refuses a corrupted middle (%s) with an error naming the line', async (_name, corrupt) => {
    const path = join(dir, 'j');
    await sample(path);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    corrupt(lines);
    writeFileSync(path, lines.join('\n') + '\n');
    expect(() => readJournal(path)).toThrow(JournalError);
    expect(() => readJournal(path)).toThrow(/line [23]/);
  });

  it('version 2: reads each row’s key from its latest in-flight record, the keys kept elsewhere, and rows skipped for their contact', async () => {
    const path = join(dir, 'j2');
    const k = (c: string, v: string) => c.repeat(16) + v.repeat(16);
    const w = await JournalWriter.create(path, { ...header, v: 2 });
    await w.append({ t: 'inflight', b: 1, sid: 's1', at: ref.sent_at, rows: [1, 2], keys: [k('1', 'a'), k('2', 'b')] });
    await w.append({ t: 'done', b: 1, at: ref.sent_at, rows: [toDoneEntry(1, { status: 'sent', workflow_id: 'W1', token: 'T1', result: 'OK', result_code: '00', message: '', ...ref })] });
    await w.append({ t: 'inflight', b: 0, sid: '', at: ref.sent_at, rows: [3], keys: [k('3', 'c')] });
    await w.append({ t: 'done', b: 0, at: ref.sent_at, rows: [[3, 'd', 'not sent: this contact already has a document']] });
    await w.append({ t: 'elsewhere', keys: [k('9', '0'), 'not a key'] });
    await w.append({ t: 'inflight', b: 2, sid: 's2', at: ref.sent_at, rows: [2], keys: [k('2', 'e')] });
    await w.close();

    const plain = readJournal(path);
    expect(plain.keys).toBeUndefined();
    const replay = readJournal(path, { keys: true });
    expect(replay.header.v).toBe(2);
    expect(Array.from(replay.table.state.subarray(1, 5))).toEqual([RowState.Sent, RowState.Unknown, RowState.Skipped, RowState.None]);
    const keys = replay.keys!;
    expect(Array.from(keys.has.subarray(1, 5))).toEqual([1, 1, 1, 0]);
    const word = (hex: string) => parseInt(hex, 16) | 0;
    expect(Array.from(keys.words.subarray(8, 12))).toEqual([word('22222222'), word('22222222'), word('eeeeeeee'), word('eeeeeeee')]);
    expect(keys.elsewhere).toEqual([word('99999999'), word('99999999')]);
    const reader = new OutcomeReader(path, replay.table);
    expect(reader.outcome(3)).toEqual({ status: 'skipped_duplicate', message: 'not sent: this contact already has a document' });
    reader.close();
  });

  it('refuses another format version', () => {
    const path = join(dir, 'j');
    writeFileSync(path, JSON.stringify({ ...header, v: 3 }) + '\n');
    expect(() => readJournal(path)).toThrow(/version 3/);
  });

  it('fails with JournalError when the disk is full, and keeps failing', async () => {
    const path = join(dir, 'full');
    symlinkSync('/dev/full', path);
    const w = await JournalWriter.reopen(path, 0).catch((e: unknown) => e);
    // /dev/full cannot be truncated on every system; either way the error is a JournalError.
    if (w instanceof JournalWriter) {
      await expect(w.append({ t: 'x' })).rejects.toBeInstanceOf(JournalError);
      await expect(w.append({ t: 'y' })).rejects.toBeInstanceOf(JournalError);
      expect(w.failed).toBe(true);
    } else {
      expect(w).toBeInstanceOf(JournalError);
    }
  });

  it('groups concurrent appends and reports each record\'s own offset', async () => {
    const path = join(dir, 'j');
    const w = await JournalWriter.create(path, header);
    const places = await Promise.all([1, 2, 3, 4].map((b) => w.append({ t: 'inflight', b, sid: `s${b}`, at: 'x', rows: [b] })));
    await w.close();
    const text = readFileSync(path);
    for (const [i, p] of places.entries()) {
      expect(JSON.parse(text.subarray(p.offset, p.offset + p.length).toString()).b).toBe(i + 1);
    }
  });
});
