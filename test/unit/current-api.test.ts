/**
 * The pure parts of speaking the current pages: times as the service writes them, the
 * history's order, the "2단계 C" test on a template's fields, the company's numbers,
 * the run's title and which documents each cancel mode acts on.
 */
import { describe, expect, it } from 'vitest';
import { sortHistory } from '../../src/api/history.js';
import { hasCustomerBStep } from '../../src/api/requests.js';
import { serviceTime } from '../../src/api/service-time.js';
import { historyEntrySchema, workflowDetailResponseSchema } from '../../src/api/schemas.js';
import { canBecome, decide } from '../../src/jobs/cancel-states.js';
import { companyReport, quotaProblem } from '../../src/jobs/company.js';
import { runTitle } from '../../src/jobs/send/title.js';
import { loadMessages, setLang } from '../../src/ui/i18n.js';

await loadMessages();
setLang('en');

describe('serviceTime', () => {
  it.each([
    ['2026-03-01 09:30:00', 0, '2026-03-01T09:30:00.000Z'],
    ['2026-03-01 09:30:00', 540, '2026-03-01T00:30:00.000Z'],
    ['2026-03-01T09:30:00+09:00', 0, '2026-03-01T00:30:00.000Z'],
    ['2026-03-01T09:30:00.5Z', 540, '2026-03-01T09:30:00.500Z'],
    ['2026-03-01', 0, '2026-03-01T00:00:00.000Z'],
    ['', 0, ''],
    ['soon', 0, 'soon'],
    ['2026-02-30 10:00:00', 0, '2026-02-30 10:00:00'],
  ])('%j (offset %i min) → %j', (value, offset, iso) => expect(serviceTime(value, offset)).toBe(iso));
});

describe('sortHistory', () => {
  const e = (step_code: string, confirm_date: string, action_id = '1') => historyEntrySchema.parse({ step_code, confirm_date, action_id });
  const life = [
    e('WORKFLOW_START', '2026-03-01 09:00:00'),
    e('SIGN_REQ', '2026-03-01 09:00:00'),
    e('VIEW', '2026-03-01 10:00:00'),
    e('SIGN_COMPLETE', '2026-03-01 11:00:00'),
    e('SIGN_REQ', '2026-03-01 11:00:00', '2'),
    e('SIGN_COMPLETE', '2026-03-01 11:00:00', '2'),
    e('WORKFLOW_COMPLETE', '2026-03-01 11:00:00', '2'),
  ];
  const codes = (list: typeof life) => list.map((x) => `${x.step_code}/${x.action_id}`);

  it('oldest first whatever the order given, same-second entries by step and by their place in a life', () => {
    const expected = codes(life);
    expect(codes(sortHistory(life))).toEqual(expected);
    expect(codes(sortHistory([...life].reverse()))).toEqual(expected);
    expect(codes(sortHistory([life[3]!, life[6]!, life[0]!, life[5]!, life[2]!, life[1]!, life[4]!]))).toEqual(expected);
  });

  it('reads the documented names (confirm_date, confirm_email, name, action_id, comment), numbers too', () => {
    const parsed = workflowDetailResponseSchema.parse({
      header: { result_code: '00' },
      body: {
        workflow_id: 77,
        workflow_status: 'Playing',
        action_history_list: [{ step_code: 'VIEW', action_id: 1, confirm_date: '2026-03-01 10:00:00', name: '홍길동', confirm_email: 'h@x.com', comment: '', extra: 1 }],
      },
    });
    expect(parsed.body!.workflow_id).toBe('77');
    expect(parsed.body!.action_history_list[0]).toEqual({ step_code: 'VIEW', action_id: '1', confirm_date: '2026-03-01 10:00:00', name: '홍길동', confirm_email: 'h@x.com', comment: '' });
  });
});

describe('hasCustomerBStep', () => {
  it('a later step without a fixed signer is a second customer\'s; a manager step names the sender; no later field: cannot tell', () => {
    expect(hasCustomerBStep([{ name: 'a', step: 1, email: '' }, { name: 'g', step: 2, email: '' }])).toBe(true);
    expect(hasCustomerBStep([{ name: 'a', step: 1, email: '' }, { name: 'm', step: 2, email: 'sender@x.com' }])).toBe(false);
    expect(hasCustomerBStep([{ name: 'a', step: 1, email: '' }])).toBeUndefined();
  });
});

describe('the company', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it('what is left and whether the plan has ended', () => {
    expect(companyReport({ name: '', capacity: 100, usage: 40, expiry: '2027-01-01T00:00:00.000Z', grade_code: '' }, now)).toEqual({
      capacity: 100,
      usage: 40,
      remaining: 60,
      expiry: '2027-01-01T00:00:00.000Z',
      expired: false,
    });
    expect(companyReport({ name: '', capacity: 10, usage: 40, expiry: '2026-05-31T23:59:59.000Z', grade_code: '' }, now)).toMatchObject({ remaining: 0, expired: true });
    expect(companyReport({ name: '', capacity: undefined, usage: 40, expiry: '', grade_code: '' }, now)).toMatchObject({ remaining: undefined, expired: false });
  });

  it('a run that needs more than is left is a problem with the numbers; unknown numbers are none', () => {
    const c = companyReport({ name: '', capacity: 100, usage: 40, expiry: '', grade_code: '' }, now);
    expect(quotaProblem(c, 60)).toBeUndefined();
    expect(quotaProblem(c, 61)).toMatchObject({ code: 'quota', message: expect.stringContaining('needs 61 documents but the company has 60 left (100 bought, 40 used)') });
    expect(quotaProblem(undefined, 1_000_000)).toBeUndefined();
  });
});

describe('runTitle', () => {
  const lib = { workflow_lib_id: 'LIB-1' };
  it.each([
    ['a fixed title', ['2025 근로계약서'], '서식', { title: '2025 근로계약서', from: 'config' }],
    ['placeholders: the template', ['근로계약서 - ', 0], '서식', { title: '서식', from: 'template' }],
    ['no title: the template', undefined, '서식', { title: '서식', from: 'template' }],
    ['placeholders, no template name: the text', ['근로계약서 - ', 0], undefined, { title: '근로계약서 -', from: 'config_text' }],
    ['nothing at all: the id', undefined, undefined, { title: 'LIB-1', from: 'lib_id' }],
    ['only placeholders, no name: the id', [0, ' ', 1], undefined, { title: 'LIB-1', from: 'lib_id' }],
  ] as const)('%s', (_name, parts, template, expected) => {
    expect(runTitle({ workflowNameTemplate: parts as (string | number)[] | undefined }, lib, template)).toEqual(expected);
  });
});

describe('cancel modes', () => {
  it('states only move forward', () => {
    expect(canBecome('Playing', 'Complete')).toBe(true);
    expect(canBecome('Playing', 'Truncate')).toBe(true);
    expect(canBecome('Complete', 'Canceled')).toBe(false);
    expect(canBecome('Canceled', 'Playing')).toBe(false);
  });

  it.each([
    // mode, last known state, what to do (not fresh), after a lookup (fresh)
    ['cancel', 'Playing', 'act', 'act'],
    ['cancel', 'Complete', 'complete', 'complete'],
    ['cancel', 'Canceled', 'canceled', 'canceled'],
    ['cancel', '', 'lookup', 'lookup_failed'],
    ['cancel', 'lookup_failed', 'lookup', 'lookup_failed'],
    ['disposal', 'Complete', 'act', 'act'],
    ['disposal', 'Playing', 'lookup', 'in_progress'],
    ['disposal', 'Canceled', 'canceled', 'canceled'],
    ['disposal', 'Disposal', 'disposed', 'disposed'],
    ['delete', 'Canceled', 'act', 'act'],
    ['delete', 'Playing', 'lookup', 'in_progress'],
    ['delete', 'Complete', 'complete', 'complete'],
    ['delete', 'Truncate', 'deleted', 'deleted'],
    ['delete', 'Rejected', 'lookup', 'other_state'],
  ] as const)('%s, last known %j → %s, after a lookup %s', (mode, state, stale, fresh) => {
    expect(decide(mode, state, false)).toBe(stale);
    expect(decide(mode, state, true)).toBe(fresh);
  });
});
