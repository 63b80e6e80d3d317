import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run bench:check`: bench/run.mjs --quick still runs and prints its whole table.
 * Kept out of `npm test` (it measures, it takes a minute and it checks no behaviour of
 * the tool); CI runs it once.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 240_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
