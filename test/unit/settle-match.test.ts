/**
 * The decisions of settling (src/jobs/settle/match.ts): a row whose answer was lost is
 * matched by its reference or its own unique title, and made `not_sent` only when the
 * search proves its batch made nothing — never from an answer that may be cut, a
 * search asked too soon, a search that cannot be shown to find what is there.
 */
import { describe, expect, it } from 'vitest';
import type { SearchEntry } from '../../src/api/search.js';
import { decide, windowFor, type KnownDoc, type SettleInput, type SettleTimes, type UnknownRow } from '../../src/jobs/settle/match.js';

const T0 = Date.parse('2026-03-02T01:00:00.000Z'); // 10:00 in Korea
const S = 1000;
const times: SettleTimes = { grace: 120 * S, skew: 600 * S, requestBound: 390 * S };
const batch = (b: number, left: number, ended?: number) => ({ b, left: T0 + left * S, ended: ended === undefined ? undefined : T0 + ended * S });
const entry = (id: string, over: Partial<SearchEntry> = {}): SearchEntry => ({
  workflow_id: id,
  doc_uid: 'D',
  status: 'Playing',
  title: `title ${id}`,
  started_at: new Date(T0 + 20 * S).toISOString(),
  ended_at: '',
  current_step: 1,
  total_steps: 1,
  field_name: '',
  field_value: '',
  ...over,
});
const known = (id: string, row: number, b: { b: number; left: number; ended?: number | undefined }, ref?: string): KnownDoc => ({ workflow_id: id, row, batch: b, ref });

const B1 = batch(1, 0, 5);
const B2 = batch(2, 10, 40); // the lost one
const B3 = batch(3, 50, 55);
const asked = T0 + 3600 * S;
const days = windowFor([B2.left], asked, times)!;

function input(over: Partial<SettleInput>): SettleInput {
  return {
    rows: [],
    window: { ...days, askedAt: asked, entries: [] },
    byRef: new Map(),
    known: new Map(),
    witnesses: { missing: 0, earliest: B1.left, latest: B3.left },
    refControl: undefined,
    times,
    ...over,
  };
}

describe('the window of days', () => {
  it('runs from the day before the earliest batch (less the skew) to the day after now', () => {
    expect(days).toEqual({ from: '2026-03-01', to: '2026-03-03' });
    // 00:05 in Korea: the skew reaches back into the day before, and one more day for the zone.
    expect(windowFor([Date.parse('2026-03-01T15:05:00Z')], Date.parse('2026-03-01T15:06:00Z'), times)).toEqual({ from: '2026-02-28', to: '2026-03-03' });
    expect(windowFor([], asked, times)).toBeUndefined();
  });
});

describe('by reference', () => {
  const row = (n: number): UnknownRow => ({ row: n, batch: B2, ref: `r1-${n}` });

  it('the one document carrying the reference is the row\'s, from the window or from 5008Q', () => {
    const d = decide(
      input({
        rows: [row(3), row(4)],
        window: { ...days, askedAt: asked, entries: [entry('100', { field_value: 'r1-3' })] },
        byRef: new Map([['r1-4', { askedAt: asked, entries: [entry('101', { field_value: 'r1-4' })] }]]),
      }),
    );
    expect(d).toEqual([
      { row: 3, kind: 'sent', workflow_id: '100', by: 'reference' },
      { row: 4, kind: 'sent', workflow_id: '101', by: 'reference' },
    ]);
  });

  it('absent: not_sent only with a 5008Q that found nothing, a control that found a known one, and the grace past', () => {
    const base = { rows: [row(5)], byRef: new Map([['r1-5', { askedAt: asked, entries: [] }]]) };
    expect(decide(input({ ...base, refControl: true }))).toEqual([{ row: 5, kind: 'not_sent', by: 'reference' }]);
    expect(decide(input({ ...base, refControl: false }))[0]).toMatchObject({ kind: 'unknown', why: 'no_control' });
    expect(decide(input({ ...base, refControl: undefined }))[0]).toMatchObject({ kind: 'unknown', why: 'no_control' });
    const soon = B2.ended! + 60 * S;
    expect(decide(input({ ...base, refControl: true, byRef: new Map([['r1-5', { askedAt: soon, entries: [] }]]) }))[0]).toEqual({
      row: 5,
      kind: 'unknown',
      why: 'too_recent',
      until: B2.ended! + times.grace,
    });
    expect(decide(input({ rows: [row(5)], byRef: new Map([['r1-5', { unread: '10 down' }]]), refControl: true }))[0]).toMatchObject({
      kind: 'unknown',
      why: 'search_unread',
      detail: '10 down',
    });
  });

  it('two documents with the reference, or one another row has: stays unknown', () => {
    const two = decide(input({ rows: [row(6)], byRef: new Map([['r1-6', { askedAt: asked, entries: [entry('7', { field_value: 'r1-6' }), entry('8', { field_value: 'r1-6' })] }]]) }));
    expect(two[0]).toMatchObject({ kind: 'unknown', why: 'reference_shared', detail: '7, 8' });
    const mine = decide(
      input({ rows: [row(6)], byRef: new Map([['r1-6', { askedAt: asked, entries: [entry('9')] }]]), known: new Map([['9', known('9', 2, B1)]]) }),
    );
    expect(mine[0]).toMatchObject({ kind: 'unknown', why: 'claimed', other: 2 });
  });
});

describe('by title', () => {
  const row = (n: number, title = `title ${n}`): UnknownRow => ({ row: n, batch: B2, title });

  it('the one document of the window with the title, started while the batch could make it', () => {
    const entries = [entry('200', { title: 'title 7' }), entry('201', { title: 'other' })];
    expect(decide(input({ rows: [row(7)], window: { ...days, askedAt: asked, entries } }))).toEqual([{ row: 7, kind: 'sent', workflow_id: '200', by: 'title' }]);
    const late = [entry('200', { title: 'title 7', started_at: new Date(B2.ended! + times.grace + times.skew + S).toISOString() })];
    expect(decide(input({ rows: [row(7)], window: { ...days, askedAt: asked, entries: late } }))[0]).toMatchObject({ why: 'outside_window' });
    const early = [entry('200', { title: 'title 7', started_at: new Date(B2.left - times.skew - S).toISOString() })];
    expect(decide(input({ rows: [row(7)], window: { ...days, askedAt: asked, entries: early } }))[0]).toMatchObject({ why: 'outside_window' });
  });

  it('no title of its own, a title another row has, two documents with it: stays unknown', () => {
    expect(decide(input({ rows: [{ row: 1, batch: B2 }] }))[0]).toMatchObject({ why: 'no_key' });
    expect(decide(input({ rows: [{ ...row(1), titleShared: true }] }))[0]).toMatchObject({ why: 'title_shared_run' });
    const two = [entry('1', { title: 'title 1' }), entry('2', { title: 'title 1' })];
    expect(decide(input({ rows: [row(1)], window: { ...days, askedAt: asked, entries: two } }))[0]).toMatchObject({ why: 'title_shared_found' });
  });

  it('a document is never matched to two rows', () => {
    const entries = [entry('300', { title: 'same' })];
    // Two rows of the run cannot share a title; a known row's document cannot be taken.
    const d = decide(input({ rows: [row(1, 'same')], window: { ...days, askedAt: asked, entries }, known: new Map([['300', known('300', 9, B1)]]) }));
    expect(d[0]).toMatchObject({ kind: 'unknown', why: 'claimed', other: 9 });
  });

  it('absent: not_sent only from a whole answer — every known document there, one before and one after the batch — and the grace past', () => {
    expect(decide(input({ rows: [row(8)] }))).toEqual([{ row: 8, kind: 'not_sent', by: 'title' }]);
    for (const witnesses of [
      { missing: 1, earliest: B1.left, latest: B3.left },
      { missing: 0, earliest: undefined, latest: B3.left },
      { missing: 0, earliest: B1.left, latest: undefined },
      // the latest known batch left before this one's answer was lost: a cut end could hide this one's
      { missing: 0, earliest: B1.left, latest: B2.left + 20 * S },
    ]) {
      expect(decide(input({ rows: [row(8)], witnesses }))[0], JSON.stringify(witnesses)).toMatchObject({ kind: 'unknown', why: 'may_be_cut' });
    }
    // A window that does not reach a day past the batch's, or past today.
    expect(decide(input({ rows: [row(8)], window: { from: '2026-03-02', to: '2026-03-03', askedAt: asked, entries: [] } }))[0]).toMatchObject({ why: 'may_be_cut' });
    expect(decide(input({ rows: [row(8)], window: { from: '2026-03-01', to: '2026-03-02', askedAt: asked, entries: [] } }))[0]).toMatchObject({ why: 'may_be_cut' });
    expect(decide(input({ rows: [row(8)], window: { ...days, askedAt: B2.ended! + S, entries: [] } }))[0]).toMatchObject({ why: 'too_recent' });
    expect(decide(input({ rows: [row(8)], window: { unread: '10 search down' } }))[0]).toMatchObject({ why: 'search_unread' });
  });

  it('a batch the run stopped with in flight: its end is its start plus the longest a request takes', () => {
    const crashed = { row: 8, batch: batch(2, 10), title: 'title 8' };
    const afterBound = { missing: 0, earliest: B1.left, latest: crashed.batch.left + times.requestBound + S };
    expect(decide(input({ rows: [crashed], witnesses: afterBound }))[0]).toMatchObject({ kind: 'not_sent' });
    expect(decide(input({ rows: [crashed], witnesses: { ...afterBound, latest: B3.left } }))[0]).toMatchObject({ why: 'may_be_cut' });
  });
});
