/**
 * `reconcile <results.csv>`: the rows whose answer was lost (`unknown`) settled from
 * eSignon's search, alone — what `send --resume` does before it sends
 * (jobs/settle/reconcile.ts).
 */
import type { CommandContext } from '../context.js';
import type { ExitCode } from '../errors.js';
import { keepHeapSmall } from '../jobs/heap.js';
import { reconcile, type ReconcileOptions } from '../jobs/settle/reconcile.js';

export async function reconcileCommand(opts: ReconcileOptions, ctx: CommandContext): Promise<ExitCode> {
  keepHeapSmall();
  return reconcile(opts, ctx);
}
