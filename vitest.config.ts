import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/helpers/sequencer.js';

export default defineConfig({
  test: {
    // The suite: unit and e2e. bench/run.test.ts runs with `npm run bench:check`.
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn the CLI and an emulator each; two cores do not like more (a third
    // worker gained nothing measurable and starves the timing-sensitive trust tests).
    // The defaults stay: `forks` (threads were no faster) and isolation per file (the
    // message-catalogue tests need fresh modules: src/ui/messages keeps what it loaded).
    maxWorkers: 2,
    // The install test first, whatever its size (see the sequencer). `isolate: false` was
    // tried again for the e2e files: no less CPU (bench/RESULTS.md, npm test, second pass).
    sequence: { sequencer: LongFirstSequencer },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
