/** The one exit policy (src/errors.ts): when a run ends in several ways, 5 > 130 > 4 > 3 > 2 > 1 > 0. */
import { describe, expect, it } from 'vitest';
import { decideExit, type ExitCode } from '../../src/errors.js';

describe('decideExit', () => {
  it.each<[ExitCode[], ExitCode]>([
    [[], 0],
    [[0, 0], 0],
    [[1, 0], 1],
    [[1, 4], 4],
    [[4, 130], 130],
    [[130, 4, 1], 130],
    [[130, 5], 5],
    [[5, 130, 4, 1], 5],
    [[3, 4], 4],
    [[0, 3], 3],
    [[2, 3], 3],
    [[1, 2], 2],
  ])('%j → %i', (codes, exit) => {
    expect(decideExit(...codes)).toBe(exit);
    expect(decideExit(...[...codes].reverse())).toBe(exit);
  });
});
