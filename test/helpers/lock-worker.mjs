/**
 * One contender in the lock race (test/unit/lock.test.ts): acquires the built
 * tool's lock `count` times, appending `E|L <pid> <hrtime ns>` to a shared log on
 * entering and leaving (O_APPEND: the log's order is the order of the writes; the
 * monotonic clock is the machine's, so times compare across processes).
 *
 * Usage: node lock-worker.mjs LOCK LOG COUNT DIE_EVERY START_AT_MS
 * Every DIE_EVERY-th acquisition, the holder leaves as a crashed process would: the
 * lock stays behind naming a process that no longer exists (others must take it
 * over, one at a time).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { acquireLock } from '../../dist/io/lock.js';
import { loadMessages } from '../../dist/ui/i18n.js';

const [lockPath, logPath, countArg, dieEveryArg, startAtArg] = process.argv.slice(2);
const count = Number(countArg);
const dieEvery = Number(dieEveryArg);
await loadMessages();
// Start together: the race is the point.
while (Date.now() < Number(startAtArg)) await new Promise((r) => setTimeout(r, 1));

/** Above Linux's largest possible PID (2^22): certainly no such process. */
const DEAD_PID = 4194305;
let retries = 0;
for (let i = 1; i <= count; i++) {
  let lock;
  for (;;) {
    try {
      lock = acquireLock(lockPath);
      break;
    } catch (err) {
      if (err?.exitCode !== 2 || !/(PID|another)/.test(String(err.message))) throw err;
      retries++;
    }
  }
  appendFileSync(logPath, `E ${process.pid} ${process.hrtime.bigint()}\n`);
  for (let spin = 0; spin < 2000; spin++) Math.sqrt(spin); // a little work inside
  appendFileSync(logPath, `L ${process.pid} ${process.hrtime.bigint()}\n`);
  if (dieEvery > 0 && i % dieEvery === 0) {
    // "Crash": the lock file stays, its content now naming a dead process, replaced in one step.
    // Another nonce too: a crashed process runs no exit handler, and this one's would release
    // the lock it still holds (io/leftovers.ts) — it must not know this one as its own.
    const text = readFileSync(lockPath, 'utf8');
    const dead = /^\d+\s*$/.test(text)
      ? `${DEAD_PID}\n`
      : JSON.stringify({ ...JSON.parse(text), pid: DEAD_PID, start: 1, nonce: randomBytes(16).toString('hex') }) + '\n';
    writeFileSync(`${lockPath}.crash-${process.pid}`, dead);
    renameSync(`${lockPath}.crash-${process.pid}`, lockPath);
  } else {
    lock.release();
  }
}
process.stdout.write(JSON.stringify({ pid: process.pid, retries }) + '\n');
