/**
 * Which documents each of `cancel`'s three modes acts on (workflow-modify-cancel.md):
 * `CANCEL` a document in progress, `DISPOSAL` a completed one, `DELETE` a cancelled
 * one. A document's state only moves forward (workflow-view-workflowinfo.md's
 * states): Playing → Complete or Canceled, Complete → Disposal, Canceled → Truncate.
 * So a last known state is trusted when it is the one a mode needs (the request is
 * tried; 11 means it has moved on) or when it can no longer become that state; a state
 * that may have moved into it since (Playing, for `--disposal` and `--delete`), or no
 * known state, is looked up first.
 */
import type { CancelCommand } from '../api/schemas.js';

export type CancelMode = 'cancel' | 'disposal' | 'delete';

export interface ModeRule {
  /** the 1510Q command */
  command: CancelCommand;
  /** the state the command acts on */
  from: string;
  /** the state it leaves the document in */
  to: string;
}

export const CANCEL_MODES: Readonly<Record<CancelMode, ModeRule>> = {
  cancel: { command: 'CANCEL', from: 'Playing', to: 'Canceled' },
  disposal: { command: 'DISPOSAL', from: 'Complete', to: 'Disposal' },
  delete: { command: 'DELETE', from: 'Canceled', to: 'Truncate' },
};

/** Where each state can go next. */
const NEXT: Readonly<Record<string, readonly string[]>> = {
  Playing: ['Complete', 'Canceled'],
  Complete: ['Disposal'],
  Canceled: ['Truncate'],
  Disposal: [],
  Truncate: [],
};

/** Why a document was skipped: the state it is in (or that it could not be looked up). */
export const SKIP_REASONS = ['in_progress', 'complete', 'canceled', 'disposed', 'deleted', 'other_state', 'lookup_failed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const REASON_OF: Readonly<Record<string, SkipReason>> = {
  Playing: 'in_progress',
  Complete: 'complete',
  Canceled: 'canceled',
  Disposal: 'disposed',
  Truncate: 'deleted',
};

/** A state the pages document. */
function isKnownState(state: string): boolean {
  return Object.hasOwn(NEXT, state);
}

/** Whether a document in `state` may still come to be in `target` (or is in it). */
export function canBecome(state: string, target: string): boolean {
  if (state === target) return true;
  return (NEXT[state] ?? []).some((next) => canBecome(next, target));
}

/**
 * What to do with a document last known in `state` ('' or `lookup_failed`: not known):
 * `act`, `lookup` first, or skip it for a reason. `fresh`: the state was just looked up
 * (nothing is looked up twice).
 */
export function decide(mode: CancelMode, state: string, fresh: boolean): 'act' | 'lookup' | SkipReason {
  const rule = CANCEL_MODES[mode];
  if (!isKnownState(state)) return !fresh ? 'lookup' : state === '' || state === 'lookup_failed' ? 'lookup_failed' : 'other_state';
  if (state === rule.from) return 'act';
  if (!fresh && canBecome(state, rule.from)) return 'lookup';
  return REASON_OF[state]!;
}
