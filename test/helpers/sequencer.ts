/**
 * vitest's order, with the long files first: test/e2e/install.test.ts (npm installs a
 * fresh clone: about a minute, mostly waiting on npm) starts at once, so that the
 * other worker runs the rest meanwhile. vitest's own order after it: the slowest of
 * the last run first, or, with no record (a fresh checkout, CI), the largest file —
 * which put the install file, a small one, near the end, alone for its last minute.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Started first, in this order: the ones that take longest whatever their size. */
const FIRST = ['test/e2e/install.test.ts'];

export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = FIRST.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? FIRST.length : i;
    };
    // Array.prototype.sort is stable: everything else keeps vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
